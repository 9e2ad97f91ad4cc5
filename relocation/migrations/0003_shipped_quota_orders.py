"""Load the shipped quota orders (relocation/data/quota_orders.csv, quotas.csv; sources in data/SOURCES.md).

Frozen: reads the data files beside the room, never today's services. An amendment sets a quota's places anew
and its figure is kept in QuotaChange beside the first one.
"""

import csv
import datetime as dt
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    unit_model = apps.get_model("geo", "TerritorialUnit")
    order_model = apps.get_model("relocation", "QuotaOrder")
    quota_model = apps.get_model("relocation", "Quota")
    change_model = apps.get_model("relocation", "QuotaChange")
    units = {u.code: u for u in unit_model.objects.filter(valid_to__isnull=True)}
    if not units:
        return  # a database without geo's reference data (the quotas are loaded with it)
    orders = {}
    with (DATA / "quota_orders.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            orders[r["key"]], _ = order_model.objects.get_or_create(
                number=r["number"], signed_on=dt.date.fromisoformat(r["signed_on"]),
                defaults={"act": r["act"], "year": int(r["year"]), "source_url": r["source_url"],
                          "amends": orders.get(r["amends"]) if r["amends"] else None})
    with (DATA / "quotas.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            unit = units.get(r["region_code"])
            if unit is None:
                continue
            order = orders[r["order_key"]]
            quota, created = quota_model.objects.get_or_create(
                year=int(r["year"]), region=unit, category=r["category"],
                defaults={"places": int(r["places"]), "order": order})
            if not created:
                quota.places, quota.order = int(r["places"]), order
                quota.save(update_fields=["places", "order"])
            change_model.objects.create(quota=quota, order=order, places=int(r["places"]))


def unload(apps, schema_editor):
    apps.get_model("relocation", "QuotaChange").objects.all().delete()
    apps.get_model("relocation", "Quota").objects.filter(reserved=0, used=0).delete()


class Migration(migrations.Migration):
    dependencies = [("relocation", "0002_grants"), ("geo", "0002_reference_units")]

    operations = [migrations.RunPython(load, unload)]
