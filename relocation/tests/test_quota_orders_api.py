"""Quota orders through the API: the ministry enters an amendment; it can never take away places already taken;
an officer may not enter orders; the quota list shows the order behind each figure."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_user, an_officer_of, unit
from relocation import services
from relocation.models import Quota

from .conftest import SUBMITTED

pytestmark = pytest.mark.django_db
URL = "/api/v1/relocation/quota-orders/"


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_an_amendment_below_the_places_taken_is_refused_with_409(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="city")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    services.approve(app, actor=officer)  # 3 places reserved
    ministry = api(a_user(Role.MINISTRY))
    body = {"number": "77-a", "signed_on": "2026-08-24", "act": "Amendment", "year": 2026,
            "lines": [{"region": "KZ-59", "category": "resettlers", "places": 2}]}
    r = ministry.post(URL, body, format="json")
    assert r.status_code == 409 and r.json()["code"] == "quota_below_taken"
    assert Quota.objects.get(pk=quota.pk).places == 100  # nothing changed
    body["lines"][0]["places"] = 3
    r = ministry.post(URL, body, format="json")
    assert r.status_code == 201, r.content
    q = Quota.objects.get(pk=quota.pk)
    assert (q.places, q.reserved, q.free) == (3, 3, 0)
    listed = ministry.get("/api/v1/relocation/quotas/?year=2026").json()["results"]
    row = next(x for x in listed if x["region"] == "KZ-59" and x["category"] == "resettlers")
    assert row["order"].startswith("№ 77-a") and row["free"] == 0
    assert ministry.post(URL, body, format="json").status_code == 409  # the same order twice


def test_an_officer_may_not_enter_an_order_and_bad_input_is_400():
    body = {"number": "1", "signed_on": "2026-01-01", "act": "x", "year": 2026,
            "lines": [{"region": "KZ-59", "category": "resettlers", "places": 5}]}
    assert api(an_officer_of("KZ-59")).post(URL, body, format="json").status_code == 403
    ministry = api(a_user(Role.MINISTRY))
    r = ministry.post(URL, {**body, "lines": [{"region": "Atlantis", "category": "resettlers", "places": 5}]},
                      format="json")
    assert r.status_code == 400 and "lines" in r.json()
    assert ministry.post(URL, {**body, "year": "soon"}, format="json").status_code == 400
    assert ministry.get("/api/v1/relocation/quotas/?year=abc").status_code == 400
