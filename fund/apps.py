from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "fund"
    verbose_name = _("Support fund")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(restore_chart, sender=self, dispatch_uid="koshi_fund_chart")


def restore_chart(sender, using="default", **kwargs) -> None:
    """post_migrate: reload the chart of accounts when a flush has emptied it (transactional tests), with the
    migration's own loader and frozen file, so the chart is the one the migrations made."""
    import importlib

    from django.apps import apps

    from .models import Account

    if Account.objects.using(using).exists():
        return
    migration = importlib.import_module("fund.migrations.0002_books_guarded_chart_and_grants")
    migration.load_chart(apps, None)
