"""The dashboard's figures are built once per data version and view, then served from the shared cache
(stats.dashboard.build_cached): a second visit builds nothing, a new import or another territory builds again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import a_user
from stats import dashboard
from stats.importer import import_shipped

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = dashboard.build

    def counting(f, user):
        seen.append(f"{user.role}:{user.scope_unit_id}")
        return real(f, user)

    monkeypatch.setattr(dashboard, "build", counting)
    return seen


def test_a_second_visit_is_served_from_the_cache_and_a_new_import_builds_again(client, builds):
    import_shipped(["interregional"])
    client.force_login(a_user(Role.MINISTRY))
    first = client.get(reverse("stats:dashboard")).content
    again = client.get(reverse("stats:dashboard")).content
    assert len(builds) == 1
    assert first.count(b'data-chart="') == again.count(b'data-chart="') >= 3
    import_shipped(["od"])  # a new table: a new data version
    client.get(reverse("stats:dashboard"))
    assert len(builds) == 2


def test_users_of_another_territory_or_role_never_get_each_others_figures(client, builds):
    import_shipped(["interregional"])
    for user in (a_user(Role.ANALYST, scope="KZ-59"), a_user(Role.ANALYST, scope="KZ-55"), a_user(Role.MINISTRY),
                 a_user(Role.ANALYST, scope="KZ-59")):
        client.force_login(user)
        assert client.get(reverse("stats:dashboard")).status_code == 200
    assert builds == [f"analyst:{builds[0].split(':')[1]}", f"analyst:{builds[1].split(':')[1]}", "ministry:None"]
    assert builds[0] != builds[1]


def test_a_kept_page_shows_each_user_their_own_scope_and_a_new_import_shows_the_new_figures(client, builds):
    """The rendered page is kept with the figures (stats.dashboard.page_cached): two analysts of different
    territories never get each other's page, and a table imported afterwards is on the next visit."""
    import_shipped(["interregional"])
    north, south = a_user(Role.ANALYST, scope="KZ-59"), a_user(Role.ANALYST, scope="KZ-55")
    pages = {}
    for user in (north, south, north, south):
        client.force_login(user)
        pages.setdefault(user.pk, []).append(client.get(reverse("stats:dashboard") + "?unit=KZ-59").content.decode())
    assert len(builds) == 2  # one build per territory; the second visits read the kept pages
    for user, other in ((north, south), (south, north)):
        mine = f"Your scope: {user.scope_label}."
        assert all(mine in page for page in pages[user.pk])
        assert f"Your scope: {other.scope_label}." not in pages[user.pk][1]
    client.force_login(north)
    import_shipped(["od"])  # the published origin-destination table: a new data version, a new page
    page = client.get(reverse("stats:dashboard") + "?unit=KZ-59").content.decode()
    assert 'id="section-gravity"' not in pages[north.pk][1] and 'id="section-gravity"' in page  # fitted on the OD table


def _without_request_tokens(page: bytes) -> bytes:
    page = re.sub(rb'nonce="[^"]+"', b'nonce=""', page)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken" value=""', page)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_kept_page_is_the_rendered_page_byte_for_byte(client, builds, lang):
    """The kept HTML (UTF-8 bytes) is put into the page rendered for the request: the second visit is the first
    visit's page, byte for byte, apart from the CSP nonce and the CSRF token, in each language."""
    import_shipped(["interregional"])
    client.force_login(a_user(Role.ANALYST, scope="KZ-59"))
    client.cookies["django_language"] = lang
    first, again = (client.get(reverse("stats:dashboard") + "?unit=KZ-59") for _visit in range(2))
    assert len(builds) == 1 and first["Content-Type"] == again["Content-Type"] == "text/html; charset=utf-8"
    assert _without_request_tokens(first.content) == _without_request_tokens(again.content)
    page = again.content.decode()
    assert f'<html lang="{lang}">' in page and page.count("<main>") == page.count("</main>") == 1
    assert page.index("<main>") < page.index('data-chart="') < page.index("</main>") < page.index("Plotly.newPlot")
    assert str(again.wsgi_request.csp_nonce) in page  # the request's own nonce, not a kept one
