"""Koshi's production server (gunicorn, koshi/gunicorn.conf.py) under load, on PostgreSQL, driven by locust.

    python bench/web_load.py            # 200 users, 60 s of mixed load (+ 20 s of floor)
    python bench/web_load.py --quick    # 200 users, 20 s of mixed load (+ 10 s of floor)

1. The database koshi_ops_bench (PostgreSQL at 127.0.0.1; BENCH_DATABASE_URL to change) is migrated, given
   the demo data set if it is empty, and ANALYZEd (the planner's statistics, as autovacuum keeps them).
2. The server is started as production starts it (gunicorn, DEBUG off), bound to 127.0.0.1 only, and warmed
   with one request of each persona's pages (warm_up: what is built once per data version is built there).
3. Floor: the users all ask a trivial view (GET /api/v1/, no database) for the floor time: the server's rate
   with no work, measured in this run against this server. Both phases are closed loops with the same users and
   the same short think time (THINK, 0-50 ms), so each saturates the server: the ratio compares what the server
   can answer, not what the driver offers (a long think time would cap the floor at the driver's offer).
4. Mixed load: 200 users, the personas' real reads and writes — citizens (start page, law calculator page,
   POST /api/v1/law/evaluate), analysts (statistics dashboard, indicators API, region map), officers (start
   page, person search, POST /api/v1/labour/job-seekers/ with an Idempotency-Key: the writes), the ministry
   (events API, statistics). Half-way, one gunicorn worker is killed with kill -9 (the arbiter replaces it).
5. Afterwards every acknowledged write (201) is looked up in the database: missing ones are counted. The job
   seekers the run opened are then closed again (labour.services.end_job_seeking, audited), so the next run on
   the same database has the same persons to register.

The server runs with koshi/gunicorn.conf.py's sizing (2 x cores + 1 processes x 4 threads: 5 x 4 on 2 cores);
--workers overrides it. The driver (locust, one gevent process) shares the machine: its CPU time and the load
average before and after are in the JSON line, so a figure measured on a busy machine can be recognised.

The server's own CPU in each phase (its gunicorn processes and the PostgreSQL backends of its database, read from
/proc) is divided by the phase's requests: floor/mixed of those is `cpu_ratio`, what the request ratio would be
on cores doing nothing else and without the driver's share — on a shared machine the request ratio also measures
the other processes, this one does not.

Prints requests per second, p50/p95/p99 per endpoint, errors (those of the requests the killed worker held
are counted apart), the ratio mixed/floor (goal >= 0.3), acknowledged writes missing (goal 0); ends with ONE
JSON line. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

# locust's gevent must patch the standard library before anything else imports it
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/koshi_ops_bench")
HOST = "127.0.0.1"
THINK = between(0.0, 0.05)  # the same for the floor and the mixed load (see 3. above)
BENCH_DAY = "2026-03-02"  # the registration date of the job seekers the run opens (and closes afterwards)

SERVER_ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "KOSHI_LAW_THROTTLE": "1000000/minute",  # one client address for every simulated user
    "KOSHI_ANON_THROTTLE": "1000000/minute",
}


def manage(*args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=SERVER_ENV, capture_output=True,
                          text=True, timeout=900)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    base = DATABASE_URL.rsplit("/", 1)[0]
    exists = subprocess.run(["psql", f"{base}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", f"{base}/postgres", "-c", f'CREATE DATABASE "{name}"'], check=True,
                       capture_output=True)
    manage("compile_translations")
    manage("migrate", "--noinput")
    manage("seed_demo", "--if-empty", "--scale", "0.0005")
    # the planner's statistics, as autovacuum keeps them in production (a database seeded where autovacuum is
    # off, or seeded before seed_demo ran ANALYZE itself, would be measured with none)
    subprocess.run(["psql", DATABASE_URL, "-c", "ANALYZE"], check=True, capture_output=True)


def django_setup() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()


def credentials() -> dict:
    """Sessions (pages) and tokens (API) of the demo users, made in the database: no password hashing in the
    load, no login throttling; and persons of North Kazakhstan who are not job seekers (the writes)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from labour.models import JobSeeker
    from people.models import Person

    out: dict = {"sessions": {}, "tokens": {}}
    for name in ("citizen", "officer", "analyst", "ministry"):
        user = User.objects.get(username=name)
        sessions = []
        for _ in range(60):  # one session per simulated user of this persona
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions.append(store.session_key)
        out["sessions"][name] = sessions
        out["tokens"][name] = Token.objects.get_or_create(user=user)[0].key
    seekers = set(JobSeeker.objects.filter(ended_on__isnull=True).values_list("person_id", flat=True))
    iins = [iin for pk, iin in Person.objects.order_by("pk").values_list("pk", "iin") if pk not in seekers]
    random.Random(7).shuffle(iins)
    out["iins"] = iins
    out["cookie"] = settings.SESSION_COOKIE_NAME
    return out


