"""Weighted estimates with standard errors: proportions and means by domain, in Polars (no row loops).

The estimator is the weighted ratio mean m_d = Σ w·y / Σ w over the units of domain d; its variance is the
Taylor linearisation used by Stata's svy and samplics (each respondent its own primary unit, sampled with
replacement within its stratum):

    u_i = w_i·1[i∈d]·(y_i − m_d) / Σ_{i∈d} w_i
    v(m_d) = Σ_h n_h/(n_h − 1) · Σ_{i∈h} (u_i − ū_h)²

A proportion is the mean of a 0/1 indicator. Input: a long frame with one row per unit and category:
columns w (weight), h (stratum), d (domain), k (category, or "mean"), y (0/1 or the value).
The 95% interval is m ± 1.96·SE (normal approximation), a proportion's clipped to [0, 1].
"""

from __future__ import annotations

import polars as pl

Z95 = 1.959963984540054


def estimate(long: pl.DataFrame, *, proportion: bool = True) -> pl.DataFrame:
    """Per (d, k): n (units in the domain that answered), estimate, se, ci_low, ci_high, weighted total."""
    w, y = pl.col("w"), pl.col("y").cast(pl.Float64)
    cells = long.group_by("h", "d", "k").agg(
        n=pl.len(), sw=w.sum(), swy=(w * y).sum(), sw2=(w * w).sum(), sw2y=(w * w * y).sum(),
        sw2y2=(w * w * y * y).sum(),
    )
    # units of stratum h answering k (those outside domain d count with u = 0)
    strata = long.group_by("h", "k").agg(n_h=pl.len())
    domain = cells.group_by("d", "k").agg(n=pl.col("n").sum(), W=pl.col("sw").sum(), WY=pl.col("swy").sum())
    domain = domain.with_columns(m=pl.col("WY") / pl.col("W"))
    # every stratum of k, for every domain of k: the strata where d has no unit still add (0 − ū_h)² terms
    grid = domain.select("d", "k", "m", "W").join(strata, on="k").join(cells, on=["h", "d", "k"], how="left")
    grid = grid.with_columns(pl.col("sw", "swy", "sw2", "sw2y", "sw2y2").fill_null(0.0))
    m, big_w = pl.col("m"), pl.col("W")
    su = (pl.col("swy") - m * pl.col("sw")) / big_w
    su2 = (pl.col("sw2y2") - 2 * m * pl.col("sw2y") + m * m * pl.col("sw2")) / (big_w * big_w)
    n_h = pl.col("n_h").cast(pl.Float64)
    grid = grid.with_columns(
        part=pl.when(n_h > 1).then(n_h / (n_h - 1) * (su2 - su * su / n_h)).otherwise(0.0))
    variance = grid.group_by("d", "k").agg(v=pl.col("part").sum())
    out = domain.join(variance, on=["d", "k"]).with_columns(se=pl.col("v").clip(lower_bound=0).sqrt())
    low, high = pl.col("m") - Z95 * pl.col("se"), pl.col("m") + Z95 * pl.col("se")
    if proportion:
        low, high = low.clip(0.0, 1.0), high.clip(0.0, 1.0)
    return out.select("d", "k", "n", pl.col("m").alias("estimate"), "se", low.alias("ci_low"),
                      high.alias("ci_high"), pl.col("W").alias("weighted")).sort("d", "k")


def unweighted(long: pl.DataFrame) -> pl.DataFrame:
    """The same table without weights or errors: a plain group-by (the benchmark's floor)."""
    return long.group_by("d", "k").agg(n=pl.len(), estimate=pl.col("y").cast(pl.Float64).mean()).sort("d", "k")


def long_frame(frame: pl.DataFrame, question: str, kind: str, by: str, choices: list[str] | None = None
               ) -> pl.DataFrame:
    """Units × categories for one question: frame has columns w, h, the `by` column, and the question's column
    (a string for select_one, a list of strings for select_multiple, a number for integer/decimal)."""
    base = frame.filter(pl.col(question).is_not_null() & pl.col(by).is_not_null()).select(
        "w", "h", pl.col(by).cast(pl.String).alias("d"), pl.col(question).alias("q"))
    if kind in ("integer", "decimal", "calculate_number"):
        return base.select("w", "h", "d", pl.lit("mean").alias("k"), pl.col("q").cast(pl.Float64).alias("y"))
    if choices is None:
        choices = sorted(base.select(pl.col("q").explode() if kind == "select_multiple" else pl.col("q"))
                         .to_series().drop_nulls().cast(pl.String).unique().to_list())
    if not choices or base.is_empty():
        return pl.DataFrame(schema={"w": pl.Float64, "h": pl.String, "d": pl.String, "k": pl.String,
                                    "y": pl.Float64})
    keys = pl.DataFrame({"k": choices})
    long = base.join(keys, how="cross")
    if kind == "select_multiple":
        hit = pl.col("q").list.contains(pl.col("k"))
    else:
        hit = pl.col("q").cast(pl.String) == pl.col("k")
    return long.select("w", "h", "d", "k", hit.cast(pl.Float64).alias("y"))
