"""python manage.py compact_event_counts: fold the register's event counts into one row per cell (run daily)."""

from django.core.management.base import BaseCommand

from registry.services import compact_event_counts


class Command(BaseCommand):
    help = "Fold the event counts the database keeps for the statistics into one row per cell (PostgreSQL)."

    def handle(self, *args, **options):
        self.stdout.write(f"{compact_event_counts()} cells.")
