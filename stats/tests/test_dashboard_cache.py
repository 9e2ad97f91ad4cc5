"""The dashboard's figures are built once per data version and view, then served from the shared cache
(stats.dashboard.build_cached): a second visit builds nothing, a new import or another territory builds again."""

from __future__ import annotations

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
