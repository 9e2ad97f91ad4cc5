"""The stats API: labelled tables, accuracy beside estimates, scoping."""

import pytest

from accounts.roles import Role
from accounts.testing import a_user, an_analyst_of

pytestmark = pytest.mark.django_db


def test_the_2024_table_is_estimated_reproduces_marginals_and_carries_its_accuracy(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    body = client.get("/api/v1/stats/flows/", {"year": 2024}).json()
    assert body["meta"]["source"] == "estimated" and body["meta"]["accuracy"]["cpc"] >= 0.9
    assert {r["source"] for r in body["results"]} == {"estimated"}
    into_astana = sum(r["persons"] for r in body["results"] if r["destination"] == "KZ-71")
    indicators = client.get("/api/v1/stats/indicators/", {"year": 2024, "unit": "KZ-71"}).json()["results"][0]
    assert indicators["net"] == 73_238
    assert abs(into_astana - indicators["arrivals"]) / indicators["arrivals"] < 0.001


def test_an_analyst_receives_only_flows_touching_the_territory(client, shipped):
    client.force_login(an_analyst_of("KZ-59"))
    rows = client.get("/api/v1/stats/flows/", {"year": 2023}).json()["results"]
    assert rows and all("KZ-59" in (r["origin"], r["destination"]) for r in rows)
    units = {r["unit"] for r in client.get("/api/v1/stats/indicators/").json()["results"]}
    assert units == {"KZ-59"}


def test_gravity_forecast_and_surplus_endpoints_answer(client, shipped_all):
    client.force_login(a_user(Role.MINISTRY))
    gravity = client.get("/api/v1/stats/gravity/").json()
    assert gravity["coefficients"][0]["term"] == "log_distance" and gravity["coefficients"][0]["std_error"] > 0
    forecast = client.get("/api/v1/stats/forecast/").json()
    assert {r["method"] for r in forecast["overall"]} == {"trend", "naive"} and forecast["next_year"] == 2025
    surplus = client.get("/api/v1/stats/surplus/").json()
    assert len(surplus["results"]) == 20 and {"proposed", "designation", "agreement"} <= surplus["results"][0].keys()


def test_a_citizen_is_refused(client, db):
    client.force_login(a_user(Role.CITIZEN))
    assert client.get("/api/v1/stats/indicators/").status_code == 403


def test_a_months_table_is_estimated_and_reproduces_that_months_published_marginals(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    body = client.get("/api/v1/stats/flows/", {"year": 2024, "month": 3}).json()
    assert body["meta"]["source"] == "estimated" and body["meta"]["coverage"] == "all_internal"
    assert body["meta"]["accuracy"]["cpc"] >= 0.9
    march = [r for r in client.get("/api/v1/stats/indicators/", {"coverage": "all_internal", "freq": "month",
                                                                 "year": 2024}).json()["results"]
             if r["period"] == "2024-03-01"]
    assert len(march) == 20
    for row in march:
        into = sum(r["persons"] for r in body["results"] if r["destination"] == row["unit"])
        out_of = sum(r["persons"] for r in body["results"] if r["origin"] == row["unit"])
        assert abs(into - row["arrivals"]) / row["arrivals"] < 0.001
        assert abs(out_of - row["departures"]) / row["departures"] < 0.001


def test_a_flow_table_without_a_year_is_refused_with_what_to_send_in_the_readers_language(client, db):
    client.force_login(a_user(Role.MINISTRY))
    english = client.get("/api/v1/stats/flows/")
    assert english.status_code == 400 and english.json() == {"year": "Give the year of the table, e.g. year=2024."}
    russian = client.get("/api/v1/stats/flows/", {"year": 2024, "month": 13}, HTTP_ACCEPT_LANGUAGE="ru")
    assert russian.status_code == 400 and russian.json() == {"month": "Укажите номер месяца от 1 до 12."}


def test_monthly_indicators_filtered_by_a_year_answer_for_each_coverage_and_every_year(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    for coverage in ("interregional", "all_internal"):
        for year in (2019, 2023, 2024):
            response = client.get("/api/v1/stats/indicators/", {"coverage": coverage, "freq": "month", "year": year})
            assert response.status_code == 200, (coverage, year)
            assert all(r["period"].startswith(f"{year}-") for r in response.json()["results"])
    months = client.get("/api/v1/stats/indicators/", {"coverage": "all_internal", "freq": "month", "year": 2024})
    assert {r["period"][:7] for r in months.json()["results"]} == {f"2024-{m:02d}" for m in range(1, 13)}


def test_a_year_out_of_range_is_a_400_naming_the_year_not_a_server_error(client, db):
    client.force_login(a_user(Role.MINISTRY))
    for year in ("99999999999999999999", "0", "3000", "x"):
        response = client.get("/api/v1/stats/indicators/", {"year": year})
        assert response.status_code == 400 and "year" in response.json()
