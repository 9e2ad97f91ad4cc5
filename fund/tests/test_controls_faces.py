"""The fund's controls on its pages and API: a batch in a higher band is signed, then released by a third person;
the bands page and API (the controller changes them, the accountant reads them)."""

from __future__ import annotations

import datetime as dt

import pytest

from fund import services

from .helpers import a_controller, an_accountant, an_order
from .test_pages_and_api import api_for, client_for

pytestmark = pytest.mark.django_db


def test_signing_and_release_through_the_api_and_the_batch_page():
    acc, c1, c2 = an_accountant(), a_controller(), a_controller()
    services.set_signing_bands([(0, 0), (100_000 * 100, 1)], actor=c1)
    orders = [an_order(amount_kzt=276_800)]
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[o.pk for o in orders]).batch
    r = api_for(c2).post(f"/api/v1/fund/batches/{batch.pk}/release/")
    assert r.status_code == 409 and r.json()["code"] == "signatures_missing"
    page = client_for(c1).get(f"/fund/batches/{batch.pk}/").content.decode()
    assert 'id="sign-form"' in page and "0 of 1" in page
    r = api_for(acc).post(f"/api/v1/fund/batches/{batch.pk}/sign/")
    assert r.status_code == 403
    r = client_for(c1).post(f"/fund/batches/{batch.pk}/sign/")
    assert r.status_code == 302
    r = api_for(c1).post(f"/api/v1/fund/batches/{batch.pk}/sign/")
    assert r.status_code == 409 and r.json()["code"] == "already_signed"
    page = client_for(c1).get(f"/fund/batches/{batch.pk}/").content.decode()
    assert 'id="signed-by-me"' in page and 'id="approve-form"' not in page
    assert api_for(c1).post(f"/api/v1/fund/batches/{batch.pk}/release/").status_code == 403
    page = client_for(c2).get(f"/fund/batches/{batch.pk}/").content.decode()
    assert 'id="approve-form"' in page
    r = api_for(c2).post(f"/api/v1/fund/batches/{batch.pk}/release/")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "approved" and body["approved_by"] == c2.username
    assert [s["signer"] for s in body["signatures"]] == [c1.username]
    assert body["declared_count"] == 1 and body["declared_total_tiyn"] == 276_800 * 100


def test_the_bands_are_read_by_the_accountant_and_changed_by_the_controller():
    acc, c = an_accountant(), a_controller()
    assert api_for(acc).put("/api/v1/fund/signing-bands/", {"bands": [{"min_total_tiyn": 0, "signatures": 1}]},
                            format="json").status_code == 403
    r = api_for(c).put("/api/v1/fund/signing-bands/", {"bands": [{"min_total_tiyn": 0, "signatures": 0},
                                                                  {"min_total_tiyn": 500, "signatures": 1}]},
                       format="json")
    assert r.status_code == 200 and len(r.json()["bands"]) == 2
    assert api_for(c).put("/api/v1/fund/signing-bands/", {"bands": [{"min_total_tiyn": 5, "signatures": 1}]},
                          format="json").status_code == 400
    assert api_for(acc).get("/api/v1/fund/signing-bands/").json()["results"][1] == {"min_total_tiyn": 500, "signatures": 1}
    page = client_for(c).get("/fund/signing-bands/").content.decode()
    assert 'id="bands-form"' in page
    r = client_for(c).post("/fund/signing-bands/", {"bands": "0 0\n1000000 2"})
    assert r.status_code == 302
    assert api_for(acc).get("/api/v1/fund/signing-bands/").json()["results"][1] == {"min_total_tiyn": 100_000_000,
                                                                          "signatures": 2}
    assert 'id="bands-form"' not in client_for(acc).get("/fund/signing-bands/").content.decode()
