"""On PostgreSQL: lib.postgresql.prepared sends reads as prepared statements in one round trip, planned once per
connection, with the rows and errors Django's own cursor gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lib.postgresql.prepared import fetch_prepared

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

NUMBERS = "SELECT n, n * %s FROM generate_series(1, %s) AS n ORDER BY n"
A_DAY = "SELECT %s::date + 1, %s::text"


def _prepared_here() -> dict[str, bool]:
    """{statement text: planned generically so far} of this connection's prepared statements."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans > 0 FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_each_statement_gets_its_own_rows_in_order_as_the_orm_reads_them():
    numbers, day = fetch_prepared(connection, [(NUMBERS, [10, 3]), (A_DAY, [dt.date(2026, 2, 28), "жол"])])
    assert numbers == [(1, 10), (2, 20), (3, 30)]
    assert day == [(dt.date(2026, 3, 1), "жол")]


def test_a_statement_is_prepared_once_per_connection_and_planned_generically_from_the_first_run():
    for limit in (2, 5, 1):
        assert len(fetch_prepared(connection, [(NUMBERS, [1, limit])])[0]) == limit
    prepared = {text: generic for text, generic in _prepared_here().items() if "generate_series" in text}
    assert list(prepared) == [NUMBERS.replace("%s", "$1", 1).replace("%s", "$2", 1)]
    assert all(prepared.values())  # plan_cache_mode=force_generic_plan (koshi/settings.py)


def test_django_s_own_queries_are_never_prepared():
    with connection.cursor() as cursor:
        for _ in range(10):
            cursor.execute("SELECT %s::int + 1", [1])
    assert not [text for text in _prepared_here() if "::int + 1" in text]


def test_the_statements_count_as_one_query_and_are_seen_by_execute_wrappers():
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append((sql, list(params)))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(wrapper):
        fetch_prepared(connection, [(NUMBERS, [2, 2]), (A_DAY, [dt.date(2026, 1, 1), "x"])])
    assert len(queries) == 1 and "generate_series" in queries[0]["sql"] and "::date + 1" in queries[0]["sql"]
    assert seen == [(f"{NUMBERS}; {A_DAY}", [2, 2, dt.date(2026, 1, 1), "x"])]


def test_a_failing_statement_raises_django_s_error_and_its_transaction_rolls_back():
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_prepared(connection, [(NUMBERS, [1, 1]), ("SELECT 1 / %s", [0])])
    assert fetch_prepared(connection, [(NUMBERS, [1, 1])]) == [[(1, 1)]]  # the connection is usable again


def test_without_the_settings_options_nothing_is_prepared(monkeypatch):
    """DATABASE_PREPARED_STATEMENTS=false (a pooler in transaction mode): the same rows, through Django's cursor."""
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {})
    with CaptureQueriesContext(connection) as queries:
        assert fetch_prepared(connection, [(NUMBERS, [3, 2]), (A_DAY, [dt.date(2026, 1, 1), "y"])]) == [
            [(1, 3), (2, 6)], [(dt.date(2026, 1, 2), "y")]]
    assert len(queries) == 2
    assert not [text for text in _prepared_here() if "generate_series" in text]
