"""Benchmark: a programme year through relocation's services, and the quota's reservation under 50 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/relocation.py [--quick] [--applications N]

Makes a scratch database (koshi_reloc_bench, dropped and made again), migrates it, and creates (not timed)
N applicant families registered in sending regions and registered as job seekers. Then times, per application:
1. create (family from the people register), submit, forward, approve — the law decides on the application's
   date with the quota's free places passed in, places are reserved by a conditional UPDATE;
2. the agreement, and the arrival read from the registry (registrations made beforehand, not timed) with its
   payment orders (subsidy, 12 rent compensations).
And on PostgreSQL, with 50 concurrent workers (threads with their own connections), Koshi's reservation
(`services.reserve_places`: the conditional UPDATE plus its change record, in a transaction) against a bare
`UPDATE relocation_quota SET reserved = reserved + 1 WHERE id = %s AND places - reserved - used >= 1` on the
same table in the same run (goal: at least 0.3 of it). Ends with ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set

BENCH_DB = "koshi_reloc_bench"
SENDING = ["KZ-61", "KZ-31", "KZ-79", "KZ-43", "KZ-47"]
RECEIVING = ["KZ-59", "KZ-55", "KZ-39", "KZ-63", "KZ-10"]
SUBMITTED = dt.date(2026, 3, 2)
WORKERS = 50
PER_WORKER = 40
OWNER = "900517300019"  # the owner of the premises who consents (standard procedure)
CONSENT = dt.datetime(2024, 1, 8, 10, 0, tzinfo=dt.UTC)


def scratch_database(url: str) -> str:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunparse(parts._replace(path=f"/{BENCH_DB}"))


def make_families(n: int, rng: random.Random):
    """n applicants (with a spouse for half of them) registered in a sending region since 2024 and registered as
    job seekers; bulk-written setup, not timed."""
    from geo.models import TerritorialUnit
    from labour.models import JobSeeker
    from people.iin import make_iin
    from people.models import Family, FamilyMember, Person
    from registry.models import Registration

    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    persons: list[Person] = []
    seen: set[str] = set()
    serial = 0
    while len(persons) < n * 2:
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
        sex = "male" if len(persons) % 2 == 0 else "female"
        serial += 1
        iin = make_iin(birth, sex, serial % 100000)
        if iin in seen:
            continue
        seen.add(iin)
        home = units[SENDING[(len(persons) // 2) % len(SENDING)]]
        persons.append(Person(iin=iin, surname="Bench", given_name=f"P{len(persons)}", birth_date=birth, sex=sex,
                              home_unit=home))
    Person.objects.bulk_create(persons, batch_size=2000)
    persons = list(Person.objects.order_by("pk"))
    heads = persons[0::2]
    Registration.objects.bulk_create([
        Registration(person=p, kind="permanent", procedure="standard", region=p.home_unit, settlement="Town",
                     street="Abai street", building="1", premises="flat", arrival_date=dt.date(2024, 1, 8),
                     registered_on=dt.date(2024, 1, 10), is_active=True, owner_iin=OWNER,
                     owner_consent_at=CONSENT) for p in heads], batch_size=2000)
    JobSeeker.objects.bulk_create([JobSeeker(person=p, unit=p.home_unit, registered_on=dt.date(2026, 1, 12))
                                   for p in heads], batch_size=2000)
    families = Family.objects.bulk_create([Family(head=h) for h in heads], batch_size=2000)
    members = []
    for i, (family, head) in enumerate(zip(families, heads, strict=True)):
        members.append(FamilyMember(family=family, person=head, relation="head"))
        if i % 2 == 0:
            members.append(FamilyMember(family=family, person=persons[2 * i + 1], relation="spouse"))
    FamilyMember.objects.bulk_create(members, batch_size=2000)
    return heads, units


def arrivals(apps, units) -> None:
    """Permanent registrations of the applicants in their receiving regions (the registry's record of arrival)."""
    from registry.models import Registration

    Registration.objects.filter(person__in=[a.applicant_id for a in apps], is_active=True).update(
        is_active=False, ended_on=dt.date(2026, 4, 1))
    Registration.objects.bulk_create([
        Registration(person_id=a.applicant_id, kind="permanent", procedure="standard", region=a.receiving_region,
                     settlement="City", street="Mira street", building="2", premises="flat",
                     arrival_date=dt.date(2026, 4, 1), registered_on=dt.date(2026, 4, 3), is_active=True,
                     owner_iin=OWNER, owner_consent_at=CONSENT)
        for a in apps], batch_size=2000)


def concurrent(fn, jobs_per_worker: int) -> float:
    from django.db import connections

    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait(timeout=120)
            for _ in range(jobs_per_worker):
                fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 applications instead of 10,000")
    parser.add_argument("--applications", type=int, help="number of applications (overrides --quick)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.applications or (300 if args.quick else 10_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(json.dumps({"error": "set DATABASE_URL to a PostgreSQL server"}))
        raise SystemExit(2)
    os.environ["DATABASE_URL"] = scratch_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from accounts.audit import acting_as
    from accounts.models import User
    from accounts.roles import Role
    from relocation import services
    from relocation.models import Application, PaymentOrder, Quota

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    heads, units = make_families(n, rng)
    officer = User.objects.create(username="bench-officer", role=Role.OFFICER)  # whole country (no scope unit)
    services.enter_quota_order(actor="bench", number="BENCH-2026", signed_on=dt.date(2025, 12, 12),
                               act="Bench order", year=2026,
                               lines=[(units[c], "resettlers", 3 * n) for c in RECEIVING])
    for c in RECEIVING:
        services.enter_budget(actor="bench", year=2026, region=units[c], amount_kzt=10**13, reference="bench")
    prepare_seconds = time.perf_counter() - t0

    rss_before = rss_mb()
    sampler = RssSampler()
    sampler.start()
    t0 = time.perf_counter()
    apps = []
    with acting_as(officer):
        for i, head in enumerate(heads):
            app = services.create_application(actor=officer, applicant=head, departure_region=head.home_unit,
                                              departure_settlement="Town", receiving_region=units[RECEIVING[i % 5]],
                                              settlement_type=("rural", "town", "city")[i % 3])
            services.submit(app, actor=officer, on=SUBMITTED)
            services.forward(app, actor=officer)
            services.approve(app, actor=officer)
            apps.append(app)
    decide_seconds = time.perf_counter() - t0
    arrivals(apps, units)
    t0 = time.perf_counter()
    with acting_as(officer):
        for app in apps:
            services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="train",
                                    job_or_training="job", housing_search="rent", on=dt.date(2026, 3, 20))
            services.confirm_arrival(app, actor=officer)
    arrival_seconds = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    approved = Application.objects.filter(state="arrived").count()
    orders = PaymentOrder.objects.count()

    # --- 50 concurrent workers on one quota row -----------------------------------------------------------
    quota = Quota.objects.select_related("region").get(year=2026, region=units["KZ-59"], category="resettlers")
    places = WORKERS * PER_WORKER
    Quota.objects.filter(pk=quota.pk).update(places=quota.used + places, reserved=0)
    connection.close()

    def koshi_reserve():
        with transaction.atomic(), acting_as("bench"):
            services.reserve_places(quota, 1, reason="bench")

    koshi_seconds = concurrent(koshi_reserve, PER_WORKER)
    koshi_reserved = Quota.objects.get(pk=quota.pk).reserved
    Quota.objects.filter(pk=quota.pk).update(reserved=0)
    connection.close()

    def bare_update():
        from django.db import connection as conn

        with conn.cursor() as cur:
            cur.execute("UPDATE relocation_quota SET reserved = reserved + 1 "
                        "WHERE id = %s AND places - reserved - used >= 1", [quota.pk])

    bare_seconds = concurrent(bare_update, PER_WORKER)
    bare_reserved = Quota.objects.get(pk=quota.pk).reserved
    koshi_rate = places / koshi_seconds
    bare_rate = places / bare_seconds
    out = {
        "bench": "relocation",
        "applications": n,
        "approved_and_arrived": approved,
        "payment_orders": orders,
        "decide_ms_per_application": round(1000 * decide_seconds / n, 1),
        "arrival_ms_per_application": round(1000 * arrival_seconds / n, 1),
        "total_ms_per_application": round(1000 * (decide_seconds + arrival_seconds) / n, 1),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(sampler.peak, 1),
        "workers": WORKERS,
        "reservations": places,
        "koshi_reservations_per_s": round(koshi_rate),
        "bare_update_per_s": round(bare_rate),
        "ratio": round(koshi_rate / bare_rate, 3),
        "goal_ratio": 0.3,
        "koshi_reserved": koshi_reserved,
        "bare_reserved": bare_reserved,
        "prepare_seconds": round(prepare_seconds, 1),
    }
    print(f"{n} applications: {out['total_ms_per_application']} ms each; 50 workers: Koshi {koshi_rate:,.0f}/s, "
          f"bare UPDATE {bare_rate:,.0f}/s, ratio {out['ratio']}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
