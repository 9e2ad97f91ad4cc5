"""The three procedures: standard with the owner's consent, simplified under a contract, preferential for IDPs."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from accounts.testing import a_user
from labour.bin import make_bin
from labour.services import register_contract, register_employer, terminate_contract
from registry.models import Procedure, Registration
from registry.services import RegistrationRefused, add_months, register

from .conftest import a_request, adult, district, region

pytestmark = pytest.mark.django_db


def fields_refused(req):
    with pytest.raises(RegistrationRefused) as caught:
        register(req)
    return {r.field for r in caught.value.refusals}


def an_employer(code="KZ-59", n=1):
    return register_employer(bin=make_bin(2015, 3, n), name=f"Kyzyl-Zhar Grain {n}", region=region(code), sector="A",
                             users=[a_user("employer")])


def a_contract(person, employer, *, start=dt.date(2025, 2, 1), unit=None):
    return register_contract(employer=employer, employee=person, position="Tractor driver",
                             workplace_unit=unit or employer.region, start_date=start, wage_kzt=350_000,
                             registered_on=start)


def test_a_standard_registration_records_the_owners_consent_and_moves_the_home_region():
    person = adult("KZ-61")
    outcome = register(a_request(person, "KZ-59"))
    reg = outcome.registration
    assert reg.procedure == Procedure.STANDARD and reg.owner_iin == "900517300019"
    assert reg.owner_consent_at is not None and reg.is_active
    person.refresh_from_db()
    assert person.home_unit == region("KZ-59")


def test_a_standard_registration_without_the_owners_consent_is_refused():
    person = adult("KZ-61")
    assert fields_refused(a_request(person, "KZ-59", owner_consent_at=None)) == {"owner_consent_at"}
    assert fields_refused(a_request(person, "KZ-59", owner_iin="900517300018")) == {"owner_iin"}
    assert not Registration.objects.exists()


def test_a_simplified_registration_needs_an_active_contract_and_no_owner_consent():
    person = adult("KZ-61")
    employer = an_employer()
    req = a_request(person, "KZ-59", procedure="simplified", employer=employer, reason="work")
    assert fields_refused(req) == {"contract"}
    contract = a_contract(person, employer)
    outcome = register(a_request(person, "KZ-59", procedure="simplified", employer=employer, reason="work"))
    assert outcome.registration.contract == contract
    assert outcome.registration.owner_iin == "" and outcome.registration.owner_consent_at is None
    assert outcome.registration.registering_body == employer.name


def test_a_simplified_registration_refuses_a_terminated_contract_or_another_employers():
    person = adult("KZ-61")
    mine, theirs = an_employer(n=1), an_employer(n=2)
    contract = a_contract(person, theirs)
    assert fields_refused(a_request(person, "KZ-59", procedure="simplified", employer=mine)) == {"contract"}
    terminate_contract(contract, event_date=dt.date(2025, 3, 1), registered_on=dt.date(2025, 3, 1))
    assert fields_refused(a_request(person, "KZ-59", procedure="simplified", employer=theirs)) == {"contract"}


def test_a_simplified_registration_is_at_the_place_of_work():
    person = adult("KZ-61")
    employer = an_employer("KZ-59")
    a_contract(person, employer)
    assert fields_refused(a_request(person, "KZ-55", procedure="simplified", employer=employer)) == {"region"}


def test_a_career_centre_registers_under_any_employers_contract():
    person = adult("KZ-61")
    a_contract(person, an_employer())
    outcome = register(a_request(person, "KZ-59", procedure="simplified", registering_body="Career centre of Petropavl"))
    assert outcome.registration.registering_body == "Career centre of Petropavl"


def displaced(person, **kw):
    values = dict(procedure="preferential", kind="temporary", valid_until=dt.date(2025, 9, 1),
                  decision_number="17-04/233", decision_date=dt.date(2025, 3, 1))
    values.update(kw)
    return a_request(person, "KZ-59", **values)


def test_a_preferential_registration_records_the_akimats_decision_without_owner_consent():
    person = adult("KZ-61")
    assert fields_refused(displaced(person, decision_number="", decision_date=None)) == {
        "decision_number", "decision_date"}
    outcome = register(displaced(person))
    assert outcome.registration.decision_number == "17-04/233"
    assert outcome.registration.owner_consent_at is None


def test_a_displaced_person_is_registered_temporarily_for_at_most_the_laws_months():
    person = adult("KZ-61")
    # Model law art. 13(2): temporarily, for up to one year: registered on 10 March 2025, at most to 10 March 2026.
    assert fields_refused(displaced(person, kind="permanent", valid_until=None)) == {"kind"}
    assert fields_refused(displaced(person, valid_until=dt.date(2026, 3, 11))) == {"valid_until"}
    assert register(displaced(person, valid_until=dt.date(2026, 3, 10))).registration.pk


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2025, 3, 10), 12) == dt.date(2026, 3, 10)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 30), 1) == dt.date(2025, 12, 30)


def test_the_district_must_lie_in_the_region():
    person = adult("KZ-61")
    req = a_request(person, "KZ-59")
    req.address.district = district("KZ-55")
    assert fields_refused(req) == {"district"}


def test_a_new_permanent_registration_ends_the_previous_one():
    person = adult("KZ-61")
    first = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 1, 10))).registration
    second = register(a_request(person, "KZ-55", registered_on=dt.date(2025, 3, 10)))
    first.refresh_from_db()
    assert not first.is_active and first.ended_on == dt.date(2025, 3, 10) and first.end_reason == "superseded"
    assert second.superseded == first
    assert Registration.objects.filter(person=person, kind="permanent", is_active=True).get() == second.registration


def test_the_database_refuses_a_second_active_permanent_registration():
    person = adult("KZ-61")
    reg = register(a_request(person, "KZ-59")).registration
    reg.pk = None
    reg.natural_key = None
    with pytest.raises(IntegrityError), transaction.atomic():
        reg.save()
