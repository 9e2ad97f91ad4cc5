"""Keyset (cursor) pagination for the registry's long lists: page 1,000 costs what page 1 costs.

The list is ordered by (date, id) descending; a page ends with a cursor naming its last row, and the next page
is the rows strictly after it — `date <= d AND (date < d OR id < i)`, which the (date, id) index answers as a
range from d down, without counting or skipping the rows before (EXPLAIN in registry/README.md). `limit` is bounded (1..MAX_LIMIT); an unreadable cursor or limit
is a 400 naming the parameter.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

PARAMETERS = [
    OpenApiParameter("cursor", str, description="The `next_cursor` of the previous page (omit for the first page)."),
    OpenApiParameter("limit", int, description=f"Rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})."),
]


def encode(day: dt.date, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.date, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, pk = text.split("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError({"cursor": _("Not a cursor this list gave: start again from the first page.")}) from exc


def limit_of(params: Any) -> int:
    text = params.get("limit")
    if text in (None, ""):
        return DEFAULT_LIMIT
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise ValidationError({"limit": _("A whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}})
    return value


def page(queryset: QuerySet, params: Any, *, date_field: str) -> tuple[list[Any], str | None]:
    """One page of `queryset` newest first by (`date_field`, id), and the cursor of the next page (None at the end)."""
    limit = limit_of(params)
    rows = queryset.order_by(f"-{date_field}", "-id")
    if params.get("cursor"):
        day, pk = decode(params["cursor"])
        # `date <= d` is the index's range condition; the OR only sorts out the rows of the day d itself
        rows = rows.filter(**{f"{date_field}__lte": day}).filter(Q(**{f"{date_field}__lt": day}) | Q(id__lt=pk))
    found = list(rows[:limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, encode(getattr(found[-1], date_field), found[-1].pk) if more and found else None
