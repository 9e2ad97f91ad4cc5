"""python manage.py bulletin --year 2024 [--region KZ-59] --format pdf|html --lang kk|ru|en [--output PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from stats.bulletin import SECTIONS, build_bulletin, to_pdf


class Command(BaseCommand):
    help = "Build the migration bulletin for a year (optionally focused on a region) as PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="ISO code of a region to focus on, e.g. KZ-59.")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="kk")
        parser.add_argument("--output", help="File to write (default bulletin-YEAR[-REGION]-LANG.FORMAT).")

    def handle(self, *args, year, region, format, lang, output, **options):
        name = output or f"bulletin-{year}{'-' + region if region else ''}-{lang}.{format}"
        with tqdm(total=len(SECTIONS) + (1 if format == "pdf" else 0), desc="bulletin", unit="section") as bar:
            try:
                html = build_bulletin(year=year, region=region, lang=lang,
                                      progress=lambda s: (bar.set_postfix_str(s), bar.update(1)))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if format == "pdf":
                bar.set_postfix_str("pdf")
                Path(name).write_bytes(to_pdf(html))
                bar.update(1)
            else:
                Path(name).write_text(html, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Bulletin written to {name}"))
