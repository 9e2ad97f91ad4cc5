"""Territorial scope: an officer of one region can neither read nor change another region's records."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.permissions import can_in_unit, can_on_object
from accounts.roles import Role
from accounts.testing import a_citizen, a_person_in, a_user, an_officer_of, unit
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def nko_officer():
    return an_officer_of("KZ-59")


@pytest.fixture
def resident_of_nko():
    return a_person_in("KZ-59", surname="Ivanov")


@pytest.fixture
def resident_of_pavlodar():
    return a_person_in("KZ-55", surname="Petrov")


def test_an_officer_sees_only_persons_of_their_region(nko_officer, resident_of_nko, resident_of_pavlodar):
    visible = set(Person.objects.visible_to(nko_officer))
    assert visible == {resident_of_nko}


def test_an_officer_cannot_open_another_regions_person_by_page(client, nko_officer, resident_of_pavlodar):
    client.force_login(nko_officer)
    assert client.get(reverse("people:detail", args=[resident_of_pavlodar.pk])).status_code == 404
    listing = client.get(reverse("people:index"), {"q": "Petrov"}).content.decode()
    assert resident_of_pavlodar.iin not in listing


def test_an_officer_cannot_open_another_regions_person_by_api(nko_officer, resident_of_nko, resident_of_pavlodar):
    api = APIClient()
    api.force_authenticate(nko_officer)
    assert api.get(f"/api/v1/people/persons/{resident_of_pavlodar.pk}/").status_code == 404
    assert api.get(f"/api/v1/people/persons/{resident_of_nko.pk}/").status_code == 200
    ids = [row["id"] for row in api.get("/api/v1/people/persons/").json()["results"]]
    assert ids == [resident_of_nko.pk]


def test_an_officer_cannot_change_another_regions_records(nko_officer, resident_of_nko, resident_of_pavlodar):
    assert can_in_unit(nko_officer, "change", Person, unit("KZ-59"))
    assert not can_in_unit(nko_officer, "change", Person, unit("KZ-55"))
    assert can_on_object(nko_officer, "change", resident_of_nko)
    assert not can_on_object(nko_officer, "change", resident_of_pavlodar)


def test_an_officer_may_not_delete_persons_even_in_their_region(nko_officer, resident_of_nko):
    assert not can_on_object(nko_officer, "delete", resident_of_nko)


def test_a_citizen_sees_only_their_own_record(resident_of_nko):
    citizen = a_citizen()
    assert list(Person.objects.visible_to(citizen)) == [citizen.person]


def test_the_ministry_sees_the_whole_country(resident_of_nko, resident_of_pavlodar):
    ministry = a_user(Role.MINISTRY)
    assert set(Person.objects.visible_to(ministry)) >= {resident_of_nko, resident_of_pavlodar}


def test_a_researcher_never_receives_an_iin_or_a_name(client, resident_of_nko, resident_of_pavlodar):
    researcher = a_user(Role.RESEARCHER)
    api = APIClient()
    api.force_authenticate(researcher)
    body = api.get("/api/v1/people/persons/").content.decode()
    detail = api.get(f"/api/v1/people/persons/{resident_of_nko.pk}/").content.decode()
    client.force_login(researcher)
    page = client.get(reverse("people:index")).content.decode()
    for text in (body, detail, page):
        assert not re.search(r"\b\d{12}\b", text)
        assert "Ivanov" not in text and "Petrov" not in text
    assert '"pseudonym": "P-' in body.replace('":"', '": "')


def test_a_researcher_cannot_search_by_iin(resident_of_nko):
    api = APIClient()
    api.force_authenticate(a_user(Role.RESEARCHER))
    assert api.get("/api/v1/people/persons/", {"q": resident_of_nko.iin}).json()["results"] == []


def test_an_anonymous_visitor_gets_no_person(resident_of_nko):
    assert APIClient().get("/api/v1/people/persons/").status_code in (401, 403)


def test_a_user_without_a_grant_gets_403(client):
    client.force_login(a_user(Role.ACCOUNTANT))
    assert client.get(reverse("people:index")).status_code == 403
