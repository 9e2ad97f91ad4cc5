"""Create the demo data set: synthetic, shaped by real statistics, reproducible from a seed."""

import importlib
import random

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from accounts.audit import acting_as
from accounts.models import User


class Command(BaseCommand):
    help = "Create a reproducible synthetic population, demo users per role and each room's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")
        parser.add_argument("--scale", type=float, default=0.001, help="Persons per inhabitant of each region.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database already has users.")

    def handle(self, *args, seed, scale, if_empty, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data: demo data not loaded again.")
            return
        if scale <= 0 or scale > 0.05:
            self.stderr.write("--scale must be above 0 and at most 0.05.")
            raise SystemExit(2)
        modules = []
        for room in settings.KOSHI_APPS:  # in layer order, so a room's data finds the data it stands on
            try:
                modules.append((room, importlib.import_module(f"{room}.demo")))
            except ModuleNotFoundError as exc:
                if exc.name != f"{room}.demo":
                    raise
        log = self.stdout.write
        with acting_as("seed_demo"), tqdm(total=len(modules), desc="seed_demo", unit="room") as bar:
            for room, module in modules:
                bar.set_postfix_str(room)
                rng = random.Random(f"{seed}:{room}")
                with transaction.atomic():
                    module.seed(rng=rng, scale=scale, log=log)
                bar.update(1)
        if connection.vendor == "postgresql":
            # A bulk load leaves the planner without statistics until autovacuum passes (never, where it is
            # off): with none it misjudges the joins of the busiest reads by orders of magnitude.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
