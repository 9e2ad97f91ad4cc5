"""Importing tables shaped like the Bureau of National Statistics' own (CSV or XLSX) into the series store.

A `TableSpec` says which column holds the region (names in Kazakh, Russian or English, ISO or letter codes),
how the period is given (a year, a year and a month, or a span), and which value columns are which
indicator. Every region name is resolved through `geo.services.resolve_unit` on the period's last day, so a
2010 "South Kazakhstan" row lands on the historical unit; tables recalculated in today's borders
(`units_on="today"`) resolve on today's date. Rows whose region cannot be resolved are reported, not stored.
Loading is idempotent: a second run of the same file creates nothing and changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from geo.services import UnknownUnit, resolve_unit

from .analytics.data import DATA, FILES
from .models import Coverage, Flow, FlowSource, Indicator, Observation, StatisticsImport

BNS = "BNS ASPR RK (stat.gov.kz)"


@dataclass(frozen=True)
class TableSpec:
    dataset: str
    file: str
    source: str
    values: dict[str, str]
    coverage: str = Coverage.NOT_APPLICABLE
    region_column: str = "region"
    period: str = "year"  # year | month | span
    units_on: str = "period"  # period | today
    filters: dict[str, str] = field(default_factory=dict)
    category_column: str | None = None
    sex_column: str | None = None


SPECS: dict[str, TableSpec] = {spec.dataset: spec for spec in [
    TableSpec("interregional", FILES["interregional"], f"{BNS}, origin-destination table marginals",
              {"arrivals": Indicator.ARRIVALS, "departures": Indicator.DEPARTURES}, Coverage.INTERREGIONAL,
              units_on="today"),
    TableSpec("annual_all_internal", FILES["annual_all_internal"], f"{BNS}, internal migration 2022-2023",
              {"arrivals_all_internal": Indicator.ARRIVALS, "departures_all_internal": Indicator.DEPARTURES},
              Coverage.ALL_INTERNAL),
    TableSpec("monthly_all_internal", FILES["monthly_all_internal"], f"{BNS}, internal migration by month 2024",
              {"arrivals_all_internal": Indicator.ARRIVALS, "departures_all_internal": Indicator.DEPARTURES},
              Coverage.ALL_INTERNAL, period="month"),
    TableSpec("net_all_flows", FILES["net_all_flows"], f"{BNS}, net migration all flows",
              {"net_migration_all_flows": Indicator.NET}, Coverage.ALL_FLOWS, filters={"area": "total"}),
    TableSpec("unemployment", FILES["unemployment"], f"{BNS}, unemployment rate (LFS), PDDL 1.0",
              {"unemployment_rate_pct": Indicator.UNEMPLOYMENT_RATE}, filters={"period": "year"}),
    TableSpec("resettlement", FILES["resettlement"], "MLSPP via press (source_url per row)",
              {"persons": Indicator.RESETTLED}, region_column="receiving_region", period="span",
              category_column="category"),
    TableSpec("quota", FILES["quota"], "MLSPP orders via press (source_url per row)",
              {"quota_persons": Indicator.QUOTA}, category_column="category"),
]}

OD_DATASET = "od"


def read_table(path: str | Path) -> pl.DataFrame:
    """A CSV or an XLSX sheet (first sheet, header in the first row) as a frame of strings and numbers."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
        header = [str(h).strip() for h in rows[0]]
        return pl.DataFrame([dict(zip(header, r, strict=False)) for r in rows[1:]], infer_schema_length=None)
    return pl.read_csv(path, infer_schema_length=10000)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(text) -> tuple[dt.date, dt.date]:
    text = str(text)
    if len(text) == 7:  # YYYY-MM
        y, m = int(text[:4]), int(text[5:7])
        return dt.date(y, m, 1), _last_day(y, m)
    day = dt.date.fromisoformat(text[:10])
    return day, day


def _periods(frame: pl.DataFrame, kind: str) -> list[tuple[dt.date, dt.date, int, int | None]]:
    if kind == "year":
        return [(dt.date(int(y), 1, 1), dt.date(int(y), 12, 31), int(y), None) for y in frame["year"]]
    if kind == "month":
        return [(dt.date(int(y), int(m), 1), _last_day(int(y), int(m)), int(y), int(m))
                for y, m in zip(frame["year"], frame["month"], strict=True)]
    out: list[tuple[dt.date, dt.date, int, int | None]] = []
    for s, e in zip(frame["period_start"], frame["period_end"], strict=True):
        start, end = _span(s)[0], _span(e)[1]
        out.append((start, end, start.year, None))
    return out


class Resolver:
    """resolve_unit with a cache; `retrospective` accepts a unit that began after the date (recalculations)."""

    def __init__(self, units_on: str = "period"):
        self.units_on = units_on
        self.cache: dict = {}
        self.unresolved: set[str] = set()

    def __call__(self, name: str, day: dt.date):
        on = timezone.localdate() if self.units_on == "today" else day
        key = (name, on)
        if key not in self.cache:
            try:
                self.cache[key] = resolve_unit(str(name), on=on)
            except UnknownUnit as exc:
                later = [u for u in exc.versions if u.valid_from > on]
                self.cache[key] = later[0] if later else None
                if not later:
                    self.unresolved.add(str(name))
        return self.cache[key]


