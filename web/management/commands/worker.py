"""python manage.py worker [db_worker's options]: the job queue's worker, named `host:pid:start`, which first
recovers the jobs of dead workers (see web/jobs.py) and then runs django-tasks-db's `db_worker`."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from web import jobs


class Command(DbWorkerCommand):
    help = "Run the job queue's worker: recover the jobs of workers that died, then take jobs from the queue."
    requires_system_checks: list[str] = []  # `check` and the server run them; a restarted worker starts at once

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=jobs.worker_id(), reload=False)
        parser.add_argument("--max-attempts", type=int, default=jobs.MAX_ATTEMPTS,
                            help="Tries of a job whose worker died before it is marked failed (default: %(default)s).")

    def handle(self, *args: Any, **options: Any) -> None:
        max_attempts: int = options.pop("max_attempts")  # ours: db_worker does not know it
        recovered = jobs.recover_lost_jobs(max_attempts=max_attempts)
        if recovered.requeued or recovered.failed:
            self.stderr.write(f"Jobs of dead workers: {recovered.requeued} queued again, {recovered.failed} failed.")
        super().handle(*args, **options)
