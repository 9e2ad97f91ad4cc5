"""The labour room's jobs on the queue (django-tasks): the daily closing of vacancies past their closing date."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def close_vacancies(day: str) -> int:
    """Close the open vacancies whose closing date is before `day` (ISO date); returns how many closed."""
    from .services import close_expired_vacancies

    return close_expired_vacancies(on=dt.date.fromisoformat(day), actor="close_vacancies")