def _file_record(path: Path, dataset: str, source: str) -> StatisticsImport:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return StatisticsImport.objects.create(dataset=dataset, file_name=path.name, sha256=digest, source=source)


def import_table(spec: TableSpec, path: str | Path | None = None) -> dict:
    """Load one table by its spec; returns {'dataset', 'created', 'updated', 'skipped', 'unresolved'}."""
    path = Path(path) if path else DATA / spec.file
    frame = read_table(path)
    for column, wanted in spec.filters.items():
        frame = frame.filter(pl.col(column).cast(pl.Utf8) == wanted)
    periods = _periods(frame, spec.period)
    resolve = Resolver(spec.units_on)
    incoming: dict[tuple, float] = {}
    skipped = 0
    for i, row in enumerate(frame.iter_rows(named=True)):  # one dict per published row: tables are small
        start, end, year, month = periods[i]
        unit = resolve(row[spec.region_column], end)
        if unit is None:
            skipped += 1
            continue
        sex = row[spec.sex_column] if spec.sex_column else "total"
        category = str(row[spec.category_column])[:80] if spec.category_column else ""
        for column, indicator in spec.values.items():
            if row[column] is None:
                continue
            key = (str(indicator), str(spec.coverage), unit.pk, start, end, sex, "total", category, spec.dataset)
            incoming[key] = incoming.get(key, 0.0) + float(row[column])
    with transaction.atomic():
        record = _file_record(path, spec.dataset, spec.source)
        existing = {
            (o.indicator, o.coverage, o.unit_id, o.period_start, o.period_end, o.sex, o.age_group, o.category,
             o.source): o
            for o in Observation.objects.filter(source=spec.dataset)
        }
        new, changed = [], []
        for key, value in incoming.items():
            old = existing.get(key)
            if old is None:
                indicator, coverage, unit_id, start, end, sex, age, category, source = key
                new.append(Observation(
                    indicator=indicator, coverage=coverage, unit_id=unit_id, period_start=start, period_end=end,
                    year=start.year, month=start.month if spec.period == "month" else None, sex=sex,
                    age_group=age, category=category, value=value, source=source, imported=record))
            elif old.value != value:
                old.value, old.imported = value, record
                changed.append(old)
        Observation.objects.bulk_create(new, batch_size=1000)
        Observation.objects.bulk_update(changed, ["value", "imported"], batch_size=1000)
        record.rows_created, record.rows_updated = len(new), len(changed)
        record.save()
    return {"dataset": spec.dataset, "created": len(new), "updated": len(changed), "skipped": skipped,
            "unresolved": sorted(resolve.unresolved)}


def import_od(path: str | Path | None = None) -> dict:
    """Load the published origin-destination table (today's 20 units, every year) into Flow rows."""
    path = Path(path) if path else DATA / FILES["od"]
    frame = read_table(path)
    resolve = Resolver("today")
    today = timezone.localdate()
    incoming = {}
    skipped = 0
    for row in frame.iter_rows(named=True):
        origin, destination = resolve(row["origin"], today), resolve(row["destination"], today)
        if origin is None or destination is None:
            skipped += 1
            continue
        incoming[(origin.pk, destination.pk, int(row["year"]))] = (float(row["persons"]), row.get("quality_flag") or "ok")
    with transaction.atomic():
        record = _file_record(path, OD_DATASET, f"{BNS}, interregional origin-destination table")
        existing = {(f.origin_id, f.destination_id, f.year): f
                    for f in Flow.objects.filter(source=FlowSource.PUBLISHED)}
        new, changed = [], []
        for (o, d, year), (persons, flag) in incoming.items():
            old = existing.get((o, d, year))
            if old is None:
                new.append(Flow(origin_id=o, destination_id=d, year=year, persons=persons, quality_flag=flag,
                                source=FlowSource.PUBLISHED, imported=record))
            elif (old.persons, old.quality_flag) != (persons, flag):
                old.persons, old.quality_flag, old.imported = persons, flag, record
                changed.append(old)
        Flow.objects.bulk_create(new, batch_size=1000)
        Flow.objects.bulk_update(changed, ["persons", "quality_flag", "imported"], batch_size=1000)
        record.rows_created, record.rows_updated = len(new), len(changed)
        record.save()
    return {"dataset": OD_DATASET, "created": len(new), "updated": len(changed), "skipped": skipped,
            "unresolved": sorted(resolve.unresolved)}


def import_shipped(datasets: list[str] | None = None, *, progress=None) -> list[dict]:
    """Load the shipped tables (all, or the named datasets); `progress(name)` is called after each."""
    names = datasets or [*SPECS, OD_DATASET]
    reports = []
    for name in names:
        reports.append(import_od() if name == OD_DATASET else import_table(SPECS[name]))
        if progress:
            progress(name)
    return reports
