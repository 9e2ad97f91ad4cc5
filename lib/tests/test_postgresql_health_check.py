"""On PostgreSQL: the per-request health check of a persistent connection (lib/postgresql/base.py) takes a quiet
connection as alive without a round trip, and still notices a connection the server has ended and replaces it
before the request's first query."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection as default_connection
from django.db import connections

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
connection: Any = default_connection  # lib.postgresql.base.DatabaseWrapper, its health-check flags included


def _new_request() -> None:
    """What Django does for each request on a persistent connection (request_started / request_finished)."""
    connection.health_check_done = False
    connection.health_check_enabled = True


def _statements(fn) -> list[str]:
    """Every statement psycopg sends while fn runs (the health check bypasses Django's cursor wrappers)."""
    sent: list[str] = []
    raw = connection.connection
    original = raw.cursor

    def cursor(*args, **kwargs):
        inner = original(*args, **kwargs)
        execute = inner.execute

        def spy(query, *a, **k):
            sent.append(str(query))
            return execute(query, *a, **k)

        inner.execute = spy
        return inner

    raw.cursor = cursor
    try:
        fn()
    finally:
        raw.cursor = original
    return sent


def test_a_quiet_connection_is_taken_as_alive_without_a_round_trip():
    connection.ensure_connection()
    _new_request()
    assert _statements(connection.close_if_health_check_failed) == []
    assert connection.connection is not None and connection.health_check_done


def test_a_connection_the_server_ended_is_replaced_before_the_first_query():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        old_pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    finally:
        other.close()
    time.sleep(0.2)  # the server's goodbye reaches the socket
    _new_request()
    with connection.cursor() as cursor:  # the health check runs here, before the query
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]
    assert new_pid != old_pid
