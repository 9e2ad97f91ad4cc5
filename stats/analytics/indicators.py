"""One computation of migration indicators for official series and the register's events alike.

Input is a frame of movements by unit: the keys (unit, period, and sex / age_group where present) and two
counts, `arrivals` and `departures`. `indicators` adds

    net         = arrivals - departures
    gross       = arrivals + departures               (gross turnover)
    efficiency  = net / gross * 100                   (null when gross is 0)
    net_per_1000 = net / population * 1000            (when a population frame is given; start-of-year)

`movements_from_events` turns register events into that frame, so both paths share the same arithmetic.
Everything runs on Polars expressions (lazy where it helps), never row by row.
"""

from __future__ import annotations

from typing import Any

import polars as pl

AGE_BANDS = (0, 15, 25, 35, 45, 55, 65)
INDICATORS = ("arrivals", "departures", "net", "gross", "efficiency", "net_per_1000")


def age_group(age: pl.Expr, bands: tuple[int, ...] = AGE_BANDS) -> pl.Expr:
    """'0-14', '15-24', ..., '65+' from an age in whole years (null stays null)."""
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(bands, bands[1:], strict=False)] + [f"{bands[-1]}+"]
    expr: Any = pl.when(age < bands[1]).then(pl.lit(labels[0]))
    for i in range(1, len(bands) - 1):
        expr = expr.when(age < bands[i + 1]).then(pl.lit(labels[i]))
    return expr.otherwise(pl.lit(labels[-1])).alias("age_group")


def _year(period: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    return period.dt.year() if dtype in (pl.Date, pl.Datetime) else period.cast(pl.Int32)


def indicators(moves: pl.DataFrame | pl.LazyFrame, *, by: tuple[str, ...] = ("unit", "period"),
               population: pl.DataFrame | None = None) -> pl.DataFrame:
    """Sum arrivals and departures over `by` and derive the indicators (see the module docstring).

    `population` has columns unit, year, population; it is joined on the unit and the period's year.
    """
    lazy = moves.lazy()
    out = lazy.group_by(list(by)).agg(pl.col("arrivals").sum().cast(pl.Int64), pl.col("departures").sum().cast(pl.Int64))
    out = out.with_columns(
        (pl.col("arrivals") - pl.col("departures")).alias("net"),
        (pl.col("arrivals") + pl.col("departures")).alias("gross"),
    ).with_columns(
        pl.when(pl.col("gross") > 0).then(pl.col("net") / pl.col("gross") * 100).otherwise(None).alias("efficiency"),
    )
    if population is not None and "period" in by:
        dtype = out.collect_schema()["period"]
        pop = population.lazy().select("unit", pl.col("year").cast(pl.Int32), pl.col("population").cast(pl.Float64))
        out = (out.with_columns(_year(pl.col("period"), dtype).alias("_year"))
               .join(pop, left_on=["unit", "_year"], right_on=["unit", "year"], how="left")
               .with_columns((pl.col("net") / pl.col("population") * 1000).alias("net_per_1000"))
               .drop("_year", "population"))
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Float64).alias("net_per_1000"))
    return out.sort(list(by)).collect(engine="streaming")


def truncate(date: pl.Expr, freq: str) -> pl.Expr:
    """A date's period: 'month' -> first day of its month, 'year' -> the year as an integer."""
    if freq == "month":
        return date.dt.truncate("1mo")
    if freq == "year":
        return date.dt.year()
    raise ValueError(f"Unknown frequency {freq!r} (month or year).")


def _scoped(events: pl.LazyFrame, scope: str) -> pl.LazyFrame:
    internal = pl.col("kind") == "internal"
    if scope == "interregional":
        return events.filter(internal & (pl.col("origin_region") != pl.col("destination_region")))
    if scope == "all_internal":
        return events.filter(internal)
    if scope == "all":
        return events
    raise ValueError(f"Unknown scope {scope!r} (interregional, all_internal or all).")


GRAINS = {"day": None, "month": "1mo", "year": "1y"}


