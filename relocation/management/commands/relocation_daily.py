"""python manage.py relocation_daily [--date YYYY-MM-DD] [--enqueue]: the programme's daily follow-up scan.

Flags participants who deregistered from the receiving region, who have had no active employment contract longer
than the law allows, or whose contract ended; issues housing certificates that fell due; completes follow-ups
whose obligations ended; reminds of planned arrivals. --enqueue puts it on the job queue instead of running it.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from relocation.tasks import daily_follow_up


class Command(BaseCommand):
    help = "Run the relocation programme's daily follow-up scan (or enqueue it with --enqueue)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="The day, YYYY-MM-DD.")
        parser.add_argument("--enqueue", action="store_true", help="Put the scan on the job queue.")

    def handle(self, *args, date: dt.date | None, enqueue: bool, **options):
        on = date.isoformat() if date else None
        if enqueue:
            result = daily_follow_up.enqueue(on)
            self.stdout.write(f"Enqueued the follow-up scan: {result.id}")
            return
        counts = daily_follow_up.call(on)
        self.stdout.write("Follow-up scan: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
