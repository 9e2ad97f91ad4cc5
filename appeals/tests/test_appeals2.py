"""The seams between appeals and the programme's controls (issue 17): an upheld appeal against an amount is computed
again from the decision's snapshot and adjusts the payment orders; "breached and has not repaid" reads relocation's
debts; money repaid against a debt an appeal annulled is ordered back to the family and paid by the fund's batch.

Expected amounts are worked out here from the model law and law-facts.md §2 (MCI 2026 = 4,325 tenge), never by
calling the code under test."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.db.models import Sum

from accounts.testing import a_user, an_officer_of
from appeals import services
from appeals.models import Appeal, Subject
from fund import services as fund_services
from fund.models import PayeeAccount, Posting, Receivable
from fund.tests.helpers import a_controller, an_accountant
from relocation import participation, snapshots
from relocation import services as relocation_services
from relocation.models import Agreement, ApplicationMember, Debt, DecisionSnapshot, PaymentOrder
from relocation.tests.test_breach_refund import arrived_family
from relocation.tests.test_debts import REFUND, assessed

pytestmark = pytest.mark.django_db

MCI_2026 = 4_325                      # law-facts.md §2
SUBSIDY = 3 * 70 * MCI_2026           # art. 6: 70 MCI for each of the 3 members = 908,250
RENT_TOWN = 20 * MCI_2026             # art. 7(2): 20 MCI a month in a town = 86,500
RENT_CITY = 25 * MCI_2026             # art. 7(2): 25 MCI a month in a city = 108,125
RENT = PaymentOrder.Measure.RENT_COMPENSATION


def _sha(money: dict) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, dates as ISO strings): the hash as documented."""
    text = json.dumps(money, sort_keys=True, separators=(",", ":"),
                      default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
    return hashlib.sha256(text.encode()).hexdigest()


def _arrived_and_first_rent_paid(citizen, officer, quota):
    app, _registration = arrived_family(citizen, officer, quota)
    rent = list(app.payment_orders.filter(measure=RENT).order_by("period_start"))
    assert len(rent) == 12
    relocation_services.mark_orders_paid([rent[0].pk], actor="fund", paid_on=dt.date(2026, 5, 31), reference="F-R1")
    return app, rent


def test_an_upheld_appeal_against_the_amount_recomputes_it_from_the_snapshot_with_the_corrected_input(
        citizen, officer, quota):
    app, rent = _arrived_and_first_rent_paid(citizen, officer, quota)
    assert RENT_TOWN == 86_500 and RENT_CITY == 108_125 and SUBSIDY == 908_250
    assert {o.amount_kzt for o in rent} == {RENT_TOWN}
    old_decision = app.decision_id
    committed = Agreement.objects.get(application=app).committed_kzt
    budget_before = Agreement.objects.get(application=app).budget.committed_kzt
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.AMOUNT, language="ru",
                                  reasons="Petropavl is a city of regional significance, not a town")
    head = an_officer_of("KZ-59")
    services.decide_appeal(appeal, actor=head, uphold=True, reasons="Petropavl is a city (art. 7(2))",
                           corrections={"settlement_type": "city"})
    app.refresh_from_db()
    appeal.refresh_from_db()
    assert app.decision_id != old_decision and app.settlement_type == "city"
    # the agreement's commitment against the budget follows: 12 months × 5 MCI more (art. 7(1))
    agreement = Agreement.objects.select_related("budget").get(application=app)
    assert agreement.committed_kzt - committed == 12 * (RENT_CITY - RENT_TOWN) == 259_500
    assert agreement.budget.committed_kzt - budget_before == 259_500
    # the paid month stays paid; the difference is one top-up order citing the appeal
    rent[0].refresh_from_db()
    assert rent[0].status == PaymentOrder.Status.PAID and rent[0].amount_kzt == RENT_TOWN
    top_up = PaymentOrder.objects.get(application=app, measure=RENT, snapshot__top_up_of__isnull=False)
    assert top_up.amount_kzt == RENT_CITY - RENT_TOWN == 21_625
    assert top_up.snapshot["appeal"] == appeal.case and top_up.status == PaymentOrder.Status.DUE
    # the eleven months not yet paid are cancelled and issued again at the new amount, each citing the appeal
    for old in rent[1:]:
        old.refresh_from_db()
        assert old.status == PaymentOrder.Status.CANCELLED
        new = PaymentOrder.objects.get(snapshot__replaces=old.pk)
        assert new.amount_kzt == RENT_CITY and new.period_start == old.period_start
        assert new.snapshot["appeal"] == appeal.case and new.money_hash == _sha(new.money())
    # the subsidy's amount did not change: its order is untouched
    subsidy = app.payment_orders.get(measure=PaymentOrder.Measure.RELOCATION_SUBSIDY)
    assert subsidy.amount_kzt == SUBSIDY and subsidy.status == PaymentOrder.Status.DUE
    # a new snapshot with its hash, which replays
    snap = DecisionSnapshot.objects.get(decision_id=app.decision_id)
    assert snap.money["entitlements"]["rent_compensation_monthly"] == RENT_CITY
    assert snap.money_hash == _sha(snap.money)
    replay = snapshots.replay_decision(snap)
    assert replay.same and replay.hash_matches
    assert f"relocation.paymentorder:{top_up.pk}:top-up 21625" in appeal.reversed
    assert app.transitions.filter(name="reassess_amount", reason__startswith=appeal.case).exists()


