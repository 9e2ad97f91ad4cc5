"""One indicator computation for official series and for register events."""

import datetime as dt

import polars as pl
import pytest

from stats.analytics.indicators import (
    event_cube,
    indicators,
    movements_from_cube,
    movements_from_events,
    register_indicators,
)
from stats.analytics.od import marginals, od_from_events

EVENTS_SCHEMA = {
    "event_id": pl.Int64, "event_date": pl.Date, "kind": pl.Utf8, "origin_region": pl.Utf8,
    "destination_region": pl.Utf8, "origin_district": pl.Utf8, "destination_district": pl.Utf8,
    "sex": pl.Utf8, "age": pl.Int64, "reason": pl.Utf8,
}


def events_frame(rows):
    return pl.DataFrame(
        [(i, d, k, o, de, None, None, s, a, "work") for i, (d, k, o, de, s, a) in enumerate(rows, 1)],
        schema=EVENTS_SCHEMA, orient="row")


EVENTS = events_frame([
    (dt.date(2024, 1, 5), "internal", "KZ-61", "KZ-59", "male", 30),
    (dt.date(2024, 1, 9), "internal", "KZ-61", "KZ-59", "female", 28),
    (dt.date(2024, 1, 20), "internal", "KZ-59", "KZ-61", "male", 61),
    (dt.date(2024, 2, 1), "internal", "KZ-61", "KZ-61", "female", 40),
    (dt.date(2024, 2, 3), "international_arrival", None, "KZ-59", "male", 35),
    (dt.date(2024, 2, 7), "internal", "KZ-61", "KZ-71", "male", 22),
])


def test_net_gross_and_efficiency_follow_their_definitions():
    frame = pl.DataFrame({"unit": ["A", "B"], "period": [2024, 2024], "arrivals": [30, 10], "departures": [10, 30]})
    out = indicators(frame, population=pl.DataFrame({"unit": ["A", "B"], "year": [2024, 2024], "population": [1000, 2000]}))
    a = out.filter(pl.col("unit") == "A").row(0, named=True)
    assert (a["net"], a["gross"], a["efficiency"], a["net_per_1000"]) == (20, 40, 50.0, 20.0)
    b = out.filter(pl.col("unit") == "B").row(0, named=True)
    assert b["efficiency"] == -50.0 and b["net_per_1000"] == -10.0


def test_efficiency_is_null_when_nobody_moved():
    frame = pl.DataFrame({"unit": ["A"], "period": [2024], "arrivals": [0], "departures": [0]})
    assert indicators(frame)["efficiency"].item() is None


def test_register_events_give_interregional_arrivals_and_departures_by_month():
    out = register_indicators(EVENTS)
    jan = {r["unit"]: r for r in out.filter(pl.col("period") == dt.date(2024, 1, 1)).iter_rows(named=True)}
    assert jan["KZ-59"]["arrivals"] == 2 and jan["KZ-59"]["departures"] == 1 and jan["KZ-59"]["net"] == 1
    assert jan["KZ-61"]["net"] == -1
    assert out["arrivals"].sum() == out["departures"].sum()


def test_moves_within_a_region_add_to_both_sides_under_all_internal():
    inter = movements_from_events(EVENTS, freq="year").collect()
    within = movements_from_events(EVENTS, freq="year", scope="all_internal").collect()
    turk = lambda f: f.filter(pl.col("unit") == "KZ-61").row(0, named=True)  # noqa: E731
    assert turk(within)["arrivals"] - turk(inter)["arrivals"] == 1
    assert turk(within)["departures"] - turk(inter)["departures"] == 1


def test_indicators_split_by_sex_and_age_group():
    out = register_indicators(EVENTS, freq="year", by_sex=True, by_age=True)
    row = out.filter((pl.col("unit") == "KZ-59") & (pl.col("sex") == "male") & (pl.col("age_group") == "25-34"))
    assert row["arrivals"].item() == 1
    assert set(out["age_group"].unique()) >= {"25-34", "15-24", "55-64"}


def test_register_od_table_is_labelled_and_its_marginals_are_the_indicators():
    table = od_from_events(EVENTS)
    assert set(table["source"]) == {"register"}
    assert table.filter((pl.col("origin") == "KZ-61") & (pl.col("destination") == "KZ-59"))["persons"].item() == 2
    m = marginals(table)
    ind = register_indicators(EVENTS, freq="year")
    assert m.sort("unit")["arrivals"].to_list() == ind.sort("unit")["arrivals"].to_list()


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError):
        movements_from_events(EVENTS, scope="everything")


def test_an_event_cube_at_month_grain_gives_the_same_indicators_as_at_day_grain():
    by_day = movements_from_cube(event_cube(EVENTS, scope="all"), freq="month").collect().sort("unit", "period")
    by_month = movements_from_cube(event_cube(EVENTS, scope="all", grain="month"), freq="month").collect().sort(
        "unit", "period")
    assert by_day.equals(by_month)
    with pytest.raises(ValueError):
        event_cube(EVENTS, grain="week")
