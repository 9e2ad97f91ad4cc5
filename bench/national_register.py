"""Benchmark: the register's statistics at national scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koshi_register python bench/national_register.py [--quick]
        [--persons N] [--years 5]

Makes a scratch database next to DATABASE_URL's (koshi_register_national, or KOSHI_BENCH_REGISTER_DB; dropped and
made again), migrates it
(geo's reference units included), and generates a synthetic national register in the database itself:
N persons (default 20,000,000; --quick 200,000), one active permanent registration each, and five years of
migration events at the rate of Kazakhstan's register (about 1.8 million residence changes a year for 20 million
residents, i.e. 9 % of persons a year), shaped by the BNS flows: each interregional event's origin and destination
drawn from the published 2023 origin-destination table (registry/data/kz_interregional_od_2010_2023.csv), with
moves within a region and arrivals from abroad in the published shares. Rows are generated server-side
(INSERT ... SELECT over generate_series: a bulk load like COPY, with no client round trip per row), a million rows
per statement, with the secondary indexes built after loading and the foreign keys not checked row by row; the
database's disk is checked first (the national register needs about 22 GB). The counts are folded (the daily task)
before the queries are timed. The national run is this one command (about an hour on a quiet machine):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koshi_register python bench/national_register.py

Then it times, warm, each query as the pages and the API run it:
- the statistics page's register queries (stats.selectors.register_indicators by year and by month, the
  dashboard's flows cube by year and sex/age) — goal under 1 s each;
- the flows API (GET /api/v1/registry/flows/ as the ministry) — goal under 2 s;
- the events API's keyset pages (GET /api/v1/registry/events/ as the ministry, 50 a page): page 1, and the page
  1,000 pages deep reached by following `next` — the same cost, whatever the depth;
- against the floor, direct SQL GROUP BYs over the events table measured in the same run (by origin,
  destination and month; by origin, destination, year, sex and age band);
and prints the sizes on disk per table and per year of events. Ends with ONE JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set
from bench.scratch import scratch_database  # noqa: E402 — after the path is set

BENCH_DB = os.environ.get("KOSHI_BENCH_REGISTER_DB", "koshi_register_national")  # another name: a run of one's own
if not BENCH_DB.replace("_", "").isalnum() or not BENCH_DB.isascii():
    raise SystemExit(f"KOSHI_BENCH_REGISTER_DB must be a plain database name: {BENCH_DB!r}")
MOVES_PER_PERSON_YEAR = 1_800_000 / 20_000_000
WITHIN_REGION_SHARE = 0.45  # BNS all-internal vs interregional (2022-2023): about this share stays in the region
FROM_ABROAD_SHARE = 0.03


def timed(fn, repeat: int = 3) -> float:
    """The best of `repeat` warm runs (the first run warms the caches and is not counted)."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


STEP = 1_000_000  # rows per statement (each committed): progress, and no transaction of 20 million rows
TABLES = ("people_person", "registry_registration", "registry_migrationevent")


def check_disk(persons: int, years: int) -> dict:
    """Refuse to start when the database's disk cannot hold the register (from the measured sizes per row:
    about 450 bytes per person with his registration and their indexes, 225 per event; twice that for the
    write-ahead log and the index builds)."""
    import shutil

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW data_directory")
        directory = cur.fetchone()[0]
    try:
        free = shutil.disk_usage(directory).free
    except OSError:  # the server's directory is not readable here: the disk this checkout is on
        free = shutil.disk_usage(ROOT).free
    need = 2 * (persons * 450 + int(persons * MOVES_PER_PERSON_YEAR * years) * 225)
    if need > free:
        raise SystemExit(f"{need / 2**30:.1f} GB needed, {free / 2**30:.1f} GB free on the database's disk")
    return {"disk_free_gb": round(free / 2**30, 1), "disk_needed_gb": round(need / 2**30, 1)}


