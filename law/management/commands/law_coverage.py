"""Traceability report: every article with the parameters, variables and tests that implement it.

Exits non-zero when any variable or parameter lacks a reference (or cites an article that does not exist).
Also lists the articles not implemented and the parameters not confirmed within --max-age days.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from law import acts, coverage


class Command(BaseCommand):
    help = "Every article of law/acts with its parameters, variables and tests; fails on missing references."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-age", type=int, default=365,
                            help="Days after which a parameter's last confirmation counts as stale (default 365).")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Reference date (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument("--lang", default="en", choices=acts.LANGUAGES)

    def handle(self, *args: Any, **options: Any) -> None:
        report = coverage.build()
        today = options["today"] or timezone.localdate()
        stale = report.stale(today, options["max_age"])
        if options["json"]:
            self.stdout.write(json.dumps({
                "articles": [{"id": a.record.id, "kind": a.record.kind, "implemented": a.implemented,
                              "parameters": a.parameters, "variables": a.variables, "tests": a.tests}
                             for a in report.articles],
                "unimplemented": [a.record.id for a in report.unimplemented],
                "stale_parameters": [{"path": p.path, "last_confirmed": p.last_confirmed.isoformat()
                                      if p.last_confirmed else None} for p in stale],
                "problems": report.problems,
            }, ensure_ascii=False, indent=1))
        else:
            self._text(report, stale, options["lang"], today, options["max_age"])
        if report.problems:
            raise CommandError(f"{len(report.problems)} reference problem(s); see above.")

    def _text(self, report: coverage.Report, stale: list[coverage.ParameterInfo], lang: str, today: dt.date,
              max_age: int) -> None:
        w = self.stdout.write
        for a in report.articles:
            r = a.record
            indent = "    " if r.kind == "paragraph" else ""
            title = acts.pick(r.title, lang) or acts.pick(r.text, lang)[:70]
            mark = "+" if a.implemented else "-"
            w(f"{indent}{mark} {r.id}  {title}")
            for label, items in (("parameters", a.parameters), ("variables", a.variables), ("tests", a.tests)):
                if items and (r.kind == "paragraph" or not any(p.parent == r.id for p in acts.records().values())):
                    w(f"{indent}      {label} ({len(items)}): {', '.join(items[:12])}{' ...' if len(items) > 12 else ''}")
                elif items:
                    w(f"{indent}      {label}: {len(items)}")
        w("")
        w(f"Articles not implemented ({len(report.unimplemented)}):")
        for a in report.unimplemented:
            w(f"  {a.record.id}  {acts.pick(a.record.title, lang)}")
        w("")
        w(f"Parameters not confirmed within {max_age} days of {today.isoformat()} ({len(stale)}):")
        for p in stale:
            w(f"  {p.path}  last confirmed {p.last_confirmed.isoformat() if p.last_confirmed else 'never'}")
        w("")
        w(f"{len(report.parameters)} parameters, {len(report.variables)} variables, "
          f"{len(coverage.yaml_tests())} YAML tests; {len(report.problems)} reference problem(s).")
        for problem in report.problems:
            self.stderr.write(f"  PROBLEM: {problem}")
