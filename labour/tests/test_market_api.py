"""The API of vacancies, matching, offers, duties and notices: filters, 400 naming the field, 404, 409."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.testing import a_person_in, a_user
from labour.models import MatchProposal
from labour.services import publish_notice, register_job_seeker

from .conftest import a_vacancy, an_employer_in, occupation, region

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def employer():
    return an_employer_in("KZ-59")


def test_the_search_filters_and_refuses_a_bad_parameter_by_name(employer):
    a_vacancy(employer, wage_kzt=300_000, housing="dormitory")
    a_vacancy(employer, occupation_code="83", wage_kzt=150_000)
    client = api(a_user("citizen", person=a_person_in("KZ-61")))
    assert client.get("/api/v1/labour/vacancies/").json()["count"] == 2
    assert client.get("/api/v1/labour/vacancies/?min_wage=200000").json()["count"] == 1
    assert client.get("/api/v1/labour/vacancies/?occupation=8&housing=none").json()["count"] == 1
    assert client.get("/api/v1/labour/vacancies/?region=KZ-55").json()["count"] == 0
    for bad, field in [("min_wage=lots", "min_wage"), ("housing=tent", "housing"), ("occupation=welder", "occupation"),
                       ("region=Atlantis", "region")]:
        response = client.get(f"/api/v1/labour/vacancies/?{bad}")
        assert response.status_code == 400 and field in response.json()


def test_posting_a_vacancy_below_the_minimum_wage_answers_400_naming_the_wage(employer):
    client = api(employer.users.first())
    body = {"employer_bin": employer.bin, "title": "Welder", "region": "KZ-59", "settlement": "Petropavl",
            "occupation": "72", "places": 2, "wage_kzt": 80_000, "starts_on": "2026-12-15",
            "closes_on": "2026-12-31"}
    response = client.post("/api/v1/labour/vacancies/", body, format="json")
    assert response.status_code == 400 and "wage_kzt" in response.json()
    body["wage_kzt"] = 300_000
    response = client.post("/api/v1/labour/vacancies/", body, format="json")
    assert response.status_code == 201 and response.json()["places"] == 2
    other = api(a_user("employer"))
    assert other.post("/api/v1/labour/vacancies/", body, format="json").status_code == 400
    assert other.get(f"/api/v1/labour/vacancies/{response.json()['id']}/").status_code == 404


def test_a_run_a_decision_and_an_answer_through_the_api_and_409_on_a_second_decision(employer):
    vacancy = a_vacancy(employer, places=1)
    person = a_person_in("KZ-61")
    seeker = register_job_seeker(person, unit=region("KZ-61"), registered_on=dt.date(2026, 1, 5))
    seeker.occupation = occupation("72")
    seeker.save()
    officer = api(a_user("officer", scope="KZ-59"))
    run = officer.post("/api/v1/labour/matching/runs/", {"on": "2026-11-25", "region": "KZ-59"}, format="json")
    assert run.status_code == 201 and len(run.json()["proposals"]) == 1
    proposal = run.json()["proposals"][0]
    assert proposal["parts"]["occupation"] == 40 and proposal["person_iin"] == person.iin
    assert api(a_user("officer", scope="KZ-55")).post(
        f"/api/v1/labour/proposals/{proposal['id']}/decision/", {"accept": True}, format="json").status_code == 404
    assert officer.post(f"/api/v1/labour/proposals/{proposal['id']}/decision/", {"accept": True},
                        format="json").status_code == 200
    again = officer.post(f"/api/v1/labour/proposals/{proposal['id']}/decision/", {"accept": False}, format="json")
    assert again.status_code == 409 and again.json()["state"] == "accepted"
    citizen = api(a_user("citizen", person=person))
    offers = citizen.get("/api/v1/labour/offers/").json()["results"]
    assert [o["vacancy"]["id"] for o in offers] == [vacancy.pk]
    answer = citizen.post(f"/api/v1/labour/offers/{offers[0]['id']}/answer/", {"accept": True}, format="json")
    assert answer.status_code == 200 and answer.json()["vacancy"]["places_filled"] == 1
    assert citizen.post(f"/api/v1/labour/offers/{offers[0]['id']}/answer/", {"accept": True},
                        format="json").status_code == 409
    assert api(a_user("officer", scope="KZ-55")).post(
        "/api/v1/labour/matching/runs/", {"on": "2026-11-25", "region": "KZ-59"}, format="json").status_code == 403
    assert MatchProposal.objects.count() == 1


def test_an_employer_reads_only_its_regions_notices_through_the_api(employer):
    officer = a_user("officer", scope="KZ-59")
    mine = publish_notice(region=region("KZ-59"), kind="news", title="Quota left: 120", body="", actor=officer)
    other = publish_notice(region=region("KZ-55"), kind="news", title="Pavlodar", body="",
                           actor=a_user("officer", scope="KZ-55"))
    client = api(employer.users.first())
    assert [n["id"] for n in client.get("/api/v1/labour/notices/").json()["results"]] == [mine.pk]
    assert client.post(f"/api/v1/labour/notices/{other.pk}/replies/", {"body": "hi"}, format="json").status_code == 404
    assert client.post(f"/api/v1/labour/notices/{mine.pk}/replies/", {"body": "Thanks"},
                       format="json").status_code == 201
    assert client.post("/api/v1/labour/notices/", {"region": "KZ-59", "kind": "news", "title": "x"},
                       format="json").status_code == 403
