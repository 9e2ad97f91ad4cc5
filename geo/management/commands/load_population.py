"""Load BNS population by region and year (geo/data/kz_population_by_region_2000_2023.csv)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from geo.services import load_population


class Command(BaseCommand):
    help = "Load population by region, year, sex and area from the shipped BNS file (or --path). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", default=None, help="Another CSV with the same columns.")

    def handle(self, *args: Any, path: Any, **options: Any) -> None:
        created = load_population(path)
        self.stdout.write(f"Population rows created: {created}.")
