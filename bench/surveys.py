"""Benchmark: 100,000 interviews of the shipped questionnaire (synthetic, as surveys/demo.py makes them) →
raking to region × sex and region × age-group margins (BNS 2023 population, samplics) with trimming →
weighted estimates with standard errors of every question by region (surveys.estimates, Polars) — against the
same table without weights or errors as a plain Polars group-by (the floor), in the same run.

    .venv/bin/python bench/surveys.py            # 100,000 interviews
    .venv/bin/python bench/surveys.py --quick    # 10,000 interviews

Best of three runs for each timed step (the machine may be shared). No database: the population is read from
geo's shipped BNS file. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 3
REGIONS = {"KZ-59": "North Kazakhstan", "KZ-11": "Akmola", "KZ-39": "Kostanay", "KZ-55": "Pavlodar",
           "KZ-63": "East Kazakhstan", "KZ-10": "Abai"}


def population_2023() -> dict[tuple[str, str], int]:
    path = ROOT / "geo" / "data" / "kz_population_by_region_2000_2023.csv"
    names = {name: code for code, name in REGIONS.items()}
    out = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == "2023" and row["region"] in names and row["sex"] in ("male", "female") \
                    and row["area"] == "total":
                out[(names[row["region"]], row["sex"])] = int(row["population_start_of_year"])
    return out


def best(fn):
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    n = args.n or (10_000 if args.quick else 100_000)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    import polars as pl

    from surveys import engine, estimates, selectors, weighting
    from surveys.demo import DEMO_AGE_SHARES, interview
    from surveys.xlsform import convert

    shipped = ROOT / "surveys" / "forms" / "migrants.xlsx"
    definition = engine.FormDefinition(convert(shipped.name, shipped.read_bytes()).definition)
    rng = random.Random(2026)
    codes = list(REGIONS)
    start = time.perf_counter()
    records: list[tuple[str, float | None, dict]] = []
    for i in range(n):
        answers = interview(rng, codes[i % len(codes)], i)
        if answers.get("consent") == "yes":
            records.append((answers["region"], None, answers))
    generated = time.perf_counter() - start
    population = population_2023()
    plan = {"strata": {c: {"population": population[(c, "male")] + population[(c, "female")]} for c in codes},
            "age_shares": DEMO_AGE_SHARES}

    frame = selectors.frame_from_records(definition, records, stratified=True)
    respondents = weighting.respondents([{"region": r, "sex": a["sex"], "age": a["age"]} for r, _w, a in records])
    t_rake, weights = best(lambda: weighting.weigh(respondents, population, plan, trim_ratio=5.0))
    frame = frame.with_columns(w=pl.Series(weights.weights))

    questions = selectors.analysable(definition)
    kinds = {q.name: ("calculate_number" if q.kind == "calculate" else q.kind) for q in questions}
    choices = {q.name: [c["name"] for c in q.choices] or None for q in questions}
    names = [q.name for q in questions if q.name in frame.columns]

    def longs() -> dict[str, pl.DataFrame]:
        return {q: estimates.long_frame(frame, q, kinds[q], "region", choices[q]) for q in names}

    t_long, long = best(longs)

    def weighted() -> int:
        return sum(estimates.estimate(long[q], proportion=kinds[q] not in ("integer", "decimal")).height
                   for q in names)

    def floor() -> int:
        return sum(estimates.unweighted(long[q]).height for q in names)

    t_weighted, cells = best(weighted)
    t_floor, floor_cells = best(floor)
    assert cells == floor_cells
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "bench": "surveys", "interviews": n, "respondents": frame.height, "questions": len(names),
        "cells": cells, "generate_s": round(generated, 3), "rake_trim_s": round(t_rake, 3),
        "deff": round(weights.summary["final"]["deff"], 3),
        "max_margin_error": weights.summary["max_margin_error"],
        "long_frames_s": round(t_long, 3), "weighted_estimates_s": round(t_weighted, 3),
        "unweighted_groupby_s": round(t_floor, 3), "ratio_weighted_over_groupby": round(t_weighted / t_floor, 2),
        "ratio_all_over_groupby": round((t_rake + t_long + t_weighted) / t_floor, 1),
        "peak_rss_mb": round(peak_mb, 1),
    }))


if __name__ == "__main__":
    main()
