"""Reading the territorial reference: resolve a code or a name on a date, today's units, the crosswalk.

Everything here reads; nothing writes. `geo.services` re-exports `UnknownUnit` and `resolve_unit`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lib import data_versions

from .models import PopulationCount, TerritorialUnit, UnitAlias, UnitCrosswalk, UnitKind

FIRST_LEVEL = (UnitKind.REGION, UnitKind.CITY)


class UnknownUnit(ValueError):
    """A code or name that names no unit, or no unit in force on the date asked."""

    def __init__(self, message: str, *, versions: Iterable[TerritorialUnit] = ()) -> None:
        super().__init__(message)
        self.versions = list(versions)


def normalize(text: str) -> str:
    """Lower case, ё -> е, punctuation -> space, single spaces: 'Almaty (city)' -> 'almaty city'."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def today() -> dt.date:
    return timezone.localdate()


def _span(unit: TerritorialUnit) -> str:
    if unit.valid_to is None:
        return _("it exists from %(start)s") % {"start": unit.valid_from.isoformat()}
    return _("it existed from %(start)s to %(end)s") % {"start": unit.valid_from.isoformat(),
                                                        "end": unit.valid_to.isoformat()}


def _unit_names(known: Any = data_versions.MISSING,
                ) -> tuple[dict[int, tuple], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Every unit version's column values by id, and the ids each name leads to: by its code or letter code in
    upper case, and by its aliases' normalized form. The reference is a few dozen units and a few hundred aliases,
    written only by migrations and reference imports, so it is kept per the geo room's data version (its triggers
    cover the units and the aliases): naming a unit — every registration form, import row and API write does —
    reads one token instead of compiling and running a three-way OR over a join with DISTINCT (none with `known`:
    the version as the caller read it with its own rows, `labels_version()`, when names are kept for it)."""
    def build() -> tuple[dict[int, tuple], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        columns = [field.attname for field in TerritorialUnit._meta.concrete_fields]
        rows = {row[0]: row for row in TerritorialUnit.objects.order_by().values_list(*columns)}
        codes: dict[str, set[int]] = {}
        aliases: dict[str, set[int]] = {}
        for pk, code, alpha_code in TerritorialUnit.objects.order_by().values_list("pk", "code", "alpha_code"):
            for name in (code, alpha_code):
                if name:
                    codes.setdefault(name.upper(), set()).add(pk)
        for pk, normalized in UnitAlias.objects.order_by().values_list("unit_id", "normalized"):
            aliases.setdefault(normalized, set()).add(pk)
        return (rows, {k: tuple(v) for k, v in codes.items()}, {k: tuple(v) for k, v in aliases.items()})

    return data_versions.cached((GEO_ROOM,), ("geo.unit_names",), build, _tokens(known))


def candidates(code_or_name: str, known: Any = data_versions.MISSING) -> list[TerritorialUnit]:
    """Every version of every unit known by this code, letter code (either case) or alias, in date order.

    Read from the names kept per data version (_unit_names); each call gets instances of its own, as a query
    would give them."""
    raw = code_or_name.strip()
    key = normalize(raw)
    if not key:
        return []
    rows, codes, aliases = _unit_names(known)
    found = set(codes.get(raw.upper(), ())) | set(aliases.get(key, ()))
    columns = [field.attname for field in TerritorialUnit._meta.concrete_fields]
    units = [TerritorialUnit.from_db(TerritorialUnit.objects.db, columns, rows[pk]) for pk in found]
    return sorted(units, key=lambda unit: (unit.valid_from, unit.code))


def resolve_unit(code_or_name: str, on: dt.date | None = None, known: Any = data_versions.MISSING) -> TerritorialUnit:
    """The unit version in force on `on` (default today) known by this ISO code (numeric or letter) or alias.

    Raises UnknownUnit when nothing has that name, when the unit did not exist on that date (the message says
    when it did), or when two different units in force share the name.
    """
    day = on or today()
    versions = candidates(code_or_name, known)
    if not versions:
        raise UnknownUnit(_("No territorial unit is known as %(name)s.") % {"name": repr(code_or_name)})
    in_force = [u for u in versions if u.valid_from <= day and (u.valid_to is None or u.valid_to >= day)]
    if len(in_force) == 1:
        return in_force[0]
    if len(in_force) > 1:
        exact = [u for u in in_force if u.code.upper() == code_or_name.strip().upper()]
        if len(exact) == 1:
            return exact[0]
        names = ", ".join(f"{u.code} ({u.name_en})" for u in in_force)
        raise UnknownUnit(_("%(name)s is ambiguous on %(day)s: %(units)s.")
                          % {"name": repr(code_or_name), "day": day.isoformat(), "units": names}, versions=in_force)
    # Not in force: explain with the version nearest in time (the next one if any, else the last one).
    later = [u for u in versions if u.valid_from > day]
    nearest = later[0] if later else versions[-1]
    raise UnknownUnit(
        _("%(code)s (%(name)s) did not exist on %(day)s; %(span)s.")
        % {"code": nearest.code, "name": nearest.name_en, "day": day.isoformat(), "span": _span(nearest)},
        versions=versions,
    )


def first_level_unit(unit: TerritorialUnit) -> TerritorialUnit:
    """The region or city of republican significance a unit lies in (the unit itself at the first level)."""
    while unit.kind not in (UnitKind.REGION, UnitKind.CITY) and unit.parent is not None:
        unit = unit.parent
    return unit


def find_unit(text: str | None, on: dt.date | None = None, known: Any = data_versions.MISSING) -> TerritorialUnit | None:
    """`resolve_unit`, but None for empty, unknown, ambiguous or out-of-date text instead of raising.

    Forms, imports and APIs treat an unknown name as a validation error of their own (a field error, a
    rejected row, a 400), so they want a value to test rather than an exception to catch.
    """
    if text is None or not text.strip():
        return None
    try:
        return resolve_unit(text.strip(), on=on, known=known)
    except UnknownUnit:
        return None


def current_units(on: dt.date | None = None) -> Any:
    """The first-level units (17 regions and 3 cities) in force on `on` (default today), by code."""
    return TerritorialUnit.objects.in_force_on(on or today()).filter(kind__in=FIRST_LEVEL).order_by("code")


GEO_ROOM = "geo"
LABELS_VERSION = "geo_version"  # the name under which `labels_version()` is read with a list's rows


def labels_version() -> RawSQL:
    """The geo room's data version as a column of a list's query (`.values(..., **{LABELS_VERSION:
    labels_version()})`): read in the same statement as rows that name units by id, it lets `unit_labels(known=)`
    find the kept labels without a query of its own (an uncorrelated scalar subquery: PostgreSQL runs it once)."""
    return RawSQL(f"SELECT token FROM {data_versions.TABLE} WHERE name = %s", (GEO_ROOM,),
                  output_field=BigIntegerField())


def _tokens(known: Any) -> Any:
    """The geo room's version as read by a caller, as lib.data_versions.cached takes it (MISSING: not read)."""
    return data_versions.MISSING if known is data_versions.MISSING else (known,)


