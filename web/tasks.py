"""Scheduled jobs that belong to a room which does not (yet) declare its own `tasks.py`.

`end_expired_stays` is registry's daily scan (registry.services.end_expired_stays, also run by
`manage.py end_expired_stays`); it lives here, in a face, so that the queue runs it until registry/tasks.py
takes it over (move the task and its DAILY entry there, nothing else changes).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from accounts.audit import acting_as
from registry import services as registry_services


@task()
def end_expired_stays(on: str | None = None) -> int:
    """End every temporary registration past its last day as of `on` (ISO date; default today). Idempotent:
    a second run ends nothing more, so a retry after a lost worker is safe."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    with acting_as("end_expired_stays"):
        return registry_services.end_expired_stays(day)


DAILY = [end_expired_stays]
