"""Forecast of next period's arrivals and departures by region, and its backtest against the naive forecast.

Method (`trend`): a damped linear trend over the last WINDOW observations of each region,
    forecast = last + PHI * slope * (target - last_period),
where `slope` is the least-squares slope of value on period over the window (periods may be irregular:
the published years are 2010, 2015, 2020, 2021, 2023, 2024). With one observation it is the naive forecast.
Forecasts are floored at zero.

Naive: the last observed value ("same as last year").

Backtest: hold out a period, forecast it from the periods before it, compare:
    abs_error = |forecast - actual|,  ape = abs_error / actual * 100
per region and indicator; overall MAE and MAPE are their means over regions (and indicators).
"""

from __future__ import annotations

import polars as pl

WINDOW = 3
PHI = 0.5


def trend_forecast(panel: pl.DataFrame, target: int, *, window: int = WINDOW, phi: float = PHI,
                   by: tuple[str, ...] = ("unit",)) -> pl.DataFrame:
    """panel: unit, period (number), value -> unit, forecast, naive for `target` from periods before it."""
    keys = list(by)
    hist = panel.filter(pl.col("period") < target).sort([*keys, "period"]).group_by(keys, maintain_order=True).tail(window)
    x, y = pl.col("period").cast(pl.Float64), pl.col("value").cast(pl.Float64)
    stats = hist.group_by(keys).agg(
        (((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()).alias("slope"),
        y.last().alias("naive"), x.last().alias("last_period"), pl.len().alias("points"))
    return stats.with_columns(
        pl.when(pl.col("points") >= 2)
        .then(pl.col("naive") + phi * pl.col("slope").fill_nan(0) * (target - pl.col("last_period")))
        .otherwise(pl.col("naive")).clip(lower_bound=0).alias("forecast"),
        pl.lit(target).alias("period"),
    ).select(*keys, "period", "forecast", "naive").sort(keys)


def backtest(panel: pl.DataFrame, target: int, *, window: int = WINDOW, phi: float = PHI,
             by: tuple[str, ...] = ("unit",)) -> dict:
    """Hold out `target`; returns {'by_unit': frame, 'overall': frame(method, mae, mape)}.

    by_unit: keys, actual, forecast, naive, and abs_error / ape for both methods.
    """
    keys = list(by)
    actual = panel.filter(pl.col("period") == target).select(*keys, pl.col("value").cast(pl.Float64).alias("actual"))
    fc = trend_forecast(panel, target, window=window, phi=phi, by=by).join(actual, on=keys)
    fc = fc.with_columns(
        (pl.col("forecast") - pl.col("actual")).abs().alias("abs_error"),
        (pl.col("naive") - pl.col("actual")).abs().alias("naive_abs_error"),
    ).with_columns(
        (pl.col("abs_error") / pl.col("actual") * 100).alias("ape"),
        (pl.col("naive_abs_error") / pl.col("actual") * 100).alias("naive_ape"),
    )
    overall = pl.DataFrame({
        "method": ["trend", "naive"],
        "mae": [fc["abs_error"].mean(), fc["naive_abs_error"].mean()],
        "mape": [fc["ape"].mean(), fc["naive_ape"].mean()],
    })
    return {"by_unit": fc.sort(keys), "overall": overall}


def long_panel(frame: pl.DataFrame, indicators: tuple[str, ...] = ("arrivals", "departures")) -> pl.DataFrame:
    """unit, period, arrivals, departures -> unit, indicator, period, value (for `by=('unit', 'indicator')`)."""
    return frame.unpivot(index=["unit", "period"], on=list(indicators), variable_name="indicator", value_name="value")
