"""Labour surplus / deficit index per region and year.

For each year, three signals are standardised across the regions (z-scores, mean 0, SD 1):

- u: the unemployment rate (LFS, %): more unemployed people = more labour on offer;
- m: net interregional migration per 1,000 inhabitants, sign reversed: people leaving a region is the
  classic sign of too few jobs for its workforce;
- g: population change over the previous year (% of the start-of-year population): a fast-growing
  (young, high-fertility) population adds labour supply faster than jobs.

    index = (z(u) + z(-m) + z(g)) / 3

A positive index means labour surplus (a candidate sending region), negative means deficit (a candidate
receiving region). The proposed class is 'surplus' above +THRESHOLD, 'deficit' below -THRESHOLD, otherwise
'balanced'. The index is relative (a ranking of regions within a year), equal-weighted by design so that
the ministry can see each component; it is a proposal to hold beside the designation in force, not a rule.
"""

from __future__ import annotations

import polars as pl

THRESHOLD = 0.25


def _z(column: str) -> pl.Expr:
    col = pl.col(column)
    return ((col - col.mean().over("year")) / col.std().over("year")).alias(f"z_{column}")


def surplus_index(unemployment: pl.DataFrame, net_migration: pl.DataFrame, population: pl.DataFrame) -> pl.DataFrame:
    """unemployment: unit, year, rate; net_migration: unit, year, net; population: unit, year, population.

    Returns unit, year, rate, net_per_1000, pop_change_pct, the three z-scores, index, proposed class; only
    years where all three signals exist for a unit.
    """
    pop = population.select("unit", "year", pl.col("population").cast(pl.Float64))
    previous = pop.with_columns((pl.col("year") + 1).alias("year")).rename({"population": "previous"})
    frame = (net_migration.select("unit", "year", "net")
             .join(unemployment.select("unit", "year", "rate"), on=["unit", "year"])
             .join(pop, on=["unit", "year"])
             .join(previous, on=["unit", "year"])
             .with_columns(
                 (pl.col("net") / pl.col("population") * 1000).alias("net_per_1000"),
                 ((pl.col("population") - pl.col("previous")) / pl.col("previous") * 100).alias("pop_change_pct"),
             ).with_columns((-pl.col("net_per_1000")).alias("outflow_per_1000")))
    frame = frame.with_columns(_z("rate"), _z("outflow_per_1000"), _z("pop_change_pct"))
    frame = frame.with_columns(
        ((pl.col("z_rate") + pl.col("z_outflow_per_1000") + pl.col("z_pop_change_pct")) / 3).alias("index"))
    return frame.with_columns(
        pl.when(pl.col("index") > THRESHOLD).then(pl.lit("surplus"))
        .when(pl.col("index") < -THRESHOLD).then(pl.lit("deficit"))
        .otherwise(pl.lit("balanced")).alias("proposed"),
    ).drop("outflow_per_1000", "previous").sort("year", "unit")


def compare_with_designation(index: pl.DataFrame, designation: pl.DataFrame) -> pl.DataFrame:
    """Join the proposal with the designation in force (unit, designation in sending|receiving|none).

    agreement: 'agree' when surplus~sending or deficit~receiving or balanced~none, else 'disagree'.
    """
    joined = index.join(designation.select("unit", "designation"), on="unit", how="left").with_columns(
        pl.col("designation").fill_null("none"))
    match = (((pl.col("proposed") == "surplus") & (pl.col("designation") == "sending"))
             | ((pl.col("proposed") == "deficit") & (pl.col("designation") == "receiving"))
             | ((pl.col("proposed") == "balanced") & (pl.col("designation") == "none")))
    return joined.with_columns(pl.when(match).then(pl.lit("agree")).otherwise(pl.lit("disagree")).alias("agreement"))
