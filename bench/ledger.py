"""Benchmark: the fund's ledger on PostgreSQL — statements through Koshi against bare SQL on the same table,
and posting through the service against bare INSERTs of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/ledger.py [--quick] [--postings N]

Makes a scratch database beside DATABASE_URL's (koshi_fund_bench, dropped and made again), migrates it, and
loads N postings (default 1,000,000; --quick 100,000) as N/2 balanced two-line entries over two years and the
chart's postable accounts with COPY (setup, not timed; the row triggers are paused for the load only). Then it
times, each the best of 7 runs (the machine is shared):
1. the trial balance through Koshi (fund.selectors.trial_balance over the whole period) against a bare
   `SELECT account_id, SUM(amount) FROM fund_posting GROUP BY account_id` (goal: ratio at most 1.5);
2. an account statement through Koshi (opening balance, movement and the first page of 50 postings, as the
   account page reads them) against the bare SQL of the same three answers;
3. posting throughput: E two-line entries through fund.services.post_entry (validation, closed-period check,
   change records, one transaction each) against bare INSERTs of the same entries and postings, one
   transaction each (the database's triggers fire for both).
Prints the process's peak resident memory. Ends with ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import RssSampler, rss_mb  # noqa: E402 — after the path is set
from bench.scratch import scratch_database  # noqa: E402 — after the path is set

BENCH_DB = "koshi_fund_bench"
_T = TypeVar("_T")


def best_of(fn: Callable[[], _T], runs: int = 7) -> tuple[float, _T]:
    """The shortest of `runs` timings of `fn` (at least one), and what its last run returned."""
    t0 = time.perf_counter()
    result = fn()
    best = time.perf_counter() - t0
    for _ in range(runs - 1):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def load_postings(n: int, rng: random.Random) -> tuple[int, dt.date, dt.date]:
    """n postings as n/2 balanced entries, by COPY; returns (entries, first day, last day)."""
    from django.db import connection

    from fund.models import Account

    accounts = list(Account.objects.filter(is_group=False).values_list("pk", flat=True))
    first, days = dt.date(2024, 1, 1), 730
    entries = n // 2
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE fund_posting DISABLE TRIGGER USER")
        cur.execute("ALTER TABLE fund_journalentry DISABLE TRIGGER USER")
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM fund_journalentry")
        base = cur.fetchone()[0]
        with cur.cursor.copy("COPY fund_journalentry (id, date, kind, memo, created_at) FROM STDIN") as copy:
            for i in range(entries):
                copy.write_row((base + 1 + i, first + dt.timedelta(days=i * days // entries), "adjustment",
                                f"bench {i}", now))
        with cur.cursor.copy("COPY fund_posting (entry_id, account_id, amount, date) FROM STDIN") as copy:
            for i in range(entries):
                debit, credit = rng.sample(accounts, 2)
                amount = rng.randrange(1, 10_000_000_00)
                day = first + dt.timedelta(days=i * days // entries)
                copy.write_row((base + 1 + i, debit, amount, day))
                copy.write_row((base + 1 + i, credit, -amount, day))
        cur.execute("SELECT setval(pg_get_serial_sequence('fund_journalentry', 'id'), %s)", [base + entries])
        cur.execute("ALTER TABLE fund_posting ENABLE TRIGGER USER")
        cur.execute("ALTER TABLE fund_journalentry ENABLE TRIGGER USER")
        cur.execute("ANALYZE fund_posting")
        cur.execute("ANALYZE fund_journalentry")
    return entries, first, first + dt.timedelta(days=days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 postings and 300 entries posted")
    parser.add_argument("--postings", type=int, help="number of postings loaded (overrides --quick)")
    parser.add_argument("--entries", type=int, help="entries posted for the throughput test")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.postings or (100_000 if args.quick else 1_000_000)
    posted = args.entries or (300 if args.quick else 1_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(json.dumps({"error": "set DATABASE_URL to a PostgreSQL server"}))
        raise SystemExit(2)
    os.environ["DATABASE_URL"] = scratch_database(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from accounts.roles import Role
    from fund import selectors, services
    from fund.models import Account, Posting

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    entries, first, last = load_postings(n, rng)
    load_seconds = time.perf_counter() - t0
    sampler = RssSampler(0.05)
    sampler.start()
    rss_before = rss_mb()

    # 1. trial balance
    span = selectors.Span(None, last)
    koshi_tb_s, tb = best_of(lambda: selectors.trial_balance(span))

    def bare_tb() -> list[tuple[Any, ...]]:
        with connection.cursor() as cur:
            cur.execute("SELECT account_id, SUM(amount) FROM fund_posting GROUP BY account_id")
            return cur.fetchall()

    bare_tb_s, bare_rows = best_of(bare_tb)
    assert tb.difference == 0 and sum(r[1] for r in bare_rows) == 0
    assert {r.account.pk: r.balance for r in tb.rows} == {a: s for a, s in bare_rows if s}

    # 2. an account statement: the busiest account, its second year
    busiest = max(bare_rows, key=lambda r: abs(r[1]))[0]
    account = Account.objects.get(pk=busiest)
    year = selectors.Span(dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    def koshi_statement():
        statement = selectors.account_statement(account, year)  # what the account page shows
        return statement.opening, statement.movement, [p["id"] for p in statement.page]

    def bare_statement():
        with connection.cursor() as cur:
            cur.execute("SELECT COALESCE(SUM(amount), 0) FROM fund_posting WHERE account_id = %s AND date < %s",
                        [busiest, year.start])
            opening = cur.fetchone()[0]
            cur.execute("SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM fund_posting "
                        "WHERE account_id = %s AND date BETWEEN %s AND %s", [busiest, year.start, year.end])
            movement, _count = cur.fetchone()
            cur.execute("SELECT id FROM fund_posting WHERE account_id = %s AND date BETWEEN %s AND %s "
                        "ORDER BY date, entry_id, id LIMIT 50", [busiest, year.start, year.end])
            return opening, movement, [r[0] for r in cur.fetchall()]

    koshi_st_s, koshi_st = best_of(koshi_statement)
    bare_st_s, bare_st = best_of(bare_statement)
    assert koshi_st == bare_st

    # 3. posting throughput
    actor = User.objects.create(username="bench-accountant", role=Role.ACCOUNTANT)
    bank = Account.objects.get(code="1010")
    income = Account.objects.get(code="6010")
    day = dt.date(2026, 6, 1)
    amounts = [rng.randrange(1, 1_000_000_00) for _ in range(posted)]
    t0 = time.perf_counter()
    for amount in amounts:
        services.post_entry(actor=actor, date=day, kind="contribution", memo="bench", lines=[(bank, amount),
                                                                                              (income, -amount)])
    koshi_post_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for amount in amounts:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("INSERT INTO fund_journalentry (date, kind, memo, created_at) VALUES (%s, 'contribution', "
                        "'bench', now()) RETURNING id", [day])
            entry_id = cur.fetchone()[0]
            cur.execute("INSERT INTO fund_posting (entry_id, account_id, amount) VALUES (%s, %s, %s), (%s, %s, %s)",
                        [entry_id, bank.pk, amount, entry_id, income.pk, -amount])
    bare_post_s = time.perf_counter() - t0
    assert Posting.objects.filter(entry__date=day).count() == 4 * posted
    sampler.stop.set()
    sampler.join()
    connection.close()

    out = {
        "bench": "ledger",
        "postings": n,
        "entries": entries,
        "accounts_moved": len(bare_rows),
        "load_seconds": round(load_seconds, 1),
        "trial_balance_koshi_s": round(koshi_tb_s, 3),
        "trial_balance_bare_s": round(bare_tb_s, 3),
        "trial_balance_ratio": round(koshi_tb_s / bare_tb_s, 2),
        "trial_balance_goal": 1.5,
        "statement_koshi_s": round(koshi_st_s, 4),
        "statement_bare_s": round(bare_st_s, 4),
        "statement_ratio": round(koshi_st_s / bare_st_s, 2),
        "entries_posted": posted,
        "service_entries_per_s": round(posted / koshi_post_s),
        "bare_entries_per_s": round(posted / bare_post_s),
        "posting_ratio": round(koshi_post_s / bare_post_s, 2),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(sampler.peak, 1),
    }
    print(f"trial balance: Koshi {koshi_tb_s:.3f}s, bare {bare_tb_s:.3f}s (x{out['trial_balance_ratio']}); "
          f"statement x{out['statement_ratio']}; posting {out['service_entries_per_s']}/s through the service, "
          f"{out['bare_entries_per_s']}/s bare (x{out['posting_ratio']}); peak {sampler.peak:.0f} MB", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
