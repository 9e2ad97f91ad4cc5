"""A participant who leaves the receiving region early: flagged by the daily scan, breach confirmed by the officer
through the API, the subsidy's refund assessed by the law and issued as a refund order."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from rest_framework.test import APIClient

from accounts.testing import unit
from registry.services import deregister
from relocation import services
from relocation.models import FollowUpFlag, PaymentOrder
from relocation.states import State

from .conftest import SUBMITTED, register_permanent

pytestmark = pytest.mark.django_db

ARRIVAL = dt.date(2026, 4, 1)
LEFT = dt.date(2026, 10, 15)
MCI_2026 = 4_325  # tenge: the MCI for social payments in 2026 (law-facts.md §2: 70 MCI = 302,750 tenge)


def arrived_family(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="town")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    services.approve(app, actor=officer)
    services.sign_agreement(app, actor=officer, planned_arrival=ARRIVAL, transport="bus", job_or_training="driver",
                            housing_search="rent", on=dt.date(2026, 3, 20))
    registration = register_permanent(citizen.person, "KZ-59", arrival=ARRIVAL)
    services.confirm_arrival(app, actor=officer)
    app.refresh_from_db()
    return app, registration


def test_leaving_early_is_flagged_and_a_confirmed_breach_issues_the_refund_the_law_sets(citizen, officer, quota):
    app, registration = arrived_family(citizen, officer, quota)
    subsidy = app.payment_orders.get(measure=PaymentOrder.Measure.RELOCATION_SUBSIDY)
    # the fund pays the subsidy
    assert services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 10), reference="F-1") == 1
    assert services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 11), reference="F-2") == 0
    deregister(registration, on=LEFT)
    services.scan_follow_up(on=dt.date(2026, 10, 20))
    flag = FollowUpFlag.objects.get(application=app, kind=FollowUpFlag.Kind.DEREGISTERED)
    assert flag.event_date == LEFT
    officer_api = APIClient()
    officer_api.force_authenticate(officer)
    r = officer_api.post(f"/api/v1/relocation/flags/{flag.pk}/resolve/", {"confirm": True, "reason": ""}, format="json")
    assert r.status_code == 400  # a reason is required
    r = officer_api.post(f"/api/v1/relocation/flags/{flag.pk}/resolve/",
                         {"confirm": True, "reason": "moved back to Turkistan"}, format="json")
    assert r.status_code == 200, r.content
    app.refresh_from_db()
    assert app.state == State.BREACHED and app.left_on == LEFT
    r = officer_api.post(f"/api/v1/relocation/applications/{app.pk}/transitions/assess_refund/", {}, format="json")
    assert r.status_code == 200, r.content
    app.refresh_from_db()
    assert app.state == State.REFUND_ASSESSED
    refund = app.payment_orders.get(measure=PaymentOrder.Measure.REFUND)
    # independently: 3 members × 70 MCI × 4,325 tenge, pro rata to the days of the five years not served, rounded down
    paid = 3 * 70 * MCI_2026
    assert paid == subsidy.amount_kzt == 908_250
    end = dt.date(2031, 4, 1)
    expected = math.floor(paid * (end - LEFT).days / (end - ARRIVAL).days)
    assert refund.amount_kzt == expected == 908_250 * 1629 // 1826
    assert refund.article == "model-law/art-11/p-2" and refund.status == PaymentOrder.Status.DUE
    # rent compensations for months after the departure are cancelled; those before stay
    later = app.payment_orders.filter(measure=PaymentOrder.Measure.RENT_COMPENSATION, period_start__gt=LEFT)
    assert later.count() == 6 and set(later.values_list("status", flat=True)) == {"cancelled"}
    # closing waits for the refund to be repaid
    r = officer_api.post(f"/api/v1/relocation/applications/{app.pk}/transitions/close/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "refund_outstanding"
    services.mark_orders_paid([refund.pk], actor="fund", paid_on=dt.date(2026, 11, 20), reference="R-1")
    r = officer_api.post(f"/api/v1/relocation/applications/{app.pk}/transitions/close/", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == State.CLOSED


def test_a_dismissed_flag_keeps_the_follow_up_running(citizen, officer, quota):
    app, registration = arrived_family(citizen, officer, quota)
    deregister(registration, on=LEFT)
    services.scan_follow_up(on=dt.date(2026, 10, 20))
    flag = FollowUpFlag.objects.get(application=app, kind=FollowUpFlag.Kind.DEREGISTERED)
    services.resolve_flag(flag, actor=officer, confirm=False, reason="re-registered at a new address the same day")
    app.refresh_from_db()
    assert app.state == State.FOLLOW_UP
    assert not app.payment_orders.filter(measure=PaymentOrder.Measure.REFUND).exists()
