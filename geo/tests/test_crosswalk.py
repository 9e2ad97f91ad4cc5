"""Crosswalk: historical units onto today's, weighted by population; series keep their totals."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from geo.selectors import aggregate_to, current_units, parts_of, reexpress, to_current
from geo.services import UnknownUnit, resolve_unit

pytestmark = pytest.mark.django_db


def _weights(unit):
    return {target.code: weight for target, weight in to_current(unit)}


def test_south_kazakhstan_maps_to_turkistan_and_shymkent_with_weights_summing_to_one():
    weights = _weights(resolve_unit("South Kazakhstan", on=dt.date(2010, 1, 1)))
    assert set(weights) == {"KZ-61", "KZ-79"}
    assert sum(weights.values()) == Decimal(1)
    # BNS, 1 Jan 2017: Turkistan 1,966,336, Shymkent 912,300.
    assert weights["KZ-79"] == Decimal("0.316921")


def test_almaty_region_before_2022_maps_to_almaty_region_and_jetisu():
    old = resolve_unit("KZ-19", on=dt.date(2021, 1, 1))
    weights = _weights(old)
    assert set(weights) == {"KZ-19", "KZ-33"}
    assert sum(weights.values()) == Decimal(1)
    assert all(target.valid_to is None for target, _ in to_current(old))


@pytest.mark.parametrize(("code", "parts"), [("KZ-35", {"KZ-35", "KZ-62"}), ("KZ-63", {"KZ-63", "KZ-10"})])
def test_karaganda_and_east_kazakhstan_before_2022_map_to_their_2022_parts(code, parts):
    assert set(_weights(resolve_unit(code, on=dt.date(2021, 1, 1)))) == parts


def test_a_current_unit_maps_to_itself_with_weight_one():
    unit = resolve_unit("KZ-59")
    assert to_current(unit) == [(unit, Decimal(1))]


def test_the_crosswalk_says_where_its_weights_come_from():
    old = resolve_unit("KZ-63", on=dt.date(2021, 1, 1))
    assert all("BNS 1 Jan 2022" in row.basis for row in old.crosswalk_out.all())


def test_a_series_across_2018_and_2022_keeps_its_national_total_on_todays_units():
    rows = []
    for year in (2016, 2019, 2021, 2023):
        for unit in current_units(on=dt.date(year, 12, 31)):
            rows.append({"unit": unit.code, "period": year, "value": 1000.0 + int(unit.code[3:])})
    frame = pl.DataFrame(rows)
    result = reexpress(frame)
    today = {u.code for u in current_units()}
    assert set(result["unit"]) == today
    before = frame.group_by("period").agg(pl.col("value").sum()).sort("period")
    after = result.group_by("period").agg(pl.col("value").sum()).sort("period")
    assert after["value"].to_list() == pytest.approx(before["value"].to_list())
    assert result.filter(pl.col("period") == 2016).height == 20


def test_letter_codes_and_dates_are_accepted_as_periods():
    frame = pl.DataFrame({"unit": ["KZ-YUZ", "KZ-YUZ"], "period": [dt.date(2015, 3, 1), dt.date(2020, 3, 1)],
                          "value": [100.0, 100.0]})
    result = reexpress(frame)
    assert result.filter(pl.col("period") == dt.date(2015, 3, 1)).height == 2
    assert result.filter(pl.col("period") == dt.date(2020, 3, 1))["unit"].to_list() == ["KZ-61"]


def test_a_code_not_in_force_in_a_period_is_refused():
    with pytest.raises(UnknownUnit, match="KZ-62"):
        reexpress(pl.DataFrame({"unit": ["KZ-62"], "period": [2019], "value": [1.0]}))


def test_todays_units_add_up_to_an_old_unit_for_comparison():
    old = resolve_unit("South Kazakhstan", on=dt.date(2010, 1, 1))
    assert {u.code for u in parts_of(old)} == {"KZ-61", "KZ-79"}
    frame = pl.DataFrame({"unit": ["KZ-61", "KZ-79", "KZ-59"], "period": [2023, 2023, 2023],
                          "value": [2119320, 1192120, 5]})
    result = aggregate_to(old, frame)
    assert result.to_dicts() == [{"unit": "KZ-61", "period": 2023, "value": 3311440}]
