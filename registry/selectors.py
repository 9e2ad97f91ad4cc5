"""Reading the residence register: scoped lists, a person's history, and the events frame for statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from people.models import Person

from .models import MigrationEvent, Registration

EVENTS_SCHEMA: dict[str, Any] = {  # polars data types
    "event_id": pl.Int64,
    "event_date": pl.Date,
    "kind": pl.Utf8,
    "origin_region": pl.Utf8,
    "destination_region": pl.Utf8,
    "origin_district": pl.Utf8,
    "destination_district": pl.Utf8,
    "sex": pl.Utf8,
    "age": pl.Int64,
    "reason": pl.Utf8,
}


def effective_events(start: dt.date | None = None, end: dt.date | None = None):
    """Events in force: each corrected event is replaced by its correction, annulments remove it."""
    events = MigrationEvent.objects.effective()
    if start is not None:
        events = events.filter(event_date__gte=start)
    if end is not None:
        events = events.filter(event_date__lte=end)
    return events


def migration_events_frame(start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Effective migration events between `start` and `end` (inclusive), one row each, read in one query.

    Columns: event_id, event_date, kind, origin_region and destination_region (ISO codes, null = abroad),
    origin_district and destination_district (codes or null), sex ("male"/"female"), age, reason.
    """
    rows = list(effective_events(start, end).order_by("event_date", "id").values_list(
        "id", "event_date", "kind", "origin_region__code", "destination_region__code",
        "origin_district__code", "destination_district__code", "sex", "age", "reason",
    ))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(EVENTS_SCHEMA)
    return pl.DataFrame(
        {name: list(values) for name, values in zip(EVENTS_SCHEMA, columns, strict=True)}, schema=EVENTS_SCHEMA
    )


def registration_history(person: Person):
    """All of a person's registrations, newest first, with the units and any violation."""
    return (Registration.objects.filter(person=person)
            .select_related("region", "district", "contract__employer", "violation")
            .order_by("-registered_on", "-id"))


def person_events(person: Person):
    return (MigrationEvent.objects.filter(person=person)
            .select_related("origin_region", "origin_district", "destination_region", "destination_district",
                            "corrects")
            .order_by("-event_date", "-id"))


def active_permanent(person: Person) -> Registration | None:
    return Registration.objects.filter(person=person, kind="permanent", is_active=True).select_related(
        "region", "district").first()
