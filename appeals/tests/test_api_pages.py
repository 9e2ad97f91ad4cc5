"""The appeals room's faces: the API (paginated, scoped, refusals with their codes) and the pages in kk/ru/en;
grievances routed to the territory, answered within the deadline, overdue shown, counted in the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from appeals import services, work_queue
from appeals.models import Appeal, Grievance

from .test_appeals import refused

pytestmark = pytest.mark.django_db


def client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_a_citizen_appeals_through_the_api_and_another_official_decides(citizen, officer):
    app, quota = refused(citizen, officer, places=0)
    c = client(citizen)
    r = c.get(f"/api/v1/appeals/applications/{app.pk}/contestable/")
    assert r.status_code == 200 and [x["subject"] for x in r.json()] == ["refusal"]
    pdf = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    r = c.post("/api/v1/appeals/appeals/", {"application": app.pk, "subject": "refusal", "reasons": "see certificate",
                                            "documents": [pdf]}, format="multipart", HTTP_ACCEPT_LANGUAGE="ru")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["documents"] == ["cert.pdf"] and body["status"] == "open" and body["language"] == "ru"
    r = c.post("/api/v1/appeals/appeals/", {"application": app.pk, "subject": "refund", "reasons": "x"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "nothing_to_appeal"
    r = c.post(f"/api/v1/appeals/appeals/{body['id']}/decide/", {"uphold": True, "reasons": "mine"}, format="json")
    assert r.status_code == 403  # the citizen may not decide
    r = client(officer).post(f"/api/v1/appeals/appeals/{body['id']}/decide/", {"uphold": True, "reasons": "x"},
                             format="json")
    assert r.status_code == 403 and r.json()["code"] == "own_decision"
    assert client(an_officer_of("KZ-55")).get(f"/api/v1/appeals/appeals/{body['id']}/").status_code == 404
    assert client(a_user(Role.RESEARCHER)).get("/api/v1/appeals/appeals/").status_code == 403
    r = client(an_officer_of("KZ-59")).post(f"/api/v1/appeals/appeals/{body['id']}/decide/",
                                            {"uphold": True, "reasons": "The refusal was premature"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "upheld"
    assert r.json()["reversed"] == [f"relocation.application:{app.pk}:waiting"]
    listed = client(officer).get("/api/v1/appeals/appeals/?limit=1").json()
    assert listed["count"] == 1 and len(listed["results"]) == 1


def test_a_grievance_goes_to_the_territory_is_answered_in_time_and_counted(citizen, officer):
    app, _quota = refused(citizen, officer, places=0)
    r = client(citizen).post("/api/v1/appeals/grievances/", {"kind": "conduct", "text": "rude", "application": app.pk},
                             format="json")
    assert r.status_code == 201, r.content
    g = Grievance.objects.get(pk=r.json()["id"])
    assert g.region.code == "KZ-59" and g.answer_due > g.filed_on
    assert client(an_officer_of("KZ-55")).post(f"/api/v1/appeals/grievances/{g.pk}/answer/", {"answer": "x"},
                                               format="json").status_code == 404
    old = services.file_grievance(actor=officer, person=citizen.person, kind="payment", text="no rent paid",
                                  region=None, language="kk", application=app, on=dt.date(2026, 1, 5))
    sections = {s.title: s for s in work_queue.sections(officer)}
    queue = sections["Grievances to answer"]
    assert [i.overdue for i in queue.items] == [True, False]  # the one filed in January is overdue
    r = client(officer).post(f"/api/v1/appeals/grievances/{old.pk}/answer/", {"answer": "paid on 10 January"},
                             format="json")
    assert r.status_code == 200 and r.json()["status"] == "answered"
    report = client(officer).get("/api/v1/appeals/report/?year=2026").json()
    assert sum(row["filed"] for row in report["grievances"]) == 2
    assert sum(row["answered"] for row in report["grievances"]) == 1


@pytest.mark.parametrize("lang, word", [("kk", "Шағым"), ("ru", "Жалоба"), ("en", "Appeal")])
def test_the_pages_speak_the_readers_language(citizen, officer, client, lang, word):
    app, _quota = refused(citizen, officer, places=0)
    appeal = services.file_appeal(actor=citizen, application=app, subject="refusal", language=lang, reasons="x")
    client.force_login(citizen)
    client.cookies["django_language"] = lang
    for url in ("/appeals/", f"/appeals/{appeal.pk}/", f"/appeals/file/{app.pk}/", "/appeals/grievances/new/",
                "/appeals/report/"):
        r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert r.status_code == 200, url
    assert word in client.get(f"/appeals/{appeal.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    client.force_login(an_officer_of("KZ-59"))
    r = client.post(f"/appeals/{appeal.pk}/decide/", {"uphold": "0", "reasons": "the quota is full"})
    assert r.status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == "dismissed"
