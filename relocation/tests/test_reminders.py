"""Reminders before each of the participant's deadlines: the planned arrival, the employment contract the law
expects within 30 days of arrival (model law art. 15(1)), and a refund order's due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from labour.bin import make_bin
from relocation import services
from relocation.models import Notification, PaymentOrder

from .test_breach_refund import ARRIVAL, arrived_family

pytestmark = pytest.mark.django_db

ALERT = ARRIVAL + dt.timedelta(days=30)  # art. 15(1): 30 days after the arrival on 1 April 2026 -> 1 May 2026


def kinds(app) -> list[str]:
    return sorted(Notification.objects.filter(application=app, kind__endswith="_reminder").values_list("kind",
                                                                                                       flat=True))


def test_the_employment_deadline_is_reminded_in_the_week_before_it_once_a_day(citizen, officer, quota):
    app, _registration = arrived_family(citizen, officer, quota)
    assert services.remind_deadlines(on=ALERT - dt.timedelta(days=8)) == 0  # more than a week before
    assert kinds(app) == []
    assert services.remind_deadlines(on=ALERT - dt.timedelta(days=5)) == 1
    assert services.remind_deadlines(on=ALERT - dt.timedelta(days=5)) == 0  # once a day
    notice = Notification.objects.get(application=app, kind="employment_reminder")
    assert notice.params == {"date": "2026-05-01", "on": "2026-04-26"}
    assert services.remind_deadlines(on=ALERT + dt.timedelta(days=1)) == 0  # the deadline has passed: a flag's turn
    assert kinds(app) == ["employment_reminder"]


def test_no_employment_reminder_once_a_contract_is_registered(citizen, officer, quota):
    from accounts.testing import unit
    from labour.services import register_contract, register_employer

    app, _registration = arrived_family(citizen, officer, quota)
    employer = register_employer(bin=make_bin(2018, 9, 124), name="Petropavl depot", region=unit("KZ-59"), sector="C")
    register_contract(employer=employer, employee=citizen.person, position="driver", workplace_unit=unit("KZ-59"),
                      start_date=ARRIVAL + dt.timedelta(days=3), wage_kzt=300_000,
                      registered_on=ARRIVAL + dt.timedelta(days=3))
    assert services.remind_deadlines(on=ALERT - dt.timedelta(days=2)) == 0
    assert kinds(app) == []


def test_an_unpaid_refund_is_reminded_before_it_is_due(citizen, officer, quota):
    app, _registration = arrived_family(citizen, officer, quota)
    due = dt.date(2026, 11, 20)
    PaymentOrder.objects.create(application=app, beneficiary=app.applicant, region=app.receiving_region,
                                measure=PaymentOrder.Measure.REFUND, period_start=dt.date(2026, 10, 15),
                                period_end=dt.date(2026, 10, 21), amount_kzt=100_000, article="model-law/art-16/p-1",
                                due_on=due)
    mail.outbox.clear()
    assert services.remind_deadlines(on=due - dt.timedelta(days=3)) == 1
    assert kinds(app) == ["refund_reminder"]
    assert Notification.objects.get(application=app, kind="refund_reminder").params["date"] == "2026-11-20"


def test_a_reminder_reads_its_date_and_amount_in_the_readers_locale(citizen, officer, quota):
    """The notice keeps ISO dates and plain numbers; a Kazakh reader sees 01.05.2026 and 125 000, not 2026-05-01."""
    from django.utils import translation

    from relocation.notices import text_of

    app, _registration = arrived_family(citizen, officer, quota)
    services.remind_deadlines(on=ALERT - dt.timedelta(days=5))
    reminder = Notification.objects.get(application=app, kind="employment_reminder")
    debt = Notification(application=app, kind="debt_reminder", params={"owed_kzt": 125000})
    with translation.override("kk"):
        assert "01.05.2026" in text_of(reminder)[1] and "2026-05-01" not in text_of(reminder)[1]
        assert "125\xa0000" in text_of(debt)[1]
    with translation.override("en"):
        assert "125,000" in text_of(debt)[1]
