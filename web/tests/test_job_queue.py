"""The job queue: a job whose worker is killed with kill -9 is run again by the next worker (or, after its
last try, marked failed) — never left RUNNING; the daily schedule puts every room's DAILY tasks on the queue.

The kill tests run real `manage.py worker` processes on an SQLite file (the test database of pytest is in
memory, which another process cannot open)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from web import jobs

ALIAS = "jobs_file"


@pytest.fixture
def queue_database(tmp_path, django_db_blocker):
    """An SQLite file holding only the job queue's table, reachable from this process as ALIAS and from the
    worker processes through DATABASE_URL."""
    path = tmp_path / "queue.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "KOSHI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    entry = dict(connections.settings[DEFAULT_DB_ALIAS])
    entry.update(ENGINE="django.db.backends.sqlite3", NAME=str(path), ATOMIC_REQUESTS=False, TEST={"NAME": None},
                 OPTIONS={"timeout": 30})
    connections.settings[ALIAS] = entry
    with django_db_blocker.unblock():
        with connections[ALIAS].schema_editor() as editor:
            editor.create_model(DBTaskResult)
        yield env
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _enqueue_waiting_job(flag) -> DBTaskResult:
    return DBTaskResult.objects.using(ALIAS).create(
        task_path="web.tests.slow_tasks.wait_for_file", args_kwargs={"args": [str(flag)], "kwargs": {}},
        backend_name="default", run_after=get_date_max())


def _worker(env, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-startup-delay", *extra],
                            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_status(job: DBTaskResult, status: str, timeout: float = 60) -> DBTaskResult:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db(using=ALIAS)
        if job.status == status:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job stayed {job.status}, expected {status}")


def _kill_while_running(env, job: DBTaskResult) -> None:
    worker = _worker(env)
    try:
        _wait_status(job, TaskResultStatus.RUNNING)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        if worker.stdout is not None:
            worker.stdout.close()
    job.refresh_from_db(using=ALIAS)
    assert job.status == TaskResultStatus.RUNNING  # what the dead worker left behind
    assert [wid.split(":")[1] for wid in job.worker_ids] == [str(worker.pid)]  # named host:pid:start


def test_a_job_whose_worker_is_killed_is_run_again_by_the_next_worker(queue_database, tmp_path):
    flag = tmp_path / "go"
    job = _enqueue_waiting_job(flag)
    _kill_while_running(queue_database, job)

    flag.touch()
    second = _worker(queue_database, "--batch")
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    assert "1 queued again" in output
    job.refresh_from_db(using=ALIAS)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == "done"
    assert len(job.worker_ids) == 2


def test_a_job_whose_worker_dies_on_its_last_try_is_marked_failed_not_left_running(queue_database, tmp_path):
    job = _enqueue_waiting_job(tmp_path / "never")
    _kill_while_running(queue_database, job)

    second = _worker(queue_database, "--batch", "--max-attempts", "1")
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    job.refresh_from_db(using=ALIAS)
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "web.jobs.WorkerLost"
    assert job.finished_at is not None


@pytest.mark.django_db
def test_a_running_job_of_a_live_worker_is_left_alone():
    job = DBTaskResult.objects.create(
        task_path="web.tests.slow_tasks.wait_for_file", args_kwargs={"args": ["x"], "kwargs": {}},
        backend_name="default", run_after=get_date_max(), status=TaskResultStatus.RUNNING,
        started_at=timezone.now(), worker_ids=[jobs.worker_id()])
    assert jobs.recover_lost_jobs() == jobs.Recovery(requeued=0, failed=0)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_job_of_an_unknown_worker_is_recovered_only_once_stale():
    job = DBTaskResult.objects.create(
        task_path="web.tests.slow_tasks.wait_for_file", args_kwargs={"args": ["x"], "kwargs": {}},
        backend_name="default", run_after=get_date_max(), status=TaskResultStatus.RUNNING,
        started_at=timezone.now(), worker_ids=[uuid.uuid4().hex])
    assert jobs.recover_lost_jobs().requeued == 0
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now() - jobs.STALE_AFTER * 2)
    assert jobs.recover_lost_jobs().requeued == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_every_rooms_daily_tasks_are_scheduled_and_the_expired_stays_scan_is_one():
    names = {t.module_path for t in jobs.daily_tasks()}
    assert "registry.tasks.end_expired_stays" in names


@pytest.mark.django_db
def test_run_scheduled_enqueues_each_daily_task_once(settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("run_scheduled")
    call_command("run_scheduled")  # the first is still waiting: not queued twice
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(waiting.values_list("task_path", flat=True)) == sorted(t.module_path for t in jobs.daily_tasks())
