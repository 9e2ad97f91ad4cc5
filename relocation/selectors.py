"""Reads of the relocation room, named for what they answer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.scoping import visible_or_404
from people.models import Person

from .models import Application, PaymentOrder
from .states import PARTICIPATING

PAYABLE_STATUSES = (PaymentOrder.Status.DUE, PaymentOrder.Status.RETURNED)


def visible_application(user: Any, pk: int) -> Application:
    """The application with what its pages show joined, if the user may see it (404 otherwise)."""
    return visible_or_404(Application.objects.select_related(
        "applicant", "departure_region", "receiving_region", "decision", "quota"), user, pk)


def payable_orders() -> QuerySet[PaymentOrder]:
    """Orders the fund may pay now: due or returned (a returned payment is payable again); never refunds."""
    return PaymentOrder.objects.filter(status__in=PAYABLE_STATUSES).exclude(measure=PaymentOrder.Measure.REFUND)


def refund_orders() -> QuerySet[PaymentOrder]:
    """Refunds a family owes back after a breach and has not repaid: receivables of the fund."""
    return PaymentOrder.objects.filter(measure=PaymentOrder.Measure.REFUND, status__in=PAYABLE_STATUSES)


def programme_participants() -> QuerySet[Person]:
    """People taking part in the programme now: the applicant or a member of an application whose agreement is
    signed and whose obligations run (states.PARTICIPATING: agreement signed, arrived, under follow-up)."""
    return Person.objects.filter(Q(relocation_applications__state__in=PARTICIPATING)
                                 | Q(relocation_memberships__application__state__in=PARTICIPATING)).distinct()
