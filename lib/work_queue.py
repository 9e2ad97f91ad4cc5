"""The shape of a work queue: what a room tells the start page is waiting for a user.

Each room that has work for people exposes `<room>/work_queue.py` with `sections(user) -> list[WorkSection]`;
the start page (web/home.py) only composes them, oldest first within each section. Rooms stay ignorant of
the page; the page stays ignorant of the rooms' rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
