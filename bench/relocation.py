"""Benchmark: a programme year through relocation's services, and the quota's reservation under 50 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/relocation.py [--quick] [--applications N]
        [--workers W] [--profile]

Makes a scratch database (`<DATABASE_URL's name>_relocation_bench`, dropped and made again), migrates it, and creates (not timed)
N applicant families registered in sending regions and registered as job seekers. Then times, per application,
through the same services the pages and the API call (each call its own transaction, as a request is):
1. create (family from the people register), submit, forward, approve — the law decides on the application's
   date with the quota's free places passed in, places are reserved by a conditional UPDATE;
2. the agreement, and the arrival read from the registry (registrations made beforehand, not timed) with its
   payment orders (subsidy, 12 rent compensations, the housing certificate where due).
The applications are shared among W worker processes (officers working at once; default 4), so the commits'
disk flushes overlap as they do in production; the figures are the wall time per application (throughput),
the CPU time per application of the workers, and each worker's peak memory.
And on PostgreSQL, with 50 concurrent workers (threads, each with its own connection opened and used once
before the clock starts), on the same quota row, in alternating rounds (best round of each reported):
- Koshi's reservation as `services.approve` ends: `reserve_places` (the conditional UPDATE with its change
  record, one statement) in a transaction, committed at once;
- a bare `UPDATE relocation_quota SET reserved = reserved + 1 WHERE id = %s AND places - reserved - used >= 1`
  (autocommit) — the floor; goal: Koshi's rate at least 0.3 of it;
- for information, whole approvals (`services.approve`: law decision, state, records, reservation) by the same
  50 workers on applications in review.
`--profile` prints the queries of one application's path and a cProfile of a few applications (stderr).
Ends with ONE JSON line.
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
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set
from bench.scratch import scratch_database  # noqa: E402 — after the path is set

BENCH_DB = "koshi_reloc_bench"
SENDING = ["KZ-61", "KZ-31", "KZ-79", "KZ-43", "KZ-47"]
RECEIVING = ["KZ-59", "KZ-55", "KZ-39", "KZ-63", "KZ-10"]
SUBMITTED = dt.date(2026, 3, 2)
WORKERS = 50
PER_WORKER = 40
OWNER = "900517300019"  # the owner of the premises who consents (standard procedure)
CONSENT = dt.datetime(2024, 1, 8, 10, 0, tzinfo=dt.UTC)


def own_scratch_database(url: str) -> str:
    """A scratch database named after DATABASE_URL's (`<name>_relocation_bench`), dropped and made again, so two
    people running the benchmark against their own databases on one server never drop each other's."""
    import re

    own = re.sub(r"[^a-z0-9_]", "_", urlparse(url).path.lstrip("/").lower())[:40]
    return scratch_database(url, f"{own}_relocation_bench" if own else BENCH_DB)


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


def concurrent(fn, jobs: list[list]) -> float:
    """Seconds for WORKERS threads to run fn(job) over their lists of jobs; each thread opens its own connection
    and uses it once before the clock starts (a warm-up, so connecting is never timed)."""
    from django.db import OperationalError, connection, connections

    ready = threading.Barrier(WORKERS + 1)
    go = threading.Event()
    errors: list[BaseException] = []

    def worker(mine):
        try:
            for attempt in range(10):  # a server shared with other test runs may be out of connections a moment
                try:
                    with connection.cursor() as cur:
                        cur.execute("SELECT 1")
                    break
                except OperationalError:
                    if attempt == 9:
                        raise
                    connection.close()
                    time.sleep(1)
            ready.wait(timeout=120)
            go.wait(timeout=120)
            for job in mine:
                fn(job)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            ready.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in jobs]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=300)
    except threading.BrokenBarrierError:
        go.set()
        for t in threads:
            t.join()
        raise (errors[0] if errors else RuntimeError("the workers did not get ready")) from None
    t0 = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return seconds


# --- the programme year, shared among worker processes (forked after the setup) ------------------------------

STATE: dict = {}


def _head_slice(worker: int) -> list[tuple[int, Any]]:
    heads = STATE["heads"]
    return [(i, heads[i]) for i in range(worker, len(heads), STATE["workers"])]


