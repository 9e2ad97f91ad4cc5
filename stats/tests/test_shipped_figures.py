"""The shipped BNS figures, read through the one indicator computation."""

import polars as pl

from stats.analytics import data
from stats.analytics.indicators import indicators, national_balance


def _net(frame: pl.DataFrame, unit: str, period) -> int:
    return indicators(frame).filter((pl.col("unit") == unit) & (pl.col("period") == period))["net"].item()


def test_2022_interregional_net_of_almaty_and_astana_matches_bns():
    annual = data.all_internal_annual()
    assert _net(annual, "KZ-75", 2022) == 35_302
    assert _net(annual, "KZ-71", 2022) == 33_798


def test_2024_interregional_net_of_astana_is_73238():
    assert _net(data.interregional(), "KZ-71", 2024) == 73_238


def test_arrivals_equal_departures_nationally_in_every_period():
    for frame in (data.interregional(), data.all_internal_annual(), data.all_internal_monthly()):
        balance = national_balance(frame)
        assert balance.height > 0
        assert balance["difference"].abs().max() == 0


def test_the_2024_months_sum_to_within_2_persons_of_the_annual_figures():
    monthly = data.all_internal_monthly().with_columns(pl.col("period").dt.year())
    summed = indicators(monthly).select("unit", pl.col("net").alias("from_months"))
    annual = indicators(data.interregional().filter(pl.col("period") == 2024)).select("unit", "net")
    joined = summed.join(annual, on="unit")
    assert joined.height == 20
    assert (joined["from_months"] - joined["net"]).abs().max() <= 2


def test_published_od_table_uses_20_units_and_leaves_out_2022():
    table = data.od_published()
    assert sorted(table["period"].unique().to_list()) == [2010, 2015, 2020, 2021, 2023]
    assert table.group_by("period").len()["len"].to_list() == [380] * 5
    assert set(table["source"].unique()) == {"published"}
