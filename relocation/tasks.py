"""Scheduled work of the programme on the job queue (django-tasks): the daily follow-up scan with its deadline
reminders. Production enqueues it daily (`manage.py relocation_daily --enqueue` from a timer) and a
`db_worker` runs it; `make run` runs it once at start."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def daily_follow_up(on: str | None = None) -> dict[str, int]:
    """The follow-up scan and reminders for the day `on` (ISO date; default today)."""
    day = dt.date.fromisoformat(on) if on else None
    return services.scan_follow_up(on=day, actor="relocation_daily")


@task()
def daily_debts(on: str | None = None) -> dict[str, int]:
    """Debts whose limitation period ran out are closed (model law art. 19(5)); the waiting list takes the
    places freed since yesterday."""
    day = dt.date.fromisoformat(on) if on else None
    return {"time_barred": services.close_time_barred(on=day, actor="relocation_daily"),
            "waiting_list": services.offer_waiting_places(actor="relocation_daily")}


DAILY = [daily_follow_up, daily_debts]
