"""python manage.py import_registrations FILE: import a CSV or XLSX file of registrations, with a progress bar."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.audit import acting_as
from registry import importer


class Command(BaseCommand):
    help = "Import registrations from a CSV or XLSX file; rejected rows go to a report (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", type=Path, help="Where to write the rejected rows (default: FILE.rejected.csv).")

    def handle(self, *args, file: Path, report: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        started = importer.start_batch(file)
        batch = started.batch
        if started.already_imported:
            self.stdout.write(f"This file was already imported (batch {batch.pk}, {batch.created_at:%Y-%m-%d %H:%M}): "
                              "nothing added.")
            return
        with acting_as("import_registrations"), tqdm(desc=file.name, unit="row", unit_scale=True,
                                                     disable=options["verbosity"] == 0) as bar:
            try:
                importer.run_batch(batch, file, progress=bar.update)
            except importer.ImportFailed as exc:
                raise CommandError(str(exc)) from exc
        batch.refresh_from_db()
        report = report or file.with_suffix(file.suffix + ".rejected.csv")
        if batch.rejected_rows:
            with open(report, "w", encoding="utf-8", newline="") as fh:
                for line in importer.rejections_csv(batch):
                    fh.write(line)
        self.stdout.write(
            f"Batch {batch.pk}: {batch.total_rows} rows, {batch.stored_rows} stored, "
            f"{batch.duplicate_rows} already in the register, {batch.rejected_rows} rejected"
            + (f" (report: {report})" if batch.rejected_rows else "") + "."
        )
