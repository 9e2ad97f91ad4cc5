"""The signed-in user read with one plain query (accounts/backends.py): the same user, fields and scope unit as
the ORM reads, the same refusals (inactive, unknown, deleted token), and no second query for the scope unit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.backends import UserBackend, UserTokenAuthentication
from accounts.models import User
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of

pytestmark = pytest.mark.django_db


def _fields(user: User) -> dict:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_get_user_reads_the_same_user_and_scope_unit_in_one_query():
    officer = an_officer_of("KZ-59")
    officer.last_login = officer.date_joined
    officer.save()
    expected = User.objects.select_related("scope_unit").get(pk=officer.pk)
    assert expected.scope_unit is not None
    with CaptureQueriesContext(connection) as queries:
        user = UserBackend().get_user(officer.pk)
        assert user.scope_unit.path == expected.scope_unit.path
        assert user.scope_unit.code == "KZ-59"
    assert len(queries) == 1
    assert _fields(user) == _fields(expected)
    assert user.last_login == officer.date_joined and user.is_active is True
    assert {f.attname: getattr(user.scope_unit, f.attname) for f in type(user.scope_unit)._meta.concrete_fields} \
        == {f.attname: getattr(expected.scope_unit, f.attname) for f in type(user.scope_unit)._meta.concrete_fields}


def test_get_user_without_a_scope_unit_has_none_and_no_query_for_it():
    minister = a_user(Role.MINISTRY)
    with CaptureQueriesContext(connection) as queries:
        user = UserBackend().get_user(str(minister.pk))  # the session keeps the id as text
        assert user.scope_unit is None
    assert len(queries) == 1 and user.pk == minister.pk


def test_get_user_refuses_an_inactive_an_unknown_and_a_malformed_id():
    gone = a_user(Role.OFFICER)
    gone.is_active = False
    gone.save()
    assert UserBackend().get_user(gone.pk) is None
    assert UserBackend().get_user(gone.pk + 1000) is None
    assert UserBackend().get_user("x") is None


def test_a_signed_in_page_and_a_token_call_see_the_user(client):
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    assert client.get("/api/v1/me/").json()["username"] == officer.username
    key = Token.objects.create(user=officer).key
    me = client.__class__().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200 and me.json()["username"] == officer.username


def test_token_authentication_reads_user_and_unit_in_one_query_and_refuses_as_drf_does():
    officer = an_officer_of("KZ-59")
    key = Token.objects.create(user=officer).key
    with CaptureQueriesContext(connection) as queries:
        user, token = UserTokenAuthentication().authenticate_credentials(key)
        assert user.scope_unit.code == "KZ-59"
    assert len(queries) == 1
    assert user.pk == officer.pk and token.key == key and token.user is user
    from rest_framework.exceptions import AuthenticationFailed

    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        UserTokenAuthentication().authenticate_credentials("nope")
    officer.is_active = False
    officer.save()
    with pytest.raises(AuthenticationFailed, match="inactive"):
        UserTokenAuthentication().authenticate_credentials(key)


def test_an_unknown_token_is_a_401_with_www_authenticate(client):
    answer = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == "Token"
