"""The demo data set, small, loaded once for the API's whole-schema tests (and removed after them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from accounts.demo import DEMO_USERS
from accounts.models import User
from accounts.testing import audit_snapshot


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker) -> Iterator[dict[str, set[str]]]:
    """Yields the audited rows the migrations installed before the demo data (see accounts.testing.audit_gaps)."""
    with django_db_blocker.unblock():
        installed = audit_snapshot()
        call_command("seed_demo", "--scale", "0.0002", "--seed", "7")
        yield installed
        call_command("flush", "--noinput")


@pytest.fixture
def demo_tokens(demo_data, db) -> dict[str, str]:
    """{username: API token} of every demo user (one per role)."""
    return {name: Token.objects.get_or_create(user=User.objects.get(username=name))[0].key for name in DEMO_USERS}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests here go to the WSGI application directly (schemathesis), not through Django's test client, which
    would stop Django closing the database connection at each request's end: do the same, or the first request
    closes the test's transaction (on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
