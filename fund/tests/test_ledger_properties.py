"""Property: whatever the sequence of operations — contributions, orders, batches and their approvals, returned
payments, reversals, insurance claims, grants, refunds owed and their repayments, closing and reopening the month — the trial balance is zero,
each account's balance is the sum of its postings and equals what an independent model of the operations
expects, and no order is ever paid twice.

The expected balances are worked out here from the chart's codes (bank 1010 budget / 1020 employer / 1030 donor
/ 1040 insurance, income 60x0, expenses 70x0.<region>), not by calling the selectors under test.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.testing import a_person_in, unit
from fund import selectors, services
from fund.models import Account, JournalEntry, LineStatus, PaymentLine, Posting, Receivable
from fund.selectors import Span
from relocation.models import PaymentOrder

from .helpers import (
    a_controller,
    a_family_of,
    a_participant_family,
    an_accountant,
    an_ended_contract,
    an_order,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 10)
REGIONS = ["KZ-59", "KZ-55", "KZ-39"]
MEASURES = {"relocation_subsidy": "7010", "rent_compensation": "7020", "housing_certificate": "7030"}
SOURCES = {"budget": ("1010", "6010"), "employer": ("1020", "6020"), "donor": ("1030", "6030")}

amounts = st.integers(min_value=1, max_value=5_000_000)  # tenge
new_order = st.tuples(st.just("order"), st.sampled_from(REGIONS), st.sampled_from(sorted(MEASURES)), amounts)
operation = st.one_of(
    st.tuples(st.just("contribute"), st.sampled_from(sorted(SOURCES)), st.integers(1, 10**11)),  # tiyn
    new_order,
    st.tuples(st.just("pay")),
    st.tuples(st.just("pay")),
    st.tuples(st.just("pay_twice")),
    st.tuples(st.just("return"), st.integers(0, 10)),
    st.tuples(st.just("reverse"), st.integers(0, 10)),
    st.tuples(st.just("claim"), st.sampled_from(REGIONS), amounts, amounts),
    # a family that does not take part in the programme (no application, or one not or no longer participating)
    st.tuples(st.just("insure_outsider"), st.sampled_from(REGIONS), amounts,
              st.sampled_from([None, "approved", "completed", "closed"])),
    st.tuples(st.just("grant"), st.sampled_from(REGIONS), amounts, st.booleans()),
    st.tuples(st.just("refund"), st.sampled_from(REGIONS), amounts),
    st.tuples(st.just("repay"), st.integers(0, 10), st.integers(1, 100)),  # a percentage of what is owed
    st.tuples(st.just("close")),
    st.tuples(st.just("reopen")),
)


class Model:
    """What the books should hold, kept independently of the code under test."""

    def __init__(self):
        self.balances: Counter[str] = Counter()
        self.closed = False

    def move(self, debit: str, credit: str, tiyn: int) -> None:
        self.balances[debit] += tiyn
        self.balances[credit] -= tiyn


def run(ops, acc, ctl, model: Model) -> None:
    reversible: list[tuple[int, str, str, int]] = []  # contribution entries: (entry id, debit, credit, tiyn)
    unrecognised: list[tuple[str, int]] = []  # refund orders not yet in the books: (region, tenge)
    for op in ops:
        kind = op[0]
        try:
            if kind == "contribute":
                _k, source, tiyn = op
                c = services.record_contribution(actor=acc, source=source, payer="Payer", amount_tiyn=tiyn,
                                                 received_on=DAY)
                model.move(*SOURCES[source], tiyn)
                reversible.append((c.entry_id, *SOURCES[source], tiyn))
            elif kind == "order":
                _k, region, measure, kzt = op
                an_order(region=region, measure=measure, amount_kzt=kzt,
                         period_start=DAY + dt.timedelta(days=PaymentOrder.objects.count()), due_on=DAY)
            elif kind in ("pay", "pay_twice"):
                due = {o.pk: o for o in PaymentOrder.objects.filter(status__in=["due", "returned"])
                       .exclude(measure="refund").select_related("region")}
                prepared = services.prepare_batch(actor=acc, pay_on=DAY)
                assert prepared.batch is not None
                services.approve_batch(prepared.batch.pk, actor=ctl)
                for line in prepared.batch.lines.all():
                    order = due[line.order_id]
                    model.move(f"{MEASURES[order.measure]}.{order.region.code}", "1010", order.amount_kzt * 100)
                if kind == "pay_twice":  # a retry of the same approval changes nothing
                    with pytest.raises(services.Conflict):
                        services.approve_batch(prepared.batch.pk, actor=a_controller())
            elif kind == "return":
                lines = list(PaymentLine.objects.filter(status__in=[LineStatus.APPROVED, LineStatus.MATCHED])
                             .order_by("id"))
                if lines:
                    line = lines[op[1] % len(lines)]
                    services.return_payment(line.pk, actor=acc, reason="account closed", on=DAY)
                    model.move("1010", f"{MEASURES[line.measure]}.{line.region.code}", line.amount_tiyn)
            elif kind == "reverse":
                live = [r for r in reversible if not JournalEntry.objects.filter(reverses_id=r[0]).exists()]
                if live:
                    entry_id, debit, credit, tiyn = live[op[1] % len(live)]
                    services.reverse_entry(entry_id, actor=acc, date=DAY)
                    model.move(credit, debit, tiyn)
            elif kind == "claim":
                _k, region, premium, cover = op
                person = a_person_in(region)  # a family that moved to the region under the programme
                family = a_participant_family(person, region=region, state="follow_up")
                policy = services.issue_policy(actor=acc, family=family, holder=person, region=unit(region),
                                               premium_tiyn=premium, cover_tiyn=cover, starts_on=DAY,
                                               ends_on=DAY + dt.timedelta(days=365))
                model.move("1040", "6040", premium)
                contract = an_ended_contract(person, ended_on=DAY + dt.timedelta(days=1), region=region)
                claim = services.submit_claim(policy.pk, actor=acc, contract=contract)
                services.decide_claim(claim.pk, actor=ctl, approve=True, reason="contract ended", on=DAY)
                model.move(f"7040.{region}", "1040", cover)
            elif kind == "insure_outsider":  # refused: the fund insures participant families only
                _k, region, premium, state = op
                person = a_person_in(region)
                family = (a_family_of(person) if state is None
                          else a_participant_family(person, region=region, state=state))
                with pytest.raises(services.FundError) as refused:
                    services.issue_policy(actor=acc, family=family, holder=person, region=unit(region),
                                          premium_tiyn=premium, cover_tiyn=premium, starts_on=DAY,
                                          ends_on=DAY + dt.timedelta(days=365))
                assert refused.value.code == "not_participant" and refused.value.field == "holder_iin"
            elif kind == "grant":
                _k, region, kzt, approve = op
                grant = services.apply_grant(actor=acc, kind="start_up", grantee="A bakery", region=unit(region),
                                             purpose="oven", requested_tiyn=kzt * 100, applied_on=DAY,
                                             person=a_person_in(region))
                services.decide_grant(grant.pk, actor=ctl, approve=approve, reason="scored")
                if approve:
                    services.disburse_grant(grant.pk, actor=acc, on=DAY)
                    model.move(f"7050.{region}", "1010", kzt * 100)
            elif kind == "refund":  # a refund order after a breach becomes a receivable of the region
                _k, region, kzt = op
                an_order(region=region, measure="refund", amount_kzt=kzt, due_on=DAY,
                         period_start=DAY + dt.timedelta(days=PaymentOrder.objects.count()))
                unrecognised.append((region, kzt))  # a refused recognition (closed month) leaves it for the next
                services.recognise_refunds(actor=acc, on=DAY)
                for owed_region, owed_kzt in unrecognised:
                    model.move(f"1210.{owed_region}", "6050", owed_kzt * 100)
                unrecognised.clear()
            elif kind == "repay":  # part (or all) of an open refund repaid into the budget's bank account
                open_ = list(Receivable.objects.filter(status=Receivable.Status.OPEN).select_related("region")
                             .order_by("id"))
                if open_:
                    rec = open_[op[1] % len(open_)]
                    tiyn = max(1, rec.owed_tiyn * op[2] // 100)
                    services.record_repayment(rec.pk, actor=acc, amount_tiyn=tiyn, received_on=DAY)
                    model.move("1010", f"1210.{rec.region.code}", tiyn)
            elif kind == "close":
                services.close_period(DAY, actor=acc, reason="month end")
                model.closed = True
            elif kind == "reopen":
                services.reopen_period(DAY, actor=ctl, reason="correction")
                model.closed = False
        except services.Conflict as exc:
            # Refusals the model predicts: a closed month, nothing due, a state that does not allow the act.
            assert exc.code in ("period_closed", "nothing_due", "closed", "open"), exc.code
            if exc.code == "period_closed":
                assert model.closed
        check(model)


def check(model: Model) -> None:
    # the trial balance is zero, by the statement and by a bare sum
    assert Posting.objects.aggregate(t=Sum("amount"))["t"] in (None, 0)
    assert selectors.trial_balance(Span(None, dt.date(2030, 1, 1))).difference == 0
    # each account's balance is the sum of its postings, and the model's expectation
    codes = dict(Account.objects.values_list("pk", "code"))
    actual = {codes[pk]: v for pk, v in selectors.balances(Span(None, dt.date(2030, 1, 1))).items() if v}
    assert actual == {k: v for k, v in model.balances.items() if v}
    by_posting: defaultdict[str, int] = defaultdict(int)
    for account_id, amount in Posting.objects.values_list("account_id", "amount"):
        by_posting[codes[account_id]] += amount
    assert {k: v for k, v in by_posting.items() if v} == actual
    # every entry balances
    assert not JournalEntry.objects.annotate(t=Sum("postings__amount")).exclude(t=0).exists()
    # no order is paid twice: at most one live payment each, and a paid order has exactly one
    live = dict(PaymentLine.objects.filter(status__in=[LineStatus.APPROVED, LineStatus.MATCHED])
                .values_list("order_id").annotate(n=Count("id")))
    assert all(n == 1 for n in live.values())
    for order_id, status in PaymentOrder.objects.exclude(measure="refund").values_list("pk", "status"):
        assert (status == "paid") == (order_id in live)
    # a refund order is settled (paid) exactly when its receivable is repaid in full
    for order_id, status in PaymentOrder.objects.filter(measure="refund").values_list("pk", "status"):
        settled = Receivable.objects.filter(order_id=order_id, status=Receivable.Status.SETTLED).exists()
        assert (status == "paid") == settled
    payments = dict(PaymentLine.objects.filter(entry__isnull=False).values_list("order_id")
                    .annotate(n=Count("id", filter=Q(return_entry__isnull=True))))
    assert all(n <= 1 for n in payments.values())


@settings(max_examples=30, deadline=None, phases=[Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(orders=st.lists(new_order, min_size=1, max_size=3), ops=st.lists(operation, min_size=1, max_size=14))
def test_any_sequence_of_operations_keeps_the_books_balanced_and_pays_each_order_once(orders, ops):
    with transaction.atomic():
        acc, ctl = an_accountant(), a_controller()
        run([*orders, *ops], acc, ctl, Model())
        transaction.set_rollback(True)
