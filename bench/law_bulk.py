"""Benchmark of the law: one vectorised OpenFisca run over a population vs the same formulas in plain NumPy,
and the latency of single-family calls to POST /api/v1/law/evaluate.

    .venv/bin/python bench/law_bulk.py            # 1,000,000 persons in 250,000 families, 200 API calls
    .venv/bin/python bench/law_bulk.py --quick    # 40,000 persons in 10,000 families, 50 API calls

Goals (issue 3, 2-core machine): the whole OpenFisca run, building the simulation included, under 5 s and
2 GB; API p95 under 50 ms. Ends by printing ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ON = dt.date(2026, 3, 1)
OUTPUTS = ("relocation_eligible", "relocation_subsidy", "rent_compensation_monthly", "rent_compensation_total",
           "housing_certificate")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def population(n_families: int, n_persons: int, seed: int = 20261124) -> dict[str, np.ndarray]:
    """A synthetic population of exactly n_persons in n_families (sizes 1..7), with enum inputs as indices."""
    from law.rules.common import REGION_NAMES, EmploymentStatus, SettlementType

    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 8, n_families)
    diff = n_persons - int(sizes.sum())
    while diff:  # nudge random families by one member until the total is exact
        idx = rng.integers(0, n_families, abs(diff))
        step = 1 if diff > 0 else -1
        sizes[idx] = np.clip(sizes[idx] + step, 1, 7)
        diff = n_persons - int(sizes.sum())
    family_of_person = np.repeat(np.arange(n_families, dtype=np.int64), sizes)
    is_head = np.zeros(n_persons, dtype=bool)
    is_head[np.concatenate([[0], np.cumsum(sizes)[:-1]])] = True
    statuses = [s.name for s in EmploymentStatus]
    status = np.where(is_head, rng.choice([statuses.index("job_seeker"), statuses.index("unemployed"),
                                           statuses.index("employed")], n_persons, p=[0.6, 0.3, 0.1]),
                      statuses.index("none")).astype(np.int16)
    birth = (np.datetime64("1960-01-01") + rng.integers(0, 60 * 365, n_persons).astype("timedelta64[D]"))
    region_codes = [n for n in REGION_NAMES]
    departure = rng.choice([region_codes.index(c) for c in ("KZ_61", "KZ_31", "KZ_79", "KZ_43", "KZ_15")],
                           n_families).astype(np.int16)
    arrival = rng.choice([region_codes.index(c) for c in ("KZ_59", "KZ_55", "KZ_39", "KZ_63", "KZ_11", "KZ_10")],
                         n_families).astype(np.int16)
    return {
        "family_of_person": family_of_person, "is_head": is_head,
        "is_citizen": rng.random(n_persons) < 0.98, "employment_status": status,
        "months_registered_in_departure_region": rng.integers(0, 120, n_persons).astype(np.int64),
        "birth_date": birth,
        "departure_region": departure, "arrival_region": arrival,
        "settlement_type": rng.integers(0, len(list(SettlementType)), n_families).astype(np.int16),
        "housing_price": np.where(rng.random(n_families) < 0.5, rng.integers(3_000_000, 15_000_000, n_families), 0),
    }


def run_openfisca(pop: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    from law.rules.simulate import build, period_of

    sim = build(
        on=ON, family_of_person=pop["family_of_person"], is_head=pop["is_head"],
        person_inputs={k: pop[k] for k in ("is_citizen", "employment_status", "months_registered_in_departure_region")},
        family_inputs={k: pop[k] for k in ("departure_region", "arrival_region", "settlement_type", "housing_price")},
        eternal_inputs={"birth_date": pop["birth_date"]},
    )
    period = period_of(ON)
    return {name: np.asarray(sim.calculate(name, period)) for name in OUTPUTS}


def run_numpy(pop: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same law written directly in NumPy, reading the same parameters once."""
    from law.rules import tax_benefit_system
    from law.rules.common import REGION_NAMES, EmploymentStatus, SettlementType, full_years

    p = tax_benefit_system().parameters(ON.isoformat())
    fam = pop["family_of_person"]
    n_fam = int(fam[-1]) + 1
    heads = np.flatnonzero(pop["is_head"])  # one per family, in family order
    statuses = [s.name for s in EmploymentStatus]
    head_status = pop["employment_status"][heads]
    head_age = full_years(pop["birth_date"][heads], np.datetime64(ON.isoformat()))

    def table(node):
        return np.array([node[name] for name in REGION_NAMES])

    eligible = (
        pop["is_citizen"][heads]
        & (head_age >= p.relocation.eligibility.min_applicant_age)
        & ((head_status == statuses.index("job_seeker")) | (head_status == statuses.index("unemployed")))
        & (pop["months_registered_in_departure_region"][heads] >= p.relocation.eligibility.min_months_registered)
        & (table(p.regions.sending) & table(p.regions.existing))[pop["departure_region"]]
    )
    receiving = (table(p.regions.receiving) & table(p.regions.existing))[pop["arrival_region"]]
    eligible &= receiving  # no free places are passed in: the quota condition (kept by relocation/) does not block
    size = np.bincount(fam, minlength=n_fam).astype(np.int64)
    mci = np.int64(int(p.mci.social_payments))
    subsidy = np.where(eligible, size * int(p.relocation.subsidy_mci_per_member) * mci, 0)
    rc = p.relocation.rent_compensation
    base = np.array([rc.base_mci[s.name] for s in SettlementType], dtype=np.int64)[pop["settlement_type"]]
    rent_mci = np.clip(base + np.where(size >= rc.large_family_members, int(rc.large_family_supplement_mci), 0),
                       int(rc.min_mci), int(rc.max_mci))
    monthly = np.where(eligible, rent_mci * mci, 0)
    total = monthly * np.where(eligible, int(rc.months), 0)
    hc = p.relocation.housing_certificate
    cap = np.where(eligible, np.int64(int(hc.cap_kzt) + int(hc.cap_mci) * mci), 0)
    price = pop["housing_price"].astype(np.int64)
    cert = np.where(price > 0, np.minimum(price * int(hc.share_of_price_percent) // 100, cap), cap)
    return {"relocation_eligible": eligible, "relocation_subsidy": subsidy, "rent_compensation_monthly": monthly,
            "rent_compensation_total": total, "housing_certificate": cert}


def api_latency(n_calls: int) -> dict[str, float]:
    """Median and p95 of single-family POSTs, in process, against a migrated throwaway SQLite database."""
    import django
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {**ScopedRateThrottle.THROTTLE_RATES, "law_calculator": "100000/minute"}
    cache.clear()
    client = Client()
    rng = np.random.default_rng(7)
    times = []
    for i in range(n_calls + 5):
        size = int(rng.integers(1, 7))
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=int(rng.integers(0, 15000)))  # a new family each call
        members = [{"birth_date": (birth + dt.timedelta(days=k)).isoformat(), "citizenship": "KZ",
                    "status": "job_seeker" if k == 0 else "none", "months_registered_in_departure_region": 24,
                    "relation": "head" if k == 0 else "child"} for k in range(size)]
        body = json.dumps({"date": "2026-03-01", "members": members, "departure_region": "KZ-61",
                           "arrival_region": "KZ-59", "settlement_type": "town"})
        start = time.perf_counter()
        response = client.post("/api/v1/law/evaluate", body, content_type="application/json")
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"API call {i} failed: {response.status_code} {response.content[:200]!r}")
        if i >= 5:  # the first calls load the parameters and warm caches
            times.append(elapsed * 1000)
    times.sort()
    return {"api_calls": n_calls, "api_median_ms": round(statistics.median(times), 2),
            "api_p95_ms": round(times[int(0.95 * (len(times) - 1))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small size: 40,000 persons, 50 API calls")
    args = parser.parse_args()
    n_families, n_persons, n_calls = (10_000, 40_000, 50) if args.quick else (250_000, 1_000_000, 200)

    tmp = tempfile.mkdtemp(prefix="koshi-law-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")

    rss_start = peak_rss_mb()
    from law.rules import rules_version, tax_benefit_system

    t0 = time.perf_counter()
    tax_benefit_system()
    load_s = time.perf_counter() - t0
    pop = population(n_families, n_persons)
    rss_before = peak_rss_mb()

    t0 = time.perf_counter()
    of = run_openfisca(pop)
    openfisca_s = time.perf_counter() - t0
    rss_after_openfisca = peak_rss_mb()

    t0 = time.perf_counter()
    npy = run_numpy(pop)
    numpy_s = time.perf_counter() - t0

    for name in OUTPUTS:
        if not np.array_equal(np.asarray(of[name]).astype(np.int64), np.asarray(npy[name]).astype(np.int64)):
            raise SystemExit(f"OpenFisca and NumPy disagree on {name}")
    totals = {name: int(np.asarray(of[name], dtype=np.int64).sum()) for name in OUTPUTS}

    latency = api_latency(n_calls)
    result = {
        "bench": "law_bulk", "quick": args.quick, "persons": n_persons, "families": n_families,
        "date": ON.isoformat(), "rules_version": rules_version(), "cpus": os.cpu_count(),
        "load_parameters_s": round(load_s, 3),
        "openfisca_s": round(openfisca_s, 3), "numpy_s": round(numpy_s, 3),
        "ratio_openfisca_to_numpy": round(openfisca_s / numpy_s, 1) if numpy_s else None,
        "peak_rss_mb": round(peak_rss_mb(), 1), "rss_before_run_mb": round(rss_before, 1),
        "rss_after_openfisca_mb": round(rss_after_openfisca, 1), "rss_at_start_mb": round(rss_start, 1),
        "results_identical": True, "eligible_families": totals["relocation_eligible"],
        "total_subsidy_kzt": totals["relocation_subsidy"],
        "goal_openfisca_under_5s": openfisca_s < 5, "goal_under_2gb": peak_rss_mb() < 2048,
        **latency, "goal_api_p95_under_50ms": latency["api_p95_ms"] < 50,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
