"""Registering a job seeker (labour.services.register_job_seeker): the one open record per person is checked under
the person's lock, its refusal and a field's are answered in that order, and neither leaves a caller's
transaction unusable (the service's block takes no savepoint of its own, so no refusal is raised inside it)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ChangeRecord
from accounts.testing import a_person_in, an_officer_of
from labour.models import JobSeeker
from labour.services import register_job_seeker
from lib.testing import at_once

from .conftest import region

DAY = dt.date(2025, 3, 1)


@pytest.mark.django_db
def test_a_refusal_inside_a_callers_transaction_writes_nothing_and_leaves_it_usable():
    person = a_person_in("KZ-59")
    with transaction.atomic():
        first = register_job_seeker(person, unit=region("KZ-59"), registered_on=DAY)
        with pytest.raises(ValidationError) as taken:
            register_job_seeker(person, unit=region("KZ-59"), registered_on=DAY, status="unemployed")
        assert taken.value.message_dict == {"person": ["The person is already registered as a job seeker."]}
        other = a_person_in("KZ-59")
        with pytest.raises(ValidationError) as invalid:
            register_job_seeker(other, unit=region("KZ-59"), registered_on=DAY, status="retired")
        assert set(invalid.value.message_dict) == {"status"}
        # both refusals at once: the open record is answered first, as before the field
        with pytest.raises(ValidationError) as both:
            register_job_seeker(person, unit=region("KZ-59"), registered_on=DAY, status="retired")
        assert set(both.value.message_dict) == {"person"}
        assert list(JobSeeker.objects.values_list("pk", flat=True)) == [first.pk]  # the transaction still answers
    assert JobSeeker.objects.filter(person=other).count() == 0
    assert ChangeRecord.objects.filter(kind="labour.jobseeker").count() == 1


@pytest.mark.django_db
def test_the_api_registration_takes_no_savepoint_reads_no_token_and_locks_the_person_without_ordering():
    officer = APIClient()
    officer.force_authenticate(an_officer_of("KZ-59"))
    warm = {"iin": a_person_in("KZ-59").iin, "unit": "KZ-59", "registered_on": "2025-03-01", "status": "job_seeker"}
    assert officer.post("/api/v1/labour/job-seekers/", warm, format="json").status_code == 201  # names kept
    seeker = {"iin": a_person_in("KZ-59").iin, "unit": "KZ-59", "registered_on": "2025-03-01", "status": "job_seeker"}
    with CaptureQueriesContext(connection) as captured:
        answer = officer.post("/api/v1/labour/job-seekers/", seeker, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert answer.status_code == 201
    sql = [q["sql"] for q in captured.captured_queries]
    # one savepoint: the request's own (its transaction is nested in the test's); none of the service's
    assert len([s for s in sql if s.upper().startswith("SAVEPOINT")]) == 1
    assert not [s for s in sql if s.startswith("SELECT name, token FROM")]  # the geo version came with the person
    locks = [s for s in sql if "FOR UPDATE" in s]
    assert len(locks) in (0, 1) and not [s for s in locks if "ORDER BY" in s]  # SQLite has no FOR UPDATE
    again = officer.post("/api/v1/labour/job-seekers/", seeker, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert again.status_code == 400
    assert again.json() == {"person": ["The person is already registered as a job seeker."]}
    assert JobSeeker.objects.count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_registrations_of_one_person_open_one_record():
    person = a_person_in("KZ-59")
    unit = region("KZ-59")

    def register(_attempt: int) -> str:
        try:
            with transaction.atomic():  # as a request's transaction (ATOMIC_REQUESTS)
                register_job_seeker(person, unit=unit, registered_on=DAY)
        except ValidationError as exc:
            return "refused" if set(exc.message_dict) == {"person"} else f"error:{exc!r}"
        return "opened"

    outcomes = at_once(register, range(6))
    assert sorted(outcomes) == ["opened"] + ["refused"] * 5, outcomes
    assert JobSeeker.objects.filter(person=person, ended_on__isnull=True).count() == 1
