"""Benchmark: synthetic migration events in Parquet -> origin-destination matrix and every indicator by region
and month, through Koshi's path (stats.analytics on Polars) and as direct DuckDB SQL over the same file.

    .venv/bin/python bench/flows.py            # 10,000,000 events
    .venv/bin/python bench/flows.py --quick    # 200,000 events

Each path runs in its own child process (so its peak memory is its own), five times; the fastest run counts.
Both results are compared cell by cell. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from polars.testing import assert_frame_equal

from stats.analytics import data
from stats.analytics.indicators import event_cube, indicators, movements_from_cube
from stats.analytics.od import od_from_cube

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5  # best of five: the machine may be shared
CODES = ["KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39", "KZ-43",
         "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79"]


def generate(path: Path, n: int, seed: int = 2026) -> None:
    """n events over 2023-2024 shaped by regional population: 90% internal (15% of them within a region)."""
    rng = np.random.default_rng(seed)

    pop = data.population().filter(pl.col("year") == 2023)
    weights = np.array([pop.filter(pl.col("unit") == c)["population"].item() for c in CODES], float)
    weights /= weights.sum()
    origin = rng.choice(len(CODES), size=n, p=weights).astype(np.int32)
    other = (origin + rng.integers(1, len(CODES), size=n)) % len(CODES)
    destination = np.where(rng.random(n) < 0.15, origin, other).astype(np.int32)
    kind = rng.choice(3, size=n, p=[0.9, 0.05, 0.05]).astype(np.int32)
    origin_valid = kind != 1  # international arrival: no origin region
    destination_valid = kind != 2  # international departure: no destination region
    days = rng.integers(0, 731, size=n) + np.datetime64("2023-01-01", "D").astype(np.int64)
    codes = pa.array(CODES)

    def dict_col(idx, valid=None):
        mask = None if valid is None else ~valid
        return pa.DictionaryArray.from_arrays(pa.array(idx, mask=mask), codes).cast(pa.string())

    table = pa.table({
        "event_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "event_date": pa.array(days.astype("datetime64[D]")),
        "kind": pa.DictionaryArray.from_arrays(pa.array(kind),
                                               pa.array(["internal", "international_arrival",
                                                         "international_departure"])).cast(pa.string()),
        "origin_region": dict_col(origin, origin_valid),
        "destination_region": dict_col(destination, destination_valid),
        "origin_district": pa.nulls(n, pa.string()),
        "destination_district": pa.nulls(n, pa.string()),
        "sex": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 2, n).astype(np.int32)),
                                              pa.array(["male", "female"])).cast(pa.string()),
        "age": pa.array(rng.integers(0, 90, n).astype(np.int64)),
        "reason": pa.nulls(n, pa.string()),
    })
    pq.write_table(table, path, row_group_size=1_000_000)


def population_frame():
    return data.population().filter(pl.col("year").is_in([2023, 2024])).with_columns(pl.col("year").cast(pl.Int32))


def koshi(path: str):
    """Koshi's path: the same functions the dashboard and the API use."""
    cube = event_cube(pl.scan_parquet(path), scope="interregional", grain="month")  # the events are read once
    od = od_from_cube(cube, freq="month")
    table = indicators(movements_from_cube(cube, freq="month"), population=population_frame())
    return od, table


SQL_CUBE = """
CREATE OR REPLACE TEMP TABLE cube AS
SELECT origin_region, destination_region, date_trunc('month', event_date)::DATE AS period, count(*) AS n
FROM read_parquet($path) WHERE kind = 'internal' AND origin_region <> destination_region GROUP BY ALL
"""
SQL_OD_FROM_CUBE = """
SELECT origin_region AS origin, destination_region AS destination, period, n AS persons FROM cube
ORDER BY period, origin, destination
"""
# Both SQL baselines end alike: arrivals and departures by unit and month into every indicator.
_SQL_INDICATORS_FROM_MOVES = """
m AS (SELECT coalesce(arr.unit, dep.unit) AS unit, coalesce(arr.period, dep.period) AS period,
             coalesce(arrivals, 0) AS arrivals, coalesce(departures, 0) AS departures
      FROM arr FULL JOIN dep ON arr.unit = dep.unit AND arr.period = dep.period)
SELECT m.unit, m.period, arrivals, departures, arrivals - departures AS net, arrivals + departures AS gross,
       CASE WHEN arrivals + departures > 0 THEN (arrivals - departures) * 100.0 / (arrivals + departures) END AS efficiency,
       (arrivals - departures) * 1000.0 / p.population AS net_per_1000
FROM m LEFT JOIN pop p ON p.unit = m.unit AND p.year = year(m.period)
ORDER BY m.unit, m.period
"""
SQL_INDICATORS_FROM_CUBE = """
WITH arr AS (SELECT destination_region AS unit, period, sum(n) AS arrivals FROM cube GROUP BY ALL),
dep AS (SELECT origin_region AS unit, period, sum(n) AS departures FROM cube GROUP BY ALL),
""" + _SQL_INDICATORS_FROM_MOVES
SQL_OD = """
SELECT origin_region AS origin, destination_region AS destination, date_trunc('month', event_date)::DATE AS period,
       count(*) AS persons
FROM read_parquet($path)
WHERE kind = 'internal' AND origin_region <> destination_region
GROUP BY ALL ORDER BY period, origin, destination
"""
SQL_INDICATORS = """
WITH ev AS (
  SELECT origin_region, destination_region, date_trunc('month', event_date)::DATE AS period
  FROM read_parquet($path) WHERE kind = 'internal' AND origin_region <> destination_region),
arr AS (SELECT destination_region AS unit, period, count(*) AS arrivals FROM ev GROUP BY ALL),
dep AS (SELECT origin_region AS unit, period, count(*) AS departures FROM ev GROUP BY ALL),
""" + _SQL_INDICATORS_FROM_MOVES


