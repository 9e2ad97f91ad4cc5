"""Backtest by hand, PPML gravity, and the surplus/deficit index."""

import numpy as np
import polars as pl
import pytest

from stats.analytics import data
from stats.analytics.forecast import backtest, trend_forecast
from stats.analytics.gravity import distance_frame, ppml
from stats.analytics.surplus import compare_with_designation, surplus_index

PANEL = pl.DataFrame({
    "unit": ["A"] * 4 + ["B"] * 4,
    "period": [2020, 2021, 2022, 2023] * 2,
    "value": [100, 110, 120, 150, 200, 190, 180, 160],
})


def test_backtest_numbers_equal_those_computed_by_hand():
    # Window 3, phi 0.5. A: 2020-2022 = 100,110,120, slope 10, last 120 -> 120 + 0.5*10*1 = 125; actual 150.
    # B: 200,190,180, slope -10 -> 180 - 5 = 175; actual 160. Naive: 120 and 180.
    result = backtest(PANEL, 2023)
    rows = {r["unit"]: r for r in result["by_unit"].iter_rows(named=True)}
    assert rows["A"]["forecast"] == pytest.approx(125) and rows["B"]["forecast"] == pytest.approx(175)
    assert rows["A"]["abs_error"] == pytest.approx(25) and rows["B"]["abs_error"] == pytest.approx(15)
    assert rows["A"]["ape"] == pytest.approx(25 / 150 * 100) and rows["B"]["ape"] == pytest.approx(15 / 160 * 100)
    overall = {r["method"]: r for r in result["overall"].iter_rows(named=True)}
    assert overall["trend"]["mae"] == pytest.approx(20)
    assert overall["trend"]["mape"] == pytest.approx((25 / 150 + 15 / 160) * 50)
    assert overall["naive"]["mae"] == pytest.approx((30 + 20) / 2)
    assert overall["naive"]["mape"] == pytest.approx((30 / 150 + 20 / 160) * 50)


def test_a_unit_with_one_observation_gets_the_naive_forecast():
    out = trend_forecast(pl.DataFrame({"unit": ["C"], "period": [2022], "value": [70]}), 2023)
    assert out["forecast"].item() == 70


def test_ppml_finds_flows_fall_with_distance_with_standard_errors():
    flows = data.od_published().filter(pl.col("period").is_in([2021, 2023]))
    result = ppml(flows, distance_frame(data.regions()), data.unemployment())
    table = {r["term"]: r for r in result["coefficients"].iter_rows(named=True)}
    assert table["log_distance"]["estimate"] < 0
    assert table["log_distance"]["std_error"] > 0
    assert "unemployment_difference" in table
    assert result["cov_type"].startswith("cluster")


def test_surplus_index_is_documented_signs_and_classes():
    unemp = pl.DataFrame({"unit": ["S", "D", "M"], "year": [2023] * 3, "rate": [8.0, 3.0, 5.0]})
    net = pl.DataFrame({"unit": ["S", "D", "M"], "year": [2023] * 3, "net": [-5000, 5000, 0]})
    pop = pl.DataFrame({"unit": ["S", "D", "M"] * 2, "year": [2022] * 3 + [2023] * 3,
                        "population": [1_000_000, 1_000_000, 1_000_000, 1_030_000, 990_000, 1_005_000]})
    out = surplus_index(unemp, net, pop)
    classes = dict(zip(out["unit"], out["proposed"], strict=True))
    assert classes == {"S": "surplus", "D": "deficit", "M": "balanced"}
    compared = compare_with_designation(out, pl.DataFrame({"unit": ["S", "D"], "designation": ["sending", "sending"]}))
    agree = dict(zip(compared["unit"], compared["agreement"], strict=True))
    assert agree == {"S": "agree", "D": "disagree", "M": "agree"}


def _synthetic_panel(periods, beta_distance=-1.5, beta_unemployment=0.08, seed=3):
    """Expected flows exp(o_i + d_j + t + b_d log km + b_u (u_j − u_i)) on 6 units, with no noise."""
    rng = np.random.default_rng(seed)
    units = [f"U{k}" for k in range(6)]
    o, d = dict(zip(units, rng.normal(8, 0.5, 6), strict=True)), dict(zip(units, rng.normal(0, 0.5, 6), strict=True))
    km = {(a, b): float(rng.uniform(100, 2000)) for a in units for b in units if a < b}
    rate = {(u, t): float(rng.uniform(3, 9)) for u in units for t in periods}
    rows = []
    for t_index, t in enumerate(periods):
        for a in units:
            for b in units:
                if a != b:
                    dist = km[min(a, b), max(a, b)]
                    mu = np.exp(o[a] + d[b] + 0.2 * t_index + beta_distance * np.log(dist)
                                + beta_unemployment * (rate[b, t] - rate[a, t]))
                    rows.append((a, b, t, float(mu)))
    flows = pl.DataFrame(rows, schema=["origin", "destination", "period", "persons"], orient="row")
    distance = pl.DataFrame([(a, b, km[min(a, b), max(a, b)]) for a in units for b in units if a != b],
                            schema=["origin", "destination", "km"], orient="row")
    unemployment = pl.DataFrame([(u, t, r) for (u, t), r in rate.items()], schema=["unit", "year", "rate"], orient="row")
    return flows, distance, unemployment


@pytest.mark.filterwarnings("ignore:Perfect separation")  # noiseless flows are fitted exactly
def test_ppml_with_origin_destination_and_period_effects_recovers_known_coefficients():
    flows, distance, unemployment = _synthetic_panel([2020, 2021, 2022])
    result = ppml(flows, distance, unemployment)
    table = {r["term"]: r for r in result["coefficients"].iter_rows(named=True)}
    assert table["log_distance"]["estimate"] == pytest.approx(-1.5, abs=1e-6)
    assert table["unemployment_difference"]["estimate"] == pytest.approx(0.08, abs=1e-6)
    assert result["periods"] == [2020, 2021, 2022] and result["pseudo_r2"] == pytest.approx(1.0)
    assert set(result["coefficients"].columns) >= {"term", "estimate", "std_error", "z", "p_value"}


@pytest.mark.filterwarnings("ignore:Perfect separation")  # noiseless flows are fitted exactly
def test_ppml_on_one_year_drops_the_unemployment_difference_and_uses_robust_errors():
    flows, distance, unemployment = _synthetic_panel([2021])
    result = ppml(flows, distance, unemployment)
    assert result["coefficients"]["term"].to_list() == ["log_distance"]
    assert result["cov_type"].startswith("HC1")
    # the unemployment term is absorbed by the origin and destination effects, so distance is still exact
    assert result["coefficients"]["estimate"].item() == pytest.approx(-1.5, abs=1e-6)
