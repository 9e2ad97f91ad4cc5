"""The session's user read in the session's own query (accounts/sessions.py): from a session's second request in
a process on, one query for both; the same user, and a logout, a deactivation, a changed password or another
user's data under the same key take effect on the very next request."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import sessions
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of

pytestmark = pytest.mark.django_db


def _me(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/")
    session_reads = [q for q in queries if "django_session" in q["sql"] and q["sql"].lstrip().startswith("SELECT")]
    user_reads = [q for q in queries if "accounts_user" in q["sql"]]
    return response, len(session_reads), len(user_reads)


def _joined(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me/")
    return sum(1 for q in queries if "django_session" in q["sql"] and "accounts_user" in q["sql"])


def test_the_second_request_reads_session_and_user_in_one_query(client):
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    me, session_reads, user_reads = _me(client)
    assert me.json()["username"] == officer.username
    assert (session_reads, user_reads) == (1, 1)  # learnt: two queries, the session's then the user's
    me, session_reads, user_reads = _me(client)
    assert me.status_code == 200 and me.json()["username"] == officer.username
    assert (session_reads, user_reads) == (1, 1)  # and now one query reads both:
    assert session_reads + user_reads - _joined(client) == 1


def test_a_deactivation_a_password_change_and_a_logout_take_effect_at_once(client):
    officer = a_user(Role.OFFICER)
    client.force_login(officer)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    officer.is_active = False
    officer.save()
    assert client.get("/api/v1/me/").status_code in (401, 403)

    other = a_user(Role.OFFICER)
    client.force_login(other)
    assert client.get("/api/v1/me/").json()["username"] == other.username
    assert client.get("/api/v1/me/").json()["username"] == other.username
    other.set_password("a-new-password-123!")
    other.save()
    assert client.get("/api/v1/me/").status_code in (401, 403)

    third = a_user(Role.OFFICER)
    client.force_login(third)
    client.get("/api/v1/me/")
    client.logout()
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_another_users_data_under_the_same_key_is_that_users(client):
    first, second = a_user(Role.OFFICER), a_user(Role.OFFICER)
    client.force_login(first)
    assert client.get("/api/v1/me/").json()["username"] == first.username  # the key now remembered as first's
    key = client.session.session_key
    assert sessions._USER_OF_SESSION[key] == first.pk
    store = sessions.SessionStore(session_key=key)
    data = store.load()
    data[SESSION_KEY] = str(second.pk)
    data["_auth_user_hash"] = second.get_session_auth_hash()
    Session.objects.filter(session_key=key).update(session_data=store.encode(data))
    assert client.get("/api/v1/me/").json()["username"] == second.username
    assert sessions._USER_OF_SESSION[key] == second.pk


def test_a_deleted_user_behind_a_remembered_session_is_no_user(client):
    gone = a_user(Role.OFFICER)
    client.force_login(gone)
    assert client.get("/api/v1/me/").status_code == 200
    gone.delete()
    assert client.get("/api/v1/me/").status_code in (401, 403)