def direct(path: str):
    con = duckdb.connect()
    con.register("pop", population_frame().to_arrow())
    od = pl.from_arrow(con.sql(SQL_OD, params={"path": path}).to_arrow_table())
    table = pl.from_arrow(con.sql(SQL_INDICATORS, params={"path": path}).to_arrow_table())
    return od, table


def direct_once(path: str):
    """The same SQL, reading the file once into a monthly cube (as Koshi's path reads it once)."""
    con = duckdb.connect()
    con.register("pop", population_frame().to_arrow())
    con.execute(SQL_CUBE, {"path": path})
    od = pl.from_arrow(con.sql(SQL_OD_FROM_CUBE).to_arrow_table())
    table = pl.from_arrow(con.sql(SQL_INDICATORS_FROM_CUBE).to_arrow_table())
    return od, table


def worker(which: str, path: str) -> None:
    run = {"koshi": koshi, "direct": direct, "direct_once": direct_once}[which]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        od, table = run(path)
        times.append(time.perf_counter() - start)
    od = od.select("origin", "destination", pl.col("period").cast(pl.Date), pl.col("persons").cast(pl.Int64)).sort(
        "period", "origin", "destination")
    table = table.select("unit", pl.col("period").cast(pl.Date), "arrivals", "departures", "net", "gross",
                         "efficiency", "net_per_1000").sort("unit", "period")
    out = Path(path).with_suffix(f".{which}")
    od.write_parquet(f"{out}.od.parquet")
    table.write_parquet(f"{out}.ind.parquet")
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": min(times), "peak_mb": peak_mb, "od_cells": od.height, "indicator_rows": table.height}))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: reset at exec, unlike ru_maxrss which a child inherits)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(which: str, path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "koshi.settings"}
    done = subprocess.run([sys.executable, __file__, "--worker", which, "--file", str(path)], capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def same(path: Path, other: str) -> bool:
    base = path.with_suffix("")
    try:
        for part in ("od", "ind"):
            a = pl.read_parquet(f"{base}.koshi.{part}.parquet")
            b = pl.read_parquet(f"{base}.{other}.{part}.parquet")
            assert_frame_equal(a, b, check_dtypes=False, rel_tol=1e-9)
    except AssertionError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 events instead of 10,000,000")
    parser.add_argument("--events", type=int)
    parser.add_argument("--worker", choices=["koshi", "direct", "direct_once", "generate"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "generate":
        generate(Path(args.file), args.events)
        return
    if args.worker:
        worker(args.worker, args.file)
        return
    n = args.events or (200_000 if args.quick else 10_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.parquet"
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--worker", "generate", "--file", str(path), "--events", str(n)],
                       check=True)  # in its own process, so that the measured children start small
        generated = time.perf_counter() - start
        print(f"generated {n:,} events ({path.stat().st_size / 1e6:.1f} MB Parquet) in {generated:.1f} s",
              file=sys.stderr)
        k = _child("koshi", path)
        d = _child("direct", path)
        d1 = _child("direct_once", path)
        equal = same(path, "direct") and same(path, "direct_once")
    print(f"Koshi (Polars): {k['seconds']:.3f} s, peak {k['peak_mb']:.0f} MB; "
          f"direct DuckDB SQL: {d['seconds']:.3f} s, peak {d['peak_mb']:.0f} MB; "
          f"DuckDB SQL reading once: {d1['seconds']:.3f} s, peak {d1['peak_mb']:.0f} MB", file=sys.stderr)
    print(json.dumps({
        "benchmark": "flows", "events": n, "od_cells": k["od_cells"], "indicator_rows": k["indicator_rows"],
        "koshi_seconds": round(k["seconds"], 4), "duckdb_seconds": round(d["seconds"], 4),
        "ratio": round(k["seconds"] / d["seconds"], 3), "goal_ratio": 1.5,
        "koshi_peak_mb": round(k["peak_mb"], 1), "duckdb_peak_mb": round(d["peak_mb"], 1),
        "duckdb_once_seconds": round(d1["seconds"], 4), "ratio_vs_once": round(k["seconds"] / d1["seconds"], 3),
        "duckdb_once_peak_mb": round(d1["peak_mb"], 1),
        "results_equal": equal, "generate_seconds": round(generated, 2),
    }))


if __name__ == "__main__":
    main()
