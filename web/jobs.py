"""The job queue's housekeeping: worker identities, recovery of jobs whose worker died, and the schedule.

Koshi's job queue is Django's Tasks framework (the django-tasks backport) on django-tasks-db's database
backend; `manage.py worker` runs it. django-tasks-db marks a job RUNNING when a worker claims it and
SUCCESSFUL/FAILED when it ends, but a worker killed with kill -9 (or by the out-of-memory killer, or a power
cut) ends nothing: its job would read RUNNING forever. So every worker names itself `host:pid:start` (start =
the process's start time, which tells a live process from a later one that reused the pid), and before it takes
work it recovers the jobs of dead workers on its host: each goes back to the queue (READY) to be run again,
until it has been tried `max_attempts` times; then it is FAILED with `WorkerLost`. Jobs of workers on other
hosts (or of unnamed workers) are recovered once they have been running longer than `stale_after`.

A job may therefore run more than once: tasks must be idempotent (see docs/CONTRIBUTING.md, "Tasks").

The schedule: each room lists the tasks that production runs daily in `DAILY` in its `tasks.py`;
`manage.py run_scheduled` (daily from a systemd timer or cron; once at `make run`) enqueues them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("koshi.jobs")

MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(hours=24)


class WorkerLost(Exception):
    """The worker running the job died (killed, out of memory, machine stopped) before the job ended."""


def _host() -> str:
    return socket.gethostname()[:40]


def _process_start(pid: int) -> str | None:
    """The start time of process `pid` in clock ticks since boot (Linux), '' where /proc is absent, None if dead."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The command name (field 2) may hold spaces and parentheses: split after its closing parenthesis.
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except FileNotFoundError:
        if not os.path.isdir("/proc/self"):  # not Linux: fall back to "is a process with this pid alive"
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return None
            except PermissionError:
                return ""
            return ""
        return None
    except (OSError, IndexError):
        return None


def worker_id(pid: int | None = None) -> str:
    """This process's worker id: `host:pid:start`, at most 64 characters (django-tasks-db's limit)."""
    pid = pid or os.getpid()
    return f"{_host()}:{pid}:{_process_start(pid) or ''}"[:64]


def _is_dead_here(wid: str) -> bool | None:
    """True/False for a worker id of this host; None when the id is of another host or of another form."""
    parts = wid.split(":")
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdecimal():
        return None
    start = _process_start(int(parts[1]))
    return start is None or (start != "" and parts[2] != "" and start != parts[2])


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def recover_lost_jobs(*, max_attempts: int = MAX_ATTEMPTS, stale_after: dt.timedelta = STALE_AFTER) -> Recovery:
    """Put back in the queue (or fail, after `max_attempts` tries) every RUNNING job whose worker is dead."""
    requeued = failed = 0
    now = timezone.now()
    with transaction.atomic():
        for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            last = result.worker_ids[-1] if result.worker_ids else ""
            dead = _is_dead_here(last)
            if dead is None:
                dead = result.started_at is not None and now - result.started_at > stale_after
            if not dead:
                continue
            attempts = len(result.worker_ids)
            if attempts < max_attempts:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
                logger.warning("Job %s (%s) lost its worker %s: queued again (attempt %d of %d).",
                               result.id, result.task_path, last, attempts + 1, max_attempts)
            else:
                result.set_failed(WorkerLost(
                    f"The worker {last} died while running the job, {attempts} time(s); not tried again."))
                failed += 1
                logger.error("Job %s (%s) lost its worker %d times: marked failed.", result.id, result.task_path,
                             attempts)
    return Recovery(requeued=requeued, failed=failed)


def daily_tasks() -> list[Task]:
    """Every room's `tasks.DAILY`, in the order of settings.KOSHI_APPS."""
    found: list[Task] = []
    for app in settings.KOSHI_APPS:
        try:
            module = importlib.import_module(f"{app}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.tasks":
                raise
            continue
        found.extend(getattr(module, "DAILY", []))
    return found


def enqueue_daily() -> list[tuple[Task, bool]]:
    """Enqueue each daily task unless it is already waiting in the queue; returns (task, enqueued) pairs."""
    done = []
    for task in daily_tasks():
        waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()
        if not waiting:
            task.enqueue()
        done.append((task, not waiting))
    return done
