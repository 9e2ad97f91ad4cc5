"""The oversight room's jobs on the queue (django-tasks, settings.TASKS): the daily scan."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def daily_scan(on: str | None = None) -> dict:
    """Run the scan on `on` (ISO date; default today) as the label 'oversight_scan'; returns the counts."""
    day = dt.date.fromisoformat(on) if on else None
    result = services.scan(on=day, actor="oversight_scan")
    return {"on": result.run.on.isoformat(), "raised": result.raised, "due": result.due,
            "refreshed": result.refreshed}


DAILY = [daily_scan]
