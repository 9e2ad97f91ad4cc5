"""On PostgreSQL, with real concurrent workers: scans running at once raise each alert once; resolutions of one
alert at once record exactly one."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from accounts.models import ChangeRecord
from oversight import services
from oversight.models import Alert, ScanRun, Status

from .conftest import NAMES, employer_in, hire, move, person_from, region

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_together(jobs) -> tuple[list, list]:
    """Run each job on its own thread (and connection), all starting on one signal: (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def work(job):
        try:
            barrier.wait()
            value = job()
            with lock:
                results.append(value)
        except Exception as exc:  # noqa: BLE001 - the test looks at every outcome
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_four_scans_at_once_raise_each_alert_exactly_once():
    for code in NAMES:
        region(code)
    for n in range(6):
        move(person_from("KZ-61", surname=f"Migrant{n}"), "KZ-59" if n % 2 else "KZ-55", arrival=dt.date(2026, 3, 2))
    employer = employer_in("KZ-59")
    worker = person_from("KZ-31")
    move(worker, "KZ-59", arrival=dt.date(2026, 1, 12))
    hire(worker, employer, start=dt.date(2026, 2, 2), registered_on=dt.date(2026, 2, 20))
    day = dt.date(2026, 5, 4)
    results, errors = run_together([lambda: services.scan(on=day, actor="test")] * 4)
    assert errors == []
    assert Alert.objects.count() == 7
    assert sum(r.total_raised for r in results) == 7
    assert all(r.due == {"no_contract": 6, "contract_entries": 1} for r in results)
    assert ScanRun.objects.count() == 4
    for alert in Alert.objects.all():
        assert ChangeRecord.objects.filter(kind="oversight.alert", object_id=str(alert.pk), action="create").count() == 1


def test_eight_resolutions_of_one_alert_at_once_record_exactly_one():
    from accounts.testing import a_user

    for code in NAMES:
        region(code)
    move(person_from("KZ-61"), "KZ-59", arrival=dt.date(2026, 3, 2))
    services.scan(on=dt.date(2026, 5, 4), actor="test")
    alert = Alert.objects.get()
    inspectors = [a_user("inspector", scope="KZ-59") for _ in range(8)]
    jobs = [lambda who=who: services.resolve(alert, actor=who, outcome="confirmed", reason=f"by {who.username}")
            for who in inspectors]
    results, errors = run_together(jobs)
    assert len(results) == 1 and len(errors) == 7
    assert all(isinstance(e, services.AlertStateError) for e in errors)
    alert.refresh_from_db()
    assert alert.status == Status.CONFIRMED and alert.resolution_reason == f"by {alert.resolved_by.username}"
    assert ChangeRecord.objects.filter(kind="oversight.alert", object_id=str(alert.pk), action="update").count() == 1
