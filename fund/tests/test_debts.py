"""The fund carries relocation's debts: each as a receivable, each repayment as cash allocated by relocation to the
debt and its instalments; a debt annulled on appeal is reversed citing the appeal; one written off is closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from accounts.testing import an_officer_of
from fund import services
from fund.models import TIYN, JournalEntry, Posting, Receivable
from relocation import services as relocation_services
from relocation.models import Debt
from relocation.tests.conftest import a_family, a_quota
from relocation.tests.test_debts import REFUND, assessed

from .helpers import an_accountant

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(db):
    return a_family()


@pytest.fixture
def officer(db):
    return an_officer_of("KZ-59")


@pytest.fixture
def quota(db):
    return a_quota()


def balance(role: str, region_code: str | None = None) -> int:
    qs = Posting.objects.filter(account__role=role)
    if region_code:
        qs = qs.filter(account__region__code=region_code)
    return qs.aggregate(s=Sum("amount"))["s"] or 0


def recognised(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    acc = an_accountant()
    assert services.recognise_refunds(actor=acc, on=dt.date(2026, 10, 22)) == 1
    rec = Receivable.objects.get(debt_id=debt.pk)
    assert rec.amount_tiyn == REFUND * TIYN and balance("receivable:refund", "KZ-59") == REFUND * TIYN
    return debt, rec, acc


def test_an_instalment_plan_allocates_partial_payments_and_the_receivable_ends_at_0(citizen, officer, quota):
    debt, rec, acc = recognised(citizen, officer, quota)
    half = REFUND // 2
    plan = relocation_services.grant_instalments(
        debt, actor=officer, schedule=[(dt.date(2026, 12, 1), half), (dt.date(2027, 1, 1), REFUND - half)],
        reason="two children at school", on=dt.date(2026, 11, 1))
    with pytest.raises(services.FundError):  # a debt is repaid in whole tenge
        services.record_repayment(rec.pk, actor=acc, amount_tiyn=150, received_on=dt.date(2026, 11, 30))
    services.record_repayment(rec.pk, actor=acc, amount_tiyn=300_000 * TIYN, received_on=dt.date(2026, 11, 30))
    assert [i.paid_kzt for i in plan.instalments.order_by("due_on")] == [300_000, 0]
    assert balance("receivable:refund", "KZ-59") == (REFUND - 300_000) * TIYN
    services.record_repayment(rec.pk, actor=acc, amount_tiyn=(REFUND - 300_000) * TIYN,
                              received_on=dt.date(2026, 12, 28))
    assert [i.paid_kzt for i in plan.instalments.order_by("due_on")] == [half, REFUND - half]
    rec.refresh_from_db()
    debt.refresh_from_db()
    assert rec.status == Receivable.Status.SETTLED and rec.owed_tiyn == 0
    assert debt.status == Debt.Status.REPAID and debt.owed_kzt == 0
    assert balance("receivable:refund", "KZ-59") == 0
    assert balance("bank:budget") == REFUND * TIYN  # the cash that came in
    assert sum(p.amount for p in Posting.objects.all()) == 0


def test_a_debt_annulled_on_appeal_reverses_its_receivable_citing_the_appeal(citizen, officer, quota):
    debt, rec, acc = recognised(citizen, officer, quota)
    services.record_repayment(rec.pk, actor=acc, amount_tiyn=100_000 * TIYN, received_on=dt.date(2026, 11, 30))
    relocation_services.annul_debt(debt, actor=officer, cites="appeals.appeal:7", reason="left on a transfer")
    assert services.settle_debt_closures(actor="appeals", on=dt.date(2026, 12, 5), debt_ids=[debt.pk]) == 1
    rec.refresh_from_db()
    assert rec.status == Receivable.Status.ANNULLED and rec.closed_cites == "appeals.appeal:7"
    reversal = rec.closing_entry
    assert reversal.reverses_id == rec.entry_id and "appeals.appeal:7" in reversal.memo
    assert balance("receivable:refund", "KZ-59") == 0
    assert balance("income:refund") == 0  # the income recognised is reversed
    assert balance("payable:participants", "KZ-59") == -100_000 * TIYN  # what was repaid is owed back
    assert JournalEntry.objects.filter(memo__contains="appeals.appeal:7").count() == 2
    assert services.settle_debt_closures(actor="appeals", on=dt.date(2026, 12, 6)) == 0  # once only


def test_a_written_off_debt_closes_the_receivable_against_the_income(citizen, officer, quota):
    debt, rec, acc = recognised(citizen, officer, quota)
    relocation_services.request_write_off(debt, actor=officer, reason="no income or property")
    relocation_services.approve_write_off(debt, actor=an_officer_of("KZ-59"))
    with pytest.raises(services.Conflict):  # relocation refuses a repayment of a closed debt
        services.record_repayment(rec.pk, actor=acc, amount_tiyn=TIYN, received_on=dt.date(2026, 11, 30))
    assert services.settle_debt_closures(actor=acc, on=dt.date(2026, 12, 5)) == 1
    rec.refresh_from_db()
    assert rec.status == Receivable.Status.CLOSED and balance("receivable:refund", "KZ-59") == 0
