"""Load the reference units (country, 20 first-level units and their history), aliases and crosswalk.

From the frozen data beside this file (0002_reference_units.json), never from today's code or CSV files: this
migration means the same thing forever. A later change to the reference data is a new migration.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).with_name("0002_reference_units.json")


def _day(text):
    return dt.date.fromisoformat(text) if text else None


def load_frozen(apps, schema_editor):
    """Create or update every row of the frozen file (idempotent: a second run changes nothing)."""
    data = json.loads(FROZEN.read_text(encoding="utf-8"))
    Unit = apps.get_model("geo", "TerritorialUnit")
    Alias = apps.get_model("geo", "UnitAlias")
    Crosswalk = apps.get_model("geo", "UnitCrosswalk")
    units = {}
    for row in data["units"]:  # parents come before their children
        fields = {k: v for k, v in row.items() if k not in ("code", "valid_from", "parent", "valid_to")}
        fields["valid_to"] = _day(row["valid_to"])
        fields["parent"] = units[tuple(row["parent"])] if row["parent"] else None
        unit, _ = Unit.objects.update_or_create(code=row["code"], valid_from=_day(row["valid_from"]), defaults=fields)
        units[(row["code"], row["valid_from"])] = unit
    existing = set(Alias.objects.values_list("unit_id", "normalized"))
    Alias.objects.bulk_create([
        Alias(unit=units[(code, start)], alias=alias, normalized=normalized, language=language)
        for code, start, alias, normalized, language in data["aliases"]
        if (units[(code, start)].pk, normalized) not in existing
    ])
    for source, source_from, target, target_from, weight, basis in data["crosswalk"]:
        Crosswalk.objects.update_or_create(
            source=units[(source, source_from)], target=units[(target, target_from)],
            defaults={"weight": Decimal(weight), "basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load_frozen, migrations.RunPython.noop)]
