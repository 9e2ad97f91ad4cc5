"""On SQLite (the `make run` default), concurrent writers wait their turn instead of failing with
"database is locked": real threads, each with its own connection to one database file, opened with the
options Koshi's settings use (lib/sqlite.py: WAL, busy timeout, BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from lib.sqlite import SQLITE_OPTIONS

THREADS = 8
ROUNDS = 15


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A second database alias, `concurrency`, on an SQLite file: each thread gets its own connection to it.
    (Not the test database: the threads must see one another's commits.)"""
    alias = "concurrency"

    def add(options: dict) -> str:
        entry = dict(connections.settings[DEFAULT_DB_ALIAS])  # the filled-in defaults Django expects
        entry.update(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "koshi.sqlite3"),
                     OPTIONS=dict(options), ATOMIC_REQUESTS=False, TEST={"NAME": None})
        connections.settings[alias] = entry
        return alias

    with django_db_blocker.unblock():
        yield add
    if alias in connections.settings:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _read_then_write_from_threads(alias: str) -> tuple[int, list[BaseException]]:
    """THREADS threads each run ROUNDS transactions that read a counter, then write it plus one."""
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def writer() -> None:
        try:
            start.wait()
            for _ in range(ROUNDS):
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except BaseException as exc:  # collected and asserted on in the main thread
            errors.append(exc)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (total,) = cursor.fetchone()
    return total, errors


def test_the_settings_open_sqlite_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(file_database):
    alias = file_database(SQLITE_OPTIONS)
    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == SQLITE_OPTIONS["timeout"] * 1000
    assert connections[alias].transaction_mode == "IMMEDIATE"


def test_concurrent_read_then_write_transactions_all_succeed_and_none_is_lost(file_database):
    total, errors = _read_then_write_from_threads(file_database(SQLITE_OPTIONS))
    assert errors == []
    assert total == THREADS * ROUNDS


def test_without_immediate_transactions_a_reader_turned_writer_fails_with_database_is_locked(file_database):
    """The control, step by step: SQLite's default (DEFERRED) cannot make a reader that turns writer wait."""
    alias = file_database({k: v for k, v in SQLITE_OPTIONS.items() if k != "transaction_mode"})
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    read, written = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def first() -> None:  # reads, lets the second write and commit, then tries to write
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                read.set()
                written.wait(30)
                cursor.execute("UPDATE counter SET n = n + 1")
        except OperationalError as exc:
            failure.append(exc)
        finally:
            connections[alias].close()

    def second() -> None:
        read.wait(30)
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("UPDATE counter SET n = n + 1")
        finally:
            written.set()
            connections[alias].close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(failure) == 1 and "locked" in str(failure[0])
