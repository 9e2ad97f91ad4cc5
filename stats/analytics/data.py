"""The shipped BNS tables (stats/data/, see SOURCES.md there) as Polars frames keyed by ISO 3166-2:KZ codes.

Pure: reads CSV files only. Region names are the normalised English names of SOURCES.md; `regions.csv`
maps them to today's 20 codes ("Kazakhstan (total)" -> "KZ"). Rows of historical units ("South Kazakhstan")
are dropped here: the Django importer resolves those through geo/ instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

DATA = Path(__file__).resolve().parent.parent / "data"
COUNTRY = "KZ"

FILES = {
    "annual_all_internal": "kz_internal_migration_annual_2022_2023.csv",
    "monthly_all_internal": "kz_internal_migration_monthly_2024.csv",
    "interregional": "kz_interregional_arrivals_departures_2010_2024.csv",
    "od": "kz_interregional_od_2010_2023.csv",
    "net_all_flows": "kz_net_migration_all_flows_2000_2024.csv",
    "population": "kz_population_by_region_2000_2023.csv",
    "unemployment": "kz_unemployment_rate_by_region_2001_2023.csv",
    "resettlement": "kz_resettlement_by_region.csv",
    "quota": "kz_resettlement_quota_by_region.csv",
}


@cache
def regions() -> pl.DataFrame:
    """region (English name as in the files), code, centroid_lon, centroid_lat (approximate) for the 20 units."""
    return pl.read_csv(DATA / "regions.csv")


def codes() -> list[str]:
    return regions()["code"].sort().to_list()


def _name_map() -> pl.DataFrame:
    return pl.concat([
        regions().select("region", "code"),
        pl.DataFrame({"region": ["Kazakhstan (total)"], "code": [COUNTRY]}),
    ])


def with_codes(frame: pl.DataFrame, column: str = "region", to: str = "unit") -> pl.DataFrame:
    """Replace a region-name column by ISO codes; rows of names not among today's units are dropped."""
    names = _name_map().rename({"region": column, "code": to})
    return frame.join(names, on=column, how="inner").drop(column)


def read(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / FILES[name], infer_schema_length=10000)


def interregional() -> pl.DataFrame:
    """unit, period (year), arrivals, departures: published interregional marginals, 2010-2024 (no 2022)."""
    return with_codes(read("interregional")).select(
        "unit", pl.col("year").alias("period"), "arrivals", "departures")


def all_internal_annual() -> pl.DataFrame:
    """unit, period (year), arrivals, departures counting moves within regions too; net = interregional net."""
    return with_codes(read("annual_all_internal")).select(
        "unit", pl.col("year").alias("period"),
        pl.col("arrivals_all_internal").alias("arrivals"), pl.col("departures_all_internal").alias("departures"))


def all_internal_monthly() -> pl.DataFrame:
    """unit, period (first day of month), arrivals, departures (moves within regions included), 2024."""
    return with_codes(read("monthly_all_internal")).select(
        "unit", pl.date(pl.col("year"), pl.col("month"), 1).alias("period"),
        pl.col("arrivals_all_internal").alias("arrivals"), pl.col("departures_all_internal").alias("departures"))


def od_published() -> pl.DataFrame:
    """origin, destination, period (year), persons, quality_flag, source='published' (today's 20 units)."""
    frame = read("od")
    frame = with_codes(frame, "origin", "origin_code")
    frame = with_codes(frame, "destination", "destination_code")
    return frame.select(
        pl.col("origin_code").alias("origin"), pl.col("destination_code").alias("destination"),
        pl.col("year").alias("period"), "persons", "quality_flag", pl.lit("published").alias("source"),
    ).sort("period", "origin", "destination")


def population(sex: str = "total") -> pl.DataFrame:
    """unit, year, population (start of year) for the 20 units and the country, area total."""
    frame = read("population").filter((pl.col("sex") == sex) & (pl.col("area") == "total"))
    return with_codes(frame).select("unit", "year", pl.col("population_start_of_year").alias("population"))


def unemployment() -> pl.DataFrame:
    """unit, year, rate (%): the annual figure, or the mean of the quarters where no annual one is published.

    Units created in 2022 (Abai, Jetisu, Ulytau) take their parent region's rate before they existed.
    """
    frame = with_codes(read("unemployment"))
    annual = frame.filter(pl.col("period") == "year").select("unit", "year", pl.col("unemployment_rate_pct").alias("rate"))
    quarterly = (frame.filter(pl.col("period") != "year").group_by("unit", "year")
                 .agg(pl.col("unemployment_rate_pct").mean().alias("rate")))
    merged = pl.concat([annual, quarterly.join(annual, on=["unit", "year"], how="anti")])
    parents = {"KZ-10": "KZ-63", "KZ-33": "KZ-19", "KZ-62": "KZ-35"}
    filled = []
    for child, parent in parents.items():
        have = merged.filter(pl.col("unit") == child)["year"]
        filled.append(merged.filter((pl.col("unit") == parent) & ~pl.col("year").is_in(have.implode()))
                      .with_columns(pl.lit(child).alias("unit")))
    return pl.concat([merged, *filled]).sort("unit", "year")


def net_all_flows() -> pl.DataFrame:
    frame = with_codes(read("net_all_flows").filter(pl.col("area") == "total"))
    return frame.select("unit", pl.col("year").alias("period"), pl.col("net_migration_all_flows").alias("net"))


def resettlement() -> pl.DataFrame:
    return with_codes(read("resettlement"), "receiving_region")


def quota() -> pl.DataFrame:
    return with_codes(read("quota"))
