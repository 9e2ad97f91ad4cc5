"""The whole life of an application through the API, as the citizen and the receiving region's officer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.testing import unit
from labour.bin import make_bin
from labour.services import register_contract, register_employer
from relocation import services
from relocation.models import Application, PaymentOrder, Quota
from relocation.states import State

from .conftest import a_quota, register_permanent

pytestmark = pytest.mark.django_db
API = "/api/v1/relocation"


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def go(c: APIClient, app_id: int, name: str, expect: int = 200, **body):
    r = c.post(f"{API}/applications/{app_id}/transitions/{name}/", body, format="json")
    assert r.status_code == expect, r.content
    return r.json()


def test_a_family_applies_is_approved_arrives_is_paid_and_completes_its_five_years(
        citizen, officer, django_capture_on_commit_callbacks):
    citizen.email = "aidos@example.kz"
    citizen.save()
    quota = a_quota(places=10, year=timezone.localdate().year)
    me, off = client_for(citizen), client_for(officer)
    r = me.post(f"{API}/applications/", {"departure_region": "KZ-61", "departure_settlement": "Turkistan",
                                        "receiving_region": "KZ-59", "settlement_type": "city"}, format="json")
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    assert len(r.json()["members"]) == 3  # the family from the people register
    r = me.post(f"{API}/applications/{app_id}/members/", {"iin": "123", "relation": "child"}, format="json")
    assert r.status_code == 400 and r.json()["field"] == "iin"
    go(me, app_id, "submit")
    # the officer of the receiving region sees it with its forwarding deadline
    listed = off.get(f"{API}/applications/").json()["results"]
    assert [a["id"] for a in listed] == [app_id]
    go(off, app_id, "forward")
    with django_capture_on_commit_callbacks(execute=True):
        body = go(off, app_id, "approve")
    assert body["state"] == State.APPROVED
    assert body["decision"]["eligible"] is True
    conditions = {c["name"]: c for c in body["decision"]["conditions"]}
    assert conditions["arrival_region_has_quota"]["value"] == "10"  # the free places the law was given
    assert conditions["applicant_is_citizen"]["article"]["number"] == "10"
    assert conditions["applicant_is_citizen"]["article"]["url"].startswith("/law/acts/model-law/")
    assert Quota.objects.get(pk=quota.pk).reserved == 3
    go(off, app_id, "sign_agreement", planned_arrival=timezone.localdate().isoformat(), transport="train",
       job_or_training="welder at a Petropavl plant", housing_search="rent a flat in Petropavl")
    pdf = me.get(f"{API}/applications/{app_id}/agreement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    arrival = timezone.localdate()
    err = go(off, app_id, "confirm_arrival", expect=409)
    assert err["code"] == "no_registration" and err["state"] == State.AGREEMENT_SIGNED
    register_permanent(citizen.person, "KZ-59", arrival=arrival, registered_on=arrival)
    body = go(off, app_id, "confirm_arrival")
    assert body["state"] == State.ARRIVED
    q = Quota.objects.get(pk=quota.pk)
    assert (q.reserved, q.used, q.places) == (0, 3, 10)
    orders = body["payment_orders"]
    assert sum(o["measure"] == "rent_compensation" for o in orders) == 12
    assert [o["measure"] for o in orders].count("relocation_subsidy") == 1
    # the housing certificate falls due once a member holds an active contract in labour's register
    employer = register_employer(bin=make_bin(2018, 9, 123), name="Petropavl plant", region=unit("KZ-59"), sector="C")
    register_contract(employer=employer, employee=citizen.person, position="welder", workplace_unit=unit("KZ-59"),
                      start_date=arrival, wage_kzt=350_000, registered_on=arrival)
    services.scan_follow_up(on=arrival + dt.timedelta(days=1))  # the daily scan starts the follow-up
    assert Application.objects.get(pk=app_id).state == State.FOLLOW_UP
    assert PaymentOrder.objects.filter(application_id=app_id, measure="housing_certificate").count() == 1
    # completing before the five years end is refused, naming the state
    err = go(off, app_id, "complete", expect=409)
    assert err["code"] == "obligations_running" and err["state"] == State.FOLLOW_UP
    app = Application.objects.get(pk=app_id)
    services.scan_follow_up(on=app.follow_up_until)
    body = me.get(f"{API}/applications/{app_id}/").json()
    assert body["state"] == State.COMPLETED
    assert [t["to_state"] for t in body["timeline"]] == [
        "draft", "submitted", "in_review", "approved", "agreement_signed", "arrived", "follow_up", "completed"]
    assert [m.to for m in mail.outbox] == [["aidos@example.kz"]]
    assert f"№{app_id} was approved" in mail.outbox[0].body
    assert citizen.relocation_notices.filter(kind="complete").exists()
