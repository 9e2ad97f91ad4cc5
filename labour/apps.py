from django.apps import AppConfig


class LabourConfig(AppConfig):
    name = "labour"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(restore_classifications, sender=self, dispatch_uid="koshi_labour_classifications")


def restore_classifications(sender, using="default", **kwargs) -> None:
    """post_migrate: reload OKED and ISCO-08 when a flush has emptied them (transactional tests), from the same
    frozen copy migration 0004 loads."""
    import json
    from pathlib import Path

    from .models import EconomicActivity, Occupation

    if Occupation.objects.using(using).exists():
        return
    frozen = Path(__file__).parent / "migrations" / "0004_classifications.json"
    data = json.loads(frozen.read_text(encoding="utf-8"))
    for model, key in ((EconomicActivity, "oked"), (Occupation, "isco08")):
        by_code = {}
        for row in data[key]:
            by_code[row["code"]] = model.objects.using(using).create(
                code=row["code"], level=row["level"], title_kk=row["title_kk"], title_ru=row["title_ru"],
                title_en=row["title_en"])
        for row in data[key]:
            if row["parent"]:
                model.objects.using(using).filter(code=row["code"]).update(parent=by_code[row["parent"]])
