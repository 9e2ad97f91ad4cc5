"""The matching solver: exact optimum, capacities, quotas and receiving regions (no database)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labour.matching import (
    Candidate,
    Instance,
    InstanceError,
    Job,
    brute_force,
    check_feasible,
    parse_instance,
    score_parts,
    solve,
    solve_plain,
)

REGIONS = ["KZ-59", "KZ-55", "KZ-39"]
OCCUPATIONS = ["72", "74", "83", "93", "22"]


def test_the_score_adds_occupation_wage_housing_and_region_as_documented():
    person = Candidate("p", occupation="7212", previous_wage_kzt=200_000, family_size=4,
                       preferred_regions=("KZ-55", "KZ-59"))
    job = Job("j", region="KZ-59", occupation="72", places=1, wage_kzt=250_000, housing="service_flat",
              housing_rooms=2)
    # same sub-major 40; 250,000 / 200,000 = 1.25 -> 25; flat with 2 rooms >= ceil(4/2) -> 20; 2nd preference 12
    assert score_parts(person, job) == {"occupation": 40, "wage": 25, "housing": 20, "region": 12}


def test_a_pair_outside_the_major_group_or_the_preferred_regions_is_not_feasible():
    person = Candidate("p", occupation="72", preferred_regions=("KZ-55",))
    assert score_parts(person, Job("a", "KZ-55", "22", 1, 300_000)) is None
    assert score_parts(person, Job("b", "KZ-59", "72", 1, 300_000)) is None
    assert score_parts(person, Job("c", "KZ-55", "74", 1, 300_000))["occupation"] == 15


def test_the_optimum_beats_the_greedy_choice_and_equals_brute_force():
    # greedy would give the only job both fit to the best-scoring person; the optimum serves both
    a = Candidate("a", occupation="72", previous_wage_kzt=100_000)
    b = Candidate("b", occupation="72", previous_wage_kzt=300_000)
    jobs = (Job("x", "KZ-59", "72", 1, 300_000), Job("y", "KZ-59", "74", 1, 150_000))
    instance = Instance(candidates=(a, b), jobs=jobs)
    result = solve(instance)
    # a->x 40+25 = 65 (the best pair), then b->y 15+0 = 15: greedy 80; a->y 15+25 = 40, b->x 40+15 = 55: 95
    assert result.objective == 95 == brute_force(instance)
    assert {(p.candidate, p.job) for p in result.proposals} == {("a", "y"), ("b", "x")}


def test_a_region_leaving_the_receiving_list_takes_its_vacancies_out_of_the_run():
    person = Candidate("p", occupation="72")
    jobs = (Job("north", "KZ-59", "72", 3, 300_000), Job("south", "KZ-61", "72", 3, 900_000))
    result = solve(Instance(candidates=(person,), jobs=jobs, receiving_regions=frozenset({"KZ-59"})))
    assert [p.job for p in result.proposals] == ["north"]
    assert result.excluded_jobs == ("south",)
    none = solve(Instance(candidates=(person,), jobs=jobs, receiving_regions=frozenset()))
    assert none.proposals == () and set(none.excluded_jobs) == {"north", "south"}


def test_a_quota_cap_limits_the_people_sent_to_a_region():
    people = tuple(Candidate(f"p{i}", occupation="83") for i in range(5))
    jobs = (Job("a", "KZ-59", "83", 3, 300_000), Job("b", "KZ-59", "83", 3, 300_000))
    result = solve(Instance(candidates=people, jobs=jobs, quotas={"KZ-59": 2}))
    assert len(result.proposals) == 2
    assert check_feasible(Instance(candidates=people, jobs=jobs, quotas={"KZ-59": 2}), result) == []


candidates_st = st.builds(
    Candidate,
    key=st.just(""),
    occupation=st.sampled_from([*OCCUPATIONS, "7", "7212", None]),
    previous_wage_kzt=st.one_of(st.none(), st.integers(90_000, 500_000)),
    family_size=st.integers(1, 6),
    preferred_regions=st.lists(st.sampled_from(REGIONS), max_size=3, unique=True).map(tuple),
)
jobs_st = st.builds(
    Job,
    key=st.just(""),
    region=st.sampled_from(REGIONS),
    occupation=st.sampled_from([*OCCUPATIONS, "91"]),
    places=st.integers(0, 3),
    wage_kzt=st.integers(85_000, 600_000),
    housing=st.sampled_from(["none", "dormitory", "service_flat"]),
    housing_rooms=st.one_of(st.none(), st.integers(1, 4)),
)


def _keyed(cands, jobs):
    cands = tuple(Candidate(f"p{i}", c.occupation, c.previous_wage_kzt, c.family_size, c.preferred_regions)
                  for i, c in enumerate(cands))
    jobs = tuple(Job(f"j{i}", j.region, j.occupation, j.places, j.wage_kzt, j.housing, j.housing_rooms)
                 for i, j in enumerate(jobs))
    return cands, jobs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cands=st.lists(candidates_st, min_size=0, max_size=5),
    jobs=st.lists(jobs_st, min_size=0, max_size=4),
    quotas=st.dictionaries(st.sampled_from(REGIONS), st.integers(0, 3), max_size=3),
    receiving=st.one_of(st.none(), st.sets(st.sampled_from(REGIONS)).map(frozenset)),
)
def test_on_random_small_instances_the_optimum_equals_brute_force_and_every_rule_holds(cands, jobs, quotas,
                                                                                      receiving):
    cands, jobs = _keyed(cands, jobs)
    instance = Instance(candidates=cands, jobs=jobs, quotas=quotas, receiving_regions=receiving)
    result = solve(instance)
    assert check_feasible(instance, result) == []
    assert result.objective == sum(p.score for p in result.proposals)
    assert result.objective == brute_force(instance)
    plain = solve_plain(instance)
    assert check_feasible(instance, plain) == [] and plain.objective == result.objective


@settings(max_examples=40, deadline=None)
@given(
    cands=st.lists(candidates_st, min_size=5, max_size=40),
    jobs=st.lists(jobs_st, min_size=3, max_size=15),
    quotas=st.dictionaries(st.sampled_from(REGIONS), st.integers(0, 6), max_size=3),
)
def test_on_larger_random_instances_capacities_and_quotas_hold_and_both_networks_agree(cands, jobs, quotas):
    cands, jobs = _keyed(cands, jobs)
    instance = Instance(candidates=cands, jobs=jobs, quotas=quotas)
    result = solve(instance)
    assert check_feasible(instance, result) == []
    plain = solve_plain(instance)
    assert result.objective == sum(p.score for p in result.proposals) == plain.objective
    assert result.arcs == plain.arcs  # the class network stands for exactly the plain network's feasible pairs


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(candidates_st, min_size=1, max_size=4),
    copies=st.lists(st.integers(1, 6), min_size=4, max_size=4),
    jobs=st.lists(jobs_st, min_size=1, max_size=6),
    quotas=st.dictionaries(st.sampled_from(REGIONS), st.integers(0, 8), max_size=3),
)
def test_people_who_score_alike_share_a_class_and_the_optimum_still_equals_the_plain_network(kinds, copies, jobs,
                                                                                                quotas):
    # many identical people: the class network sends several of them through one class node
    cands, jobs = _keyed([k for k, n in zip(kinds, copies, strict=False) for _ in range(n)], jobs)
    instance = Instance(candidates=cands, jobs=jobs, quotas=quotas)
    result = solve(instance)
    assert check_feasible(instance, result) == []
    assert result.objective == solve_plain(instance).objective


def test_a_lower_previous_wage_reaches_a_job_through_the_wage_chain():
    # same occupation, family and region: for the 130,000 job the 100,000 earner gets 25 wage points (ratio 1.30
    # >= 1.25), the 120,000 earner 15 (ratio 1.08, >= 1.00); one place: the optimum takes the lower previous
    # wage (40 + 25) rather than the higher (40 + 15)
    low = Candidate("low", occupation="72", previous_wage_kzt=100_000)
    high = Candidate("high", occupation="72", previous_wage_kzt=120_000)
    instance = Instance(candidates=(high, low), jobs=(Job("j", "KZ-59", "72", 1, 130_000),))
    result = solve(instance)
    assert [(p.candidate, p.score) for p in result.proposals] == [("low", 65)]


def test_a_bad_instance_file_names_the_field():
    good = {"persons": [{"id": "a", "occupation": "72"}],
            "vacancies": [{"id": "v", "region": "KZ-59", "occupation": "72", "places": 1, "wage_kzt": 300000}]}
    assert len(parse_instance(json.loads(json.dumps(good))).jobs) == 1
    bad = json.loads(json.dumps(good))
    bad["vacancies"][0]["places"] = "two"
    with pytest.raises(InstanceError) as info:
        parse_instance(bad)
    assert info.value.field == "vacancies[0].places"
    bad = json.loads(json.dumps(good))
    bad["persons"][0]["occupation"] = "welder"
    with pytest.raises(InstanceError) as info:
        parse_instance(bad)
    assert info.value.field == "persons[0].occupation"
    with pytest.raises(InstanceError) as info:
        parse_instance({"persons": [], "vacancies": {}})
    assert info.value.field == "vacancies"
