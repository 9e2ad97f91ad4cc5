"""The controls' faces: the ministry's budget page and API (audited, others refused), the officer's overrides
through the API with the checks' findings and the decision's replay, and scope (another region's officer: 404;
a researcher sees no findings)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of, unit
from people.models import FamilyMember
from relocation import services
from relocation.models import ApplicationMember, Budget

from .conftest import SUBMITTED, a_family

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_the_ministry_enters_a_budget_on_its_page_and_through_the_api_and_an_officer_cannot(client):
    ministry = a_user(Role.MINISTRY)
    client.force_login(ministry)
    r = client.post(reverse("relocation:budgets"), {"year": 2027, "region": "KZ-59", "amount_kzt": 5_000_000_000,
                                                    "reference": "Budget law 2027"})
    assert r.status_code == 302
    budget = Budget.objects.get(year=2027, region=unit("KZ-59"))
    assert budget.amount_kzt == 5_000_000_000
    assert ChangeRecord.objects.filter(kind="relocation.budget", object_id=str(budget.pk), actor=ministry).exists()
    page = client.get(reverse("relocation:budgets") + "?year=2027").content.decode()
    assert "Budget law 2027" in page and "North Kazakhstan" in page
    r = api(ministry).post("/api/v1/relocation/budgets/", {"year": 2027, "region": "KZ-59", "amount_kzt": 6_000_000_000},
                           format="json")
    assert r.status_code == 201 and r.json()["amount_kzt"] == 6_000_000_000 and r.json()["committed_kzt"] == 0
    assert api(ministry).post("/api/v1/relocation/budgets/", {"year": 2027, "region": "nowhere", "amount_kzt": 1},
                              format="json").status_code == 400
    officer = an_officer_of("KZ-59")
    assert api(officer).post("/api/v1/relocation/budgets/", {"year": 2027, "region": "KZ-59", "amount_kzt": 1},
                             format="json").status_code == 403
    rows = api(officer).get("/api/v1/relocation/budgets/?year=2027").json()["results"]
    assert [r["region"] for r in rows] == ["KZ-59"]
    client.force_login(officer)
    assert client.post(reverse("relocation:budgets"), {"year": 2027, "region": "KZ-59",
                                                       "amount_kzt": 1}).status_code == 403


def test_officers_override_a_hold_through_the_api_and_see_the_findings_and_the_replay(officer, quota):
    first = a_family()
    services.submit(services.create_application(
        actor=first, applicant=first.person, departure_region=unit("KZ-61"), departure_settlement="Turkistan",
        receiving_region=unit("KZ-59"), settlement_type="town"), actor=first, on=SUBMITTED)
    second = a_family()
    app = services.create_application(actor=second, applicant=second.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="town")
    child = ApplicationMember.objects.get(application=app, relation="child").person
    FamilyMember.objects.create(family=first.person.headed_families.get(), person=child, relation="child")
    services.submit(app, actor=second, on=SUBMITTED)
    services.forward(app, actor=officer)
    r = api(officer).post(f"/api/v1/relocation/applications/{app.pk}/transitions/approve/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "participation_held"
    body = api(officer).get(f"/api/v1/relocation/applications/{app.pk}/controls/").json()
    assert [(f["code"], f["person_iin"], f["overridden"]) for f in body["findings"]] == [
        ("two_families", child.iin, False)]
    r = api(officer).post(f"/api/v1/relocation/applications/{app.pk}/overrides/",
                          {"code": "two_families", "person_iin": child.iin, "reason": "custody papers"}, format="json")
    assert r.status_code == 201, r.content
    override = r.json()["id"]
    from relocation.work_queue import officer_sections

    second_officer = an_officer_of("KZ-59")
    assert "Overrides awaiting a second approval" in [str(x.title) for x in officer_sections(second_officer)]
    assert "Overrides awaiting a second approval" not in [str(x.title) for x in officer_sections(officer)]
    r = api(officer).post(f"/api/v1/relocation/applications/{app.pk}/overrides/{override}/approve/")
    assert r.status_code == 409 and r.json()["code"] == "four_eyes"
    r = api(second_officer).post(f"/api/v1/relocation/applications/{app.pk}/overrides/{override}/approve/")
    assert r.status_code == 200 and r.json()["approved_by"] == second_officer.username
    r = api(officer).post(f"/api/v1/relocation/applications/{app.pk}/transitions/approve/", {}, format="json")
    assert r.status_code == 200, r.content
    body = api(officer).get(f"/api/v1/relocation/applications/{app.pk}/controls/").json()
    assert body["replay"]["same"] and body["replay"]["hash_matches"]
    assert [f["overridden"] for f in body["findings"]] == [True]
    # scope: another region's officer and a researcher get nothing
    assert api(an_officer_of("KZ-55")).get(f"/api/v1/relocation/applications/{app.pk}/controls/").status_code == 404
    assert api(a_user(Role.RESEARCHER)).get(f"/api/v1/relocation/applications/{app.pk}/controls/").status_code == 404


def test_the_application_page_shows_the_officer_the_findings_and_the_override_form(client, officer, quota):
    citizen = a_family()
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="town")
    client.force_login(officer)
    page = client.get(reverse("relocation:application", args=[app.pk])).content.decode()
    assert 'id="no-findings"' in page
    client.force_login(citizen)
    page = client.get(reverse("relocation:application", args=[app.pk])).content.decode()
    assert 'id="participation"' not in page
