"""Benchmark of the matching solver Koshi runs (`labour.matching.solve`, the class network solved exactly as
a min-cost flow by OR-Tools), checked against the plain one-arc-per-pair network and a general MIP solver
(SciPy's HiGHS) on a sample.

    .venv/bin/python bench/matching.py            # 100,000 persons, 20,000 vacancies, 20 regions, 40 groups
    .venv/bin/python bench/matching.py --quick    # 10,000 persons, 2,000 vacancies
    .venv/bin/python bench/matching.py --plain    # also solve the full instance on the plain network (slow)

Goals (issue 13, 2-core machine): the full problem solved to optimality in under 30 s and 4 GB; the objective
equal to the MIP's exact optimum on a 2,000-person sample (gap 0). The floor measured in the same run is the
time to read the instance into the arrays the score reads (the solver cannot be faster than reading its input
once). `--quick` always compares with the plain network; the full size does so with `--plain`.
Ends by printing ONE JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labour.matching import (  # noqa: E402
    REGION_POINTS,
    Candidate,
    Instance,
    Job,
    _candidate_arrays,
    _job_arrays,
    check_feasible,
    feasible_arcs,
    solve,
    solve_plain,
    usable_jobs,
)

# 20 regions (ISO 3166-2:KZ), 12 of them receiving; 40 ISCO-08 sub-major groups
REGIONS = ["KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39", "KZ-43",
           "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79"]
RECEIVING = ["KZ-10", "KZ-11", "KZ-15", "KZ-27", "KZ-35", "KZ-39", "KZ-55", "KZ-59", "KZ-62", "KZ-63", "KZ-71",
             "KZ-23"]
GROUPS = ["11", "12", "13", "14", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "35", "41", "42",
          "43", "44", "51", "52", "53", "54", "61", "62", "71", "72", "73", "74", "75", "81", "82", "83", "91", "92",
          "93", "94", "95", "96", "63"]
HOUSING = ["none", "dormitory", "service_flat"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_instance(n_persons: int, n_vacancies: int, seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    occ = rng.integers(0, len(GROUPS), n_persons)
    prev = rng.integers(18, 80, n_persons) * 5000
    has_prev = rng.random(n_persons) < 0.85
    family = rng.choice([1, 1, 2, 3, 4, 5, 6], n_persons)
    n_pref = rng.choice([0, 1, 2, 3], n_persons, p=[0.03, 0.32, 0.4, 0.25])
    prefs = np.stack([rng.permutation(len(RECEIVING))[:3] for _ in range(min(n_persons, 5000))])
    prefs = prefs[rng.integers(0, len(prefs), n_persons)]
    candidates = tuple(
        Candidate(key=f"p{i}", occupation=GROUPS[occ[i]], previous_wage_kzt=int(prev[i]) if has_prev[i] else None,
                  family_size=int(family[i]), preferred_regions=tuple(RECEIVING[r] for r in prefs[i, :n_pref[i]]))
        for i in range(n_persons))
    v_region = rng.integers(0, len(REGIONS), n_vacancies)
    v_occ = rng.integers(0, len(GROUPS), n_vacancies)
    v_places = rng.choice([1, 1, 2, 3, 5, 10], n_vacancies)
    v_wage = rng.integers(17, 120, n_vacancies) * 5000
    v_housing = rng.integers(0, 3, n_vacancies)
    v_rooms = rng.integers(1, 4, n_vacancies)
    jobs = tuple(Job(key=f"v{j}", region=REGIONS[v_region[j]], occupation=GROUPS[v_occ[j]],
                     places=int(v_places[j]), wage_kzt=int(v_wage[j]), housing=HOUSING[v_housing[j]],
                     housing_rooms=int(v_rooms[j]) if v_housing[j] == 2 else None) for j in range(n_vacancies))
    places_by_region: dict[str, int] = {}
    for job in jobs:
        places_by_region[job.region] = places_by_region.get(job.region, 0) + job.places
    quotas = {r: int(places_by_region.get(r, 0) * 0.6) for r in RECEIVING}  # binding caps
    return Instance(candidates=candidates, jobs=jobs, receiving_regions=frozenset(RECEIVING), quotas=quotas)


def milp_optimum(instance: Instance) -> tuple[int, float]:
    """The exact optimum of the same problem as a 0-1 programme (SciPy's HiGHS), and its time."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    jobs, _excluded, cand, job, score = feasible_arcs(instance)
    started = time.perf_counter()
    m = len(cand)
    regions = sorted({j.region for j in jobs})
    region_of = {r: i for i, r in enumerate(regions)}
    arc_region = np.asarray([region_of[jobs[j].region] for j in job], dtype=np.int64)
    ones = np.ones(m)
    a_person = coo_matrix((ones, (cand, np.arange(m))), shape=(len(instance.candidates), m))
    a_job = coo_matrix((ones, (job, np.arange(m))), shape=(len(jobs), m))
    a_region = coo_matrix((ones, (arc_region, np.arange(m))), shape=(len(regions), m))
    upper = np.concatenate([np.ones(len(instance.candidates)), [j.places for j in jobs],
                            [instance.quotas.get(r, m) for r in regions]])
    result = milp(-score.astype(float), constraints=LinearConstraint(vstack([a_person, a_job, a_region]).tocsr(),
                                                                     -np.inf, upper),
                  integrality=np.ones(m), bounds=Bounds(0, 1))
    if result.status != 0:
        raise RuntimeError(result.message)
    return int(round(-result.fun)), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--plain", action="store_true", help="also solve the plain network at the full size")
    args = parser.parse_args()
    n_persons, n_vacancies = (10_000, 2_000) if args.quick else (100_000, 20_000)

    t0 = time.perf_counter()
    instance = make_instance(n_persons, n_vacancies, args.seed)
    generate_s = time.perf_counter() - t0
    base_mb = peak_rss_mb()

    # the floor: reading the instance into the arrays the score reads
    t0 = time.perf_counter()
    jobs, _excluded = usable_jobs(instance)
    region_of = {r: i for i, r in enumerate(sorted({j.region for j in jobs}))}
    _candidate_arrays(instance, region_of)
    _job_arrays(jobs, region_of)
    floor_s = time.perf_counter() - t0

    # the solver Koshi runs (matching runs, manage.py match): the class network
    phases: dict[str, float] = {}
    t0, cpu0 = time.perf_counter(), time.process_time()
    result = solve(instance, phases)
    solve_s, solve_cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    full_peak = peak_rss_mb()
    problems = check_feasible(instance, result)  # one job a person, places, quotas, receiving regions
    assert problems == [], problems[:5]
    plain: dict = {"skipped": "full size without --plain"}
    if args.quick or args.plain:
        t0 = time.perf_counter()
        reference = solve_plain(instance)
        plain = {"objective": reference.objective, "pairs": reference.arcs, "s": round(time.perf_counter() - t0, 2),
                 "peak_memory_mb": round(peak_rss_mb(), 1), "agrees": reference.objective == result.objective}
        assert reference.objective == result.objective, (reference.objective, result.objective)

    # a 2,000-person sample (vacancies and quotas in the same proportion) against the MIP's exact optimum
    sample_persons = 2_000
    share = sample_persons / n_persons
    small = make_instance(sample_persons, max(1, round(n_vacancies * share)), args.seed + 1)
    t0 = time.perf_counter()
    flow_small = solve(small).objective
    flow_small_s = time.perf_counter() - t0
    plain_small = solve_plain(small).objective
    mip_small, mip_small_s = milp_optimum(small)

    print(json.dumps({
        "bench": "matching", "quick": args.quick, "persons": n_persons, "vacancies": n_vacancies,
        "regions": len(REGIONS), "receiving_regions": len(RECEIVING), "occupation_groups": len(GROUPS),
        "region_points": list(REGION_POINTS), "excluded_vacancies": len(result.excluded_jobs),
        "feasible_pairs": result.arcs, "network_arcs": result.network_arcs, "assigned": len(result.proposals), "objective": result.objective,
        "instance_build_s": round(generate_s, 2), "floor_read_s": round(floor_s, 2),
        "phases_s": {k: round(v, 2) for k, v in phases.items()},
        "time_to_optimum_s": round(solve_s, 2), "time_to_optimum_cpu_s": round(solve_cpu_s, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()], "ratio_to_floor": round(solve_s / floor_s, 2),
        "peak_memory_mb": round(full_peak, 1), "solve_memory_mb": round(full_peak - base_mb, 1), "plain": plain,
        "sample": {"persons": sample_persons, "vacancies": len(small.jobs), "flow_objective": flow_small,
                   "plain_objective": plain_small, "mip_objective": mip_small, "gap": mip_small - flow_small,
                   "flow_s": round(flow_small_s, 3), "mip_s": round(mip_small_s, 3)},
        "goal": {"time_s": 30, "memory_mb": 4096, "gap": 0},
    }))


if __name__ == "__main__":
    main()
