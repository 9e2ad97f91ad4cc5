"""The shape of a work queue: what a room tells the start page is waiting for a user.

Each room that has work for people exposes `<room>/work_queue.py` with `sections(user) -> list[WorkSection]`;
the start page (web/home.py) only composes them, oldest first within each section. Rooms stay ignorant of
the page; the page stays ignorant of the rooms' rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Window


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: what, since when it waits, and the link that does it in one click."""

    label: str
    url: str
    since: dt.date
    action: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkSection:
    """A kind of work (applications to decide, alerts to resolve, ...); `total` may exceed the items shown."""

    title: str
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0
    more_url: str | None = None


TOTAL = "_work_queue_total"


def first_and_total(rows: Any, shown: int) -> tuple[list[Any], int]:
    """The first `shown` rows of a queryset (model instances, or dicts of a `.values()` queryset) and how many there
    are in all, in one query: the count is a window (COUNT(*) OVER (), computed before the LIMIT) on each row. A
    DISTINCT or combined queryset, whose window would count rows before they are merged, is counted apart, only
    when the page is full."""
    query = getattr(rows, "query", None)
    if query is not None and query.is_empty():  # .none(): a user with no grant for this queue; nothing to compile
        return [], 0
    if query is None or query.distinct or query.combinator or query.is_sliced:
        first = list(rows[:shown])
        return first, (rows.count() if len(first) == shown else len(first))
    first = list(rows.annotate(**{TOTAL: Window(Count("*"))})[:shown])
    if not first:
        return first, 0
    return first, (first[0][TOTAL] if isinstance(first[0], dict) else getattr(first[0], TOTAL))
