"""The labour room's jobs on the queue (django-tasks): the daily closing of vacancies past their closing date."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def close_vacancies(day: str | None = None) -> int:
    """Close the open vacancies whose closing date is before `day` (ISO date; default today); returns how many
    closed. Idempotent: a retry closes nothing more."""
    from .services import close_expired_vacancies

    on = dt.date.fromisoformat(day) if day else timezone.localdate()
    return close_expired_vacancies(on=on, actor="close_vacancies")


DAILY = [close_vacancies]
