"""Every write of the relocation room: each function is atomic, takes the acting user as `actor=` and records it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from accounts.audit import acting_as, record_bulk_update

from .models import PaymentOrder


class RelocationError(Exception):
    """A request the programme's rules refuse; `code` is stable for clients, `field` names the input if any."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class Conflict(RelocationError):
    """The state of a record does not allow the request (HTTP 409)."""

    status = 409


# --- payment orders: the fund's interface (PAYMENT_ORDERS.md) -----------------------------------------------

PAYABLE_FOR_PAYMENT = (PaymentOrder.Status.DUE, PaymentOrder.Status.APPROVED, PaymentOrder.Status.RETURNED)


def mark_orders_paid(order_ids: Iterable[int], *, actor: Any, paid_on: dt.date, reference: str) -> int:
    """Mark orders paid with one conditional UPDATE (`WHERE status IN due/approved/returned`): an order already
    paid is never paid again. Returns how many orders changed."""
    ids = sorted({int(i) for i in order_ids})
    if not ids:
        return 0
    reference = str(reference)[:64]
    with transaction.atomic(), acting_as(actor):
        candidates = list(PaymentOrder.objects.select_for_update().filter(pk__in=ids, status__in=PAYABLE_FOR_PAYMENT))
        changed = PaymentOrder.objects.filter(pk__in=[o.pk for o in candidates],
                                              status__in=PAYABLE_FOR_PAYMENT).update(
            status=PaymentOrder.Status.PAID, paid_on=paid_on, payment_reference=reference)
        for order in candidates:
            order.status, order.paid_on, order.payment_reference = PaymentOrder.Status.PAID, paid_on, reference
        record_bulk_update(candidates, ["status", "paid_on", "payment_reference"], reason="paid")
    return changed


def mark_order_returned(order_id: int, *, actor: Any, reason: str) -> PaymentOrder:
    """paid -> returned: the payment came back (a returned order is payable again)."""
    with transaction.atomic(), acting_as(actor):
        order = PaymentOrder.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise RelocationError("No such payment order.", code="not_found", field="order_id")
        changed = PaymentOrder.objects.filter(pk=order.pk, status=PaymentOrder.Status.PAID).update(
            status=PaymentOrder.Status.RETURNED)
        if not changed:
            raise Conflict(f"Payment order {order.pk} is {order.status}, not paid: it cannot be returned.",
                           code="not_paid")
        order.status = PaymentOrder.Status.RETURNED
        record_bulk_update([order], ["status"], reason=str(reason)[:300])
    return order
