"""Queue (or, with the immediate backend, run) the closing of vacancies past their closing date."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Close the vacancies whose closing date has passed (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to close as of (YYYY-MM-DD); today by default")

    def handle(self, *args, **options):
        from labour.tasks import close_vacancies

        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date: must be a date in the form YYYY-MM-DD") from exc
        result = close_vacancies.enqueue(day.isoformat())
        self.stdout.write(f"close_vacancies {day.isoformat()}: {result.status}")
