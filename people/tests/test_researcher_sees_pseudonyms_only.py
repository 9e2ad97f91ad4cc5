"""A researcher's pages, API answers and URLs name a person by pseudonym only, never by the sequential database id,
which would link records across roles and exports (issue 16)."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_person_in, a_user, an_officer_of
from people.selectors import pseudonym

pytestmark = pytest.mark.django_db


def test_the_researchers_api_carries_the_pseudonym_and_no_id():
    person: Any = a_person_in("KZ-59", surname="Ivanov")
    api = APIClient()
    api.force_authenticate(a_user(Role.RESEARCHER))
    listed = api.get("/api/v1/people/persons/").json()["results"]
    assert listed and all("id" not in row for row in listed)
    assert {row["key"] for row in listed} == {row["pseudonym"] for row in listed}
    assert api.get(f"/api/v1/people/persons/{pseudonym(person.iin)}/").json()["pseudonym"] == pseudonym(person.iin)
    assert api.get(f"/api/v1/people/persons/{person.pk}/").status_code == 404


def test_the_researchers_pages_link_persons_by_pseudonym(client):
    person: Any = a_person_in("KZ-59", surname="Ivanov")
    client.force_login(a_user(Role.RESEARCHER))
    listing = client.get(reverse("people:index")).content.decode()
    assert reverse("people:detail", args=[pseudonym(person.iin)]) in listing
    assert reverse("people:detail", args=[person.pk]) not in listing
    assert client.get(reverse("people:detail", args=[pseudonym(person.iin)])).status_code == 200
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404


def test_an_officer_still_opens_a_person_by_id(client):
    person = a_person_in("KZ-59")
    client.force_login(an_officer_of("KZ-59"))
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
