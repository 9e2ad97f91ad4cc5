"""The scan as a command and as a task on the job queue; running it again raises nothing twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import ChangeRecord
from oversight.models import Alert, ScanRun

from .conftest import ARRIVAL, move, person_from

pytestmark = pytest.mark.django_db


def test_the_command_raises_the_alerts_due_once(db):
    move(person_from("KZ-61"), "KZ-59", arrival=ARRIVAL)
    out = StringIO()
    call_command("oversight_scan", "--date", "2026-04-02", stdout=out)
    assert "1 alert(s) due" in out.getvalue() and "no_contract: 1" in out.getvalue()
    alert = Alert.objects.get()
    assert ChangeRecord.objects.get(kind="oversight.alert", object_id=str(alert.pk)).actor_label == "oversight_scan"
    out = StringIO()
    call_command("oversight_scan", "--date", "2026-04-03", stdout=out)
    assert "raised now: none" in out.getvalue()
    assert Alert.objects.count() == 1 and ScanRun.objects.count() == 2


def test_the_command_refuses_a_future_date(db):
    with pytest.raises(CommandError):
        call_command("oversight_scan", "--date", (timezone.localdate() + dt.timedelta(days=1)).isoformat())


def test_the_command_queues_the_scan_for_the_worker(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    move(person_from("KZ-61"), "KZ-59", arrival=ARRIVAL)
    out = StringIO()
    call_command("oversight_scan", "--date", "2026-04-02", "--enqueue", stdout=out)
    assert "queued" in out.getvalue()
    assert Alert.objects.count() == 1


def test_the_task_on_the_database_queue_is_stored_for_the_worker(db):
    from django_tasks_db.models import DBTaskResult

    from oversight.tasks import daily_scan

    result = daily_scan.enqueue("2026-04-02")
    assert DBTaskResult.objects.filter(id=result.id, task_path="oversight.tasks.daily_scan").exists()
