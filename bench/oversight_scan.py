"""Benchmark: the oversight scan over a synthetic register, against the bare read it cannot do without.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koshi_oversight python bench/oversight_scan.py [--quick]
        [--persons N]

Makes a scratch database next to DATABASE_URL's (koshi_oversight_bench, dropped and made again), migrates it,
and writes (not timed) N persons: 70 % moved from a sending region into one of the others (a permanent
registration and its migration event), 30 % registered at home; half the movers hired (a quarter of them on
fixed terms, some terminated, 30 % of entries late). Then times
1. the floor: one COUNT of the registrations in force that moved someone between regions (the least any
   implementation must read);
2. rule 1 and rule 2 alone (reads, Polars, the law), and the whole scan with its writes;
3. the same scan again (it raises nothing: the idempotent path).
Prints the times, the ratio of rule 1 to the floor, the alerts, and the process's peak resident memory.
Ends with ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set
from bench.scratch import scratch_database  # noqa: E402 — after the path is set

BENCH_DB = "koshi_oversight_bench"
SENDING = ["KZ-61", "KZ-31", "KZ-43", "KZ-79", "KZ-47"]
OTHERS = ["KZ-59", "KZ-11", "KZ-39", "KZ-55", "KZ-63", "KZ-10", "KZ-35", "KZ-71", "KZ-75", "KZ-15"]


def seed(n: int, on: dt.date, rng: random.Random) -> dict:
    from geo.models import TerritorialUnit
    from labour.bin import make_bin
    from labour.models import ContractEntry, Employer, EmploymentContract
    from people.iin import make_iin
    from people.models import Person
    from registry.models import MigrationEvent, Registration

    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    sending = [units[c] for c in SENDING if c in units]
    others = [units[c] for c in OTHERS if c in units]
    owner = make_iin(dt.date(1961, 3, 12), "female", 4242)
    employers = Employer.objects.bulk_create([
        Employer(bin=make_bin(2005 + k % 15, 1 + k % 12, 100 + k * 37), name=f"Employer {k}", region=others[k % len(others)],
                 sector="C") for k in range(60)])
    iins: set[str] = set()
    persons: list[Person] = []
    serial = 0
    while len(persons) < n:
        serial += 1
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(13_000))
        sex = rng.choice(["male", "female"])
        iin = make_iin(birth, sex, serial % 9000 + 1)
        if iin in iins:
            continue
        iins.add(iin)
        persons.append(Person(iin=iin, surname="Bench", given_name=f"P{serial}", birth_date=birth, sex=sex,
                              home_unit=rng.choice(sending)))
    persons = Person.objects.bulk_create(persons, batch_size=5000)
    regs, moves = [], []
    for p in persons:
        home = p.home_unit
        mover = rng.random() < 0.7
        region = rng.choice(others) if mover else home
        arrival = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange((on - dt.date(2021, 1, 1)).days - 10))
        regs.append(Registration(person=p, kind="permanent", procedure="standard", region=region, settlement="X",
                                 street="Y", building="1", premises="flat", arrival_date=arrival,
                                 registered_on=arrival, owner_iin=owner,
                                 owner_consent_at=dt.datetime.combine(arrival, dt.time(10), tzinfo=dt.UTC),
                                 source="import", reason="work" if mover else ""))
        moves.append(mover)
    regs = Registration.objects.bulk_create(regs, batch_size=5000)
    events, contracts = [], []
    for p, reg, mover in zip(persons, regs, moves, strict=True):
        if not mover:
            continue
        events.append(MigrationEvent(person=p, event_date=reg.arrival_date, kind="internal", origin_region=p.home_unit,
                                     destination_region=reg.region, age=30, sex=p.sex, reason="work",
                                     recorded_in=reg.region, registration=reg))
        if rng.random() < 0.5:
            start = reg.arrival_date + dt.timedelta(days=rng.randrange(0, 90))
            if start > on:
                continue
            fixed = rng.random() < 0.25
            end = start + dt.timedelta(days=rng.randrange(90, 720)) if fixed else None
            employer = rng.choice(employers)
            contracts.append(EmploymentContract(employer=employer, employee=p, position="Welder",
                                                workplace_unit=reg.region, start_date=start,
                                                term="fixed" if fixed else "indefinite", end_date=end,
                                                wage_kzt=300_000))
    MigrationEvent.objects.bulk_create(events, batch_size=5000)
    contracts = EmploymentContract.objects.bulk_create(contracts, batch_size=5000)
    entries = []
    for c in contracts:
        delay = rng.choice([0, 1, 2, 3, 4, 5, 9, 14]) if rng.random() < 0.3 else rng.randrange(4)
        due = c.start_date + dt.timedelta(days=7)
        registered = c.start_date + dt.timedelta(days=delay)
        entries.append(ContractEntry(contract=c, kind="new", event_date=c.start_date, registered_on=registered,
                                     due_date=due, days_late=max(0, (registered - due).days),
                                     article="model-law/art-14/p-1"))
    ContractEntry.objects.bulk_create(entries, batch_size=5000)
    return {"persons": len(persons), "registrations": len(regs), "events": len(events), "contracts": len(contracts),
            "entries": len(entries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 persons")
    parser.add_argument("--persons", type=int, default=None)
    args = parser.parse_args()
    n = args.persons or (20_000 if args.quick else 200_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark makes its own database beside it).")
    os.environ["DATABASE_URL"] = scratch_database(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Exists, F, OuterRef
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from oversight import rules, services
    from registry.models import MigrationEvent, Registration

    on = timezone.localdate()
    sizes = seed(n, on, random.Random(2026))
    sampler = RssSampler()
    sampler.start()
    before = rss_mb()

    started = time.perf_counter()
    moved = MigrationEvent.objects.effective().filter(registration=OuterRef("pk"), kind="internal").exclude(
        origin_region=F("destination_region"))
    floor_rows = Registration.objects.active(on).filter(Exists(moved)).count()
    floor = time.perf_counter() - started

    started = time.perf_counter()
    rule1 = rules.no_contract_candidates(on)
    t_rule1 = time.perf_counter() - started
    started = time.perf_counter()
    rule2 = rules.entry_candidates(on)
    t_rule2 = time.perf_counter() - started
    started = time.perf_counter()
    first = services.scan(on=on, actor="bench")
    t_scan = time.perf_counter() - started
    started = time.perf_counter()
    again = services.scan(on=on, actor="bench")
    t_again = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()

    result = {
        "benchmark": "oversight_scan", "sizes": sizes, "floor_rows": floor_rows,
        "floor_s": round(floor, 3), "rule1_s": round(t_rule1, 3), "rule2_s": round(t_rule2, 3),
        "scan_s": round(t_scan, 3), "scan_again_s": round(t_again, 3),
        "ratio_rule1_to_floor": round(t_rule1 / floor, 1) if floor else None,
        "alerts": {"no_contract": len(rule1), "contract_entries": len(rule2)},
        "raised_first": first.raised, "raised_again": again.raised,
        "rss_before_mb": round(before), "rss_peak_mb": round(sampler.peak),
    }
    print(f"{sizes['registrations']:,} registrations: floor {floor:.2f}s, rule 1 {t_rule1:.2f}s, "
          f"rule 2 {t_rule2:.2f}s, scan with writes {t_scan:.2f}s, again {t_again:.2f}s; "
          f"peak {sampler.peak:.0f} MB", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
