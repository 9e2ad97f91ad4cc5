"""python manage.py run_scheduled [--now]: the daily jobs (every room's `tasks.DAILY`).

Production runs it once a day (deploy/koshi-daily.timer, or cron); `make run` runs it once at start. By default
it puts the jobs on the queue, where the worker runs them (and runs them again if its process dies);
`--now` runs them here, in this process, and reports what each returned. It first recovers jobs left RUNNING by
dead workers of this host.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from web import jobs


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the daily jobs: every room's tasks.DAILY."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the jobs in this process instead of enqueuing.")

    def handle(self, *args, now: bool, **options) -> None:
        recovered = jobs.recover_lost_jobs()
        if recovered.requeued or recovered.failed:
            self.stdout.write(f"Jobs of dead workers: {recovered.requeued} queued again, {recovered.failed} failed.")
        if now:
            for task in jobs.daily_tasks():
                self.stdout.write(f"{task.name}: {task.call()}")
            return
        for task, enqueued in jobs.enqueue_daily():
            self.stdout.write(f"{task.name}: {'queued' if enqueued else 'already waiting in the queue'}")
