"""No page asks another host for anything: scripts and styles are served by Koshi itself."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user

pytestmark = pytest.mark.django_db
EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!testserver|127\.0\.0\.1|localhost)""")


@pytest.mark.parametrize("url", ["/", "/login/", "/api/docs/"])
def test_public_pages_load_nothing_from_another_host(client, url):
    page = client.get(url)
    assert page.status_code == 200
    assert not EXTERNAL.search(page.content.decode())


def test_the_openapi_schema_is_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/people/persons/" in paths
    assert "/api/v1/accounts/changes/" in paths


def test_a_token_authenticates_api_calls(client):
    a_user(Role.MINISTRY, username="analyst1")
    token = client.post(reverse("api:token"), {"username": "analyst1", "password": PASSWORD}).json()["token"]
    me = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json() == {"username": "analyst1", "role": "ministry", "scope": None}


def test_the_openapi_schema_is_valid_and_generates_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi:")


def test_every_page_names_its_icon_so_the_browser_does_not_ask_for_a_missing_favicon_ico(client):
    page = client.get(reverse("web:home")).content.decode()
    icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
    assert icon and icon.group(1).endswith("web/favicon.svg")
    from django.contrib.staticfiles import finders

    found = finders.find("web/favicon.svg")
    assert found and open(found, encoding="utf-8").read().startswith("<svg")
