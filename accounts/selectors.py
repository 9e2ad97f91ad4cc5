"""Reading the audit trail: filters an auditor applies to both streams."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

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


def _filtered(queryset: Any, params: Any, fields: Any) -> Any:
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


def change_history(user: Any, params: Any) -> QuerySet[ChangeRecord]:
    return _filtered(  # type: ignore[no-any-return]  # _filtered keeps the queryset's type
        ChangeRecord.objects.visible_to(user), params, CHANGE_FILTERS)


def access_log(user: Any, params: Any) -> QuerySet[AccessLog]:
    return _filtered(  # type: ignore[no-any-return]  # _filtered keeps the queryset's type
        AccessLog.objects.visible_to(user), params, ACCESS_FILTERS)


def kind_label(kind: str) -> str:
    """'people.person' as the active language names the model; the technical name when the model is unknown."""
    try:
        return str(apps.get_model(kind)._meta.verbose_name)
    except (LookupError, ValueError):
        return kind


# Columns every room's tables have, named once here rather than on each model.
COMMON_FIELDS = {"id": _("record number"), "created_at": _("time of creation")}


def labelled_changes(record: ChangeRecord) -> list[tuple[str, str, object, object]]:
    """(label, field, old, new) for each changed field: the field's verbose name in the active language
    (a foreign key's `_id` column under its field's name), the stored name kept for the precise reader."""
    try:
        meta = apps.get_model(record.kind)._meta
    except (LookupError, ValueError):
        meta = None
    rows = []
    for field, pair in (record.changes or {}).items():
        label = str(COMMON_FIELDS.get(field, field))
        if meta is not None and field not in COMMON_FIELDS:
            for name in (field, field.removesuffix("_id")):
                try:
                    label = str(meta.get_field(name).verbose_name)
                    break
                except FieldDoesNotExist:
                    continue
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        rows.append((label, field, old, new))
    return rows
