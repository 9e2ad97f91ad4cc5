"""Who sees what: an officer only their receiving region's applications (404 elsewhere, never 403 with content),
a citizen only their own family's, a researcher no IIN and no name."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_user, an_officer_of, unit
from relocation import services

from .conftest import SUBMITTED, a_family

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def submitted(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="rural")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    return app


def test_an_officer_of_pavlodar_can_neither_read_nor_decide_a_north_kazakhstan_application(submitted):
    pavlodar = api(an_officer_of("KZ-55"))
    base = f"/api/v1/relocation/applications/{submitted.pk}/"
    r = pavlodar.get(base)
    assert r.status_code == 404 and "Seitkali" not in r.content.decode()
    for name in ("approve", "refuse", "forward"):
        r = pavlodar.post(base + f"transitions/{name}/", {"ground": "applicant_is_citizen"}, format="json")
        assert r.status_code == 404
        assert "Seitkali" not in r.content.decode()
    assert pavlodar.get("/api/v1/relocation/applications/").json()["results"] == []
    submitted.refresh_from_db()
    assert submitted.state == "in_review"
    assert api(an_officer_of("KZ-59")).get(base).status_code == 200


def test_a_citizen_sees_only_their_own_familys_application(submitted, citizen):
    other = a_family(children=0)
    assert api(other).get(f"/api/v1/relocation/applications/{submitted.pk}/").status_code == 404
    assert api(other).get("/api/v1/relocation/applications/").json()["results"] == []
    mine = api(citizen).get("/api/v1/relocation/applications/").json()["results"]
    assert [a["id"] for a in mine] == [submitted.pk]
    r = api(other).post(f"/api/v1/relocation/applications/{submitted.pk}/transitions/withdraw/", {}, format="json")
    assert r.status_code == 404


def test_a_researcher_sees_no_iin_and_no_name(submitted, citizen):
    researcher = a_user(Role.RESEARCHER)
    body = api(researcher).get(f"/api/v1/relocation/applications/{submitted.pk}/").json()
    text = str(body)
    person = citizen.person
    assert person.iin not in text and person.surname not in text and person.given_name not in text
    assert body["applicant"].startswith("P-")
    assert all(m["name"] == "" and m["person"].startswith("P-") for m in body["members"])
    listed = api(researcher).get("/api/v1/relocation/applications/").json()["results"]
    assert person.iin not in str(listed) and listed[0]["applicant"].startswith("P-")


def test_documents_are_readable_only_by_those_who_may_read_the_application(submitted, citizen, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    pdf = SimpleUploadedFile("passport.pdf", b"%PDF-1.4 a scanned passport", content_type="application/pdf")
    r = api(citizen).post(f"/api/v1/relocation/applications/{submitted.pk}/documents/",
                          {"kind": "identity", "file": pdf}, format="multipart")
    assert r.status_code == 201, r.content
    url = r.json()["url"]
    assert b"".join(api(citizen).get(url).streaming_content).startswith(b"%PDF")
    assert api(an_officer_of("KZ-59")).get(url).status_code == 200
    assert api(an_officer_of("KZ-55")).get(url).status_code == 404
    assert api(a_user(Role.RESEARCHER)).get(url).status_code == 404
    exe = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = api(citizen).post(f"/api/v1/relocation/applications/{submitted.pk}/documents/",
                          {"kind": "identity", "file": exe}, format="multipart")
    assert r.status_code == 400 and r.json()["field"] == "file"
    assert not list(tmp_path.rglob("*virus*"))
