"""Reading the audit trail: filters an auditor applies to both streams."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .auditing import CARRIERS, members
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
    """The change records the auditor asks for. Asked for one row (its kind and number), also the bulk import's
    records that tell about it as a member (accounts.auditing.members): the room that writes such records names
    those that may hold it (accounts.auditing.CARRIERS), found by their own kind and number: the indexes answer."""
    records = ChangeRecord.objects.visible_to(user)
    kind, object_id = (params.get("kind") or "").strip(), (params.get("object_id") or "").strip()
    carriers = _carriers(kind, object_id)
    if carriers:
        held = Q(pk__in=[])
        for carrier_kind, carrier_ids in carriers.items():
            held |= Q(kind=carrier_kind, object_id__in=[str(i) for i in carrier_ids])
        records = records.filter(Q(kind=kind, object_id=object_id) | (held & Q(changes__has_key=f"{kind}#{object_id}")))
        params = {k: v for k, v in params.items() if k not in ("kind", "object_id")}
    return _filtered(records, params, CHANGE_FILTERS)  # type: ignore[no-any-return]  # keeps the queryset's type


def _carriers(kind: str, object_id: str) -> dict[str, list[Any]]:
    """{kind: ids} of the records that may hold row `object_id` of `kind` as a member, as the room that writes
    such records told (accounts.auditing.CARRIERS)."""
    find = CARRIERS.get(kind)
    if find is None or not object_id.isdecimal():
        return {}
    return find(int(object_id))


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


IDENTIFIER = re.compile(r"[A-Za-z0-9_.:-]+")


def shown_value(value: object, field: Any = None) -> str:
    """A stored value as the reader should see it (HTML-safe): a choice by its label, a yes/no in words, a
    related record by its name, a time in the locale's format; codes and structured data marked as code."""
    if value is None or value == "":
        return "—"
    if field is not None and getattr(field, "choices", None):
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return conditional_escape(str(label))
    if isinstance(value, bool):
        return conditional_escape(str(_("yes") if value else _("no")))
    if field is not None and getattr(field, "is_relation", False) and getattr(field, "related_model", None):
        obj = field.related_model._default_manager.filter(pk=value).first()
        if obj is not None:
            return conditional_escape(str(obj))
        return format_html("<code>#{}</code>", value)
    if isinstance(value, dict | list):
        return format_html("<code>{}</code>", json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value) if "T" in value else None
        except ValueError:
            moment = None
        if moment is not None:
            return conditional_escape(formats.date_format(timezone.localtime(moment) if timezone.is_aware(moment)
                                                          else moment, "SHORT_DATETIME_FORMAT"))
        if IDENTIFIER.fullmatch(value) and not value.isdecimal() and (value.lower() == value or "_" in value):
            return format_html("<code>{}</code>", value)  # a code or a file name, shown as such
    if isinstance(value, int | float) and not isinstance(value, bool):
        return conditional_escape(formats.number_format(value, use_l10n=True, force_grouping=value >= 10000))
    return conditional_escape(str(value))


def _in_english(text: Any) -> str:
    with translation.override("en"):
        return str(text)


def field_label(meta: Any, field: str) -> tuple[str, Any]:
    """A changed column's name in the reader's language and its model field: the verbose name where the room
    translated it; the column's own name, as code, where it did not (never English words on a kk/ru page)."""
    if field in COMMON_FIELDS:
        return conditional_escape(str(COMMON_FIELDS[field])), None
    if meta is not None:
        for name in (field, field.removesuffix("_id")):
            try:
                model_field = meta.get_field(name)
            except FieldDoesNotExist:
                continue
            label = str(model_field.verbose_name)
            if translation.get_language() == "en" or (isinstance(model_field.verbose_name, Promise)
                                                      and label != _in_english(model_field.verbose_name)):
                return conditional_escape(label), model_field
            return format_html("<code>{}</code>", field), model_field
    return format_html("<code>{}</code>", field), None


def labelled_changes(record: ChangeRecord) -> list[tuple[str, str, object, object]]:
    """(label, field, old, new) for each changed field, ready for HTML: the field's verbose name in the active
    language (a foreign key's `_id` column under its field's name), values by their labels and names
    (shown_value); a created record's fields have no old value (None). A bulk import's record also tells about
    the other rows its input row wrote (accounts.auditing.members): their fields follow, each label naming the
    row ("migration event #12: destination")."""
    rows: list[tuple[str, str, object, object]] = []
    for kind, object_id, changes in members(record.kind, record.object_id, record.changes):
        try:
            meta = apps.get_model(kind)._meta
        except (LookupError, ValueError):
            meta = None
        own = (kind, object_id) == (record.kind, record.object_id)
        for field, pair in changes.items():
            label, model_field = field_label(meta, field)
            if not own:
                label = format_html("{} #{}: {}", kind_label(kind), object_id, label)
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
            rows.append((mark_safe(label), field,  # noqa: S308 -- escaped above
                         None if old is None else mark_safe(shown_value(old, model_field)),  # noqa: S308
                         mark_safe(shown_value(new, model_field))))  # noqa: S308 -- escaped in shown_value
    return rows


def shown_detail(detail: Any) -> list[tuple[str, str]]:
    """An access-log entry's details (what was filtered, exported or read) as (name, value) HTML: names and
    values are the request's parameters, so they are shown as code, not as sentences."""
    if not isinstance(detail, dict):
        return [] if not detail else [("", shown_value(detail))]
    return [(format_html("<code>{}</code>", key),
             format_html("<code>{}</code>", value) if isinstance(value, str) else shown_value(value))
            for key, value in detail.items()]
