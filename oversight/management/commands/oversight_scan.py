"""python manage.py oversight_scan [--date YYYY-MM-DD] [--enqueue]: raise the oversight alerts due on the day.

Production runs it daily (cron or a systemd timer; `--enqueue` puts the scan on the job queue for the worker
instead of running it here). Running it again raises nothing twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from oversight.tasks import daily_scan


class Command(BaseCommand):
    help = "Raise the oversight alerts due on the date (default: today); alerts already raised are not raised again."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                            help="The day to judge on, YYYY-MM-DD (default: today); at most today.")
        parser.add_argument("--enqueue", action="store_true",
                            help="Put the scan on the job queue (settings.TASKS) instead of running it now.")

    def handle(self, *args, date: dt.date | None, enqueue: bool, **options):
        on = date.isoformat() if date else None
        if enqueue:
            result = daily_scan.enqueue(on)
            self.stdout.write(f"Oversight scan queued as job {result.id}.")
            return
        try:
            counts = daily_scan.call(on)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        raised = ", ".join(f"{rule}: {n}" for rule, n in sorted(counts["raised"].items())) or "none"
        due = sum(counts["due"].values())
        self.stdout.write(f"Oversight scan of {counts['on']}: {due} alert(s) due, raised now: {raised}; "
                          f"{counts['refreshed']} open alert(s) with new evidence.")
