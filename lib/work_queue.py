"""The shape of a work queue: what a room tells the start page is waiting for a user.

Each room that has work for people exposes `<room>/work_queue.py` with `sections(user) -> list[WorkSection]`;
the start page (web/home.py) only composes them, oldest first within each section. Rooms stay ignorant of
the page; the page stays ignorant of the rooms' rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


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


def first_and_total(rows: Any, shown: int) -> tuple[list[Any], int]:
    """The first `shown` rows of a queryset and how many there are in all, counted by the database only when
    the page is full: a queue shorter than a page (the usual one) costs one query, not a list and a COUNT."""
    first = list(rows[:shown])
    return first, (rows.count() if len(first) == shown else len(first))
