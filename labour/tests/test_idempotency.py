"""Idempotency-Key on the labour API's submissions: a retry does nothing twice and gets the first answer."""

import pytest
from rest_framework.test import APIClient

from accounts.models import IdempotencyRecord
from accounts.roles import Role
from accounts.testing import a_person_in, a_user, an_officer_of
from labour.bin import make_bin
from labour.models import ContractEntry, EmploymentContract, JobSeeker
from labour.services import register_employer

from .conftest import region

pytestmark = pytest.mark.django_db

CONTRACTS = "/api/v1/labour/contracts/"


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def an_employer_with_a_user(bin_serial: int):
    user = a_user(Role.EMPLOYER)
    employer = register_employer(bin=make_bin(2015, 3, bin_serial), name=f"Employer {bin_serial}",
                                 region=region("KZ-59"), sector="A", users=[user])
    return user, employer


def contract(employer, worker, **changes) -> dict:
    return {"employer_bin": employer.bin, "iin": worker.iin, "position": "Driver", "workplace_unit": "KZ-59",
            "start_date": "2025-03-03", "wage_kzt": 300_000, "registered_on": "2025-03-05", **changes}


def test_a_retried_contract_with_the_same_key_is_entered_once_and_gets_the_same_response():
    user, employer = an_employer_with_a_user(1)
    worker = a_person_in("KZ-59")
    api = api_for(user)
    first = api.post(CONTRACTS, contract(employer, worker), format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    again = api.post(CONTRACTS, contract(employer, worker), format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert EmploymentContract.objects.count() == 1
    assert IdempotencyRecord.objects.get().endpoint == "labour.contract.create"


def test_the_same_key_with_another_contract_is_a_conflict_and_enters_nothing_more():
    user, employer = an_employer_with_a_user(1)
    worker = a_person_in("KZ-59")
    api = api_for(user)
    api.post(CONTRACTS, contract(employer, worker), format="json", HTTP_IDEMPOTENCY_KEY="c-2")
    response = api.post(CONTRACTS, contract(employer, worker, wage_kzt=350_000), format="json",
                        HTTP_IDEMPOTENCY_KEY="c-2")
    assert response.status_code == 409
    assert EmploymentContract.objects.count() == 1


def test_two_users_with_the_same_key_each_get_their_own_contract():
    worker = a_person_in("KZ-59")
    (one, first_employer), (other, second_employer) = an_employer_with_a_user(1), an_employer_with_a_user(2)
    mine = api_for(one).post(CONTRACTS, contract(first_employer, worker), format="json", HTTP_IDEMPOTENCY_KEY="k")
    theirs = api_for(other).post(CONTRACTS, contract(second_employer, worker), format="json",
                                 HTTP_IDEMPOTENCY_KEY="k")
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert mine.json()["employer"]["bin"] == first_employer.bin
    assert theirs.json()["employer"]["bin"] == second_employer.bin
    assert EmploymentContract.objects.count() == 2 and IdempotencyRecord.objects.count() == 2


def test_a_retried_termination_and_job_seeker_registration_happen_once():
    user, employer = an_employer_with_a_user(1)
    worker = a_person_in("KZ-59")
    api = api_for(user)
    pk = api.post(CONTRACTS, contract(employer, worker), format="json").json()["id"]
    termination = {"kind": "termination", "event_date": "2025-06-30", "registered_on": "2025-07-01"}
    answers = [api.post(f"{CONTRACTS}{pk}/entries/", termination, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
               for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
    assert ContractEntry.objects.filter(contract_id=pk, kind="termination").count() == 1

    officer = api_for(an_officer_of("KZ-59"))
    seeker = {"iin": a_person_in("KZ-59").iin, "unit": "KZ-59", "registered_on": "2025-03-01", "status": "unemployed"}
    answers = [officer.post("/api/v1/labour/job-seekers/", seeker, format="json", HTTP_IDEMPOTENCY_KEY="s-1")
               for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
    assert JobSeeker.objects.count() == 1
    assert set(IdempotencyRecord.objects.values_list("endpoint", flat=True)) == {
        "labour.contract.entry", "labour.jobseeker.create"}


def test_a_job_seeker_registration_asks_the_database_fourteen_times_at_most(django_assert_max_num_queries):
    """What one registration costs (the token's user, the key's record claimed in one statement and its answer
    written, the person, the unit's names, the grants, the person's lock, the one-open-record check, the record
    and its change record, the request's and the service's transaction steps): a query more is a read repeated.
    The key's bookkeeping took two savepoints more (eighteen)."""
    officer = api_for(an_officer_of("KZ-59"))
    officer.post("/api/v1/labour/job-seekers/", {"iin": a_person_in("KZ-59").iin, "unit": "KZ-59",
                                                 "registered_on": "2025-03-01", "status": "unemployed"},
                 format="json", HTTP_IDEMPOTENCY_KEY="warm")
    seeker = {"iin": a_person_in("KZ-59").iin, "unit": "KZ-59", "registered_on": "2025-03-01", "status": "job_seeker"}
    with django_assert_max_num_queries(14):
        answer = officer.post("/api/v1/labour/job-seekers/", seeker, format="json", HTTP_IDEMPOTENCY_KEY="s-2")
    assert answer.status_code == 201
