"""Reads of the appeals room, named for what they answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from geo.models import TerritorialUnit

from .models import Appeal, Grievance


def appeals_to_decide(user: Any) -> QuerySet[Appeal]:
    """Open appeals the user may decide: in their scope, never against a decision they took, oldest due first."""
    return (Appeal.objects.visible_to(user, "decide").filter(status=Appeal.Status.OPEN)
            .exclude(decision_author=user).order_by("decide_by", "id"))


def grievances_to_answer(user: Any) -> QuerySet[Grievance]:
    return Grievance.objects.visible_to(user, "change").filter(status=Grievance.Status.OPEN).order_by("answer_due",
                                                                                                      "id")


def report(user: Any, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The appeals room's section of the programme report: appeals and grievances filed in [start, end] by region,
    with how many were upheld, answered, and are overdue today. (relocation's report does not import this room:
    the appeals page and API show this section beside it.)"""
    today = timezone.localdate()
    appeals = (Appeal.objects.visible_to(user).filter(filed_on__range=(start, end))
               .values("region_id", "region__code").order_by("region__code")
               .annotate(filed=Count("id"), upheld=Count("id", filter=Q(status=Appeal.Status.UPHELD)),
                         dismissed=Count("id", filter=Q(status=Appeal.Status.DISMISSED)),
                         overdue=Count("id", filter=Q(status=Appeal.Status.OPEN, decide_by__lt=today))))
    grievances = (Grievance.objects.visible_to(user).filter(filed_on__range=(start, end))
                  .values("region_id", "region__code", "kind").order_by("region__code", "kind")
                  .annotate(filed=Count("id"), answered=Count("id", filter=Q(status=Grievance.Status.ANSWERED)),
                            overdue=Count("id", filter=Q(status=Grievance.Status.OPEN, answer_due__lt=today))))
    rows: list[list[dict[str, Any]]] = [[dict(r) for r in appeals], [dict(r) for r in grievances]]
    names = {u.pk: u.name for u in TerritorialUnit.objects.filter(pk__in={r["region_id"] for rs in rows for r in rs})}
    for r in (r for rs in rows for r in rs):
        r["region_name"] = names.get(r["region_id"], r["region__code"])
    return {"start": start, "end": end, "appeals": rows[0], "grievances": rows[1]}
