"""The registry's API: role and scope on every action, and Idempotency-Key on every submission."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import AccessLog, IdempotencyRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from labour.bin import make_bin
from labour.services import register_contract, register_employer
from registry.api import event_row
from registry.models import MigrationEvent, Registration
from registry.services import correct_event, register

from .conftest import a_request, adult, region

pytestmark = pytest.mark.django_db

URL = "/api/v1/registry/registrations/"


def body(person, code="KZ-59", **kw):
    data = {"iin": person.iin, "region": code, "settlement": "Petropavl", "street": "Abai", "building": "3",
            "flat": "7", "premises": "flat", "arrival_date": "2025-03-01", "registered_on": "2025-03-03",
            "owner_iin": "900517300019", "owner_consent": True, "reason": "work"}
    data.update(kw)
    return data


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_citizen_registers_themself_with_the_owners_consent():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    response = api_for(citizen).post(URL, body(person), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["event"]["destination_region"] == "KZ-59"
    assert Registration.objects.get().owner_consent_at is not None


def test_a_citizen_cannot_register_someone_else():
    citizen = a_user(Role.CITIZEN, person=adult("KZ-61"))
    other = adult("KZ-61")
    region("KZ-59")
    assert api_for(citizen).post(URL, body(other), format="json").status_code == 403


def test_an_officer_registers_only_into_their_territory():
    officer = an_officer_of("KZ-59") if region("KZ-59") else None
    person = adult("KZ-61")
    region("KZ-55")
    assert api_for(officer).post(URL, body(person, "KZ-55"), format="json").status_code == 403
    assert api_for(officer).post(URL, body(person, "KZ-59"), format="json").status_code == 201


def test_a_refusal_carries_each_reason_and_article():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    response = api_for(citizen).post(URL, body(person, owner_consent=False), format="json")
    assert response.status_code == 422
    assert response.json()["refusals"][0]["field"] == "owner_consent_at"


def test_a_retry_with_the_same_idempotency_key_registers_once_and_returns_the_same_response():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    client = api_for(citizen)
    first = client.post(URL, body(person), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    again = client.post(URL, body(person), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    client = api_for(citizen)
    client.post(URL, body(person), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    response = client.post(URL, body(person, building="9"), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    assert response.status_code == 409
    assert Registration.objects.count() == 1


def test_an_employer_registers_its_own_contract_employee_by_the_simplified_procedure():
    employer_user = a_user(Role.EMPLOYER)
    employer = register_employer(bin=make_bin(2015, 3, 1), name="Kyzyl-Zhar Grain", region=region("KZ-59"),
                                 sector="A", users=[employer_user])
    person = adult("KZ-61")
    stranger = adult("KZ-61")
    register_contract(employer=employer, employee=person, position="Driver", workplace_unit=employer.region,
                      start_date=dt.date(2025, 2, 1), wage_kzt=300_000, registered_on=dt.date(2025, 2, 1))
    client = api_for(employer_user)
    data = body(person, owner_consent=False, owner_iin="", premises="service")
    response = client.post(URL + "simplified/", data, format="json")
    assert response.status_code == 201, response.content
    assert Registration.objects.get().procedure == "simplified"
    assert client.post(URL + "simplified/", body(stranger), format="json").status_code == 403
    assert client.post(URL, body(person, building="5"), format="json").status_code == 403


def test_the_officers_view_of_a_history_is_logged_and_scoped():
    person = adult("KZ-59")
    register(a_request(person, "KZ-59", registered_on=dt.date(2024, 1, 10)))
    officer, stranger = an_officer_of("KZ-59"), an_officer_of("KZ-55")
    response = api_for(officer).get(f"/api/v1/registry/persons/{person.iin}/history/")
    assert response.status_code == 200 and len(response.json()["registrations"]) == 1
    assert AccessLog.objects.filter(event="view", kind="people.person", object_id=str(person.pk)).exists()
    assert api_for(stranger).get(f"/api/v1/registry/persons/{person.iin}/history/").status_code == 404


def test_a_researcher_reads_events_without_identifiers():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    register(a_request(person, "KZ-59"))
    researcher = a_user(Role.RESEARCHER)
    rows = api_for(researcher).get("/api/v1/registry/events/").json()["results"]
    assert len(rows) == 1 and "person_iin" not in rows[0] and rows[0]["person"].startswith("P-")
    assert person.iin not in str(rows)


def test_an_officer_corrects_an_event_of_their_territory():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59")).event
    region("KZ-55")
    response = api_for(an_officer_of("KZ-59")).post(
        f"/api/v1/registry/events/{event.pk}/correct/", {"reason": "Came from Pavlodar", "origin_region": "KZ-55"},
        format="json")
    assert response.status_code == 201, response.content
    assert MigrationEvent.objects.effective().get().origin_region.code == "KZ-55"
    assert api_for(an_officer_of("KZ-55")).post(
        f"/api/v1/registry/events/{event.pk}/correct/", {"reason": "x"}, format="json").status_code == 404


def _correction_from_an_unknown_unit(**headers):
    person = adult("KZ-61")
    event = register(a_request(person, "KZ-59")).event
    return api_for(an_officer_of("KZ-59")).post(
        f"/api/v1/registry/events/{event.pk}/correct/", {"reason": "Came from abroad", "origin_region": "KZ-99"},
        format="json", **headers)


def test_a_correction_naming_an_unknown_unit_is_refused_in_english_by_default():
    response = _correction_from_an_unknown_unit()
    assert response.status_code == 400
    assert response.json() == {"origin_region": "No unit with this code or name: use an ISO code such as KZ-59 "
                                                 "or the region's name."}
    assert not MigrationEvent.objects.filter(corrects__isnull=False).exists()


def test_a_correction_naming_an_unknown_unit_is_refused_in_the_readers_language():
    response = _correction_from_an_unknown_unit(HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["origin_region"].startswith("Нет территориальной единицы с таким кодом или названием")


def test_the_events_page_names_each_unit_by_code_reading_the_units_at_most_once(django_assert_max_num_queries):
    people = [adult("KZ-61") for _ in range(3)]
    for person in people:
        register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
        register(a_request(person, "KZ-59"))
    client = api_for(a_user(Role.MINISTRY))
    client.get("/api/v1/registry/events/")  # the session's first look (token, grants) is not the page's
    with django_assert_max_num_queries(20) as captured:
        rows = client.get("/api/v1/registry/events/").json()["results"]
    assert [(r["origin_region"], r["destination_region"]) for r in rows] == [("KZ-61", "KZ-59")] * 3
    unit_reads = [q["sql"] for q in captured.captured_queries if 'FROM "geo_territorialunit"' in q["sql"]]
    assert not unit_reads  # the codes are kept per the geo room's data version (geo.selectors.unit_codes)
    assert not [q for q in captured.captured_queries if 'FROM "people_person"' in q["sql"]]  # the IIN is joined


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.RESEARCHER])
def test_each_row_of_the_events_list_is_the_events_own_row(role):
    """The list reads values, not model instances: each row is what event_row makes of the event itself (the
    history and the correction answer with it), field for field, pseudonyms for researchers."""
    for person in [adult("KZ-61") for _ in range(2)]:
        register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
        register(a_request(person, "KZ-59"))
    first = MigrationEvent.objects.order_by("id").first()
    assert first is not None
    correct_event(first, reason="typo", annul=False, actor=a_user(Role.ADMIN), event_date=dt.date(2024, 1, 11))
    client = api_for(a_user(role))
    for query in ("", "?effective=false"):
        rows = client.get(f"/api/v1/registry/events/{query}").json()["results"]
        events = {e.pk: e for e in MigrationEvent.objects.select_related(
            "person", "origin_region", "origin_district", "destination_region", "destination_district")}
        expected = [event_row(events[r["id"]], identities=role != Role.RESEARCHER) for r in rows]
        assert rows == [{**row, "date": row["date"].isoformat()} for row in expected]
    assert len(rows) == 3 and any(r["corrects"] for r in rows)  # two moves and a correction of one


def test_the_events_page_reads_the_geo_version_with_its_rows_and_sees_a_recoded_unit_at_once():
    """The geo room's data version comes in the page's own query (geo.selectors.labels_version): once the codes are
    kept, a page is one query besides the user's; a unit recoded between two pages is named anew on the second."""
    from geo.models import TerritorialUnit

    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    register(a_request(person, "KZ-59"))
    client = api_for(a_user(Role.MINISTRY))
    client.get("/api/v1/registry/events/")
    with CaptureQueriesContext(connection) as captured:
        rows = client.get("/api/v1/registry/events/").json()["results"]
    assert [r["destination_region"] for r in rows] == ["KZ-59"]
    assert not [q for q in captured.captured_queries if q["sql"].startswith("SELECT name, token FROM")]
    assert len([q for q in captured.captured_queries if "registry_migrationevent" in q["sql"]]) == 1
    TerritorialUnit.objects.filter(code="KZ-59", valid_to__isnull=True).update(code="KZ-590")
    assert [r["destination_region"] for r in client.get("/api/v1/registry/events/").json()["results"]] == ["KZ-590"]
