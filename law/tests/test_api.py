"""POST /api/v1/law/evaluate and GET /api/v1/law/parameters: open, throttled, 400s that name the field."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .conftest import member

pytestmark = pytest.mark.django_db

URL = "/api/v1/law/evaluate"


def body(**overrides):
    data = {"date": "2026-03-01", "members": [member()], "departure_region": "KZ-61", "arrival_region": "KZ-59",
            "settlement_type": "rural"}
    data.update(overrides)
    return data


@pytest.fixture
def client():
    cache.clear()
    return APIClient()


def test_anyone_may_evaluate_without_logging_in(client):
    response = client.post(URL, body(), format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["eligible"] is True
    assert {"name", "passed", "value", "article"} <= set(data["conditions"][0])
    subsidy = next(e for e in data["entitlements"] if e["name"] == "relocation_subsidy")
    assert (subsidy["amount_kzt"], subsidy["article"]) == (302_750, "model-law/art-6/p-1")


def test_the_url_has_no_trailing_slash(client):
    assert client.post(URL + "/", body(), format="json").status_code == 404


@pytest.mark.parametrize("overrides, field", [
    ({"arrival_region": "KZ-99"}, "arrival_region"),
    ({"departure_region": ""}, "departure_region"),
    ({"date": "2016-06-01"}, "date"),
    ({"date": "2031-01-01"}, "date"),
    ({"date": "not a date"}, "date"),
    ({"members": "three people"}, "members"),
    ({"members": [member(relation="child")]}, "members"),
    ({"members": [member(birth="01.05.1990")]}, "members[0].birth_date"),
    ({"members": [member(status="student")]}, "members[0].status"),
    ({"members": [member(months="a year")]}, "members[0].months_registered_in_departure_region"),
    ({"settlement_type": "megacity"}, "settlement_type"),
])
def test_bad_input_gets_400_naming_the_field(client, overrides, field):
    response = client.post(URL, body(**overrides), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()[field]


def test_a_missing_field_gets_400_naming_it(client):
    data = body()
    del data["members"]
    response = client.post(URL, data, format="json")
    assert response.status_code == 400 and response.json()["field"] == "members"


def test_the_calculator_is_throttled_per_client(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"law_calculator": "3/minute"})
    codes = [client.post(URL, body(), format="json").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other = client.post(URL, body(), format="json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200, "another client keeps its own allowance"


def test_parameters_on_a_date_list_values_with_references(client):
    response = client.get("/api/v1/law/parameters?date=2022-04-01")
    assert response.status_code == 200
    params = {p["path"]: p for p in response.json()["parameters"]}
    assert params["mci.social_payments"]["value"] == 3180
    assert params["mci.general"]["value"] == 3063
    assert params["mci.social_payments"]["effective_from"] == "2022-04-01"
    assert params["mci.social_payments"]["reference"]["href"]


@pytest.mark.parametrize("query", ["date=2022-13-01", "date=2010-01-01"])
def test_parameters_with_a_bad_date_get_400(client, query):
    response = client.get("/api/v1/law/parameters?" + query)
    assert response.status_code == 400 and response.json()["field"] == "date"


def test_a_body_that_is_not_json_gets_400(client):
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "non_field_errors"


def test_a_member_that_is_not_an_object_gets_400_naming_it(client):
    response = client.post(URL, body(members=[member(), "child"]), format="json")
    assert response.status_code == 400 and response.json()["field"] == "members[1]"
