"""What the analysts' dashboard shows, built from the request's filters (shared by the page, the CSV
downloads and the API): every chart as (figure, frame), scoped to the user."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.core.cache import caches
from django.utils import timezone
from django.utils.html import json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.permissions import grant_scope
from accounts.roles import Scope
from lib import data_versions

from . import charts, labels, selectors
from .analytics.indicators import INDICATORS, age_group
from .analytics.od import od_from_cube
from .models import Coverage

SOURCES = ("official", "register")
FREQS = ("year", "month")
SEXES = ("total", "male", "female")
AGE_GROUPS = ("total", "0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65+")
CHARTS = ("choropleth", "flows", "series", "multiples", "forecast", "surplus")


@dataclass
class Filters:
    source: str = "official"
    coverage: str = Coverage.INTERREGIONAL
    indicator: str = "net"
    year: int | None = None
    freq: str = "year"
    unit: str = ""
    sex: str = "total"
    age: str = "total"
    month: int | None = None

    @classmethod
    def from_query(cls, query, user) -> Filters:
        def pick(name, allowed, default):
            value = query.get(name, default)
            return value if value in allowed else default

        year = query.get("year", "")
        month = query.get("month", "")
        scope_code = user.scope_unit.code if getattr(user, "scope_unit_id", None) else ""
        return cls(
            source=pick("source", SOURCES, "official"),
            coverage=pick("coverage", (Coverage.INTERREGIONAL, Coverage.ALL_INTERNAL), Coverage.INTERREGIONAL),
            indicator=pick("indicator", INDICATORS, "net"),
            year=int(year) if year.isdecimal() else None,
            freq=pick("freq", FREQS, "year"),
            unit=query.get("unit", scope_code) or scope_code,
            sex=pick("sex", SEXES, "total"), age=pick("age", AGE_GROUPS, "total"),
            month=int(month) if month.isdecimal() and 1 <= int(month) <= 12 else None,
        )

    def as_query(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def _table(f: Filters, user, freq: str) -> pl.DataFrame:
    if f.source == "register":
        scope = "interregional" if f.coverage == Coverage.INTERREGIONAL else "all_internal"
        table = selectors.register_indicators(freq, scope=scope, by_sex=f.sex != "total", by_age=f.age != "total",
                                              user=user)
        if f.sex != "total":
            table = table.filter(pl.col("sex") == f.sex)
        if f.age != "total":
            table = table.filter(pl.col("age_group") == f.age)
        if freq == "year" and not table.is_empty():
            table = table.with_columns(pl.col("period").cast(pl.Int32))
        return table
    table = selectors.indicator_table(f.coverage, freq, user=user)
    return table.filter((pl.col("sex") == "total") & (pl.col("age_group") == "total"))


BUILD_WAIT_S = 90  # how long a request waits for the same dashboard another process is building


def _view_key(user) -> tuple:
    """What of the user the dashboard depends on: the grants' scopes (which units, which flows, small cells
    suppressed for researchers) and the territory they apply to — never the user's identity."""
    grants = (grant_scope(user, "view", "stats.observation"), grant_scope(user, "view", "stats.flow"))
    own = None if all(g in (Scope.COUNTRY, Scope.TERRITORY) for g in grants) else getattr(user, "pk", None)
    return (getattr(user, "role", ""), getattr(user, "scope_unit_id", None), grants, own)


def _with_scripts(result: dict) -> dict:
    """Each chart's figure as the page's <script type="application/json"> (Django's json_script), serialized
    once with the figures rather than at each rendering; the maps' region outlines left to the page's script
    (charts.for_page)."""
    result["chart_scripts"] = {name: json_script(charts.for_page(figure), name)
                               for name, (figure, _frame) in result["charts"].items()}
    return result


