"""The one door between the fund and relocation's payment orders (PAYMENT_ORDERS.md).

No other fund module imports relocation: the fund reads orders here as plain `Order` values and settles them
through relocation's own services. Relocation knows nothing of the fund.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from relocation import selectors as relocation_selectors
from relocation import services as relocation_services
from relocation.models import Debt as RelocationDebt
from relocation.models import PaymentOrder

REFUND = PaymentOrder.Measure.REFUND.value
DebtRefused = relocation_services.RelocationError  # relocation refuses a repayment (closed debt, too much, ...)


@dataclass(frozen=True)
class Order:
    """A payment order as the fund reads it: who, where, what for, how much (whole tenge), when due."""

    id: int
    beneficiary_id: int
    region_id: int
    measure: str
    period_start: dt.date
    period_end: dt.date
    amount_kzt: int
    article: str
    status: str
    due_on: dt.date


def _order(o: PaymentOrder) -> Order:
    return Order(id=o.pk, beneficiary_id=o.beneficiary_id, region_id=o.region_id, measure=o.measure,
                 period_start=o.period_start, period_end=o.period_end, amount_kzt=int(o.amount_kzt),
                 article=o.article, status=o.status, due_on=o.due_on)


def payable(*, due_by: dt.date | None = None, ids: Iterable[int] | None = None, limit: int | None = None) -> list[Order]:
    """Orders the fund may pay (due or returned, never refunds), oldest due first."""
    qs = relocation_selectors.payable_orders().order_by("due_on", "id")
    if due_by is not None:
        qs = qs.filter(due_on__lte=due_by)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if limit is not None:
        qs = qs[:limit]
    return [_order(o) for o in qs]


def payable_count(*, due_by: dt.date | None = None) -> int:
    qs = relocation_selectors.payable_orders()
    if due_by is not None:
        qs = qs.filter(due_on__lte=due_by)
    return qs.count()


def refunds() -> list[Order]:
    """Refund orders a family owes after a breach and has not repaid."""
    return [_order(o) for o in relocation_selectors.refund_orders().order_by("due_on", "id")]


def get(order_id: int) -> Order | None:
    o = PaymentOrder.objects.filter(pk=order_id).first()
    return _order(o) if o is not None else None


def statuses(order_ids: Iterable[int]) -> dict[int, str]:
    return dict(PaymentOrder.objects.filter(pk__in=list(order_ids)).values_list("pk", "status"))


def mark_paid(order_ids: Iterable[int], *, actor: Any, paid_on: dt.date, reference: str) -> int:
    """Relocation's conditional update: an order already paid is never paid again; returns how many changed."""
    return relocation_services.mark_orders_paid(list(order_ids), actor=actor, paid_on=paid_on, reference=reference)


def mark_returned(order_id: int, *, actor: Any, reason: str) -> None:
    """paid -> returned (the order becomes payable again)."""
    relocation_services.mark_order_returned(order_id, actor=actor, reason=reason)


def participants_among(person_ids: Iterable[int]) -> set[int]:
    """Of these people, those taking part in the relocation programme now (agreement signed, arrived or under
    follow-up: relocation.states.PARTICIPATING)."""
    return set(relocation_selectors.programme_participants().filter(pk__in=list(person_ids))
               .values_list("pk", flat=True))


def participant_ids() -> Any:
    """The ids of everyone taking part in the programme now, as a subquery (`pk__in=participant_ids()`)."""
    return relocation_selectors.programme_participants().values("pk")


def is_refund(order: Order) -> bool:
    return order.measure == REFUND


# --- debts (relocation's Debt behind each refund order): read as plain values, repaid through relocation -----

@dataclass(frozen=True)
class Debt:
    id: int
    order_id: int
    debtor_id: int
    region_id: int
    amount_kzt: int
    repaid_kzt: int
    status: str
    closed_on: dt.date | None
    closed_cites: str
    closed_reason: str


def _debt(d: RelocationDebt) -> Debt:
    return Debt(id=d.pk, order_id=d.refund_order_id, debtor_id=d.debtor_id, region_id=d.region_id,
                amount_kzt=int(d.amount_kzt), repaid_kzt=int(d.repaid_kzt), status=d.status, closed_on=d.closed_on,
                closed_cites=d.closed_cites, closed_reason=d.closed_reason)


def debt_for_order(order_id: int) -> Debt | None:
    d = RelocationDebt.objects.filter(refund_order_id=order_id).first()
    return _debt(d) if d is not None else None


def debt_status_label(status: str) -> str:
    """A debt's status in the reader's language (a journal memo keeps the code, the reader sees the word)."""
    return str(RelocationDebt.Status(status).label) if status in RelocationDebt.Status.values else status


def debts(ids: Iterable[int]) -> dict[int, Debt]:
    return {d.pk: _debt(d) for d in RelocationDebt.objects.filter(pk__in=list(ids))}


CLOSED_WITHOUT_PAYMENT = (RelocationDebt.Status.EXEMPT, RelocationDebt.Status.WRITTEN_OFF,
                          RelocationDebt.Status.TIME_BARRED, RelocationDebt.Status.ANNULLED)


def closed_debt_ids(ids: Iterable[int]) -> list[int]:
    """Of these debts, those closed other than by repayment (exempt, written off, time-barred, annulled)."""
    return list(RelocationDebt.objects.filter(pk__in=list(ids), status__in=CLOSED_WITHOUT_PAYMENT)
                .values_list("pk", flat=True))


def repay_debt(debt_id: int, *, actor: Any, amount_kzt: int, received_on: dt.date, reference: str) -> int:
    """Relocation allocates the repayment to the debt (and its instalments); returns the repayment's id."""
    return relocation_services.record_repayment(debt_id, actor=actor, amount_kzt=amount_kzt, received_on=received_on,
                                                reference=reference).pk