def unit_codes(ids: Any, known: Any = data_versions.MISSING) -> dict[int, str]:
    """Unit id -> code for `ids` (None left out). Every unit's code is kept per the geo room's data version
    (lib/data_versions.py): a page of the register names units by id, and the table is small and rarely written,
    so a request reads one token (none with `known`, see unit_labels) instead of compiling and running a query
    of the codes."""
    wanted = set(ids) - {None}
    if not wanted:
        return {}
    every = unit_labels(known)
    return {pk: every[pk][0] for pk in wanted}


def unit_labels(known: Any = data_versions.MISSING) -> dict[int, tuple[str, str]]:
    """Every unit version's id -> (code, name in the active language), kept per the geo room's data version and
    language (the names as `TerritorialUnit.name` gives them). `known`: the geo room's version as the caller read
    it with its rows (`labels_version()`), so that no token is read here while the labels kept for it are found;
    otherwise (not found, or not given) the version is read afresh and the labels built for it if need be."""
    def build() -> dict[int, tuple[str, str]]:
        return {unit.pk: (unit.code, unit.name) for unit in TerritorialUnit.objects.all()}

    return data_versions.cached((GEO_ROOM,), ("geo.unit_labels", get_language() or ""), build, _tokens(known))


def country() -> TerritorialUnit:
    return TerritorialUnit.objects.get(kind=UnitKind.COUNTRY, code="KZ")


