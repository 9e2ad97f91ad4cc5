"""Reads sent as prepared statements, several in one round trip, on PostgreSQL (elsewhere as Django sends them).

Django's PostgreSQL backend binds parameters on the client (psycopg's ClientCursor): every statement reaches the
server as new text, which the server parses and plans afresh. For the joins of a start page's work queues the
plan costs more than the execution: measured on the demo data, 2-6 ms of planning against 0.2-1.2 ms of
execution per statement, some 20 ms of PostgreSQL's CPU for one officer's start page — the larger part of the
database's work under bench/web_load.py's mixed load.

A prepared statement is planned once per connection: `fetch_prepared` sends the statements with their
parameters apart (psycopg's server-side binding), prepares each the first time this connection sees its text,
and sends them all in one pipeline (one round trip). The connection's settings (koshi/settings.py) make psycopg
prepare only what is sent here (Django's own cursors never prepare) and make PostgreSQL use the generic plan of
a prepared statement from its first execution (plan_cache_mode): the reads sent here are the queues' short,
indexed reads, whose plan does not depend on the user's region or the day.

psycopg forgets a connection's prepared statements (DEALLOCATE ALL) when its transaction is rolled back (a request
answered with an error): the next reads on that connection are prepared, so planned, once more.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from typing import Any

import psycopg

# What koshi/settings.py gives the PostgreSQL connection: psycopg prepares only when asked (prepare=True: the
# threshold is never reached otherwise), and PostgreSQL plans a prepared statement once, generically.
CONNECTION_OPTIONS = {"prepare_threshold": 2**31 - 1, "options": "-c plan_cache_mode=force_generic_plan"}


def fetch_prepared(connection: Any, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple]]:
    """The rows of each (sql, params) of `statements` (Django's SQL: %s placeholders), in the same order, run on
    `connection` (a Django connection) in its transaction: on PostgreSQL as prepared statements in one round trip;
    on another database, or where the settings prepare nothing (DATABASE_PREPARED_STATEMENTS=false: behind a
    connection pooler in transaction mode, which cannot keep a session's prepared statements), one by one
    through Django's cursor.

    The rows are as Django's own cursor reads them (the connection's loaders); a failing statement raises
    Django's DatabaseError, as the ORM's would. Django's execute wrappers and query log see the statements as one
    query, as they see Django's own (instrumentation, the tests' assertNumQueries)."""
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        fetched = []
        with connection.cursor() as django_cursor:
            for sql, params in statements:
                django_cursor.execute(sql, params)
                fetched.append(django_cursor.fetchall())
        return fetched
    connection.ensure_connection()
    driver = connection.connection

    def execute(sql: str, params: Any, many: bool, context: dict) -> list[list[tuple]]:
        with connection.wrap_database_errors:
            if len(statements) == 1:  # no pipeline to open and close for one statement
                with psycopg.Cursor(driver) as cursor:
                    cursor.execute(statements[0][0], statements[0][1], prepare=True)
                    return [cursor.fetchall()]
            cursors = []
            with driver.pipeline():
                for statement, statement_params in statements:
                    cursor = psycopg.Cursor(driver)
                    cursor.execute(statement, statement_params, prepare=True)
                    cursors.append(cursor)
            fetched = []
            for cursor in cursors:
                fetched.append(cursor.fetchall())
                cursor.close()
        return fetched

    if not connection.execute_wrappers and not connection.queries_logged:
        return execute("", (), False, {})
    for wrapper in reversed(connection.execute_wrappers):
        execute = functools.partial(wrapper, execute)
    sql = "; ".join(statement for statement, _params in statements)
    params = [param for _statement, statement_params in statements for param in statement_params]
    started = time.monotonic()
    rows: list[list[tuple]] = execute(sql, params, False, {"connection": connection, "cursor": None})
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return rows
