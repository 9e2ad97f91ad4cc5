"""Reads of the fund's books, named for what they answer. Every figure is one SQL aggregate over postings
(`SUM(amount) ... GROUP BY account`), never a Python loop over postings; each row keeps the account it came from
so that a statement's figure opens down to its entries (`account_postings`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum, Value

from .memos import memo_text
from .models import (
    TIYN,
    Account,
    AccountKind,
    Allocation,
    BatchStatus,
    LineStatus,
    Measure,
    PaymentBatch,
    PaymentLine,
    Posting,
)


@dataclass(frozen=True)
class Span:
    """A period of the books: [start, end] inclusive; `start=None` means from the beginning."""

    start: dt.date | None
    end: dt.date

    def q(self, prefix: str = "date") -> Q:
        q = Q(**{f"{prefix}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{prefix}__gte": self.start})
        return q


def sums_by_account(span: Span) -> dict[int, tuple[int, int]]:
    """{account id: (debits, credits)} in tiyn (credits as a positive number) over the span: one pass of
    `SUM(amount), SUM(amount) FILTER (amount > 0) ... GROUP BY account`; credits are debits less the balance."""
    rows = (Posting.objects.filter(span.q()).values("account_id")
            .annotate(total=Sum("amount"), debits=Sum("amount", filter=Q(amount__gt=0))))
    return {r["account_id"]: (r["debits"] or 0, (r["debits"] or 0) - r["total"]) for r in rows}


def balances(span: Span) -> dict[int, int]:
    """{account id: signed balance (debit positive)} over the span: one GROUP BY."""
    rows = Posting.objects.filter(span.q()).values("account_id").annotate(total=Sum("amount"))
    return {r["account_id"]: r["total"] for r in rows}


@dataclass
class Row:
    account: Account
    debit: int = 0
    credit: int = 0

    @property
    def balance(self) -> int:
        return self.debit - self.credit


@dataclass
class TrialBalance:
    span: Span
    rows: list[Row]

    @property
    def total_debit(self) -> int:
        return sum(r.debit for r in self.rows)

    @property
    def total_credit(self) -> int:
        return sum(r.credit for r in self.rows)

    @property
    def difference(self) -> int:
        return self.total_debit - self.total_credit


def trial_balance(span: Span) -> TrialBalance:
    """Every account's balance over the span in the debit or the credit column (a balances trial balance); the
    two columns' totals are equal. One `SUM(amount) ... GROUP BY account` — the turnovers behind each balance
    open on the account's page."""
    values = balances(span)
    accounts = Account.objects.in_bulk(list(values))
    rows = [Row(accounts[pk], max(v, 0), max(-v, 0)) for pk, v in values.items() if v]
    rows.sort(key=lambda r: r.account.code)
    return TrialBalance(span, rows)