def _decide(worker: int) -> dict:
    """create, submit, forward, approve: this worker's share of the applications."""
    from accounts.audit import acting_as
    from relocation import services

    officer, units = STATE["officer"], STATE["units"]
    sampler = RssSampler()
    sampler.start()
    cpu = time.process_time()
    with acting_as(officer):
        for i, head in _head_slice(worker):
            app = services.create_application(actor=officer, applicant=head, departure_region=head.home_unit,
                                              departure_settlement="Town", receiving_region=units[RECEIVING[i % 5]],
                                              settlement_type=("rural", "town", "city")[i % 3])
            services.submit(app, actor=officer, on=SUBMITTED)
            services.forward(app, actor=officer)
            if i < STATE["n"]:  # the rest wait in review for the concurrent approvals
                services.approve(app, actor=officer)
    sampler.stop.set()
    return {"cpu": time.process_time() - cpu, "rss_peak": sampler.peak}


def _arrive(worker: int) -> dict:
    """sign the agreement, confirm the arrival from the registry (payment orders): this worker's share."""
    from accounts.audit import acting_as
    from relocation import services
    from relocation.models import Application

    officer = STATE["officer"]
    sampler = RssSampler()
    sampler.start()
    cpu = time.process_time()
    mine = list(Application.objects.filter(state="approved").order_by("pk"))[worker::STATE["workers"]]
    with acting_as(officer):
        for app in mine:
            services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="train",
                                    job_or_training="job", housing_search="rent", on=dt.date(2026, 3, 20))
            services.confirm_arrival(app, actor=officer)
    sampler.stop.set()
    return {"cpu": time.process_time() - cpu, "rss_peak": sampler.peak}