def test_with_no_correction_the_law_on_the_decision_date_is_applied_again(citizen, officer, quota):
    app, rent = _arrived_and_first_rent_paid(citizen, officer, quota)
    wrong = 80_000  # the orders were computed wrongly
    PaymentOrder.objects.filter(pk__in=[o.pk for o in rent]).update(amount_kzt=wrong)
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.AMOUNT, language="kk",
                                  reasons="20 MCI a month is 86,500 tenge in 2026")
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, reasons="Computed wrongly")
    top_up = PaymentOrder.objects.get(application=app, measure=RENT, snapshot__top_up_of__isnull=False)
    assert top_up.amount_kzt == RENT_TOWN - wrong == 6_500
    reissued = PaymentOrder.objects.filter(application=app, measure=RENT, snapshot__replaces__isnull=False)
    assert reissued.count() == 11 and {o.amount_kzt for o in reissued} == {RENT_TOWN}


def test_unpaid_refund_reads_the_debt_open_refuses_annulled_on_appeal_does_not(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    spouse = ApplicationMember.objects.get(application=debt.application, relation="spouse").person
    spouse_user = a_user("citizen", person=spouse)
    other = relocation_services.create_application(
        actor=spouse_user, applicant=spouse, departure_region=debt.application.departure_region,
        departure_settlement="Turkistan", receiving_region=debt.application.receiving_region,
        settlement_type="town")
    on = dt.date(2026, 11, 1)
    owing = [f for f in participation.findings(other, on=on) if f.code == "unpaid_refund"]
    assert owing and owing[0].severity == participation.REFUSE and str(REFUND) in owing[0].reason
    with pytest.raises(relocation_services.ParticipationRefused) as refused:
        relocation_services.submit(other, actor=spouse_user, on=on)
    assert f"debt №{debt.pk}" in refused.value.message
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject=Subject.REFUND,
                                  language="ru", reasons="My employer transferred me", on=dt.date(2026, 11, 2))
    assert [f for f in participation.findings(other, on=on) if f.code == "unpaid_refund"]  # still owed while open
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, reasons="Transfer proven",
                           on=dt.date(2026, 11, 20))
    assert not [f for f in participation.findings(other, on=on) if f.code == "unpaid_refund"]


def test_money_repaid_before_the_appeal_annulled_the_debt_is_ordered_back_and_paid_from_3310(
        citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    acc = an_accountant()
    fund_services.recognise_refunds(actor=acc, on=dt.date(2026, 10, 22))
    receivable = Receivable.objects.get(debt_id=debt.pk)
    repaid = 100_000
    fund_services.record_repayment(receivable.pk, actor=acc, amount_tiyn=repaid * 100,
                                   received_on=dt.date(2026, 10, 25))
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject=Subject.REFUND,
                                  language="ru", reasons="My employer transferred me", on=dt.date(2026, 11, 2))
    services.decide_appeal(appeal, actor=an_officer_of("KZ-59"), uphold=True, reasons="Transfer proven",
                           on=dt.date(2026, 11, 20))
    debt.refresh_from_db()
    appeal.refresh_from_db()
    assert debt.status == Debt.Status.ANNULLED and debt.repaid_kzt == repaid
    back = PaymentOrder.objects.get(measure=PaymentOrder.Measure.REFUND_REPAYMENT, beneficiary=debt.debtor)
    assert back.amount_kzt == repaid and back.snapshot["appeal"] == appeal.case and back.snapshot["debt"] == debt.pk
    assert back.article == "model-law/art-19/p-2" and back.status == PaymentOrder.Status.DUE
    assert f"relocation.paymentorder:{back.pk}:refund repayment {repaid}" in appeal.reversed

    def on_3310() -> int:
        return -(Posting.objects.filter(account__role="payable:participants").aggregate(s=Sum("amount"))["s"] or 0)

    assert on_3310() == repaid * 100  # owed back to the family
    PayeeAccount.objects.create(person=debt.debtor, iban="KZ000000000000000777", holder_iin=debt.debtor.iin,
                                usable_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    prepared = fund_services.prepare_batch(actor=acc, pay_on=back.due_on, order_ids=[back.pk])
    fund_services.approve_batch(prepared.batch.pk, actor=a_controller())
    back.refresh_from_db()
    assert back.status == PaymentOrder.Status.PAID
    assert on_3310() == 0  # paid out of 3310, not booked as an expense
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.UPHELD


def test_the_api_decides_an_amount_appeal_with_its_corrections_and_refuses_others(citizen, officer, quota):
    from rest_framework.test import APIClient

    app, _rent = _arrived_and_first_rent_paid(citizen, officer, quota)
    appeal = services.file_appeal(actor=citizen, application=app, subject=Subject.AMOUNT, language="en",
                                  reasons="Petropavl is a city")
    c = APIClient()
    c.force_authenticate(an_officer_of("KZ-59"))
    url = f"/api/v1/appeals/appeals/{appeal.pk}/decide/"
    bad = c.post(url, {"uphold": True, "reasons": "x", "corrections": {"settlement_type": "megapolis"}}, format="json")
    assert bad.status_code == 400
    stranger = c.post(url, {"uphold": True, "reasons": "x", "corrections": {"members": [{"person_id": 10**9}]}},
                      format="json")
    assert stranger.status_code == 400 and Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.OPEN
    r = c.post(url, {"uphold": True, "reasons": "A city", "corrections": {"settlement_type": "city"}}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "upheld"
    assert set(PaymentOrder.objects.filter(application=app, measure=RENT, status="due")
               .values_list("amount_kzt", flat=True)) == {RENT_CITY, RENT_CITY - RENT_TOWN}