def to_current(unit: TerritorialUnit) -> list[tuple[TerritorialUnit, Decimal]]:
    """Today's units that cover `unit`'s territory, with population-share weights summing to 1.

    A unit in force today maps to itself with weight 1. The weights of a historical unit and their basis are
    UnitCrosswalk rows (population shares in the first year both parts were counted).
    """
    if unit.valid_to is None:
        return [(unit, Decimal(1))]
    rows = UnitCrosswalk.objects.filter(source=unit).select_related("target").order_by("target__code")
    result = [(row.target, row.weight) for row in rows]
    if not result:
        raise UnknownUnit(_("%(code)s (%(name)s, %(span)s) has no crosswalk to today's units.")
                          % {"code": unit.code, "name": unit.name_en, "span": _span(unit)})
    return result


def parts_of(historical_unit: TerritorialUnit) -> list[TerritorialUnit]:
    """Today's units that together make up a historical unit's territory."""
    return [target for target, _ in to_current(historical_unit)]


def crosswalk_frame() -> pl.DataFrame:
    """Every unit version with the today's-unit codes it maps to: code, valid_from, valid_to, target, weight."""
    rows: list[tuple[str, dt.date, dt.date | None, str, float]] = []
    mapped: dict[int, list[tuple[str, float]]] = {}
    for cw in UnitCrosswalk.objects.select_related("source", "target"):
        mapped.setdefault(cw.source_id, []).append((cw.target.code, float(cw.weight)))
    for unit in TerritorialUnit.objects.all():
        codes = {unit.code, unit.alpha_code} - {""}
        targets = mapped.get(unit.pk) or ([(unit.code, 1.0)] if unit.valid_to is None else [])
        for code in codes:
            for target, weight in targets:
                rows.append((code, unit.valid_from, unit.valid_to, target, weight))
    return pl.DataFrame(
        rows,
        schema={"code": pl.Utf8, "valid_from": pl.Date, "valid_to": pl.Date, "target": pl.Utf8, "weight": pl.Float64},
        orient="row",
    )


