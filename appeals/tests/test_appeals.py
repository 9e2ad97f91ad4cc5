"""Appeals (model law art. 19): an upheld appeal against a refusal restores the application and takes a quota
place, or joins the waiting list when none is free; one against a refund annuls the debt and reverses its
receivable; recovery is paused while it is open; the decision's author may not decide it; the deadline holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.testing import an_officer_of, unit
from appeals import services
from appeals.models import Appeal, Subject
from fund import services as fund_services
from fund.models import Posting, Receivable
from fund.tests.helpers import an_accountant
from relocation import services as relocation_services
from relocation.models import Debt, Quota
from relocation.states import State
from relocation.tests.conftest import SUBMITTED, a_quota
from relocation.tests.test_debts import REFUND, assessed

pytestmark = pytest.mark.django_db

FAMILY = 3  # head, spouse, one child (relocation.tests.conftest.a_family)


def refused(citizen, officer, places: int = 0):
    """A family refused because the region's quota had no free place (the ground the law names)."""
    quota = a_quota(places=places)
    app = relocation_services.create_application(
        actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"), departure_settlement="Turkistan",
        receiving_region=unit("KZ-59"), settlement_type="town")
    relocation_services.submit(app, actor=citizen, on=SUBMITTED)
    relocation_services.forward(app, actor=officer)
    relocation_services.refuse(app, actor=officer, ground="arrival_region_has_quota", reason="no free place")
    app.refresh_from_db()
    assert app.state == State.REFUSED
    return app, quota


def set_places(quota: Quota, places: int) -> None:
    relocation_services.enter_quota_order(actor="test", number=f"A-{places}", signed_on=dt.date(2026, 5, 1),
                                          act="Amendment", year=2026, lines=[(quota.region, quota.category, places)],
                                          amends=quota.order)


def test_an_upheld_appeal_against_a_refusal_restores_the_application_and_takes_a_quota_place(citizen, officer):
    app, quota = refused(citizen, officer)
    set_places(quota, 10)  # an amendment frees places meanwhile
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.REFUSAL, language="ru",
                                  reasons="Places were added by the amendment of 1 May")
    assert appeal.decision_author == officer and appeal.decide_by > appeal.filed_on
    with pytest.raises(services.Refused) as caught:  # the author of the refusal may not decide the appeal
        services.decide_appeal(appeal, actor=officer, uphold=True, reasons="x")
    assert caught.value.code == "own_decision"
    head = an_officer_of("KZ-59")
    services.decide_appeal(appeal, actor=head, uphold=True, reasons="The quota has free places again")
    app.refresh_from_db()
    quota.refresh_from_db()
    assert app.state == State.APPROVED and app.places == FAMILY and app.quota == quota
    assert quota.reserved == FAMILY
    t = app.transitions.get(name="reinstate")
    assert t.reason.startswith(f"appeals.appeal:{appeal.pk}") and t.actor == head
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD and appeal.reversed == [f"relocation.application:{app.pk}:approved"]
    # the page says it in words: no "relocation.application:15:approved", no "relocation.transition:43"
    from django.test import Client
    reader = Client()
    reader.force_login(head)
    reader.cookies["django_language"] = "ru"
    page = reader.get(f"/appeals/{appeal.pk}/").content.decode()
    assert f"Заявка №{app.pk}: одобрена." in page
    assert "relocation.application:" not in page and "relocation.transition:" not in page


def test_with_no_free_place_the_upheld_appeal_joins_the_waiting_list_which_takes_the_next_freed_place(
        citizen, officer):
    app, quota = refused(citizen, officer)
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.REFUSAL, language="kk",
                                  reasons="I was refused without being told of a waiting list")
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, reasons="The refusal was premature")
    app.refresh_from_db()
    assert app.state == State.WAITING and app.waiting_since is not None and app.places == 0
    assert relocation_services.offer_waiting_places() == 0  # still no place
    set_places(quota, FAMILY)
    assert relocation_services.offer_waiting_places() == 1
    app.refresh_from_db()
    quota.refresh_from_db()
    assert app.state == State.APPROVED and quota.reserved == FAMILY


