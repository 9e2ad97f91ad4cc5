"""Benchmark: Koshi's registration import against two floors measured in the same run, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koshi_register python bench/registry_import.py [--quick] [--rows N]

Makes a scratch database next to DATABASE_URL's (its name + `_bench`, dropped and made again), migrates
it, creates the persons (not timed), writes N valid registration rows to a CSV file, then times
1. Koshi's importer (registry.importer: chunks read and checked by registry.rules, written with COPY per chunk,
   each chunk committed);
2. floor 1: a bare `COPY` of the same file into a table of text columns with no checks;
3. floor 2: a `COPY` of exactly the rows the import wrote (registrations, migration events, violations, change
   records) into copies of the register's own tables with their indexes, check constraints and foreign keys
   (deferred, as Django makes them), committed: the physical floor of what the import has to write.
Prints rows per second, both ratios (goal: at least 0.5 of floor 2) and the process's resident memory (peak
during the import against before it: flat means it does not grow with the file). Ends with ONE JSON line.
"""

from __future__ import annotations

# Imports of Django and of Koshi's rooms sit inside the functions that run after django.setup(): the database and
# settings are chosen from the command line first, and those modules read settings when imported.
import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set
from bench.scratch import scratch_database  # noqa: E402 — after the path is set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 rows instead of 1,000,000")
    parser.add_argument("--rows", type=int, help="number of rows (overrides --quick)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rows = args.rows or (20_000 if args.quick else 1_000_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(json.dumps({"error": "set DATABASE_URL to a PostgreSQL server"}))
        raise SystemExit(2)
    # named after DATABASE_URL's database, so that engineers sharing one server each drop and make only their own
    os.environ["DATABASE_URL"] = scratch_database(url, f"{urlparse(url).path.lstrip('/') or 'koshi_register'}_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    units = setup_units()
    t0 = time.perf_counter()
    iins = make_persons(rows, units, rng)
    workdir = Path(tempfile.mkdtemp(prefix="koshi-bench-"))
    path = workdir / "registrations.csv"
    write_file(path, iins, units, rng)
    prepare_seconds = time.perf_counter() - t0
    size_mb = path.stat().st_size / 2**20

    from accounts.audit import acting_as
    from registry import importer

    connection.close()
    rss_before = rss_mb()
    sampler = RssSampler()
    sampler.start()
    t0 = time.perf_counter()
    with acting_as("bench"):
        result = importer.import_file(path)
    koshi_seconds = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    batch = result.batch
    from registry.importer.storing import fast_checks as fast

    fast_checks = fast()

    from registry.importer import COLUMNS

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_bare")
        columns = ", ".join(f"{c} text" for c in COLUMNS)
        cur.execute(f"CREATE TABLE bench_bare ({columns})")  # logged, like the register's tables
    header = path.open(encoding="utf-8").readline().strip().split(",")
    t0 = time.perf_counter()
    with connection.cursor() as cur, open(path, "rb") as fh:
        fh.readline()
        with cur.cursor.copy(f"COPY bench_bare ({', '.join(header)}) FROM STDIN WITH (FORMAT csv)") as copy:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                copy.write(chunk)
    copy_seconds = time.perf_counter() - t0
    floor_seconds, floor_rows = written_floor(batch.pk)
    connection.close()
    path.unlink()
    workdir.rmdir()

    koshi_rate = rows / koshi_seconds
    copy_rate = rows / copy_seconds
    out = {
        "bench": "registry_import",
        "rows": rows,
        "file_mb": round(size_mb, 1),
        "stored": batch.stored_rows,
        "rejected": batch.rejected_rows,
        "koshi_seconds": round(koshi_seconds, 2),
        "copy_seconds": round(copy_seconds, 2),
        "koshi_rows_per_s": round(koshi_rate),
        "copy_rows_per_s": round(copy_rate),
        "ratio": round(koshi_rate / copy_rate, 3),
        "floor_rows_written": floor_rows,
        "rows_written_per_input_row": round(floor_rows / rows, 2),
        "floor_seconds": round(floor_seconds, 2),
        "floor_rows_per_s": round(rows / floor_seconds),
        "ratio_to_written_floor": round(floor_seconds / koshi_seconds, 3),
        "goal_ratio_to_written_floor": 0.5,
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(sampler.peak, 1),
        "rss_growth_mb": round(sampler.peak - rss_before, 1),
        "prepare_seconds": round(prepare_seconds, 1),
        "fk_checks_set_based": fast_checks,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"Koshi import: {koshi_rate:,.0f} rows/s; bare COPY: {copy_rate:,.0f} rows/s; ratio {out['ratio']}; "
          f"COPY of the rows written: {floor_seconds:.2f} s, ratio {out['ratio_to_written_floor']}; "
          f"memory {rss_before:.0f} -> {sampler.peak:.0f} MB", file=sys.stderr)
    print(json.dumps(out))


WRITTEN = ["registry_registration", "registry_migrationevent", "registry_violation", "accounts_changerecord"]


def written_floor(batch_id: int) -> tuple[float, int]:
    """Seconds to COPY exactly the rows the import wrote into copies of the register's tables (indexes, checks,
    and the foreign keys, deferred, as Django declares them), in one committed transaction; and how many rows."""
    import io

    from django.db import connection, transaction

    selects = {
        "registry_registration": f"SELECT * FROM registry_registration WHERE batch_id = {batch_id}",
        "registry_migrationevent": "SELECT e.* FROM registry_migrationevent e JOIN registry_registration r "
                                   f"ON r.id = e.registration_id WHERE r.batch_id = {batch_id}",
        "registry_violation": "SELECT v.* FROM registry_violation v JOIN registry_registration r "
                              f"ON r.id = v.registration_id WHERE r.batch_id = {batch_id}",
        "accounts_changerecord": f"SELECT * FROM accounts_changerecord WHERE reason LIKE 'import batch {batch_id}:%'",
    }
    data: dict[str, bytes] = {}
    total = 0
    with connection.cursor() as cur:
        for table in WRITTEN:
            buffer = io.BytesIO()
            with cur.cursor.copy(f"COPY ({selects[table]}) TO STDOUT") as copy:
                for block in copy:
                    buffer.write(block)
            data[table] = buffer.getvalue()
            total += data[table].count(b"\n")
            cur.execute(f"DROP TABLE IF EXISTS floor_{table} CASCADE")
            cur.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                        "AND contype = 'f'", [table])
            for (definition,) in cur.fetchall():
                for other in WRITTEN:
                    definition = definition.replace(f"REFERENCES {other}(", f"REFERENCES floor_{other}(")
                cur.execute(f"ALTER TABLE floor_{table} ADD {definition}")
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for table in WRITTEN:
            with cur.cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                copy.write(data[table])
    seconds = time.perf_counter() - t0
    with connection.cursor() as cur:
        for table in WRITTEN:
            cur.execute(f"DROP TABLE IF EXISTS floor_{table} CASCADE")
    return seconds, total


def setup_units():
    """Current regions (from geo's reference data, or made here if the database has none)."""
    from geo.models import TerritorialUnit, UnitKind

    units = list(TerritorialUnit.objects.current().first_level().order_by("code"))
    if not units:
        codes = ["KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35", "KZ-39",
                 "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63", "KZ-71", "KZ-75", "KZ-79"]
        for code in codes:
            TerritorialUnit.objects.create(code=code, kind=UnitKind.REGION, name_kk=code, name_ru=code, name_en=code,
                                           path=f"/{code}/", valid_from=dt.date(1990, 1, 1))
        units = list(TerritorialUnit.objects.current().first_level().order_by("code"))
    return units


def make_persons(n: int, units, rng: random.Random) -> list[str]:
    """n persons with valid, distinct IINs, written with COPY (setup, not timed)."""
    from django.db import connection

    from people.iin import make_iin

    iins: list[str] = []
    seen: set[str] = set()
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cur:
        with cur.cursor.copy("COPY people_person (iin, surname, given_name, patronymic, birth_date, sex, citizenship, "
                             "home_unit_id, created_at) FROM STDIN") as copy:
            serial = 0
            while len(iins) < n:
                birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
                sex = "male" if rng.random() < 0.5 else "female"
                serial += 1
                iin = make_iin(birth, sex, serial % 10000)
                if iin in seen:
                    continue
                seen.add(iin)
                iins.append(iin)
                copy.write_row((iin, "Bench", "Person", "", birth, sex, "KZ", rng.choice(units).pk, now))
    return iins


def write_file(path: Path, iins: list[str], units, rng: random.Random) -> None:
    from registry.importer import COLUMNS

    header = [c for c in COLUMNS if c not in ("employer_bin", "registering_body", "previous_district")]
    premises = ["flat", "house", "dormitory", "service"]
    reasons = ["work", "study", "family", "other", ""]
    start = dt.date(2024, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for n, iin in enumerate(iins):
            arrival = start + dt.timedelta(days=rng.randrange(600))
            registered = arrival + dt.timedelta(days=rng.randrange(12))
            unit = units[n % len(units)]
            previous = units[(n * 7 + 3) % len(units)].code if n % 3 else ""
            values = {
                "iin": iin, "kind": "permanent", "procedure": "standard", "region": unit.code, "district": "",
                "settlement": "Settlement", "street": f"Street {n % 500}", "building": str(n % 200 + 1),
                "flat": str(n % 90), "premises": premises[n % 4], "arrival_date": arrival.isoformat(),
                "registered_on": registered.isoformat(), "valid_until": "", "reason": reasons[n % 5],
                "from_abroad": "true" if n % 50 == 0 and not previous else "", "previous_region": previous,
                "owner_iin": "900517300019", "owner_consent_at": f"{arrival.isoformat()} 10:00",
                "decision_number": "", "decision_date": "",
            }
            writer.writerow([values[c] for c in header])


if __name__ == "__main__":
    main()
