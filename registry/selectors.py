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


CUBE_GRAINS = ("day", "month", "year")
CUBE_SCOPES = ("interregional", "all_internal", "all")


def event_cube(*, start: dt.date | None = None, end: dt.date | None = None, scope: str = "interregional",
               grain: str = "month", by_sex: bool = False, by_age: bool = False,
               age_bands: tuple[int, ...] | None = None) -> pl.DataFrame:
    """Effective events counted by the database (GROUP BY; no event is read into Python): `n` by origin_region,
    destination_region (ISO codes, null = abroad), event_date (the first day of its month or year at that grain)
    and, if asked, sex and age — the shape of stats.analytics.indicators.event_cube.

    scope: 'interregional' internal moves between two regions; 'all_internal' every internal move; 'all' also
    arrivals from and departures to other countries. `age_bands` (lower bounds, e.g. (0, 15, 25, ...)) counts
    ages by band, each given as its lower bound: a cube of bands rather than of every year of age.
    """
    from django.db.models import Count, F
    from django.db.models.functions import TruncMonth, TruncYear

    from geo.models import TerritorialUnit

    if grain not in CUBE_GRAINS or scope not in CUBE_SCOPES:
        raise ValueError(f"grain in {CUBE_GRAINS}, scope in {CUBE_SCOPES}")
    if counts_cover(grain, start, end) and (not by_age or bands_cover(age_bands)):
        return _cube_from_counts(start=start, end=end, scope=scope, grain=grain, by_sex=by_sex, by_age=by_age,
                                 age_bands=age_bands)
    events = effective_events(start, end)
    if scope != "all":
        events = events.filter(kind="internal")
    if scope == "interregional":
        events = events.exclude(origin_region_id=F("destination_region_id"))
    period = {"day": F("event_date"), "month": TruncMonth("event_date"), "year": TruncYear("event_date")}[grain]
    keys = ["origin_region_id", "destination_region_id", "period"] + (["sex"] if by_sex else []) + (
        ["years"] if by_age else [])
    rows = list(events.order_by().annotate(period=period, years=_age(age_bands)).values_list(*keys)
                .annotate(n=Count("id")))
    codes = dict(TerritorialUnit.objects.values_list("id", "code"))
    schema: dict[str, pl.DataType | type[pl.DataType]] = {"origin_region": pl.Utf8, "destination_region": pl.Utf8, "event_date": pl.Date}
    if by_sex:
        schema["sex"] = pl.Utf8
    if by_age:
        schema["age"] = pl.Int64
    schema["n"] = pl.UInt32
    return pl.DataFrame([(codes.get(r[0]), codes.get(r[1]), _day(r[2]), *r[3:]) for r in rows], schema=schema,
                        orient="row")


def counts_cover(grain: str, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether the counts the database keeps (EventCount, PostgreSQL) answer this cube: whole months only."""
    from django.db import connection

    whole_start = start is None or start.day == 1
    whole_end = end is None or (end + dt.timedelta(days=1)).day == 1
    return connection.vendor == "postgresql" and grain != "day" and whole_start and whole_end


def bands_cover(age_bands: tuple[int, ...] | None) -> bool:
    """Whether the counts' age bands (EventCount.AGE_BANDS) make up these bands: each asked band a union of
    stored ones (no age by single year, every asked lower bound a stored one, from 0)."""
    from .models import EventCount

    return bool(age_bands) and age_bands is not None and age_bands[0] == 0 and set(age_bands) <= set(EventCount.AGE_BANDS)


def _age(age_bands: tuple[int, ...] | None, column: str = "age"):
    from django.db.models import Case, F, IntegerField, Value, When

    if not age_bands:
        return F(column)
    whens = [When(**{f"{column}__lt": hi}, then=Value(lo)) for lo, hi in zip(age_bands, age_bands[1:], strict=False)]
    return Case(*whens, default=Value(age_bands[-1]), output_field=IntegerField())


def _cube_from_counts(*, start, end, scope, grain, by_sex, by_age, age_bands) -> pl.DataFrame:
    from django.db.models import F, Sum
    from django.db.models.functions import TruncYear

    from geo.models import TerritorialUnit

    from .models import EventCount

    whole_years = (start is None or (start.month, start.day) == (1, 1)) and (
        end is None or (end.month, end.day) == (12, 31))
    counts = EventCount.objects.filter(grain="year" if grain == "year" and whole_years else "month",
                                       sex__isnull=not (by_sex or by_age))
    if start is not None:
        counts = counts.filter(month__gte=start)
    if end is not None:
        counts = counts.filter(month__lte=end)
    if scope != "all":
        counts = counts.filter(kind="internal")
    if scope == "interregional":
        counts = counts.exclude(origin_region_id=F("destination_region_id"))
    period = F("month") if grain == "month" else TruncYear("month")
    keys = ["origin_region_id", "destination_region_id", "period"] + (["sex"] if by_sex else []) + (
        ["years"] if by_age else [])
    years = (F("age_band") if tuple(age_bands or ()) == EventCount.AGE_BANDS else _age(age_bands, "age_band"))
    rows = list(counts.order_by().annotate(period=period, years=years).values_list(*keys).annotate(total=Sum("n"))
                .filter(total__gt=0))
    codes = dict(TerritorialUnit.objects.values_list("id", "code"))
    schema: dict[str, pl.DataType | type[pl.DataType]] = {"origin_region": pl.Utf8, "destination_region": pl.Utf8, "event_date": pl.Date}
    if by_sex:
        schema["sex"] = pl.Utf8
    if by_age:
        schema["age"] = pl.Int64
    schema["n"] = pl.UInt32
    return pl.DataFrame([(codes.get(r[0]), codes.get(r[1]), _day(r[2]), *r[3:]) for r in rows], schema=schema,
                        orient="row")


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


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


def person_moves(person: Person):
    """A person's moves as they stand: a corrected event only in its latest version, an annulled one not at all
    (what the citizen reads; officers see every version in person_events)."""
    return person_events(person).effective()


def active_permanent(person: Person) -> Registration | None:
    return Registration.objects.filter(person=person, kind="permanent", is_active=True).select_related(
        "region", "district").first()