def test_an_appeal_against_a_refund_pauses_recovery_and_upheld_reverses_the_debt_and_its_ledger_entries(
        citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    acc = an_accountant()
    fund_services.recognise_refunds(actor=acc, on=dt.date(2026, 10, 22))
    receivable = Receivable.objects.get(debt_id=debt.pk)
    pdf = SimpleUploadedFile("transfer.pdf", b"%PDF-1.4 order of transfer", content_type="application/pdf")
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject=Subject.REFUND,
                                  language="ru", reasons="My employer transferred me", documents=[pdf],
                                  on=dt.date(2026, 11, 2))
    assert appeal.documents.count() == 1 and appeal.debt == debt
    debt.refresh_from_db()
    assert debt.recovery == Debt.Recovery.PAUSED
    with pytest.raises(relocation_services.Conflict):
        relocation_services.demand_repayment(debt, actor=officer)
    with pytest.raises(services.Conflict):  # one open appeal per decision
        services.file_appeal(actor=citizen, application=debt.application, subject=Subject.REFUND, language="ru",
                             reasons="again", on=dt.date(2026, 11, 3))
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, on=dt.date(2026, 11, 20),
                           reasons="The transfer by the employer is proven (art. 11(3))")
    debt.refresh_from_db()
    receivable.refresh_from_db()
    assert debt.status == Debt.Status.ANNULLED and debt.closed_cites == appeal.case
    assert debt.refund_order.status == "cancelled"
    assert receivable.status == Receivable.Status.ANNULLED
    assert receivable.closing_entry.reverses_id == receivable.entry_id
    assert appeal.case in receivable.closing_entry.memo
    owed = Posting.objects.filter(account__role="receivable:refund").aggregate(s=Sum("amount"))["s"]
    assert owed == 0 and receivable.amount_tiyn == REFUND * 100


def test_a_dismissed_appeal_resumes_recovery(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject=Subject.BREACH,
                                  language="kk", reasons="I only moved flats", on=dt.date(2026, 11, 2))
    debt.refresh_from_db()
    assert debt.recovery == Debt.Recovery.PAUSED
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=False, reasons="The registry shows the move")
    debt.refresh_from_db()
    assert debt.recovery == Debt.Recovery.ACTIVE and debt.status == Debt.Status.OPEN


def test_an_upheld_appeal_against_the_breach_runs_the_follow_up_again(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject=Subject.BREACH,
                                  language="kk", reasons="I only moved flats", on=dt.date(2026, 11, 2))
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, reasons="Registered again in time")
    app = debt.application
    app.refresh_from_db()
    debt.refresh_from_db()
    assert app.state == State.FOLLOW_UP and app.left_on is None
    assert debt.status == Debt.Status.ANNULLED
    assert not app.flags.filter(status="confirmed").exists()


def test_the_deadline_and_the_database_hold(citizen, officer):
    app, _quota = refused(citizen, officer)
    late = app.transitions.get(name="refuse").at.date() + dt.timedelta(days=100)  # more than 3 months later
    with pytest.raises(services.Conflict) as caught:
        services.file_appeal(actor=citizen, application=app, subject=Subject.REFUSAL, language="en",
                             reasons="late", on=late)
    assert caught.value.code == "deadline_passed"
    with pytest.raises(services.Conflict):  # nothing of that kind to appeal
        services.file_appeal(actor=citizen, application=app, subject=Subject.REFUND, language="en", reasons="x")
    with pytest.raises(services.NotVisible):  # another region's officer
        services.file_appeal(actor=an_officer_of("KZ-55"), application=app, subject=Subject.REFUSAL,
                             language="en", reasons="x")
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.REFUSAL, language="en",
                                  reasons="in time")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appeal.objects.filter(pk=appeal.pk).update(decided_by=officer)  # the author: refused by the database
