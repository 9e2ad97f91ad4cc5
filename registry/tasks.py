"""The registry's work on the job queue (django-tasks; settings.TASKS): imports run by a worker, not the web
process; the daily end of expired stays and fold of the event counts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from accounts.audit import acting_as


@task()
def run_import(batch_id: int) -> None:
    """Import a batch's file from its last committed chunk, as the user who uploaded it."""
    from .importer import run_batch
    from .models import ImportBatch

    batch = ImportBatch.objects.filter(pk=batch_id).select_related("uploaded_by").first()
    if batch is None:
        return
    with acting_as(batch.uploaded_by or "import"):
        run_batch(batch)


@task()
def compact_event_counts() -> int:
    """The daily fold of the event counts (registry.services.compact_event_counts)."""
    from .services import compact_event_counts as compact

    return compact()


@task()
def end_expired_stays(on: str | None = None) -> int:
    """End every temporary registration past its last day as of `on` (ISO date; default today). Idempotent:
    a second run ends nothing more, so a retry after a lost worker is safe."""
    from .services import end_expired_stays as end

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return end(day, actor="end_expired_stays")


DAILY = [end_expired_stays, compact_event_counts]
