"""python manage.py import_statistics [--dataset NAME ...] [--file PATH --spec NAME]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.audit import acting_as
from stats.importer import OD_DATASET, SPECS, import_od, import_shipped, import_table


class Command(BaseCommand):
    help = "Load the shipped BNS tables (stats/data/) into the statistics store, or one BNS-shaped CSV/XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", action="append", choices=[*SPECS, OD_DATASET],
                            help="Load only these shipped datasets (repeatable).")
        parser.add_argument("--file", help="A BNS-shaped CSV or XLSX file to load with the layout of --spec.")
        parser.add_argument("--spec", choices=[*SPECS, OD_DATASET], help="Layout of --file.")

    def handle(self, *args, dataset=None, file=None, spec=None, **options):
        with acting_as("import_statistics"):
            if file:
                if not spec:
                    raise CommandError("--file needs --spec (the layout of the table).")
                reports = [import_od(file) if spec == OD_DATASET else import_table(SPECS[spec], file)]
            else:
                names = dataset or [*SPECS, OD_DATASET]
                with tqdm(total=len(names), desc="import_statistics", unit="table") as bar:
                    reports = import_shipped(names, progress=lambda _n: bar.update(1))
        for r in reports:
            line = f"{r['dataset']}: {r['created']} created, {r['updated']} updated, {r['skipped']} skipped"
            if r["unresolved"]:
                line += f" (unresolved: {', '.join(r['unresolved'])})"
            self.stdout.write(line)