@functools.cache
def code_version() -> str:
    """A digest of the code and templates that make a kept dashboard (this room's Python and templates): the
    shared cache outlives a deployment, and a page or build kept by the previous code must not be served by
    the next one."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        if "tests" not in path.relative_to(root).parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_name(f: Filters, user, probes: tuple[str, ...] = ()) -> str | None:
    """The shared cache's name of the dashboard for these filters and this user's view (see build_cached); None
    for the register's figures, which are never kept. `probes`: version figures of other data a page keeps
    with the figures (lib.data_versions.tokens), read in the same query."""
    if f.source == "register":
        return None
    # the data version of the units, the population and the published tables (lib/data_versions.py: any write
    # of them, an import or a correction, gives a new token), in one query
    key = (code_version(), timezone.localdate(), tuple(sorted(f.as_query().items())), get_language() or "",
           _view_key(user))
    if probes:  # the probes' values are part of the name, read with the tokens
        values = data_versions.tokens(selectors.ROOMS, probes)
        known, probed = values[:len(selectors.ROOMS)], values[len(selectors.ROOMS):]
        return "stats.dashboard:" + data_versions.cache_key(selectors.ROOMS, (key, probes, probed), known)
    return "stats.dashboard:" + data_versions.cache_key(selectors.ROOMS, key)


def page_cached(f: Filters, user, render: Callable[[dict], str], *, shown: tuple = (),
                probes: tuple[str, ...] = ()) -> bytes:
    """The page's HTML made by `render` from `build_cached`'s result, as UTF-8 bytes (a response's body is
    bytes: half a megabyte encoded once, not on every visit), kept in the shared cache under the name of the
    figures' version (so per data version, filters, language and view), the `probes`' values (version figures
    of other data the HTML shows: the survey estimate) and `shown`: whatever else of the user the HTML shows
    (export links, the scope's name, the survey's reading scope). Rendering the tables and charts of a kept
    build was most of a visit's cost (hundreds of formatted numbers); a kept page is read, not rendered.
    `render` must put nothing of the request in the HTML (no CSRF token, no CSP nonce). The register's
    figures are never kept."""
    name = _cache_name(f, user, probes)
    if name is None:
        return render(build_cached(f, user)).encode()
    name += ":html:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    # this process's memory first (its name carries the data version, so a copy is never stale), then the
    # shared store: reading and decompressing the shared file on every visit cost more than rendering the rest
    local = caches[data_versions.CACHE]
    page = local.get(name)
    if page is not None:
        return page
    cache = caches["shared"]
    page = cache.get(name)
    if page is None:
        page = render(build_cached(f, user)).encode()
        cache.set(name, page)
    local.set(name, page)
    return page


def build_cached(f: Filters, user) -> dict:
    """`build`, kept in the shared cache (settings.CACHES["shared"]: one for every worker process) per data
    version: the published tables' version (stats.selectors.data_version), the territorial units', the day,
    the filters, the language and the user's view (_view_key). Building the figures is the dashboard's whole
    cost (Plotly validates every trace: seconds of CPU); the same figures for the same data are built once,
    by one process while the others wait for it. The register's figures change with every registration, so
    they are always built. `f.year` is resolved as `build` does."""
    name = _cache_name(f, user)
    if name is None:
        return _with_scripts(build(f, user))
    cache = caches["shared"]
    result = cache.get(name)
    if result is None and not cache.add(name + ":building", True, timeout=BUILD_WAIT_S):
        deadline = time.monotonic() + BUILD_WAIT_S  # another process builds it: wait, then build if it failed
        while result is None and time.monotonic() < deadline and cache.get(name + ":building"):
            time.sleep(0.2)
            result = cache.get(name)
    if result is None:
        try:
            result = _with_scripts(build(dataclasses.replace(f), user))
            cache.set(name, result)
        finally:
            cache.delete(name + ":building")
    f.year = result["filters"].year
    return result


def build(f: Filters, user) -> dict:
    """Everything the page shows: filters resolved, charts {name: (figure, frame)}, tables, notes."""
    units = selectors.units_frame()
    allowed = selectors.visible_codes(user)
    shown_units = units if allowed is None else units.filter(pl.col("code").is_in(allowed))
    annual = _table(f, user, "year")
    years = sorted({int(p) for p in annual["period"].to_list()}) if not annual.is_empty() else []
    if f.year not in years:
        f.year = years[-1] if years else None
    label = labels.indicator_label(f.indicator)
    out: dict = {"filters": f, "years": years, "charts": {}, "units": units, "shown_units": shown_units}
    this_year = annual.filter(pl.col("period") == f.year) if f.year else annual
    out["key_figures"] = this_year.sort("unit")
    context = units["code"].to_list()  # every region's outline; a user's own territory is coloured
    out["charts"]["choropleth"] = charts.choropleth(this_year, shown_units, f.indicator, f"{label}, {f.year}",
                                                    context=context)
    series = _table(f, user, f.freq) if f.freq != "year" else annual
    if f.freq == "month" and f.year:
        series = series.filter(pl.col("period").dt.year() == f.year) if not series.is_empty() else series
    focus = [f.unit] if f.unit else None
    out["charts"]["series"] = charts.time_series(series, units, f.indicator, focus, label)
    out["charts"]["multiples"] = charts.small_multiples(annual, shown_units, f.indicator, label)

    # flows: published, register or estimated table of the year; focus unit's flows in and out
    if f.source == "register":
        # counted by the database (selectors.register_cube), then narrowed to the filtered persons
        cube = selectors.register_cube(scope="interregional", grain="year", by_sex=f.sex != "total",
                                       by_age=f.age != "total")
        if f.sex != "total" and not cube.is_empty():
            cube = cube.filter(pl.col("sex") == f.sex)
        if f.age != "total" and not cube.is_empty():
            cube = cube.filter(age_group(pl.col("age")) == f.age)
        table = od_from_cube(cube, freq="year") if not cube.is_empty() else pl.DataFrame(
            schema={"origin": pl.Utf8, "destination": pl.Utf8, "period": pl.Int32, "persons": pl.Float64,
                    "source": pl.Utf8})
        table = table.filter(pl.col("period") == f.year) if f.year else table
        table = selectors.scope_frame(table, user, columns=("origin", "destination"), kind="stats.flow")
        table = selectors.suppress_small_cells(table, user, counts=("persons",)).drop_nulls("persons")
        meta = {"source": "register", "year": f.year}
    elif f.year and f.month:
        table, meta = selectors.od_table_month(f.year, f.month, user=user)
        if not table.is_empty():  # moves within a region cannot be drawn as arcs
            table = table.filter(pl.col("origin") != pl.col("destination"))
    else:
        table, meta = selectors.od_table(f.year, user=user) if f.year else (pl.DataFrame(), {})
    if f.unit and not table.is_empty():
        table = table.filter((pl.col("origin") == f.unit) | (pl.col("destination") == f.unit))
    out["od_meta"] = meta
    note = ""
    if meta.get("source") == "estimated" and meta.get("accuracy"):
        acc: Any = meta["accuracy"]
        note = _("Estimated by IPF; measured accuracy: %(cpc).1f%% of flows placed right, largest flows "
                 "off by %(mape).1f%% on average") % {"cpc": acc["cpc"] * 100, "mape": acc["mape_top"]}
    source_label = {"published": _("published"), "estimated": _("estimated"), "register": _("register")}.get(
        str(meta.get("source") or ""), "")
    if not table.is_empty():
        period = f"{f.year}-{f.month:02d}" if f.month and f.source != "register" else f.year
        out["charts"]["flows"] = charts.flow_map(table, units, _("Largest flows, %(year)s (%(source)s)") % {
            "year": period, "source": source_label}, note=note)
        if f.unit:
            out["flows_in"] = table.filter(pl.col("destination") == f.unit).sort("persons", descending=True).head(10)
            out["flows_out"] = table.filter(pl.col("origin") == f.unit).sort("persons", descending=True).head(10)
    out["accuracy_note"] = note

    fc = selectors.forecast()
    if fc is not None:
        by_unit = fc["by_unit"]
        if allowed is not None:
            by_unit = by_unit.filter(pl.col("unit").is_in(allowed))
        out["forecast"] = {**fc, "by_unit": by_unit}
        out["charts"]["forecast"] = charts.forecast_chart(
            by_unit, units, "arrivals", _("Arrivals %(year)s: actual, trend and naive forecasts") % {"year": fc["backtest_year"]})
    surplus, basis = selectors.surplus_table()
    if not surplus.is_empty():
        if allowed is not None:
            surplus = surplus.filter(pl.col("unit").is_in(allowed))
        out["surplus"], out["surplus_basis"] = surplus, basis
        out["charts"]["surplus"] = charts.surplus_map(
            surplus, shown_units, _("Labour surplus (+) / deficit (−) index, %(year)s") % {
                "year": int(surplus["year"][0]) if surplus.height else ""}, context=context)
    out["gravity"] = selectors.gravity_model()
    return out