def generate(persons: int, years: int, first_year: int) -> dict:
    """Persons, registrations and events, generated in the database (INSERT ... SELECT over generate_series: a
    bulk load like COPY, with no client round trip per row), a million rows per statement. Setup, not measured:
    the secondary indexes are built after loading (as pg_restore does), and the foreign keys are not checked
    row by row (session_replication_role = replica: the rows refer to what this function made) — the counts'
    trigger fires always (migration 0011), so EventCount is filled as in production."""
    from django.db import connection

    from geo.selectors import find_unit

    od = [r for r in csv.DictReader(open(ROOT / "registry/data/kz_interregional_od_2010_2023.csv"))
          if r["year"] == "2023"]
    found = {name: find_unit(name) for name in {r["origin"] for r in od} | {r["destination"] for r in od}}
    units = {name: unit.pk for name, unit in found.items() if unit is not None}
    od = [r for r in od if r["origin"] in units and r["destination"] in units]
    if not od:
        raise SystemExit("No unit of the BNS table is known to geo: migrate geo's reference units.")
    total = sum(int(r["persons"]) for r in od)
    events = int(persons * MOVES_PER_PERSON_YEAR * years)
    timings: dict[str, float] = {}
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SELECT current_setting('is_superuser') = 'on'")
        if cur.fetchone()[0]:
            cur.execute("SET session_replication_role = replica")
        cur.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)", [list(TABLES)])
        secondary = cur.fetchall()
        for _table, name, _definition in secondary:
            cur.execute(f"DROP INDEX {name}")
        t0 = time.perf_counter()
        cur.execute("CREATE TEMP TABLE bench_units AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM "
                    "geo_territorialunit WHERE kind IN ('region', 'city') AND valid_to IS NULL")
        cur.execute("SELECT count(*) FROM bench_units")
        n_units = cur.fetchone()[0]
        for lo in range(1, persons + 1, STEP):
            hi = min(persons, lo + STEP - 1)
            cur.execute(f"""
                INSERT INTO people_person (iin, surname, given_name, patronymic, birth_date, sex, citizenship,
                                           home_unit_id, created_at)
                SELECT lpad(g::text, 12, '0'), 'Bench', 'Person', '', DATE '1940-01-01' + (g * 7919 % 27000)::int,
                       CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END, 'KZ', u.id, now()
                FROM generate_series({lo}::bigint, {hi}) g JOIN bench_units u ON u.k = g % {n_units}""")
            print(f"persons {hi:,}", file=sys.stderr)
        timings["persons_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        cur.execute("SELECT min(id), max(id) FROM people_person")
        first, last = cur.fetchone()
        for lo in range(first, last + 1, STEP):
            cur.execute(f"""
                INSERT INTO registry_registration (person_id, kind, procedure, region_id, settlement, street,
                    building, flat, premises, arrival_date, registered_on, is_active, end_reason, from_abroad, reason,
                    owner_iin, owner_consent_at, registering_body, decision_number, source, created_at)
                SELECT p.id, 'permanent', 'standard', p.home_unit_id, 'Settlement', 'Street', '1', '', 'flat',
                       DATE '2015-01-01', DATE '2015-01-05', TRUE, '', FALSE, '', '900517300019', now(), '', '', 'demo',
                       now()
                FROM people_person p WHERE p.id BETWEEN {lo} AND {lo + STEP - 1}""")
        timings["registrations_s"] = time.perf_counter() - t0
        # Origin-destination pairs of the BNS table as 10,000 buckets of probability
        cur.execute("CREATE TEMP TABLE bench_od (b int PRIMARY KEY, origin_id bigint, destination_id bigint)")
        buckets, acc = [], 0
        for r in od:
            lo = round(acc / total * 10000)
            acc += int(r["persons"])
            hi = round(acc / total * 10000)
            buckets += [(b, units[r["origin"]], units[r["destination"]]) for b in range(lo, hi)]
        cur.executemany("INSERT INTO bench_od VALUES (%s, %s, %s)", buckets)
        t0 = time.perf_counter()
        within, abroad = WITHIN_REGION_SHARE, FROM_ABROAD_SHARE
        for lo in range(1, events + 1, STEP):
            hi = min(events, lo + STEP - 1)
            cur.execute(f"""
                INSERT INTO registry_migrationevent (person_id, event_date, kind, origin_region_id,
                    destination_region_id, age, sex, reason, recorded_in_id, annulled, correction_reason, created_at)
                SELECT {first} + (g * 2654435761 % {persons}),
                       DATE '{first_year}-01-01' + (g * 7 % ({years} * 365))::int,
                       CASE WHEN r < {abroad} THEN 'international_arrival' ELSE 'internal' END,
                       CASE WHEN r < {abroad} THEN NULL WHEN r < {abroad + within} THEN od.destination_id
                            ELSE od.origin_id END,
                       od.destination_id, 14 + (g * 31 % 66), CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END,
                       'work', od.destination_id, FALSE, '', now()
                FROM (SELECT g, random() AS r, (random() * {len(buckets) - 1})::int AS b
                      FROM generate_series({lo}::bigint, {hi}) g) x
                JOIN bench_od od ON od.b = x.b""")
            print(f"events {hi:,}", file=sys.stderr)
        timings["events_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _table, _name, definition in secondary:
            cur.execute(definition)
        timings["indexes_s"] = time.perf_counter() - t0
        cur.execute("SET session_replication_role = origin")
        for table in (*TABLES, "registry_eventcount"):
            cur.execute(f"VACUUM ANALYZE {table}")
    return {"persons": persons, "events": events, **{k: round(v, 1) for k, v in timings.items()}}


def sizes() -> dict:
    from django.db import connection

    out: dict = {"tables_mb": {}, "events_per_year_mb": {}}
    with connection.cursor() as cur:
        for table in ("people_person", "registry_registration", "registry_migrationevent", "registry_eventcount"):
            cur.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [table, table])
            heap, idx = cur.fetchone()
            out["tables_mb"][table] = {"table": round(heap / 2**20, 1), "indexes": round(idx / 2**20, 1)}
        cur.execute("SELECT pg_total_relation_size('registry_migrationevent'), count(*) FROM registry_migrationevent")
        total, n = cur.fetchone()
        cur.execute("SELECT extract(year FROM event_date)::int, count(*) FROM registry_migrationevent GROUP BY 1 "
                    "ORDER BY 1")
        for year, count in cur.fetchall():
            out["events_per_year_mb"][str(year)] = round(total * count / max(n, 1) / 2**20, 1)
        out["bytes_per_event"] = round(total / max(n, 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 persons instead of 20,000,000")
    parser.add_argument("--persons", type=int)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries again on the register the last run left (no generation)")
    args = parser.parse_args()
    persons = args.persons or (200_000 if args.quick else 20_000_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(json.dumps({"error": "set DATABASE_URL to a PostgreSQL server"}))
        raise SystemExit(2)
    if args.reuse:
        os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{BENCH_DB}"))
    else:
        os.environ["DATABASE_URL"] = scratch_database(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.test import APIClient

    from registry.services import compact_event_counts

    if args.reuse:
        with connection.cursor() as cur:
            cur.execute("SELECT (SELECT count(*) FROM people_person), (SELECT count(*) FROM registry_migrationevent)")
            found_persons, found_events = cur.fetchone()
        disk: dict = {}
        made: dict = {"persons": found_persons, "events": found_events, "reused": True}
    else:
        call_command("migrate", verbosity=0)
        disk = check_disk(persons, args.years)
        made = generate(persons, args.years, 2021)
    t0 = time.perf_counter()
    made["count_cells"] = compact_event_counts()  # the daily task: one row per cell
    made["compact_s"] = round(time.perf_counter() - t0, 1)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE registry_eventcount")

    from accounts.models import User
    from stats import selectors as stats

    ministry, _ = User.objects.get_or_create(username="bench-ministry", defaults={"role": "ministry"})
    client = APIClient()
    client.force_authenticate(ministry)

    def direct_sql() -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT origin_region_id, destination_region_id, date_trunc('month', event_date), count(*) "
                        "FROM registry_migrationevent GROUP BY 1, 2, 3")
            cur.fetchall()

    def direct_sql_sex_age() -> None:  # the cube by year, sex and age band, counted over the events
        with connection.cursor() as cur:
            cur.execute("SELECT origin_region_id, destination_region_id, date_trunc('year', event_date), sex, "
                        "width_bucket(age, ARRAY[15, 25, 35, 45, 55, 65]), count(*) FROM registry_migrationevent "
                        "WHERE kind = 'internal' AND origin_region_id <> destination_region_id GROUP BY 1, 2, 3, 4, 5")
            cur.fetchall()

    def flows_api() -> None:
        response = client.get("/api/v1/registry/flows/", {"grain": "year"})
        assert response.status_code == 200, response.status_code

    events_url = "/api/v1/registry/events/?limit=50"

    def events_page(link: str) -> str | None:
        response = client.get(link)
        assert response.status_code == 200, response.status_code
        return response.json()["next"]

    t0 = time.perf_counter()
    deep, depth = events_url, 1
    while depth < 1000:  # follow `next` to page 1,000 (or the last page of a small register)
        following = events_page(deep)
        if following is None:
            break
        deep, depth = following, depth + 1
    made["events_api_walk_to_page_s"] = round(time.perf_counter() - t0, 1)
    made["events_api_deep_page"] = depth

    rss_before = rss_mb()
    sampler = RssSampler(0.05)
    sampler.start()
    out = {
        "bench": "national_register", **made,
        "direct_sql_group_by_s": round(timed(direct_sql), 3),
        "direct_sql_group_by_sex_age_s": round(timed(direct_sql_sex_age), 3),
        "stats_register_indicators_year_s": round(timed(lambda: stats.register_indicators("year")), 3),
        "stats_register_indicators_month_s": round(timed(lambda: stats.register_indicators("month")), 3),
        "stats_flows_cube_year_sex_age_s": round(timed(lambda: stats.register_cube(
            scope="interregional", grain="year", by_sex=True, by_age=True)), 3),
        "flows_api_s": round(timed(flows_api), 3),
        "events_api_page_1_s": round(timed(lambda: events_page(events_url)), 4),
        "events_api_page_1000_s": round(timed(lambda: events_page(deep)), 4),
    }
    sampler.stop.set()
    sampler.join()
    out["page_queries_goal_s"], out["flows_api_goal_s"] = 1.0, 2.0
    out["ratio_page_to_direct_sql"] = round(out["stats_register_indicators_month_s"] / out["direct_sql_group_by_s"], 2)
    out["rss_before_mb"], out["rss_peak_mb"] = round(rss_before, 1), round(sampler.peak, 1)
    out["ratio_cube_to_direct_sql"] = round(out["stats_flows_cube_year_sex_age_s"] / out["direct_sql_group_by_sex_age_s"], 2)
    out.update(disk)
    out.update(sizes())
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    connection.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
