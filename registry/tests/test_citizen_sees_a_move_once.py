"""A corrected move shows once on the citizen's own history, as corrected; an annulled one not at all (issue 16)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import a_user
from registry.services import correct_event, register

from .conftest import a_request, adult, region

pytestmark = pytest.mark.django_db


def test_a_corrected_move_shows_once_on_the_citizens_history(client):
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10))).event
    fixed = correct_event(event, reason="Arrived from Pavlodar, not Turkistan", origin_region=region("KZ-55"))
    client.force_login(a_user(Role.CITIZEN, person=person))
    shown = list(client.get(reverse("registry:index")).context["events"])
    assert [e.pk for e in shown] == [fixed.pk]


def test_an_annulled_move_is_not_on_the_citizens_history(client):
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10))).event
    correct_event(event, reason="Registered in error", annul=True)
    client.force_login(a_user(Role.CITIZEN, person=person))
    assert list(client.get(reverse("registry:index")).context["events"]) == []
