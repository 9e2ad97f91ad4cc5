"""Solve a matching instance given as a file: `match --instance FILE.json --output OUT.json [--arcs]`.

The instance format is in labour/README.md ("Matching instance files"); errors name the bad field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError

from labour.matching import InstanceError, all_arcs, parse_instance, solve
from labour.selectors import receiving_regions


class Command(BaseCommand):
    help = "Solve a matching instance (persons, vacancies, quotas, preferences) exactly and write the assignment."

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="the instance, JSON (labour/README.md)")
        parser.add_argument("--output", required=True, help="where to write the assignment, JSON")
        parser.add_argument("--arcs", action="store_true", help="also write every feasible pair with its score")

    def handle(self, *args, **options):
        try:
            with open(options["instance"], encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise CommandError(f"--instance: cannot read {options['instance']}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"--instance: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
        try:
            instance = parse_instance(data)
        except InstanceError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        if instance.receiving_regions is None and data.get("date") is not None:
            try:
                day = dt.date.fromisoformat(str(data["date"]))
            except ValueError as exc:
                raise CommandError("date: must be a date in the form YYYY-MM-DD") from exc
            instance = dataclasses.replace(instance, receiving_regions=receiving_regions(day))
        started = time.perf_counter()
        result = solve(instance)
        out = result.as_dict()
        out["seconds"] = round(time.perf_counter() - started, 3)
        if options["arcs"]:
            out["arcs_list"] = all_arcs(instance)
        try:
            with open(options["output"], "w", encoding="utf-8") as handle:
                json.dump(out, handle, ensure_ascii=False, indent=1)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {options['output']}: {exc.strerror}") from exc
        self.stdout.write(f"objective {result.objective}, {len(result.proposals)} assigned, {result.arcs} feasible pairs")