def account_and_below(account: Account) -> list[int]:
    """The account's id and those of every account beneath it in the chart (a postable account has none)."""
    if not account.is_group:
        return [account.pk]
    ids, frontier = [account.pk], [account.pk]
    while frontier:
        frontier = list(Account.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def account_postings(account: Account, span: Span) -> QuerySet[Posting]:
    """The postings behind a figure: an account (a group: all its sub-accounts) over the span."""
    return (Posting.objects.filter(account_id__in=account_and_below(account)).filter(span.q())
            .select_related("entry", "account").order_by("date", "entry_id", "id"))


@dataclass
class AccountStatement:
    opening: int
    movement: int
    count: int
    page: Page

    @property
    def closing(self) -> int:
        return self.opening + self.movement


def account_statement(account: Account, span: Span, page: int = 1, per_page: int = 50) -> AccountStatement:
    """Opening balance, movement and one page of postings of an account (and those below it): one aggregate
    with conditional sums and one page query."""
    ids = account_and_below(account)
    within = Q(date__lte=span.end) & (Q(date__gte=span.start) if span.start else Q())
    totals = Posting.objects.filter(account_id__in=ids, date__lte=span.end).aggregate(
        opening=Sum("amount", filter=Q(date__lt=span.start)) if span.start else Value(0),
        movement=Sum("amount", filter=within), count=Count("id", filter=within))
    count = totals["count"] or 0
    paginator = Paginator(range(count), per_page)  # counted above: no second COUNT
    number = paginator.validate_number(max(1, min(int(page), paginator.num_pages)))
    start = (number - 1) * per_page
    rows = [{**row, "debit": max(row["amount"], 0), "credit": max(-row["amount"], 0),
             "memo": memo_text(row["entry__memo_key"], row["entry__memo_params"], row["entry__memo"])} for row in
            Posting.objects.filter(account_id__in=ids).filter(within).order_by("date", "entry_id", "id")
            .values("id", "entry_id", "date", "amount", "account__code", "entry__memo", "entry__memo_key",
                    "entry__memo_params")[start:start + per_page]]
    return AccountStatement(totals["opening"] or 0, totals["movement"] or 0, count, Page(rows, number, paginator))


def opening_balance(account: Account, before: dt.date | None) -> int:
    if before is None:
        return 0
    return (Posting.objects.filter(account_id__in=account_and_below(account), date__lt=before)
            .aggregate(t=Sum("amount"))["t"] or 0)


@dataclass
class Section:
    """A block of a statement: accounts of one kind rolled up to their top-level parent."""

    kind: str
    title: str
    lines: list[tuple[Account, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(v for _a, v in self.lines)


def _roll_up(values: dict[int, int], kinds: list[str]) -> dict[str, list[tuple[Account, int]]]:
    """Account balances (normal sign: what the account holds) summed to the chart's second level."""
    accounts = {a.pk: a for a in Account.objects.filter(kind__in=kinds).select_related("parent")}
    totals: dict[int, int] = defaultdict(int)
    for pk, value in values.items():
        acc = accounts.get(pk)
        if acc is None:
            continue
        top = acc.parent if acc.region_id and acc.parent is not None else acc  # a region's sub-account rolls up
        totals[top.pk] += value * acc.normal_sign
        accounts.setdefault(top.pk, top)
    out: dict[str, list[tuple[Account, int]]] = defaultdict(list)
    for pk, value in sorted(totals.items(), key=lambda kv: accounts[kv[0]].code):
        if value:
            out[accounts[pk].kind].append((accounts[pk], value))
    return out


def balance_sheet(on: dt.date) -> dict[str, Section]:
    """Assets = liabilities + capital + the surplus of income over expenditure to date."""
    values = balances(Span(None, on))
    lines = _roll_up(values, [AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.CAPITAL])
    flows = _roll_up(values, [AccountKind.INCOME, AccountKind.EXPENSE])
    surplus = (sum(v for _a, v in flows.get(AccountKind.INCOME, []))
               - sum(v for _a, v in flows.get(AccountKind.EXPENSE, [])))
    return {
        "assets": Section(AccountKind.ASSET, "assets", lines.get(AccountKind.ASSET, [])),
        "liabilities": Section(AccountKind.LIABILITY, "liabilities", lines.get(AccountKind.LIABILITY, [])),
        "capital": Section(AccountKind.CAPITAL, "capital", lines.get(AccountKind.CAPITAL, [])),
        "surplus": Section("surplus", "surplus", [] if not surplus else [(None, surplus)]),  # type: ignore[list-item]
    }


def income_and_expenditure(span: Span) -> dict[str, Section]:
    flows = _roll_up(balances(span), [AccountKind.INCOME, AccountKind.EXPENSE])
    return {
        "income": Section(AccountKind.INCOME, "income", flows.get(AccountKind.INCOME, [])),
        "expense": Section(AccountKind.EXPENSE, "expense", flows.get(AccountKind.EXPENSE, [])),
    }


@dataclass
class Flow:
    region_id: int | None
    region_code: str
    measure: str
    account: Account
    amount: int


def flows(span: Span) -> list[Flow]:
    """Expenditure by region and support measure: the regional sub-accounts of the expense accounts."""
    rows = (Posting.objects.filter(span.q(), account__kind=AccountKind.EXPENSE, account__region__isnull=False)
            .values("account_id").annotate(total=Sum("amount")))
    accounts = Account.objects.select_related("region").in_bulk([r["account_id"] for r in rows])
    out: list[Flow] = []
    for r in rows:
        if not r["total"]:
            continue
        account = accounts[r["account_id"]]
        region = account.region
        assert region is not None  # the filter takes regional sub-accounts only
        out.append(Flow(account.region_id, region.code, account.measure, account, r["total"]))
    out.sort(key=lambda f: (f.region_code, f.measure))
    return out


@dataclass
class Execution:
    measure: str
    allocated: int
    spent: int
    account: Account | None

    @property
    def share(self) -> float | None:  # for display only; amounts stay integers
        return round(100 * self.spent / self.allocated, 1) if self.allocated else None


def budget_execution(year: int, until: dt.date | None = None) -> list[Execution]:
    """Spending by support measure in a year against the year's allocation."""
    end = until or dt.date(year, 12, 31)
    spent = dict(Posting.objects.filter(date__gte=dt.date(year, 1, 1), date__lte=end,
                                        account__kind=AccountKind.EXPENSE).exclude(account__measure="")
                 .values_list("account__measure").annotate(t=Sum("amount")))
    allocated = dict(Allocation.objects.filter(year=year).values_list("measure", "amount_tiyn"))
    groups = {a.measure: a for a in Account.objects.filter(kind=AccountKind.EXPENSE, is_group=True).exclude(measure="")}
    return [Execution(m, allocated.get(m, 0), spent.get(m, 0) or 0, groups.get(m))
            for m in Measure.values if allocated.get(m) or spent.get(m)]


def batches_awaiting_approval() -> QuerySet[PaymentBatch]:
    return PaymentBatch.objects.filter(status=BatchStatus.PREPARED).order_by("prepared_at")


def payments_of(lines: QuerySet[PaymentLine]) -> QuerySet[PaymentLine]:
    return lines.exclude(status=LineStatus.DROPPED).select_related("batch", "region").order_by("-batch__pay_on", "-id")


def tenge(tiyn: int) -> str:
    """Tiyn as a tenge amount with two decimals, exactly."""
    sign = "-" if tiyn < 0 else ""
    tiyn = abs(tiyn)
    return f"{sign}{tiyn // TIYN}.{tiyn % TIYN:02d}"
