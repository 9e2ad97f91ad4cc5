"""Login throttling (django-axes) on the login page and the API's token endpoint, with the lockout in the
access log; successful token logins logged; an anonymous API call is a 401 that says how to authenticate."""

from __future__ import annotations

import pytest

from accounts.models import AccessEvent, AccessLog
from accounts.roles import Role
from accounts.testing import PASSWORD, a_user

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _events(event: str, username: str) -> int:
    return AccessLog.objects.filter(event=event, actor_label=username).count()


def test_the_login_page_locks_a_username_out_after_five_failures_even_for_the_right_password(client, axes_on):
    officer = a_user(Role.OFFICER)
    for _ in range(4):
        page = client.post("/login/", {"username": officer.username, "password": "wrong"})
        assert page.status_code == 200  # the form again, with its error
    locked = client.post("/login/", {"username": officer.username, "password": "wrong"})
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 15 * 60
    assert "Too many failed logins" in locked.content.decode()
    right = client.post("/login/", {"username": officer.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _events(AccessEvent.LOCKED_OUT, officer.username) >= 1
    assert _events(AccessEvent.LOGIN_FAILED, officer.username) >= 5


def test_the_token_endpoint_locks_out_after_five_failures_with_429_and_retry_after(client, axes_on):
    analyst = a_user(Role.ANALYST)
    answers = [client.post(TOKEN_URL, {"username": analyst.username, "password": "wrong"}).status_code
               for _ in range(5)]
    assert answers == [400, 400, 400, 400, 429]
    right = client.post(TOKEN_URL, {"username": analyst.username, "password": PASSWORD})
    assert right.status_code == 429 and int(right["Retry-After"]) == 15 * 60
    assert "token" not in right.json()
    assert _events(AccessEvent.LOCKED_OUT, analyst.username) >= 1


def test_a_lockout_of_one_username_leaves_another_free_to_log_in(client, axes_on):
    target, other = a_user(Role.ANALYST), a_user(Role.ANALYST)
    for _ in range(6):
        client.post(TOKEN_URL, {"username": target.username, "password": "wrong"})
    assert client.post(TOKEN_URL, {"username": other.username, "password": PASSWORD}).status_code == 200


def test_a_success_before_the_limit_resets_the_count(client, axes_on):
    user = a_user(Role.ANALYST)
    for _ in range(4):
        client.post(TOKEN_URL, {"username": user.username, "password": "wrong"})
    assert client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}).status_code == 200
    for _ in range(4):
        assert client.post(TOKEN_URL, {"username": user.username, "password": "wrong"}).status_code == 400


def test_a_successful_token_login_is_in_the_access_log(client, axes_on):
    user = a_user(Role.MINISTRY)
    answer = client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["token"]
    entry = AccessLog.objects.get(event=AccessEvent.LOGIN, actor_label=user.username)
    assert entry.path == TOKEN_URL and entry.ip == "127.0.0.1"


def test_an_anonymous_api_call_is_a_401_naming_the_token_scheme(client):
    answer = client.get("/api/v1/me/")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"
