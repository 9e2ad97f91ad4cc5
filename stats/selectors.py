"""Reading the statistics store (and the register) into frames for pictures, API and bulletin.

Everything here reads; nothing writes. Frames are keyed by today's ISO codes. Results that do not depend
on the user (IPF estimates, the estimator's accuracy, the gravity model, the forecast) are cached per data
version (the latest import), and scoped afterwards.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import polars as pl
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.permissions import can, grant_scope
from accounts.roles import Role, Scope
from geo.models import PopulationCount, TerritorialUnit, UnitKind
from law.inputs import LAW_END, LAW_START, LawInputError
from law.parameters import parameter_value
from law.rules.common import REGION_CODES, REGION_NAMES
from lib import data_versions
from registry.selectors import migration_events_frame

from .analytics import data as shipped
from .analytics.evaluation import self_evaluate
from .analytics.forecast import backtest, long_panel, trend_forecast
from .analytics.gravity import distance_frame, ppml
from .analytics.indicators import indicators, movements_from_cube, movements_from_events
from .analytics.ipf import gravity_prior, ipf
from .analytics.od import from_matrix, to_matrix
from .analytics.surplus import compare_with_designation, surplus_index
from .models import Coverage, Flow, FlowSource, Indicator, Observation, StatisticsImport

FIRST_LEVEL = (UnitKind.REGION, UnitKind.CITY)


def data_version() -> tuple:
    """Changes whenever a table is loaded (the caches below are keyed by it)."""
    latest = StatisticsImport.objects.aggregate(m=Max("id"), at=Max("imported_at"), n=Count("id"))
    return latest["m"] or 0, str(latest["at"]), latest["n"]


# ---- units -------------------------------------------------------------------------------------------------

# The rooms whose tables the published statistics are computed from (lib/data_versions.py): results kept per their
# data version are correct in every server process, and fresh after any import.
ROOMS = ("geo", "stats")


def units_frame() -> pl.DataFrame:
    """Today's 20 units: code, name (active language), lon, lat (geo's centroid, else the shipped one); read once
    per geo data version, language and process."""
    return data_versions.cached(("geo",), ("stats.units_frame", get_language() or ""), _units_frame)


def _units_frame() -> pl.DataFrame:
    fallback = {r["code"]: r for r in shipped.regions().iter_rows(named=True)}
    rows = []
    for u in TerritorialUnit.objects.current().filter(kind__in=FIRST_LEVEL).order_by("code"):
        f = fallback.get(u.code, {})
        rows.append((u.code, u.name, u.centroid_lon or f.get("centroid_lon"), u.centroid_lat or f.get("centroid_lat"),
                     u.path))
    return pl.DataFrame(rows, schema={"code": pl.Utf8, "name": pl.Utf8, "lon": pl.Float64, "lat": pl.Float64,
                                      "path": pl.Utf8}, orient="row")


def codes() -> list[str]:
    return units_frame()["code"].to_list()


def visible_codes(user, kind: str = "stats.observation") -> list[str] | None:
    """Codes of the units a user may see figures of; None = all (country scope); [] = nothing."""
    scope = grant_scope(user, "view", kind)
    if scope is None:
        return []
    if scope == Scope.COUNTRY or user.scope_unit_id is None:
        return None
    units = units_frame()
    return units.filter(pl.col("path").str.starts_with(user.scope_unit.path))["code"].to_list() or [user.scope_unit.code]


def visible_key(user, kind: str = "stats.observation") -> tuple:
    """All `visible_codes` depends on of the user, given the units (geo's data version): the grant's scope and
    the territory it applies to. A result kept under it needs no list of codes to be computed first."""
    scope = grant_scope(user, "view", kind)
    return (scope, None if scope in (None, Scope.COUNTRY) else user.scope_unit_id)


def scope_frame(frame: pl.DataFrame, user, *, columns: tuple[str, ...] = ("unit",), kind="stats.observation"):
    """Keep rows any of whose `columns` is a unit the user may see (for flows: origin or destination)."""
    allowed = visible_codes(user, kind)
    if allowed is None:
        return frame
    cond = pl.lit(False)
    for column in columns:
        cond = cond | pl.col(column).is_in(allowed)
    return frame.filter(cond)


# ---- series --------------------------------------------------------------------------------------------------

def observations(indicators_: list[str], *, coverage: str | None = None, source: str | None = None) -> pl.DataFrame:
    """indicator, coverage, unit (code), period_start, period_end, year, month, sex, age_group, category, value.

    Only rows on units in force today (historical units are left out: series are shown on today's map).
    """
    qs = Observation.objects.filter(indicator__in=indicators_, unit__valid_to__isnull=True)
    if coverage is not None:
        qs = qs.filter(coverage=coverage)
    if source is not None:
        qs = qs.filter(source=source)
    cols = ["indicator", "coverage", "unit__code", "period_start", "period_end", "year", "month", "sex",
            "age_group", "category", "value", "source"]
    rows = list(qs.values_list(*cols))
    schema = {"indicator": pl.Utf8, "coverage": pl.Utf8, "unit": pl.Utf8, "period_start": pl.Date,
              "period_end": pl.Date, "year": pl.Int32, "month": pl.Int32, "sex": pl.Utf8, "age_group": pl.Utf8,
              "category": pl.Utf8, "value": pl.Float64, "source": pl.Utf8}
    return pl.DataFrame(rows, schema=schema, orient="row")


def movements(coverage: str = Coverage.INTERREGIONAL, freq: str = "year") -> pl.DataFrame:
    """unit, period, sex, age_group, arrivals, departures from the store (year: int period; month: date)."""
    obs = observations([Indicator.ARRIVALS, Indicator.DEPARTURES], coverage=coverage)
    if freq == "month":
        obs = obs.filter(pl.col("month").is_not_null()).with_columns(pl.col("period_start").alias("period"))
    else:
        annual = obs.filter(pl.col("month").is_null())
        # a year published only by month is summed from its months (within 1-2 persons of the annual release)
        from_months = obs.filter(pl.col("month").is_not_null() & ~pl.col("year").is_in(annual["year"].unique().implode()))
        obs = pl.concat([annual, from_months]).with_columns(pl.col("year").alias("period"))
    if obs.is_empty():
        return pl.DataFrame(schema={"unit": pl.Utf8, "period": pl.Int32, "sex": pl.Utf8, "age_group": pl.Utf8,
                                    "arrivals": pl.Int64, "departures": pl.Int64})
    return (obs.pivot(on="indicator", index=["unit", "period", "sex", "age_group"], values="value",
                      aggregate_function="sum")
            .with_columns(pl.col("arrivals").fill_null(0).round().cast(pl.Int64),
                          pl.col("departures").fill_null(0).round().cast(pl.Int64)))


def population_frame() -> pl.DataFrame:
    """unit, year, population (start of year): geo's loaded figures, else the shipped BNS table."""
    rows = list(PopulationCount.objects.filter(sex="total", area="total", unit__valid_to__isnull=True)
                .values_list("unit__code", "year", "persons"))
    if rows:
        return pl.DataFrame(rows, schema={"unit": pl.Utf8, "year": pl.Int32, "population": pl.Int64}, orient="row")
    return shipped.population().with_columns(pl.col("year").cast(pl.Int32))


def _latest_population(pop: pl.DataFrame) -> pl.DataFrame:
    """Population for years after the last published one: carried forward from the last year (stated)."""
    last = int(pop["year"].max())  # type: ignore[arg-type]  # a year column
    extra = [pop.filter(pl.col("year") == last).with_columns(pl.lit(y, dtype=pl.Int32).alias("year"))
             for y in range(last + 1, timezone.localdate().year + 2)]
    return pl.concat([pop, *extra])


def indicator_table(coverage: str = Coverage.INTERREGIONAL, freq: str = "year", user=None) -> pl.DataFrame:
    """Every indicator by unit and period (and sex / age group), scoped to the user if given. Computed once per
    data version (ROOMS) and day (the population is carried forward to next year) in each process."""
    out = data_versions.cached(ROOMS, ("stats.indicator_table", coverage, freq, timezone.localdate()),
                               lambda: _indicator_table(coverage, freq))
    return scope_frame(out, user) if user is not None else out


def _indicator_table(coverage: str, freq: str) -> pl.DataFrame:
    moves = movements(coverage, freq)
    pop = _latest_population(population_frame())
    return indicators(moves, by=("unit", "period", "sex", "age_group"), population=pop)


def register_events(start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """The register's effective events (registry.selectors.migration_events_frame); empty if not available."""
    return migration_events_frame(start, end)


def register_cube(*, scope: str = "interregional", grain: str = "month", by_sex: bool = False,
                  by_age: bool = False) -> pl.DataFrame:
    """The register's effective events counted by the database (registry.selectors.event_cube, a GROUP BY):
    the statistics never read every event into Python."""
    from registry.selectors import event_cube

    from .analytics.indicators import AGE_BANDS

    return event_cube(scope=scope, grain=grain, by_sex=by_sex, by_age=by_age, age_bands=AGE_BANDS)


SMALL_CELL = 5


def suppress_small_cells(frame: pl.DataFrame, user, *, counts: tuple[str, ...] = ("arrivals", "departures")):
    """For researchers (who only ever receive aggregates), blank every count of the register below SMALL_CELL
    persons (but not zero) and whatever is derived from a blanked count, so that no figure points at a person."""
    if user is None or getattr(user, "role", None) != Role.RESEARCHER or frame.is_empty():
        return frame
    small = {c: (pl.col(c) > 0) & (pl.col(c) < SMALL_CELL) for c in counts}
    derived = [c for c in ("net", "gross", "efficiency", "net_per_1000") if c in frame.columns]
    any_small = pl.any_horizontal(list(small.values()))
    return frame.with_columns(
        *[pl.when(cond).then(None).otherwise(pl.col(c)).alias(c) for c, cond in small.items()],
        *[pl.when(any_small).then(None).otherwise(pl.col(c)).alias(c) for c in derived],
    )


def register_indicators(freq: str = "month", *, scope: str = "interregional", by_sex=False, by_age=False,
                        user=None, events: pl.DataFrame | None = None) -> pl.DataFrame:
    """Indicators of the register's own events (same computation as the official series), scoped, with
    small cells suppressed for researchers."""
    by = ["unit", "period"] + (["sex"] if by_sex else []) + (["age_group"] if by_age else [])
    if events is None:  # counted by the database, not read event by event
        moves = movements_from_cube(register_cube(scope=scope, grain=freq, by_sex=by_sex, by_age=by_age), freq=freq)
    else:
        moves = movements_from_events(events, freq=freq, scope=scope, by_sex=by_sex, by_age=by_age)
    out = indicators(moves, by=tuple(by), population=_latest_population(population_frame()))
    if user is None:
        return out
    return suppress_small_cells(scope_frame(out, user), user)


# ---- origin-destination --------------------------------------------------------------------------------------

def published_flows() -> pl.DataFrame:
    rows = list(Flow.objects.filter(source=FlowSource.PUBLISHED)
                .values_list("origin__code", "destination__code", "year", "persons", "quality_flag"))
    return pl.DataFrame(rows, schema={"origin": pl.Utf8, "destination": pl.Utf8, "period": pl.Int32,
                                      "persons": pl.Float64, "quality_flag": pl.Utf8}, orient="row")


@lru_cache(maxsize=8)
def _accuracy(version: tuple) -> dict | None:
    flows = published_flows()
    years = sorted(flows["period"].unique().to_list())
    if len(years) < 2:
        return None
    units = codes()
    real = to_matrix(flows.filter(pl.col("period") == years[-1]), units)
    prior = to_matrix(flows.filter(pl.col("period") == years[-2]), units)
    report = self_evaluate(real, prior)
    return {**report, "evaluated_year": years[-1], "prior_year": years[-2]}


def estimator_accuracy() -> dict | None:
    """The IPF estimator measured on the latest published year (estimated from its marginals and the table
    of the published year before it): common part of flows, error of the 20 largest flows."""
    return _accuracy(data_version())


@lru_cache(maxsize=32)
def _od(version: tuple, year: int) -> tuple[pl.DataFrame, dict]:
    units = codes()
    flows = published_flows()
    published_years = sorted(flows["period"].unique().to_list())
    if year in published_years:
        table = flows.filter(pl.col("period") == year).with_columns(pl.lit("published").alias("source"))
        return table, {"source": "published", "year": year}
    marg = movements(Coverage.INTERREGIONAL, "year").filter(pl.col("period") == year)
    if marg.is_empty():
        return pl.DataFrame(), {"source": None, "year": year}
    marg = marg.group_by("unit").agg(pl.col("arrivals").sum(), pl.col("departures").sum())
    m = pl.DataFrame({"unit": units}).join(marg, on="unit", how="left").fill_null(0)
    earlier = [y for y in published_years if y < year] or published_years
    if earlier:
        prior_year = max(earlier)
        prior = to_matrix(flows.filter(pl.col("period") == prior_year), units)
        prior_label = f"published {prior_year}"
    else:
        u = units_frame()
        pop = population_frame()
        pop = u.select("code").join(pop.filter(pl.col("year") == pop["year"].max()), left_on="code",
                                    right_on="unit", how="left")
        prior = gravity_prior(pop["population"].fill_null(1).to_numpy(), u["lon"].to_numpy(), u["lat"].to_numpy())
        prior_label = "gravity (population, centroid distance)"
    result = ipf(prior, m["departures"].to_numpy(), m["arrivals"].to_numpy())
    table = from_matrix(result.table, units, period=year, source="estimated").with_columns(
        pl.lit("estimated").alias("quality_flag"))
    return table, {"source": "estimated", "year": year, "prior": prior_label, "iterations": result.iterations,
                   "marginal_error": result.max_relative_error}


def od_table(year: int, user=None) -> tuple[pl.DataFrame, dict]:
    """The year's origin-destination table, published if there is one, else estimated by IPF (labelled),
    with the estimator's measured accuracy in the metadata; scoped to flows in or out of the user's units."""
    table, meta = _od(data_version(), year)
    if meta.get("source") == "estimated":
        meta = {**meta, "accuracy": estimator_accuracy()}
    if user is not None and not table.is_empty():
        table = scope_frame(table, user, columns=("origin", "destination"), kind="stats.flow")
    return table, meta


@lru_cache(maxsize=64)
def _od_month(version: tuple, year: int, month: int) -> tuple[pl.DataFrame, dict]:
    units = codes()
    annual, meta = _od(version, year)
    monthly = movements(Coverage.ALL_INTERNAL, "month")
    if annual.is_empty() or monthly.is_empty():
        return pl.DataFrame(), {"source": None, "year": year, "month": month}
    this = monthly.filter((pl.col("period").dt.year() == year) & (pl.col("period").dt.month() == month))
    if this.is_empty():
        return pl.DataFrame(), {"source": None, "year": year, "month": month}
    # the year's moves within each region: all-internal minus interregional (they add to both sides)
    yearly_all = monthly.filter(pl.col("period").dt.year() == year).group_by("unit").agg(
        pl.col("arrivals").sum().alias("a_all"), pl.col("departures").sum().alias("d_all"))
    inter = movements(Coverage.INTERREGIONAL, "year").filter(pl.col("period") == year).group_by("unit").agg(
        pl.col("arrivals").sum().alias("a_in"), pl.col("departures").sum().alias("d_in"))
    within = (pl.DataFrame({"unit": units}).join(yearly_all, on="unit", how="left").join(inter, on="unit", how="left")
              .fill_null(0).with_columns(((pl.col("a_all") - pl.col("a_in") + pl.col("d_all") - pl.col("d_in")) / 2)
                                         .clip(lower_bound=0).alias("within")))
    prior = to_matrix(annual, units) + np.diag(within["within"].to_numpy().astype(float))
    m = pl.DataFrame({"unit": units}).join(this.group_by("unit").agg(pl.col("arrivals").sum(), pl.col("departures").sum()),
                                           on="unit", how="left").fill_null(0)
    result = ipf(prior, m["departures"].to_numpy().astype(float), m["arrivals"].to_numpy().astype(float))
    n = len(units)
    i, j = np.indices((n, n)).reshape(2, -1)
    table = pl.DataFrame({
        "origin": [units[k] for k in i], "destination": [units[k] for k in j],
        "period": [dt.date(year, month, 1)] * len(i), "persons": result.table[i, j],
        "source": ["estimated"] * len(i), "quality_flag": ["estimated"] * len(i),
    })
    return table, {"source": "estimated", "year": year, "month": month, "coverage": "all_internal",
                   "prior": f"{meta.get('source')} {year} table, with the year's moves within regions on the diagonal",
                   "iterations": result.iterations, "marginal_error": result.max_relative_error}


def od_table_month(year: int, month: int, user=None) -> tuple[pl.DataFrame, dict]:
    """A month's table of all internal moves (the diagonal = moves within a region), estimated by IPF from the
    month's published arrivals and departures and the year's table. No monthly table is published, so its
    accuracy cannot be measured directly: the annual estimator's figure is given with it."""
    table, meta = _od_month(data_version(), year, month)
    if meta.get("source") == "estimated":
        meta = {**meta, "accuracy": estimator_accuracy()}
    if user is not None and not table.is_empty():
        table = scope_frame(table, user, columns=("origin", "destination"), kind="stats.flow")
    return table, meta


def od_years() -> list[int]:
    years = set(published_flows()["period"].unique().to_list())
    years |= set(movements(Coverage.INTERREGIONAL, "year")["period"].unique().to_list())
    return sorted(years)


# ---- models --------------------------------------------------------------------------------------------------

def unemployment_frame() -> pl.DataFrame:
    obs = observations([Indicator.UNEMPLOYMENT_RATE])
    if obs.is_empty():
        return shipped.unemployment()
    store = obs.select("unit", pl.col("year"), pl.col("value").alias("rate"))
    # 2023 and the units created in 2022: the analytics reader fills them (quarters, parent regions)
    extra = shipped.unemployment().join(store, on=["unit", "year"], how="anti")
    return pl.concat([store.with_columns(pl.col("year").cast(pl.Int64)), extra.with_columns(pl.col("year").cast(pl.Int64))])


@lru_cache(maxsize=4)
def _gravity(version: tuple) -> dict | None:
    flows = published_flows()
    if flows.is_empty():
        return None
    dist = distance_frame(units_frame().rename({"lon": "centroid_lon", "lat": "centroid_lat"}))
    return ppml(flows.select("origin", "destination", "period", "persons"), dist, unemployment_frame())


def gravity_model() -> dict | None:
    """PPML on the published panel (every published year): coefficients, SEs, fit."""
    return _gravity(data_version())


@lru_cache(maxsize=4)
def _forecast(version: tuple) -> dict | None:
    moves = movements(Coverage.INTERREGIONAL, "year").filter((pl.col("sex") == "total") & (pl.col("age_group") == "total"))
    if moves.is_empty():
        return None
    panel = long_panel(moves.select("unit", "period", "arrivals", "departures"))
    last = int(panel["period"].max())  # type: ignore[arg-type]  # a period column
    test = backtest(panel, last, by=("unit", "indicator"))
    nxt = trend_forecast(panel, last + 1, by=("unit", "indicator"))
    return {"backtest_year": last, "by_unit": test["by_unit"], "overall": test["overall"],
            "next_year": last + 1, "forecast": nxt}


def forecast() -> dict | None:
    return _forecast(data_version())


def designation_frame(on: dt.date | None = None) -> tuple[pl.DataFrame, str]:
    """unit, designation (sending|receiving) in force: from law/ when it provides it, else the shipped list."""
    on = on or timezone.localdate()
    try:
        day = min(max(on, LAW_START), LAW_END)
        rows = []
        for code, name in zip(REGION_CODES, REGION_NAMES, strict=True):
            if parameter_value(f"regions.sending.{name}", day).value:
                rows.append((code, "sending"))
            elif parameter_value(f"regions.receiving.{name}", day).value:
                rows.append((code, "receiving"))
        frame = pl.DataFrame(rows, schema={"unit": pl.Utf8, "designation": pl.Utf8}, orient="row")
        return frame, _("the sending and receiving regions the law sets on %(day)s") % {
            "day": date_format(day, "SHORT_DATE_FORMAT")}
    except (LawInputError, KeyError):
        frame = pl.read_csv(shipped.DATA / "designation_fallback.csv").rename({"code": "unit"})
        return frame.select("unit", "designation"), _("the designations published before the law's dates (shipped list)")


def surplus_table(year: int | None = None) -> tuple[pl.DataFrame, str]:
    """The surplus/deficit index for `year` (default the latest computable) beside the designation in force."""
    moves = movements(Coverage.INTERREGIONAL, "year").filter(pl.col("sex") == "total")
    net = moves.select("unit", pl.col("period").cast(pl.Int64).alias("year"),
                       (pl.col("arrivals") - pl.col("departures")).alias("net"))
    pop = population_frame().with_columns(pl.col("year").cast(pl.Int64))
    index = surplus_index(unemployment_frame(), net, pop)
    if index.is_empty():
        return index, ""
    year = year if year in index["year"].to_list() else int(index["year"].max())  # type: ignore[arg-type]
    designation, basis = designation_frame()
    return compare_with_designation(index.filter(pl.col("year") == year), designation), basis


def programme_results() -> pl.DataFrame:
    """Programme participants resettled beside quotas, by region, as published."""
    obs = observations([Indicator.RESETTLED, Indicator.QUOTA])
    return obs.select("indicator", "unit", "period_start", "period_end", "year", "category", "value")


def can_view(user) -> bool:
    return can(user, "view", "stats.observation")


def top_flows(table: pl.DataFrame, n: int = 15) -> pl.DataFrame:
    return table.sort("persons", descending=True).head(n) if not table.is_empty() else table
