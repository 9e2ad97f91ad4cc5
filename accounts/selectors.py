"""Reading the audit trail: filters an auditor applies to both streams."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import AccessLog, ChangeRecord

CHANGE_FILTERS = ("actor_label", "kind", "action", "object_id")
ACCESS_FILTERS = ("actor_label", "kind", "event", "object_id")


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filtered(queryset, params, fields):
    for name in fields:
        value = (params.get(name) or "").strip()
        if value:
            queryset = queryset.filter(**{name: value})
    since, until = _parse_day(params.get("since")), _parse_day(params.get("until"))
    if since:
        queryset = queryset.filter(at__date__gte=since)
    if until:
        queryset = queryset.filter(at__date__lte=until)
    return queryset


def change_history(user, params) -> QuerySet:
    return _filtered(ChangeRecord.objects.visible_to(user), params, CHANGE_FILTERS)


def access_log(user, params) -> QuerySet:
    return _filtered(AccessLog.objects.visible_to(user), params, ACCESS_FILTERS)