def _period_day(period: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A period as the day that decides which unit version it belongs to: a year counts on its 31 December."""
    if dtype == pl.Date:
        return period
    if dtype == pl.Datetime:
        return period.dt.date()
    return pl.date(period.cast(pl.Int32), 12, 31)


def reexpress(frame: pl.DataFrame, *, unit: str = "unit", period: str = "period", value: str = "value") -> pl.DataFrame:
    """Re-express a series given on the units of its own dates onto today's units (vectorised).

    `frame` has a unit code (numeric or letter ISO code), a period (a year as an integer, or a date) and a
    value. A year belongs to the unit versions in force on its 31 December. Values of historical units are
    shared out by the crosswalk's population weights, so each period keeps its total. Returns
    (unit, period, value) on today's codes, summed, sorted. Raises UnknownUnit for a code with no version on
    a period's date.
    """
    day_dtype = frame.schema[period]
    work = frame.select(
        pl.col(unit).cast(pl.Utf8).str.strip_chars().str.to_uppercase().alias("_code"),
        pl.col(period).alias("_period"),
        _period_day(pl.col(period), day_dtype).alias("_day"),
        pl.col(value).cast(pl.Float64).alias("_value"),
    ).with_row_index("_row")
    walk = crosswalk_frame()
    joined = work.join(walk, left_on="_code", right_on="code", how="inner").filter(
        (pl.col("valid_from") <= pl.col("_day")) & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("_day")))
    )
    missing = work.join(joined.select("_row").unique(), on="_row", how="anti")
    if missing.height:
        first = missing.row(0, named=True)
        raise UnknownUnit(_("%(code)s has no unit in force on %(day)s (%(rows)s rows).")
                          % {"code": first["_code"], "day": first["_day"], "rows": missing.height})
    return (
        joined.group_by("target", "_period")
        .agg((pl.col("_value") * pl.col("weight")).sum().alias(value))
        .rename({"target": unit, "_period": period})
        .sort(period, unit)
    )


def aggregate_to(historical_unit: TerritorialUnit, frame: pl.DataFrame, *, unit: str = "unit",
                 period: str = "period", value: str = "value") -> pl.DataFrame:
    """Sum a series on today's units into a historical unit's territory, to compare with its old figures.

    Returns (unit = the historical code, period, value) for each period of the frame's rows that fall in
    today's units making up `historical_unit`.
    """
    codes = [u.code for u in parts_of(historical_unit)]
    return (
        frame.filter(pl.col(unit).is_in(codes))
        .group_by(period)
        .agg(pl.col(value).sum())
        .with_columns(pl.lit(historical_unit.code).alias(unit))
        .select(unit, period, value)
        .sort(period)
    )


def population_by_unit(year: int | None = None, *, units: Any = None) -> tuple[int | None, dict[int, int]]:
    """Total population at the start of `year` (default: the latest year loaded) per unit id."""
    base = PopulationCount.objects.filter(sex="total", area="total")
    if year is None:
        year = base.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return None, {}
    rows = base.filter(year=year)
    if units is not None:
        rows = rows.filter(unit__in=units)
    return year, dict(rows.values_list("unit_id", "persons"))


def population_years() -> list[int]:
    return list(PopulationCount.objects.filter(sex="total", area="total").order_by("year")
                .values_list("year", flat=True).distinct())


def population_on_current_units(year: int | None = None) -> tuple[int | None, list[dict]]:
    """Population at the start of `year` (default latest) on today's 20 units, for the map and its table.

    For a year counted in older borders (before 2022, or South Kazakhstan before 2017), a historical unit's
    figure is shared out by the crosswalk weights and the row is marked `estimated`. Rows: unit, persons,
    share (of the national total), estimated; ordered by code.
    """
    units = list(current_units())
    base = PopulationCount.objects.filter(sex="total", area="total", unit__kind__in=FIRST_LEVEL)
    if year is None:
        year = base.order_by("-year").values_list("year", flat=True).first()
    by_id = {u.pk: {"unit": u, "persons": None, "share": None, "estimated": False} for u in units}
    if year is None:
        return None, list(by_id.values())
    weights: dict[int, list[tuple[int, Decimal]]] = {}
    for cw in UnitCrosswalk.objects.all():
        weights.setdefault(cw.source_id, []).append((cw.target_id, cw.weight))
    for unit_id, persons in base.filter(year=year).values_list("unit_id", "persons"):
        if unit_id in by_id:
            targets, estimated = [(unit_id, Decimal(1))], False
        else:
            targets, estimated = weights.get(unit_id, []), True
        for target_id, weight in targets:
            row = by_id[target_id]
            row["persons"] = (row["persons"] or 0) + int((Decimal(persons) * weight).to_integral_value())
            row["estimated"] = row["estimated"] or estimated
    total = sum(r["persons"] or 0 for r in by_id.values())
    rows = sorted(by_id.values(), key=lambda r: r["unit"].code)
    for row in rows:
        row["share"] = (row["persons"] / total * 100) if total and row["persons"] is not None else None
    return year, rows
