"""Weighted proportions and means with standard errors, checked against computations done by hand."""

from __future__ import annotations

import math

import polars as pl
import pytest
from rest_framework.test import APIClient

from surveys import estimates

from .conftest import answers

SAMPLE = pl.DataFrame({
    "w": [1.0, 2.0, 3.0, 1.0, 3.0],
    "h": ["all"] * 5,
    "region": ["A", "A", "A", "B", "B"],
    "everyone": ["x"] * 5,
    "stay": ["yes", "no", "yes", "yes", "no"],
    "age": [20.0, 40.0, 30.0, 50.0, 60.0],
})


def row(table: pl.DataFrame, d: str, k: str) -> dict:
    return table.filter((pl.col("d") == d) & (pl.col("k") == k)).to_dicts()[0]


def test_a_weighted_proportion_and_its_standard_error_match_the_hand_computation():
    table = estimates.estimate(estimates.long_frame(SAMPLE, "stay", "select_one", "everyone"))
    yes = row(table, "x", "yes")
    # p = (1 + 3 + 1) / (1 + 2 + 3 + 1 + 3) = 5/10
    # u_i = w_i (y_i - p) / 10 = 0.05, -0.10, 0.15, 0.05, -0.15;  Σu² = 0.06;  v = 5/4 · 0.06 = 0.075
    assert yes["estimate"] == pytest.approx(0.5)
    assert yes["se"] == pytest.approx(math.sqrt(0.075))
    assert (yes["ci_low"], yes["ci_high"]) == (0.0, 1.0)  # 0.5 ± 1.96·0.274 leaves [0, 1]: a share's is clipped
    assert yes["n"] == 5


def test_a_proportion_in_a_domain_counts_the_other_units_as_zeros():
    table = estimates.estimate(estimates.long_frame(SAMPLE, "stay", "select_one", "region"))
    a = row(table, "A", "yes")
    # domain A: p = (1 + 3) / (1 + 2 + 3) = 2/3
    # u = 1·(1/3)/6, 2·(−2/3)/6, 3·(1/3)/6, 0, 0 = 1/18, −4/18, 3/18, 0, 0;  Σu² = 26/324;  v = 5/4 · 26/324
    assert a["estimate"] == pytest.approx(2 / 3)
    assert a["se"] == pytest.approx(math.sqrt(5 / 4 * 26 / 324))
    assert a["n"] == 3


def test_a_weighted_mean_and_its_standard_error_match_the_hand_computation():
    table = estimates.estimate(estimates.long_frame(SAMPLE, "age", "integer", "everyone"), proportion=False)
    mean = row(table, "x", "mean")
    # m = (20 + 80 + 90 + 50 + 180) / 10 = 42
    # u = 1·(−22)/10, 2·(−2)/10, 3·(−12)/10, 1·8/10, 3·18/10 = −2.2, −0.4, −3.6, 0.8, 5.4;  Σu = 0
    # Σu² = 4.84 + 0.16 + 12.96 + 0.64 + 29.16 = 47.76;  v = 5/4 · 47.76 = 59.7
    assert mean["estimate"] == pytest.approx(42)
    assert mean["se"] == pytest.approx(math.sqrt(59.7))
    assert mean["ci_low"] == pytest.approx(42 - 1.959964 * math.sqrt(59.7), abs=1e-5)


def test_strata_add_their_own_terms():
    frame = SAMPLE.with_columns(h=pl.Series(["s1", "s1", "s1", "s2", "s2"]))
    yes = row(estimates.estimate(estimates.long_frame(frame, "stay", "select_one", "everyone")), "x", "yes")
    # u as above: s1 = 0.05, −0.10, 0.15 (mean 1/30), s2 = 0.05, −0.15 (mean −0.05)
    # s1: 3/2 · [(0.05−1/30)² + (−0.10−1/30)² + (0.15−1/30)²] ; s2: 2/1 · [(0.10)² + (−0.10)²]
    s1 = 1.5 * ((0.05 - 1 / 30) ** 2 + (-0.10 - 1 / 30) ** 2 + (0.15 - 1 / 30) ** 2)
    s2 = 2 * (0.10 ** 2 + 0.10 ** 2)
    assert yes["se"] == pytest.approx(math.sqrt(s1 + s2))


def test_select_multiple_options_are_each_a_proportion():
    frame = SAMPLE.with_columns(why=pl.Series([["work"], ["work", "family"], ["family"], ["work"], ["study"]]))
    table = estimates.estimate(estimates.long_frame(frame, "why", "select_multiple", "everyone",
                                                    ["work", "family", "study"]))
    assert row(table, "x", "work")["estimate"] == pytest.approx((1 + 2 + 1) / 10)
    assert row(table, "x", "family")["estimate"] == pytest.approx((2 + 3) / 10)


@pytest.mark.django_db
def test_the_api_gives_estimates_by_region_and_by_another_question(survey, researcher, enumerator):
    client = APIClient()
    client.force_authenticate(enumerator)
    for i, stay in enumerate(["yes", "yes", "no", "unsure"]):
        data = answers(stay_5y=stay, sex="male" if i % 2 else "female")
        assert client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": data},
                           format="json").status_code == 201
    client.force_authenticate(researcher)
    body = client.get(f"/api/v1/surveys/forms/{survey.pk}/estimates/?q=stay_5y").json()
    yes = next(r for r in body["rows"] if r["category"] == "yes")
    assert yes["domain"] == "KZ-59" and yes["estimate"] == pytest.approx(0.5) and yes["n"] == 4
    # equal weights: v = n/(n−1) Σ ((y − p)/n)² = 4/3 · 4 · (0.5/4)² = 1/12
    assert yes["se"] == pytest.approx(math.sqrt(1 / 12))
    by_sex = client.get(f"/api/v1/surveys/forms/{survey.pk}/estimates/?q=age&by=sex").json()
    assert {r["domain_label"] for r in by_sex["rows"]} == {"Male", "Female"}
    assert client.get(f"/api/v1/surveys/forms/{survey.pk}/estimates/?q=nonsense").status_code == 400
    assert client.get(f"/api/v1/surveys/forms/{survey.pk}/estimates/?q=age&by=age").status_code == 400
    client.force_authenticate(enumerator)
    assert client.get(f"/api/v1/surveys/forms/{survey.pk}/estimates/?q=stay_5y").status_code == 403


def test_the_estimates_agree_with_samplics_on_stratified_domains():
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics import PopParam, TaylorEstimator

    rng = np.random.default_rng(5)
    n = 300
    frame = pl.DataFrame({"w": rng.uniform(0.5, 3, n), "h": rng.choice(["a", "b", "c"], n),
                          "region": rng.choice(["r1", "r2"], n), "q": rng.choice(["x", "y", "z"], n)})
    ours = estimates.estimate(estimates.long_frame(frame, "q", "select_one", "region"))
    theirs = TaylorEstimator(PopParam.prop)
    theirs.estimate(y=frame["q"].to_numpy(), samp_weight=frame["w"].to_numpy(), stratum=frame["h"].to_numpy(),
                    domain=frame["region"].to_numpy(), remove_nan=True)
    for row in ours.to_dicts():
        assert row["estimate"] == pytest.approx(theirs.point_est[row["d"]][row["k"]], rel=1e-9)
        assert row["se"] == pytest.approx(theirs.stderror[row["d"]][row["k"]], rel=1e-9)
