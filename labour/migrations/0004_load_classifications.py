"""Load OKED (sections, divisions) and ISCO-08 (major, sub-major groups) from the frozen copy beside this file
(0004_classifications.json, made from labour/data/*.csv; sources in labour/data/SOURCE.md), and give each
employer the OKED section it already carries."""

import json
from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).with_name("0004_classifications.json")


def load(apps, schema_editor):
    data = json.loads(FROZEN.read_text(encoding="utf-8"))
    for model_name, key in (("EconomicActivity", "oked"), ("Occupation", "isco08")):
        model = apps.get_model("labour", model_name)
        by_code = {}
        for row in data[key]:
            obj, _ = model.objects.update_or_create(
                code=row["code"], defaults={"level": row["level"], "title_kk": row["title_kk"],
                                            "title_ru": row["title_ru"], "title_en": row["title_en"]})
            by_code[row["code"]] = obj
        for row in data[key]:
            if row["parent"]:
                model.objects.filter(code=row["code"]).update(parent=by_code[row["parent"]])


def unload(apps, schema_editor):
    apps.get_model("labour", "Occupation").objects.all().delete()
    apps.get_model("labour", "EconomicActivity").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("labour", "0003_vacancies_matching_courses_notices")]

    operations = [migrations.RunPython(load, unload)]
