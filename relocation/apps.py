import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelocationConfig(AppConfig):
    name = "relocation"
    verbose_name = _("Relocation programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(restore_shipped_quota_orders, sender=self, dispatch_uid="koshi_relocation_quotas")


def restore_shipped_quota_orders(sender, using="default", apps=None, **kwargs) -> None:
    """post_migrate: load the shipped quota orders again when a flush has emptied them (transactional tests),
    by the same frozen loader migration 0003 runs (a flush sends no `apps`: the project's registry then)."""
    if apps is None:
        from django.apps import apps
    if apps.get_model("relocation", "QuotaOrder").objects.using(using).exists():
        return
    importlib.import_module("relocation.migrations.0003_shipped_quota_orders").load(apps, None)
