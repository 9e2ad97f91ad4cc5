"""The books: entries balance, never change, closed months refuse postings, reversals restore balances."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Sum

from accounts.models import ChangeRecord
from fund import selectors, services
from fund.models import Account, JournalEntry, Period, PeriodAct, Posting
from fund.selectors import Span

from .helpers import a_controller, an_accountant

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 5)


def bank():
    return Account.objects.get(code="1010")


def income():
    return Account.objects.get(code="6010")


def test_the_chart_has_every_kind_of_account_in_three_languages_and_regions_for_expenses():
    assert Account.objects.get(code="1010").name_kk.startswith("Банктік шот")
    assert Account.objects.get(code="6020").name_ru == "Взносы работодателей"
    sub = Account.objects.get(code="7010.KZ-59")
    assert sub.region.code == "KZ-59" and sub.measure == "relocation_subsidy" and not sub.is_group
    assert Account.objects.filter(parent__code="7020", region__isnull=False).count() == 20
    assert {a.kind for a in Account.objects.all()} == {"asset", "liability", "capital", "income", "expense"}


def test_a_balanced_entry_is_posted_and_is_in_the_change_history():
    acc = an_accountant()
    entry = services.post_entry(actor=acc, date=DAY, kind="adjustment", memo="budget", lines=[
        (bank(), 1_000_000_00), (income(), -1_000_000_00)])
    assert entry.postings.aggregate(t=Sum("amount"))["t"] == 0
    records = ChangeRecord.objects.filter(kind="fund.posting", actor=acc)
    assert records.count() == 2


def test_an_unbalanced_entry_is_refused_before_it_reaches_the_database():
    with pytest.raises(services.FundError) as exc:
        services.post_entry(actor=an_accountant(), date=DAY, kind="adjustment", memo="x",
                            lines=[(bank(), 100), (income(), -99)])
    assert exc.value.code == "unbalanced"
    assert not JournalEntry.objects.exists()


def test_amounts_must_be_whole_tiyn() -> None:
    with pytest.raises(services.FundError):
        services.post_entry(actor=an_accountant(), date=DAY, kind="adjustment", memo="x",
                            lines=[(bank(), 100.0), (income(), -100.0)])  # type: ignore[list-item]


def test_the_database_refuses_to_change_a_posting():
    entry = services.post_entry(actor=an_accountant(), date=DAY, kind="adjustment", memo="x",
                                lines=[(bank(), 500), (income(), -500)])
    with pytest.raises(DatabaseError), transaction.atomic():
        Posting.objects.filter(entry=entry).update(amount=700)
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")


def test_a_closed_period_refuses_postings_in_the_service_and_in_the_database():
    acc = an_accountant()
    services.post_entry(actor=acc, date=DAY, kind="adjustment", memo="x", lines=[(bank(), 500), (income(), -500)])
    services.close_period(DAY, actor=acc, reason="month end")
    with pytest.raises(services.Conflict) as exc:
        services.post_entry(actor=acc, date=DAY, kind="adjustment", memo="y", lines=[(bank(), 5), (income(), -5)])
    assert exc.value.code == "period_closed"
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        JournalEntry.objects.create(date=dt.date(2025, 3, 20), kind="adjustment", memo="raw")
    # the next month is open
    services.post_entry(actor=acc, date=dt.date(2025, 4, 1), kind="adjustment", memo="z",
                        lines=[(bank(), 5), (income(), -5)])


def test_only_the_controller_reopens_a_period_and_the_act_is_recorded():
    acc, ctl = an_accountant(), a_controller()
    services.close_period(DAY, actor=acc, reason="month end")
    with pytest.raises(services.Refused):
        services.reopen_period(DAY, actor=acc, reason="a late invoice")
    with pytest.raises(services.FundError):
        services.reopen_period(DAY, actor=ctl, reason="")
    services.reopen_period(DAY, actor=ctl, reason="a late invoice")
    assert not Period.objects.get(month=dt.date(2025, 3, 1)).is_closed
    acts = list(PeriodAct.objects.order_by("id").values_list("act", "actor", "reason"))
    assert acts == [("close", acc.pk, "month end"), ("reopen", ctl.pk, "a late invoice")]
    services.post_entry(actor=acc, date=DAY, kind="adjustment", memo="late", lines=[(bank(), 5), (income(), -5)])


def test_a_reversal_restores_every_balance_and_cites_the_original():
    acc = an_accountant()
    before = selectors.balances(Span(None, dt.date(2030, 1, 1)))
    entry = services.post_entry(actor=acc, date=DAY, kind="adjustment", memo="oops", lines=[
        (bank(), 12_345), (Account.objects.get(code="7010.KZ-59"), 10_000), (income(), -22_345)])
    reversal = services.reverse_entry(entry.pk, actor=acc, date=DAY)
    assert reversal.reverses_id == entry.pk
    after = selectors.balances(Span(None, dt.date(2030, 1, 1)))
    assert {k: v for k, v in after.items() if v} == {k: v for k, v in before.items() if v}
    with pytest.raises(services.Conflict):
        services.reverse_entry(entry.pk, actor=acc)
    with pytest.raises(services.Conflict):
        services.reverse_entry(reversal.pk, actor=acc)


def test_trial_balance_totals_agree():
    acc = an_accountant()
    services.record_contribution(actor=acc, source="employer", payer="Kazakhmys LLP", amount_tiyn=5_000_000_00,
                                 received_on=DAY, language="ru")
    services.record_contribution(actor=acc, source="donor", payer="A donor", amount_tiyn=12_50, received_on=DAY)
    tb = selectors.trial_balance(Span(dt.date(2025, 3, 1), dt.date(2025, 3, 31)))
    assert tb.total_debit == tb.total_credit == 5_000_000_00 + 12_50
    assert {r.account.code for r in tb.rows} == {"1020", "6020", "1030", "6030"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite form of the rule")
def test_on_sqlite_no_entry_is_started_while_the_latest_is_unbalanced():
    with connection.cursor() as cur:
        cur.execute("INSERT INTO fund_journalentry (date, kind, memo, created_at) VALUES ('2025-03-05', 'adjustment', "
                    "'raw', '2025-03-05 10:00')")
        entry_id = cur.lastrowid
        cur.execute("INSERT INTO fund_posting (entry_id, account_id, amount, date) VALUES (%s, %s, 100, '2025-03-05')",
                    [entry_id, bank().pk])
    with pytest.raises(DatabaseError):
        services.post_entry(actor=an_accountant(), date=DAY, kind="adjustment", memo="next",
                            lines=[(bank(), 5), (income(), -5)])
