"""On PostgreSQL: simultaneous registrations of one person end with exactly one active; of many, lose none."""

import datetime as dt
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_user
from registry.models import Registration
from registry.services import RegistrationRefused, register

from .conftest import a_request, adult, district, region

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


# PostgreSQL serves 100 connections by default and other test runs share it: at most this many at once.
MAX_THREADS = 40


def run_in_threads(jobs):
    """Run the jobs on up to MAX_THREADS threads at once, each starting on a common signal."""
    errors = []
    barrier = threading.Barrier(min(len(jobs), MAX_THREADS))
    pending = list(jobs)
    lock = threading.Lock()

    def next_job():
        with lock:
            return pending.pop() if pending else None

    def worker():
        barrier.wait()
        while (job := next_job()) is not None:
            work(job)

    def work(job):
        try:
            job()
        except RegistrationRefused as exc:  # a refusal is an answer, not a lost registration
            errors.append(exc)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(min(len(jobs), MAX_THREADS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_twenty_simultaneous_permanent_registrations_of_one_person_leave_exactly_one_active():
    person = adult("KZ-61")
    codes = ["KZ-59", "KZ-55", "KZ-71", "KZ-10", "KZ-31"]
    for code in codes:
        region(code), district(code)
    requests = [a_request(person, codes[i % len(codes)], district_n=1 if i % 2 else None) for i in range(20)]
    errors = run_in_threads([lambda r=r: register(r) for r in requests])
    assert errors == []
    assert Registration.objects.filter(person=person).count() == 20
    active = Registration.objects.filter(person=person, kind="permanent", is_active=True)
    assert active.count() == 1
    person.refresh_from_db()
    assert person.home_unit_id == active.get().region_id


def test_two_hundred_simultaneous_registrations_of_different_people_lose_none():
    region("KZ-59")
    people = [adult("KZ-61", birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=i)) for i in range(200)]
    errors = run_in_threads([lambda p=p: register(a_request(p, "KZ-59")) for p in people])
    assert errors == []
    assert Registration.objects.filter(is_active=True, kind="permanent").count() == 200
    assert Registration.objects.values("person").distinct().count() == 200


def test_simultaneous_retries_with_one_idempotency_key_register_once():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    data = {"iin": person.iin, "region": "KZ-59", "settlement": "Petropavl", "street": "Abai", "building": "3",
            "premises": "flat", "arrival_date": "2025-03-01", "registered_on": "2025-03-03",
            "owner_iin": "900517300019", "owner_consent": True}
    statuses = []

    def post():
        client = APIClient()
        client.force_authenticate(citizen)
        statuses.append(client.post("/api/v1/registry/registrations/", data, format="json",
                                    HTTP_IDEMPOTENCY_KEY="same-key").status_code)

    errors = run_in_threads([post for _ in range(10)])
    assert errors == []
    assert Registration.objects.filter(person=person).count() == 1
    assert statuses == [201] * 10  # the retries waited for the first and got its response
