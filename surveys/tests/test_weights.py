"""Weights: design weights from the plan, raking to BNS population by region × sex and by age group, trimming."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from accounts.testing import unit
from geo.services import load_population
from surveys import services, weighting
from surveys.demo import interview
from surveys.models import Submission

POPULATION_CSV = Path(__file__).resolve().parents[2] / "geo" / "data" / "kz_population_by_region_2000_2023.csv"
AGE_SHARES = {"18-29": 0.25, "30-44": 0.35, "45-59": 0.25, "60+": 0.15}


def bns_2023(region: str, sex: str) -> int:
    """The published figure, read from the shipped BNS file (not through the code under test)."""
    with POPULATION_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == "2023" and row["region"] == region and row["sex"] == sex and row["area"] == "total":
                return int(row["population_start_of_year"])
    raise LookupError(region)


def test_design_weights_are_the_strata_population_over_their_sample():
    regions = np.array(["KZ-59", "KZ-59", "KZ-11", "KZ-11", "KZ-11", "KZ-55"])
    plan = {"strata": {"KZ-59": {"population": 1000, "sample": 2}, "KZ-11": {"population": 900}}}
    assert weighting.design_weights(regions, plan).tolist() == [500, 500, 300, 300, 300, 1]


@pytest.mark.django_db
def test_raking_reproduces_the_population_margins_within_a_tenth_of_a_percent(survey, researcher, enumerator):
    load_population()
    services.assign(actor=researcher, form=survey, enumerator=enumerator, unit=unit("KZ-11"))
    rng = random.Random(7)
    for code in ("KZ-59", "KZ-11"):
        for serial in range(60):
            answers = interview(rng, code, serial)
            answers["consent"] = "yes" if answers["consent"] == "no" else answers["consent"]
            if "sex" not in answers:
                continue
            services.submit(actor=enumerator, version=survey.current_version, answers=answers, lang="en")
    services.set_sampling_plan(actor=researcher, form=survey, plan={
        "strata": {"KZ-59": {"population": 534108}, "KZ-11": {"population": 788023}}, "age_shares": AGE_SHARES})
    run = services.compute_weights(actor=researcher, form=survey, trim_ratio=4.0)
    rows = list(Submission.objects.filter(data__consent="yes").select_related("region"))
    for code, name in (("KZ-59", "North Kazakhstan"), ("KZ-11", "Akmola")):
        male, female = bns_2023(name, "male"), bns_2023(name, "female")
        for sex, expected in (("male", male), ("female", female)):
            got = sum(s.weight for s in rows if s.region.code == code and s.data["sex"] == sex)
            assert abs(got - expected) / expected < 0.001
        for group, share in AGE_SHARES.items():
            got = sum(s.weight for s in rows if s.region.code == code and weighting.age_group(s.data["age"]) == group)
            assert abs(got - (male + female) * share) / ((male + female) * share) < 0.001
    weights = np.array([s.weight for s in rows])
    assert run.population_year == 2023 and run.summary["final"]["n"] == len(rows)
    assert run.summary["final"]["deff"] == pytest.approx(len(weights) * (weights ** 2).sum() / weights.sum() ** 2)
    assert run.summary["final"]["min"] == pytest.approx(weights.min())
    assert run.summary["max_margin_error"] < 0.001


def test_trimming_caps_extreme_weights_and_the_margins_still_hold():
    rng = np.random.default_rng(3)
    n = 400
    rows = [{"region": "R", "sex": "male" if i < 40 else "female", "age": str(int(rng.integers(18, 80)))}
            for i in range(n)]  # men badly under-represented: their raked weights would be 9× the women's
    frame = weighting.respondents(rows)
    population = {("R", "male"): 50_000, ("R", "female"): 50_000}
    free = weighting.weigh(frame, population, {}, trim_ratio=100)
    trimmed = weighting.weigh(frame, population, {}, trim_ratio=3)
    assert free.weights.max() / np.median(free.weights) > 5
    assert trimmed.summary["trimmed"] > 0
    assert trimmed.weights.sum() == pytest.approx(100_000, rel=1e-3)
    assert trimmed.summary["max_margin_error"] < 0.001


def test_a_region_without_respondents_of_one_sex_is_raked_on_its_total():
    frame = weighting.respondents([{"region": "R", "sex": "male", "age": "30"}] * 3)
    result = weighting.weigh(frame, {("R", "male"): 10, ("R", "female"): 20}, {})
    assert result.weights.sum() == pytest.approx(30) and result.summary["collapsed"] == ["R: sex"]
