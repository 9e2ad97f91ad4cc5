"""python manage.py end_expired_stays [--date YYYY-MM-DD]: write the end of temporary stays past their last day.

Production runs it daily (cron or a systemd timer); reads are correct without it (see registry/README.md).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.audit import acting_as
from registry import services


class Command(BaseCommand):
    help = "End every temporary registration whose last day of stay is before the date (default: today)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                            help="The day to judge on, YYYY-MM-DD (default: today); at most today.")

    def handle(self, *args, date: dt.date | None, **options):
        on = date or timezone.localdate()
        with acting_as("end_expired_stays"):
            try:
                ended = services.end_expired_stays(on, actor="end_expired_stays")
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"{ended} temporary registration(s) ended as of {on.isoformat()}.")
