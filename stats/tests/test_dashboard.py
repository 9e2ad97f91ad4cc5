"""The analysts' dashboard: scope-aware, every chart with CSV data, estimates with their accuracy."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import AccessLog
from accounts.roles import Role
from accounts.testing import a_citizen, a_user, an_analyst_of
from stats import selectors
from stats.templatetags.stats_extras import p_value
from stats.tests.test_indicators import EVENTS

pytestmark = pytest.mark.django_db


def test_an_analyst_of_turkistan_opens_on_turkistans_flows_in_and_out(client, shipped):
    client.force_login(an_analyst_of("KZ-61"))
    response = client.get(reverse("stats:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Turkistan Region" in html.split("</h1>")[0]
    assert 'id="flows-in"' in html and 'id="flows-out"' in html
    key = response.context["key_figures"]
    assert key["unit"].unique().to_list() == ["KZ-61"]
    flows = response.context["charts"]["flows"][1]
    assert all("KZ-61" in (r["origin"], r["destination"]) for r in flows.iter_rows(named=True))


def test_the_ministry_sees_every_region_and_the_estimate_shows_its_measured_accuracy(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:dashboard"), {"year": 2024})
    assert response.context["key_figures"].height == 20
    assert response.context["od_meta"]["source"] == "estimated"
    html = response.content.decode()
    assert 'id="accuracy"' in html and "placed right" in html
    for name in ("choropleth", "flows", "series", "multiples", "forecast"):
        assert f'data-chart="{name}"' in html
    figure = json.loads(html.split('<script id="flows" type="application/json">')[1].split("</script>")[0])
    assert figure["layout"]["annotations"]  # arrowheads show the direction


def test_a_published_year_is_labelled_published(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:dashboard"), {"year": 2023})
    assert response.context["od_meta"]["source"] == "published"
    assert set(response.context["charts"]["flows"][1]["source"]) == {"published"}


def test_each_charts_data_downloads_as_csv_and_the_export_is_logged(client, shipped):
    user = a_user(Role.RESEARCHER)
    client.force_login(user)
    response = client.get(reverse("stats:chart_csv", args=["choropleth"]), {"year": 2024, "indicator": "net"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "code,name,lon,lat,value"
    log = AccessLog.objects.get(event="export", actor=user)
    assert log.kind == "stats.choropleth" and log.detail["rows"] == 20


def test_a_citizen_may_not_open_the_statistics(client, db):
    client.force_login(a_citizen())
    assert client.get(reverse("stats:dashboard")).status_code == 403


def test_monthly_series_and_register_source_render(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    assert client.get(reverse("stats:dashboard"), {"coverage": "all_internal", "freq": "month", "year": 2024}).status_code == 200
    assert client.get(reverse("stats:dashboard"), {"source": "register", "sex": "female", "age": "25-34"}).status_code == 200


def test_a_months_flows_are_estimated_and_say_so(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:dashboard"), {"year": 2024, "month": 3})
    assert response.context["od_meta"]["month"] == 3
    assert "Monthly flows" in response.content.decode()
    flows = response.context["charts"]["flows"][1]
    assert flows.height and (flows["origin"] != flows["destination"]).all()


def test_the_surplus_proposal_sits_beside_the_designation_in_force_and_the_forecast_names_next_year(client, shipped_all):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:dashboard"))
    surplus = response.context["surplus"]
    assert surplus.height == 20 and set(surplus["agreement"]) <= {"agree", "disagree"}
    assert set(response.context["charts"]["surplus"][1]["agreement"]) == set(surplus["agreement"])
    html = response.content.decode()
    assert "Forecast 2025" in html
    table = html.split('<table id="surplus-table">')[1].split("</table>")[0]  # one id per element: the chart's
    assert table.count("<tr>") == 21 and "Proposed" in table and "In force" in table  # figure is id="surplus"
    assert html.count('id="surplus"') == 1
    assert all(r["next"] is not None for r in response.context["forecast_rows"])


def test_every_chart_on_the_page_downloads_its_data_as_csv_and_as_png_from_the_modebar(client, shipped_all):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:dashboard"), {"year": 2024})
    html = response.content.decode()
    names = [name for name, _fig, _script in response.context["chart_list"]]
    assert set(names) == {"choropleth", "flows", "series", "multiples", "forecast", "surplus"}
    assert 'toImageButtonOptions: {format: "png"' in html and "displayModeBar: false" not in html
    for name in names:
        assert f'data-chart="{name}"' in html and f'data-csv="{name}"' in html
        csv = client.get(reverse("stats:chart_csv", args=[name]), {"year": 2024})
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv"), name
        header, *rows = csv.content.decode().splitlines()
        assert header.split(",") == response.context["charts"][name][1].columns and rows, name


def test_the_sex_and_age_filters_narrow_the_register_figures_and_its_flows(client, db, monkeypatch):
    from stats.analytics.indicators import event_cube

    monkeypatch.setattr(selectors, "register_cube", lambda **k: event_cube(EVENTS, **k))
    client.force_login(a_user(Role.MINISTRY))

    def figures(**query):
        response = client.get(reverse("stats:dashboard"), {"source": "register", "year": 2024, **query})
        key = {r["unit"]: r for r in response.context["key_figures"].iter_rows(named=True)}
        flows = response.context["charts"]["flows"][1].select("origin", "destination", "persons").rows()
        return key, flows

    key, flows = figures()
    assert key["KZ-59"]["arrivals"] == 2 and key["KZ-61"]["departures"] == 3
    key, flows = figures(sex="female")
    assert key["KZ-59"]["arrivals"] == 1 and key["KZ-61"]["departures"] == 1
    assert flows == [("KZ-61", "KZ-59", 1.0)]
    key, flows = figures(sex="male", age="15-24")
    assert key["KZ-71"]["arrivals"] == 1 and key["KZ-61"]["departures"] == 1 and "KZ-59" not in key
    assert flows == [("KZ-61", "KZ-71", 1.0)]


def test_p_values_are_written_as_statisticians_write_them():
    with translation.override("en"):
        assert p_value(6.2e-224) == "< 0.001" and p_value(0.7204) == "0.720" and p_value(None) == "—"
    with translation.override("ru"):
        assert p_value(6.2e-224) == "< 0,001"
