"""The geo API: public reference data, units by date, a unit by any name, population, shapes."""

import pytest

from geo.services import load_population

pytestmark = pytest.mark.django_db


def test_current_units_are_the_twenty_first_level_units(client):
    data = client.get("/api/v1/geo/units/?current=1").json()
    assert data["count"] == 20


def test_units_on_a_date_before_2018_include_south_kazakhstan(client):
    data = client.get("/api/v1/geo/units/?on=2010-01-01&kind=region").json()
    names = {u["name_en"] for u in data["results"]}
    assert "South Kazakhstan Region" in names and "Turkistan Region" not in names
    assert data["count"] == 14


def test_a_unit_is_found_by_letter_code_with_its_crosswalk(client):
    data = client.get("/api/v1/geo/units/KZ-ALM/?on=2020-01-01").json()
    assert data["code"] == "KZ-19" and data["valid_to"] == "2022-06-07"
    assert {row["code"] for row in data["to_current"]} == {"KZ-19", "KZ-33"}


def test_a_unit_that_did_not_exist_on_the_date_is_not_found_with_the_reason(client):
    response = client.get("/api/v1/geo/units/KZ-62/?on=2020-01-01")
    assert response.status_code == 404
    assert "exists from 2022-06-08" in response.json()["detail"]


def test_a_bad_date_is_a_bad_request(client):
    assert client.get("/api/v1/geo/units/?on=yesterday").status_code == 400


def test_population_by_year(client):
    load_population()
    data = client.get("/api/v1/geo/population/?year=2023&limit=100").json()
    assert data["count"] == 21  # the 20 units and the country
    assert sum(r["persons"] for r in data["results"] if r["unit"] != "KZ") == 19_766_807


def test_shapes_have_twenty_features(client):
    assert len(client.get("/api/v1/geo/shapes/").json()["features"]) == 20
