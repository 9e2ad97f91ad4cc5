"""Scope: an inspector sees the alerts of their territory only; another region's alert is a 404; the ministry
sees the country; a researcher sees alerts without a name, an IIN or a person's id."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.testing import a_user, an_officer_of

pytestmark = pytest.mark.django_db


def test_the_inspector_of_north_kazakhstan_lists_only_its_alerts(client, inspector, alerts):
    client.force_login(inspector)
    page = client.get(reverse("oversight:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nurgaliev" in text and "Kyzyl-Zhar Grain LLP" in text
    assert "Pavlov" not in text
    assert [r["alert"] for r in page.context["rows"]] == sorted(
        [alerts["north"], alerts["employer"]], key=lambda a: (a.raised_on, a.due_date, a.pk))


def test_the_inspector_gets_a_404_on_another_regions_alert(client, inspector, alerts):
    client.force_login(inspector)
    assert client.get(reverse("oversight:detail", args=[alerts["pavlodar"].pk])).status_code == 404
    response = client.post(reverse("oversight:resolve", args=[alerts["pavlodar"].pk]),
                           {"outcome": "dismissed", "reason": "not mine"})
    assert response.status_code == 404
    alerts["pavlodar"].refresh_from_db()
    assert alerts["pavlodar"].is_open


def test_an_officer_sees_the_alerts_of_their_territory(client, alerts):
    client.force_login(an_officer_of("KZ-55"))
    rows = client.get(reverse("oversight:index")).context["rows"]
    assert [r["alert"] for r in rows] == [alerts["pavlodar"]]


def test_the_ministry_sees_every_region_and_filters_by_region_rule_and_status(client, alerts):
    client.force_login(a_user("ministry"))
    rows = client.get(reverse("oversight:index")).context["rows"]
    assert {r["alert"].pk for r in rows} == {a.pk for a in alerts.values()}
    rows = client.get(reverse("oversight:index"), {"region": "KZ-55"}).context["rows"]
    assert [r["alert"] for r in rows] == [alerts["pavlodar"]]
    rows = client.get(reverse("oversight:index"), {"rule": "contract_entries"}).context["rows"]
    assert [r["alert"] for r in rows] == [alerts["employer"]]
    rows = client.get(reverse("oversight:index"), {"status": "dismissed"}).context["rows"]
    assert rows == []


def test_a_filter_with_an_unknown_value_is_not_an_error(client, alerts):
    client.force_login(a_user("ministry"))
    response = client.get(reverse("oversight:index"), {"rule": "nonsense", "region": "KZ-00", "page": "x"})
    assert response.status_code == 200


def test_a_researcher_sees_alerts_without_names_or_iins(client, alerts):
    client.force_login(a_user("researcher"))
    text = client.get(reverse("oversight:index")).content.decode()
    person = alerts["north"].person
    assert person.surname not in text and person.iin not in text and "P-" in text
    detail = client.get(reverse("oversight:detail", args=[alerts["employer"].pk])).content.decode()
    worker = alerts["employer"].evidence["findings"][0]
    assert "Zhambylov" not in detail
    from people.models import Person

    assert Person.objects.get(pk=worker["person"]).iin not in detail
    assert client.post(reverse("oversight:resolve", args=[alerts["north"].pk]),
                       {"outcome": "dismissed", "reason": "x"}).status_code == 403


def test_a_citizen_and_an_employer_may_not_open_the_list(client, alerts):
    for role in ("citizen", "employer", "analyst"):
        client.force_login(a_user(role))
        assert client.get(reverse("oversight:index")).status_code == 403
        assert client.get(reverse("oversight:detail", args=[alerts["north"].pk])).status_code in (403, 404)


def test_the_inspector_exports_the_filtered_list_of_their_territory_and_the_export_is_logged(client, inspector,
                                                                                             alerts):
    import csv
    import io

    from accounts.models import AccessLog

    client.force_login(inspector)
    response = client.get(reverse("oversight:export"), {"rule": "no_contract"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "rule", "status"]
    assert [r[0] for r in rows[1:]] == [str(alerts["north"].pk)]
    assert alerts["north"].person.iin in rows[1][4]
    assert AccessLog.objects.filter(event="export", kind="oversight.alert", actor=inspector).exists()


def test_an_officer_may_not_export(client, alerts):
    client.force_login(an_officer_of("KZ-59"))
    assert client.get(reverse("oversight:export")).status_code == 403
