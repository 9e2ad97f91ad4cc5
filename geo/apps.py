from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GeoConfig(AppConfig):
    name = "geo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="koshi_geo_reference_data")


def restore_reference_data(sender: Any, using: Any = "default", **kwargs: Any) -> None:
    """post_migrate: reload the territorial units when a flush has emptied them (transactional tests)."""
    # geo.models can be imported only once the app registry is ready; apps.py is imported before that.
    from .models import TerritorialUnit
    from .services import load_reference_data

    if not TerritorialUnit.objects.using(using).exists():
        load_reference_data()
