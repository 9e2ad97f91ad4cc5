"""The inspector's start page (work queue, card, navigation), the pages in Russian and Kazakh, and the demo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.testing import a_user

pytestmark = pytest.mark.django_db


def test_the_inspectors_start_page_lists_alerts_to_resolve_oldest_first_one_click_away(client, inspector, alerts):
    from web.home import work_queue_for

    sections = [s for s in work_queue_for(inspector) if "Oversight" in str(s.title)]
    assert len(sections) == 1 and sections[0].total == 2
    items = sections[0].items
    assert [i.since for i in items] == sorted(i.since for i in items)
    assert items[0].url == reverse("oversight:detail", args=[alerts["employer"].pk])  # due 9 Feb, before 1 April
    client.force_login(inspector)
    home = client.get("/").content.decode()
    assert reverse("oversight:detail", args=[alerts["north"].pk]) in home
    assert f'href="{reverse("oversight:index")}"' in home  # the card and the navigation


def test_a_researcher_has_no_work_queue_section(alerts):
    from web.home import work_queue_for

    assert not [s for s in work_queue_for(a_user("researcher")) if "Oversight" in str(s.title)]


@pytest.mark.parametrize("language,words", [("ru", "Мигрант без трудового договора"),
                                            ("kk", "Еңбек шарты жоқ мигрант")])
def test_the_list_and_the_alert_read_in_russian_and_kazakh(client, inspector, alerts, language, words):
    client.force_login(inspector)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    client.cookies["django_language"] = language
    assert words in client.get(reverse("oversight:index"), **headers).content.decode()
    assert words in client.get(reverse("oversight:detail", args=[alerts["north"].pk]), **headers).content.decode()


def test_the_demo_leaves_alerts_for_the_inspector_of_north_kazakhstan(alerts):
    """The demo's seed scans the registers (here the fixture's: too few alerts in North Kazakhstan, so it moves a
    few people there through the registers' services first) and resolves two alerts as the inspector."""
    import random

    from oversight import demo
    from oversight.models import Alert, Status

    from .conftest import person_from

    inspector = a_user("inspector", username="inspector", scope="KZ-59")
    for n in range(8):  # people of the south the demo may move north when the registers show too few alerts
        person_from("KZ-61", surname=f"Southerner{n}")
    logged = []
    demo.seed(rng=random.Random(1), scale=0.001, log=logged.append)
    assert Alert.objects.visible_to(inspector).filter(status=Status.OPEN).exists()
    resolved = Alert.objects.visible_to(inspector).exclude(status=Status.OPEN)
    assert {a.resolved_by for a in resolved} == {inspector} and resolved.count() == 2
    assert any("oversight: scan of" in line for line in logged)
