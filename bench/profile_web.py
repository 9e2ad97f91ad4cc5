"""Where the web load's CPU goes: each endpoint of bench/web_load.py's mix, alone, through Django's test client
(the whole middleware stack, DEBUG off) on a PostgreSQL copy, as the persona the load uses.

    python bench/profile_web.py                       # CPU ms and queries per request, each endpoint
    python bench/profile_web.py --profile officer_home --top 40    # cProfile of one endpoint

The database is BENCH_DATABASE_URL (default koshi_ops_bench, as bench/web_load.py: migrated and seeded by it).
Each endpoint is asked `--warm` times first (what is built once per data version or per process is built
then), then `--n` times measured. The trivial view (GET /api/v1/) is the floor; the ratio printed is the
floor's CPU over the endpoint's. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/koshi_ops_bench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
os.environ["KOSHI_LAW_THROTTLE"] = "1000000/minute"
os.environ["KOSHI_ANON_THROTTLE"] = "1000000/minute"

EVALUATE = {"date": "2026-03-01", "departure_region": "KZ-61", "arrival_region": "KZ-59", "settlement_type": "town",
            "members": [{"birth_date": "1990-05-01", "citizenship": "KZ", "status": "job_seeker",
                         "months_registered_in_departure_region": 24, "relation": "head"}]}

# name -> (persona, how: page | api | anon, method, path, weight in the load's mix per 20 s of the quiet run)
ENDPOINTS = {
    "floor": (None, "anon", "get", "/api/v1/"),
    "me_token": ("officer", "api", "get", "/api/v1/me/"),
    "me_session": ("officer", "page", "get", "/api/v1/me/"),
    "citizen_home": ("citizen", "page", "get", "/"),
    "officer_home": ("officer", "page", "get", "/"),
    "calculator": ("citizen", "page", "get", "/law/calculator/"),
    "evaluate": (None, "anon", "post", "/api/v1/law/evaluate"),
    "dashboard_analyst": ("analyst", "page", "get", "/stats/"),
    "dashboard_ministry": ("ministry", "page", "get", "/stats/"),
    "indicators": ("analyst", "api", "get", "/api/v1/stats/indicators/?year=2022"),
    "map": ("analyst", "page", "get", "/geo/map/"),
    "persons": ("officer", "api", "get", "/api/v1/people/persons/?limit=20"),
    "events": ("ministry", "api", "get", "/api/v1/registry/events/?limit=50"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--profile", default=None, help="an endpoint to profile with cProfile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="print each endpoint's queries")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    clients: dict = {}

    def client_for(persona, how):
        key = (persona, how)
        if key not in clients:
            client = Client()
            headers = {}
            if how == "page":
                client.force_login(User.objects.get(username=persona))
            elif how == "api":
                token = Token.objects.get_or_create(user=User.objects.get(username=persona))[0].key
                headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
            clients[key] = (client, headers)
        return clients[key]

    def ask(name):
        persona, how, method, path = ENDPOINTS[name]
        client, headers = client_for(persona, how)
        if method == "post":
            answer = client.post(path, EVALUATE, content_type="application/json", **headers)
        else:
            answer = client.get(path, **headers)
        if answer.status_code >= 400:
            raise SystemExit(f"{name}: {answer.status_code} {answer.content[:300]!r}")
        return answer

    names = [args.profile] if args.profile else (args.only or list(ENDPOINTS))
    results = {}
    for name in names:
        for _ in range(args.warm):
            ask(name)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.n):
                ask(name)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(f"{(time.perf_counter() - started) * 1000:6.2f} ms  {sql}")

        with connection.execute_wrapper(count):
            ask(name)
        started = time.process_time()
        wall = time.perf_counter()
        for _ in range(args.n):
            ask(name)
        cpu_ms = (time.process_time() - started) * 1000 / args.n
        wall_ms = (time.perf_counter() - wall) * 1000 / args.n
        results[name] = {"cpu_ms": round(cpu_ms, 2), "wall_ms": round(wall_ms, 2), "queries": len(queries)}
        if args.sql:
            print("\n".join(q[:300] for q in queries))
        print(f"{name:22} cpu {cpu_ms:7.2f} ms  wall {wall_ms:7.2f} ms  queries {len(queries):3}", flush=True)
    if "floor" in results:
        floor = results["floor"]["cpu_ms"]
        for r in results.values():
            r["floor_over_cpu"] = round(floor / r["cpu_ms"], 3)
    print(json.dumps({"bench": "profile_web", "n": args.n, "load_average": [round(x, 2) for x in os.getloadavg()],
                      "endpoints": results}))


if __name__ == "__main__":
    main()