def run_phase(fn, workers: int) -> tuple[float, list[dict]]:
    """Wall seconds and each worker's figures of fn over `workers` forked processes."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # a forked process must open its own connection
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(fn, range(workers))
    return time.perf_counter() - t0, results


def profile_one(units, officer, heads) -> None:
    """The queries of one application's whole path, and a cProfile of a few more (stderr)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.audit import acting_as
    from relocation import services

    def path(i, head):
        steps = []
        with acting_as(officer):
            with CaptureQueriesContext(connection) as q:
                app = services.create_application(
                    actor=officer, applicant=head, departure_region=head.home_unit, departure_settlement="Town",
                    receiving_region=units[RECEIVING[i % 5]], settlement_type="town")
            steps.append(("create", q))
            for name, call in (("submit", lambda: services.submit(app, actor=officer, on=SUBMITTED)),
                               ("forward", lambda: services.forward(app, actor=officer)),
                               ("approve", lambda: services.approve(app, actor=officer))):
                with CaptureQueriesContext(connection) as q:
                    call()
                steps.append((name, q))
        return steps

    for name, q in path(0, heads[0]):
        print(f"{name}: {len(q.captured_queries)} queries", file=sys.stderr)
        for query in q.captured_queries:
            print("    " + query["sql"][:160], file=sys.stderr)
    prof = cProfile.Profile()
    prof.enable()
    for i in range(1, min(len(heads), 40)):
        path(i, heads[i])
    prof.disable()
    pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 applications instead of 10,000")
    parser.add_argument("--applications", type=int, help="number of applications (overrides --quick)")
    parser.add_argument("--workers", type=int, default=4, help="worker processes for the programme year")
    parser.add_argument("--profile", action="store_true", help="print one application's queries and a profile")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.applications or (300 if args.quick else 10_000)
    workers = max(1, args.workers)
    per_thread = 1 if args.quick else 2  # whole approvals per thread of the 50 (applications left in review)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(json.dumps({"error": "set DATABASE_URL to a PostgreSQL server"}))
        raise SystemExit(2)
    os.environ["DATABASE_URL"] = own_scratch_database(url)
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
    extra = WORKERS * per_thread
    heads, units = make_families(n + extra + (40 if args.profile else 0), rng)
    officer = User.objects.create(username="bench-officer", role=Role.OFFICER)  # whole country (no scope unit)
    services.enter_quota_order(actor="bench", number="BENCH-2026", signed_on=dt.date(2025, 12, 12),
                               act="Bench order", year=2026,
                               lines=[(units[c], "resettlers", 3 * (n + extra)) for c in RECEIVING])
    for c in RECEIVING:
        services.enter_budget(actor="bench", year=2026, region=units[c], amount_kzt=10**13, reference="bench")
    if args.profile:
        profile_one(units, officer, heads[n + extra:])
        heads = heads[:n + extra]
    prepare_seconds = time.perf_counter() - t0

    rss_before = rss_mb()
    STATE.update(heads=heads, units=units, officer=officer, n=n, workers=workers)
    decide_seconds, decided = run_phase(_decide, workers)
    arrivals(list(Application.objects.filter(state="approved")), units)
    arrival_seconds, arrived = run_phase(_arrive, workers)
    cpu_seconds = sum(r["cpu"] for r in decided + arrived)
    approved = Application.objects.filter(state="arrived").count()
    orders = PaymentOrder.objects.count()

    # --- 50 concurrent workers on one quota row -----------------------------------------------------------
    quota = Quota.objects.select_related("region").get(year=2026, region=units["KZ-59"], category="resettlers")
    places = WORKERS * PER_WORKER
    jobs = [[None] * PER_WORKER for _ in range(WORKERS)]

    def reset() -> None:
        Quota.objects.filter(pk=quota.pk).update(places=quota.used + places, reserved=0, used=quota.used)
        connection.close()

    def koshi_reserve(_job):
        with transaction.atomic(), acting_as("bench"):
            services.reserve_places(quota, 1, reason="bench")

    def bare_update(_job):
        from django.db import connection as conn

        with conn.cursor() as cur:
            cur.execute("UPDATE relocation_quota SET reserved = reserved + 1 "
                        "WHERE id = %s AND places - reserved - used >= 1", [quota.pk])

    rounds: dict[str, list[float]] = {"bare": [], "koshi": []}
    reserved: dict[str, int] = {}
    for _ in range(3):
        for name, fn in (("bare", bare_update), ("koshi", koshi_reserve)):
            reset()
            rounds[name].append(places / concurrent(fn, jobs))
            reserved[name] = Quota.objects.get(pk=quota.pk).reserved
    koshi_rate, bare_rate = max(rounds["koshi"]), max(rounds["bare"])
    Quota.objects.filter(pk=quota.pk).update(places=quota.places, reserved=quota.reserved, used=quota.used)

    # whole approvals by the same 50 workers, on the applications left in review (in the receiving regions'
    # quotas, which have room for them)
    waiting = list(Application.objects.filter(state="in_review").order_by("pk"))
    connection.close()
    approval_seconds = concurrent(lambda app: services.approve(app, actor=officer),
                                  [waiting[w::WORKERS] for w in range(WORKERS)])
    approvals_ok = Application.objects.filter(state="approved").count()
    out = {
        "bench": "relocation",
        "applications": n,
        "workers_processes": workers,
        "approved_and_arrived": approved,
        "payment_orders": orders,
        "decide_ms_per_application": round(1000 * decide_seconds / n, 1),
        "arrival_ms_per_application": round(1000 * arrival_seconds / n, 1),
        "total_ms_per_application": round(1000 * (decide_seconds + arrival_seconds) / n, 1),
        "total_seconds": round(decide_seconds + arrival_seconds, 1),
        "cpu_ms_per_application": round(1000 * cpu_seconds / n, 1),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(max(r["rss_peak"] for r in decided + arrived), 1),
        "threads": WORKERS,
        "reservations": places,
        "koshi_reservations_per_s": round(koshi_rate),
        "bare_update_per_s": round(bare_rate),
        "rounds_per_s": {k: [round(v) for v in vs] for k, vs in rounds.items()},
        "ratio": round(koshi_rate / bare_rate, 3),
        "goal_ratio": 0.3,
        "koshi_reserved": reserved["koshi"],
        "bare_reserved": reserved["bare"],
        "whole_approvals": len(waiting),
        "whole_approvals_done": approvals_ok,
        "whole_approvals_per_s": round(len(waiting) / approval_seconds, 1),
        "whole_approval_ratio": round(len(waiting) / approval_seconds / bare_rate, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "prepare_seconds": round(prepare_seconds, 1),
    }
    print(f"{n} applications on {workers} workers: {out['total_ms_per_application']} ms each "
          f"({out['total_seconds']} s, CPU {out['cpu_ms_per_application']} ms each); 50 threads: "
          f"Koshi {koshi_rate:,.0f}/s, bare UPDATE {bare_rate:,.0f}/s, ratio {out['ratio']}; whole approvals "
          f"{out['whole_approvals_per_s']}/s; load {out['load_average']}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