def close_bench_seekers(ids: list[int] | None = None) -> int:
    """Close the job-seeker records the bench opened (those of `ids`, or any left open on BENCH_DAY by a run
    that was stopped), through the service and as the officer who opened them: audited like any closing."""
    import datetime as dt

    from accounts.models import User
    from labour import services
    from labour.models import JobSeeker

    day = dt.date.fromisoformat(BENCH_DAY)
    officer = User.objects.get(username="officer")
    rows = JobSeeker.objects.filter(ended_on__isnull=True, registered_on=day)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    closed = 0
    for seeker in rows.iterator():
        services.end_job_seeking(seeker, on=day, actor=officer)
        closed += 1
    return closed


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "koshi" / "gunicorn.conf.py"),
           "--bind", f"{HOST}:{port}"]
    if workers:
        cmd += ["--workers", str(workers)]
    server = subprocess.Popen(cmd, cwd=ROOT, env=SERVER_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    import urllib.request

    deadline = time.monotonic() + 180
    fast = 0
    while time.monotonic() < deadline and fast < 20:  # every worker up and answering quickly
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/", timeout=30) as answer:
                answer.read()
            fast = fast + 1 if time.monotonic() - started < 0.5 else 0
        except OSError:
            time.sleep(0.3)
    if fast < 20:
        raise SystemExit("the server did not start")
    return server


def warm_up(port: int) -> float:
    """One request of each persona's pages before measuring, in turn: what is built once per data version
    (the statistics dashboard's figures, in the shared cache) is built here, as after any deployment's first
    visitors; the load then measures the steady state. Returns the seconds it took."""
    import urllib.request

    started = time.monotonic()
    for persona, path in (("analyst", "/stats/"), ("ministry", "/stats/"), ("citizen", "/"), ("officer", "/"),
                          ("citizen", "/law/calculator/"), ("analyst", "/geo/map/")):
        request = urllib.request.Request(f"http://{HOST}:{port}{path}",
                                         headers={"Cookie": f"{CREDS['cookie']}={CREDS['sessions'][persona][0]}"})
        with urllib.request.urlopen(request, timeout=300) as answer:
            answer.read()
    return round(time.monotonic() - started, 1)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


CREDS: dict = {}
ACKED: list[int] = []
IINS = itertools.count()


class Persona(FastHttpUser):
    abstract = True
    wait_time = THINK
    persona = ""

    def on_start(self) -> None:
        self.session = random.choice(CREDS["sessions"][self.persona])
        self.token = CREDS["tokens"][self.persona]

    def page(self, path: str, name: str | None = None) -> None:
        self.client.get(path, headers={"Cookie": f"{CREDS['cookie']}={self.session}"}, name=name or path)

    def api(self, path: str, name: str | None = None) -> None:
        self.client.get(path, headers={"Authorization": f"Token {self.token}"}, name=name or path)


class Floor(FastHttpUser):
    wait_time = THINK

    @task
    def trivial(self) -> None:
        self.client.get("/api/v1/", name="floor: GET /api/v1/")


class Citizen(Persona):
    weight = 3
    persona = "citizen"

    @task(2)
    def home(self) -> None:
        self.page("/", "GET / (start page)")

    @task(1)
    def calculator_page(self) -> None:
        self.page("/law/calculator/")

    @task(3)
    def evaluate(self) -> None:
        body = {"date": "2026-03-01", "departure_region": "KZ-61", "arrival_region": "KZ-59",
                "settlement_type": random.choice(["rural", "town", "city"]),
                "members": [{"birth_date": "1990-05-01", "citizenship": "KZ", "status": "job_seeker",
                             "months_registered_in_departure_region": 24, "relation": "head"}]}
        self.client.post("/api/v1/law/evaluate", json=body, name="POST /api/v1/law/evaluate")


class Analyst(Persona):
    weight = 2
    persona = "analyst"

    @task(1)
    def dashboard(self) -> None:
        self.page("/stats/")

    @task(3)
    def indicators(self) -> None:
        self.api(f"/api/v1/stats/indicators/?year={random.choice([2021, 2022, 2023])}",
                 "GET /api/v1/stats/indicators/?year=")

    @task(1)
    def region_map(self) -> None:
        self.page("/geo/map/")


class Officer(Persona):
    weight = 2
    persona = "officer"

    @task(2)
    def home(self) -> None:
        self.page("/", "GET / (start page)")

    @task(2)
    def persons(self) -> None:
        self.api("/api/v1/people/persons/?limit=20", "GET /api/v1/people/persons/")

    @task(2)
    def register_job_seeker(self) -> None:
        index = next(IINS)
        if index >= len(CREDS["iins"]):
            return
        key = uuid.uuid4().hex
        body = {"iin": CREDS["iins"][index], "unit": "KZ-59", "registered_on": BENCH_DAY, "status": "job_seeker"}
        headers = {"Authorization": f"Token {self.token}", "Idempotency-Key": key}
        for _attempt in range(3):  # a client retries with the same key when the connection breaks
            with self.client.post("/api/v1/labour/job-seekers/", json=body, headers=headers,
                                  name="POST /api/v1/labour/job-seekers/", catch_response=True) as answer:
                if answer.status_code == 201:
                    ACKED.append(answer.json()["id"])
                    answer.success()
                    return
                if answer.status_code == 0:  # connection reset (a killed worker): retry
                    answer.failure("connection broken")
                    continue
                answer.failure(f"{answer.status_code}: {answer.text[:120]}")
                return


class Ministry(Persona):
    weight = 1
    persona = "ministry"

    @task(2)
    def events(self) -> None:
        self.api("/api/v1/registry/events/?limit=50", "GET /api/v1/registry/events/")

    @task(1)
    def dashboard(self) -> None:
        self.page("/stats/")


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (Linux /proc), None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_backends(database: str) -> list[int]:
    """The PostgreSQL backends connected to the bench's database (their title names it: `postgres: ... db ...`)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdecimal():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    title = cmdline.read().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                out.append(int(entry))
    return out


class ServerCpu:
    """The CPU the server spent in a phase: its gunicorn processes and the PostgreSQL backends of its database,
    sampled every 0.5 s (a process that ends, the killed worker, keeps its last sample). Unlike requests per
    second, this does not depend on what else the machine's cores are doing: CPU per request of the floor and
    of the mixed load can be compared on a shared machine (see `cpu_ratio`)."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.database = DATABASE_URL.rsplit("/", 1)[1]
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.greenlet = gevent.spawn(self._loop)

    def _sample(self) -> None:
        for kind, pids in (("web", [self.master, *worker_pids(self.master)]),
                           ("db", _postgres_backends(self.database))):
            for pid in pids:
                cpu = _cpu_s(pid)
                if cpu is not None:
                    self.last[(kind, pid)] = cpu

    def _loop(self) -> None:
        while True:
            self._sample()
            gevent.sleep(0.5)

    def start(self) -> None:
        self._sample()
        self.first = dict(self.last)  # what each process had used before the phase; a new one starts from 0

    def stop(self) -> dict:
        self._sample()
        self.greenlet.kill()
        spent = {"web": 0.0, "db": 0.0}
        for key, cpu in self.last.items():
            spent[key[0]] += cpu - self.first.get(key, 0.0)
        return {kind: round(seconds, 2) for kind, seconds in spent.items()}


def run(user_classes: list, users: int, seconds: float, port: int, kill_at: float | None = None,
        master: int | None = None) -> tuple[Environment, dict, dict]:
    env = Environment(user_classes=user_classes, host=f"http://{HOST}:{port}", events=events)
    runner = env.create_local_runner()
    cpu = ServerCpu(master) if master is not None else None
    if cpu is not None:
        cpu.start()
    runner.start(users, spawn_rate=max(1, users // 2))
    killed: dict = {}
    started = time.monotonic()
    if kill_at is not None and master is not None:
        gevent.sleep(kill_at)
        before = env.stats.total.num_failures
        victims = worker_pids(master)
        if victims:
            victim = random.choice(victims)
            os.kill(victim, signal.SIGKILL)
            killed = {"pid": victim, "at_s": round(time.monotonic() - started, 1), "failures_before": before}
            gevent.sleep(3)
            killed["failures_in_3s_after"] = env.stats.total.num_failures - before
    gevent.sleep(max(0.0, seconds - (time.monotonic() - started)))
    runner.quit()
    return env, killed, (cpu.stop() if cpu is not None else {"web": 0.0, "db": 0.0})


def driver_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summary(env: Environment, seconds: float) -> dict:
    rows = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if entry.num_requests == 0:
            continue
        rows[name] = {"requests": entry.num_requests, "failures": entry.num_failures,
                      "rps": round(entry.num_requests / seconds, 1),
                      "p50_ms": entry.get_response_time_percentile(0.5),
                      "p95_ms": entry.get_response_time_percentile(0.95),
                      "p99_ms": entry.get_response_time_percentile(0.99)}
    total = env.stats.total
    return {"requests": total.num_requests, "failures": total.num_failures,
            "rps": round(total.num_requests / seconds, 1), "endpoints": rows,
            "errors": {f"{e.method} {e.name}: {e.error}"[:160]: e.occurrences for e in env.stats.errors.values()}}


def progress(phase: str) -> None:
    """Say on stderr which phase starts, as it starts (a profiler attached to the server can follow)."""
    print(f"web_load: {phase}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=None, help="mixed-load time (default 60, quick 20)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config)")
    args = parser.parse_args()
    seconds = args.seconds or (20 if args.quick else 60)
    floor_seconds = 10 if args.quick else 20

    load_before = os.getloadavg()
    prepare_database()
    django_setup()
    close_bench_seekers()
    CREDS.update(credentials())
    port = free_port()
    server = start_server(port, args.workers)
    try:
        warm_s = warm_up(port)
        progress(f"floor: {args.users} users for {floor_seconds:.0f} s")
        cpu = driver_cpu()
        floor_env, _, floor_cpu = run([Floor], args.users, floor_seconds, port, master=server.pid)
        floor = summary(floor_env, floor_seconds)
        floor["server_cpu_s"] = floor_cpu
        floor["driver_cpu_share"] = round((driver_cpu() - cpu) / floor_seconds, 2)
        progress(f"mixed load: {args.users} users for {seconds:.0f} s")
        cpu = driver_cpu()
        mixed_env, killed, mixed_cpu = run([Citizen, Analyst, Officer, Ministry], args.users, seconds, port,
                                kill_at=seconds / 2, master=server.pid)
        mixed = summary(mixed_env, seconds)
        mixed["server_cpu_s"] = mixed_cpu
        mixed["driver_cpu_share"] = round((driver_cpu() - cpu) / seconds, 2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    from labour.models import JobSeeker

    acked = set(ACKED)
    stored = set(JobSeeker.objects.filter(pk__in=acked).values_list("pk", flat=True))
    missing = len(acked - stored)
    close_bench_seekers(sorted(stored))
    load_after = os.getloadavg()

    print(f"server: gunicorn on {HOST}:{port}, PostgreSQL {DATABASE_URL.rsplit('/', 1)[1]}, {args.users} users")
    print(f"floor (GET /api/v1/, trivial): {floor['rps']} req/s, failures {floor['failures']}")
    print(f"mixed load: {mixed['rps']} req/s over {seconds:.0f} s, failures {mixed['failures']} "
          f"(ratio to floor {mixed['rps'] / floor['rps']:.2f})")
    print(f"{'endpoint':48} {'req':>6} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for name, r in mixed["endpoints"].items():
        print(f"{name[:48]:48} {r['requests']:>6} {r['failures']:>5} {r['rps']:>7} {r['p50_ms']:>6} "
              f"{r['p95_ms']:>6} {r['p99_ms']:>6}")
    for error, count in mixed["errors"].items():
        print(f"  error x{count}: {error}")
    print(f"kill -9 of worker {killed.get('pid')} at {killed.get('at_s')} s: "
          f"{killed.get('failures_in_3s_after')} failed request(s) in the 3 s after")
    print(f"acknowledged writes: {len(acked)}, missing afterwards: {missing}")
    per_request = {}
    for name, phase in (("floor", floor), ("mixed", mixed)):
        spent = phase["server_cpu_s"]
        per_request[name] = {kind: round(spent[kind] * 1000 / max(1, phase["requests"]), 2) for kind in spent}
        per_request[name]["total"] = round(sum(per_request[name].values()), 2)
    cpu_ratio = round(per_request["floor"]["total"] / per_request["mixed"]["total"], 3)
    print(f"server CPU per request (gunicorn + PostgreSQL, ms): floor {per_request['floor']}, mixed "
          f"{per_request['mixed']}; floor/mixed {cpu_ratio} (the ratio a quiet machine's cores would give, "
          f"without the driver's share)")
    print(f"driver CPU (share of one core): floor {floor['driver_cpu_share']}, mixed {mixed['driver_cpu_share']}; "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(json.dumps({
        "bench": "web_load", "quick": args.quick, "users": args.users, "seconds": seconds,
        "floor_rps": floor["rps"], "mixed_rps": mixed["rps"], "ratio": round(mixed["rps"] / floor["rps"], 3),
        "mixed_requests": mixed["requests"], "mixed_failures": mixed["failures"],
        "floor_failures": floor["failures"], "mixed_errors": sum(mixed["errors"].values()),
        "failures_outside_kill": mixed["failures"] - killed.get("failures_in_3s_after", 0), "kill": killed, "acknowledged_writes": len(acked),
        "missing_writes": missing,
        "server_cpu_ms_per_request": per_request, "cpu_ratio": cpu_ratio,
        "p95_ms": {k: v["p95_ms"] for k, v in mixed["endpoints"].items()},
        "peak_rss_mb_driver": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "driver_cpu_share": {"floor": floor["driver_cpu_share"], "mixed": mixed["driver_cpu_share"]},
        "workers": args.workers or "gunicorn.conf.py", "warm_up_s": warm_s, "think_s": [0.0, 0.05],
        "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
    }))


if __name__ == "__main__":
    main()
