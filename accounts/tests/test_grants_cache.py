"""A role's grants kept per process under the grants' data version (accounts.permissions, the trigger of
accounts/migrations/0009): a signed-in request reads no grants while they are unchanged, and a grant changed by
any kind of write (the ORM, raw SQL) takes effect on the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.backends import UserBackend
from accounts.models import Permission
from accounts.permissions import grant_scope
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request reads them (a new object, read by the session backend)."""
    return UserBackend().get_user(user.pk)


def test_the_second_request_of_a_role_reads_no_grants():
    first, second = an_officer_of("KZ-59"), an_officer_of("KZ-55")
    assert grant_scope(_fresh(first), "view", "people.person") == "territory"
    user = _fresh(second)
    with CaptureQueriesContext(connection) as queries:
        assert grant_scope(user, "view", "people.person") == "territory"
        assert grant_scope(user, "delete", "people.person") is None
    assert len(queries) == 0


def test_a_changed_grant_takes_effect_on_the_next_request():
    officer = an_officer_of("KZ-59")
    assert grant_scope(_fresh(officer), "export", "people.person") == "territory"
    Permission.objects.filter(role=Role.OFFICER, action="export", kind="people.person").update(scope="country")
    assert grant_scope(_fresh(officer), "export", "people.person") == "country"
    Permission.objects.filter(role=Role.OFFICER, action="export", kind="people.person").delete()
    assert grant_scope(_fresh(officer), "export", "people.person") is None
    with connection.cursor() as cursor:  # a write that no Django signal sees
        cursor.execute("INSERT INTO accounts_permission (role, action, kind, scope) VALUES (%s, %s, %s, %s)",
                       [Role.OFFICER, "export", "people.person", "own"])
    assert grant_scope(_fresh(officer), "export", "people.person") == "own"
    # another role's grants are their own
    assert grant_scope(_fresh(a_user(Role.CITIZEN)), "export", "people.person") is None


def test_a_user_read_without_the_version_reads_the_grants_themselves():
    officer = an_officer_of("KZ-59")
    assert grant_scope(_fresh(officer), "view", "people.person") == "territory"
    Permission.objects.filter(role=Role.OFFICER, action="view", kind="people.person").update(scope="own")
    plain = type(officer).objects.get(pk=officer.pk)  # not through the backend: no version known
    with CaptureQueriesContext(connection) as queries:
        assert grant_scope(plain, "view", "people.person") == "own"
    assert len(queries) == 1


def test_a_token_call_is_refused_on_the_request_after_its_grant_is_removed(client):
    officer = an_officer_of("KZ-59")
    key = Token.objects.create(user=officer).key
    assert client.get("/api/v1/people/persons/?limit=1", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    Permission.objects.filter(role=Role.OFFICER, action="view", kind="people.person").delete()
    assert client.get("/api/v1/people/persons/?limit=1", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
