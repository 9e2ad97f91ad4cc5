"""The public regions map: renders in three languages, loads nothing from another host, offers its data."""

import csv
import io
import re

import pytest
from django.conf import settings

from geo.services import load_population

pytestmark = pytest.mark.django_db

URL = re.compile(r"""(?:https?:)?//([^/"'\s<>]+)""")


@pytest.fixture
def population():
    load_population()


@pytest.mark.parametrize(("lang", "name"), [("kk", "Солтүстік Қазақстан облысы"),
                                            ("ru", "Северо-Казахстанская область"),
                                            ("en", "North Kazakhstan Region")])
def test_the_map_renders_in_each_language_with_region_names_in_it(client, population, lang, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get("/geo/map/")
    assert response.status_code == 200
    html = response.content.decode()
    assert name in html
    assert "vendor/plotly/plotly.min.js" in html
    hosts = {m.group(1) for m in URL.finditer(html)}
    assert hosts <= {"testserver"}, hosts


def test_the_map_needs_no_login_and_defaults_to_the_latest_year(client, population):
    response = client.get("/geo/map/")
    assert response.status_code == 200
    assert response.context["year"] == 2023


def test_an_older_year_is_shown_on_todays_regions_with_estimates_marked(client, population):
    response = client.get("/geo/map/?year=2010")
    rows = {r["unit"].code: r for r in response.context["rows"]}
    assert len(rows) == 20
    assert rows["KZ-79"]["estimated"] and not rows["KZ-59"]["estimated"]
    assert sum(r["persons"] for r in rows.values()) == pytest.approx(16_203_274, abs=5)


def test_an_unknown_year_is_not_found(client, population):
    assert client.get("/geo/map/?year=1900").status_code == 404


def test_the_csv_download_has_the_twenty_regions(client, population):
    response = client.get("/geo/map/population.csv?year=2023")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 20
    assert sum(int(r["population_start_of_year"]) for r in rows) == 19_766_807


def test_the_map_page_works_before_population_is_loaded(client):
    assert client.get("/geo/map/").status_code == 200


def test_the_shapes_are_served_with_names_in_the_active_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    data = client.get("/geo/shapes.geojson").json()
    assert len(data["features"]) == 20
    names = {f["id"]: f["properties"]["name"] for f in data["features"]}
    assert names["KZ-75"] == "Алматы"


@pytest.mark.parametrize(("lang", "heading"), [("kk", "Қазақстан өңірлерінің халқы"),
                                               ("ru", "Население регионов Казахстана")])
def test_the_map_page_is_translated(client, population, lang, heading):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get("/geo/map/").content.decode()
    assert heading in html
    assert "Download CSV" not in html