def event_cube(events: pl.DataFrame | pl.LazyFrame, *, scope: str = "interregional", by_sex: bool = False,
               by_age: bool = False, grain: str = "day") -> pl.DataFrame:
    """Read the events once: counts `n` by origin_region, destination_region, event_date (and sex, age).

    `grain` 'month' or 'year' replaces event_date by the first day of its month or year before counting.
    The cube is small (at most units^2 x periods x sexes x ages rows) and sufficient for every indicator and
    for the origin-destination table at its grain or coarser; see movements_from_cube, od_from_cube.
    """
    if grain not in GRAINS:
        raise ValueError(f"Unknown grain {grain!r} (day, month or year).")
    detail = (["sex"] if by_sex else []) + (["age"] if by_age else [])
    day = pl.col("event_date")
    if GRAINS[grain]:
        day = (day.dt.month_start() if grain == "month" else day.dt.truncate("1y")).alias("event_date")
    return (_scoped(events.lazy(), scope)
            .group_by("origin_region", "destination_region", day, *detail).agg(pl.len().alias("n"))
            .collect(engine="streaming"))


def movements_from_cube(cube: pl.DataFrame | pl.LazyFrame, *, freq: str = "month") -> pl.LazyFrame:
    """unit, period[, sex][, age_group], arrivals, departures from an event cube."""
    lazy = cube.lazy().with_columns(truncate(pl.col("event_date"), freq).alias("period"))
    columns = lazy.collect_schema().names()
    extra: list[str] = []
    if "sex" in columns:
        extra.append("sex")
    if "age" in columns:
        lazy = lazy.with_columns(age_group(pl.col("age")))
        extra.append("age_group")
    keys = ["period", *extra]
    arrivals = (lazy.filter(pl.col("destination_region").is_not_null())
                .group_by(["destination_region", *keys]).agg(pl.col("n").sum().alias("arrivals"))
                .rename({"destination_region": "unit"}))
    departures = (lazy.filter(pl.col("origin_region").is_not_null())
                  .group_by(["origin_region", *keys]).agg(pl.col("n").sum().alias("departures"))
                  .rename({"origin_region": "unit"}))
    return arrivals.join(departures, on=["unit", *keys], how="full", coalesce=True).with_columns(
        pl.col("arrivals").fill_null(0), pl.col("departures").fill_null(0))


def movements_from_events(events: pl.DataFrame | pl.LazyFrame, *, freq: str = "month", scope: str = "interregional",
                          by_sex: bool = False, by_age: bool = False) -> pl.LazyFrame:
    """Register events (registry.selectors.migration_events_frame's shape) -> unit, period[, sex][, age_group],
    arrivals, departures.

    scope: 'interregional' counts internal moves between different regions (as the BNS origin-destination
    table); 'all_internal' adds moves within a region (as the BNS all-internal tables, where they add to both
    arrivals and departures); 'all' adds arrivals from and departures to other countries.
    """
    cube = event_cube(events, scope=scope, by_sex=by_sex, by_age=by_age, grain=freq)
    return movements_from_cube(cube, freq=freq)


def register_indicators(events: pl.DataFrame | pl.LazyFrame, *, freq: str = "month", scope: str = "interregional",
                        by_sex: bool = False, by_age: bool = False,
                        population: pl.DataFrame | None = None) -> pl.DataFrame:
    """Indicators of the register's own events, by unit and period (and sex / age group if asked)."""
    by = ["unit", "period"] + (["sex"] if by_sex else []) + (["age_group"] if by_age else [])
    moves = movements_from_events(events, freq=freq, scope=scope, by_sex=by_sex, by_age=by_age)
    return indicators(moves, by=tuple(by), population=population)


def national_balance(frame: pl.DataFrame, *, period: str = "period", exclude: tuple[str, ...] = ("KZ",)) -> pl.DataFrame:
    """Per period: total arrivals, total departures and their difference over the regions (0 in a closed system)."""
    return (frame.filter(~pl.col("unit").is_in(list(exclude))).group_by(period)
            .agg(pl.col("arrivals").sum(), pl.col("departures").sum())
            .with_columns((pl.col("arrivals") - pl.col("departures")).alias("difference")).sort(period))
