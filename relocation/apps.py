from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelocationConfig(AppConfig):
    name = "relocation"
    verbose_name = _("Relocation programme")
    default_auto_field = "django.db.models.BigAutoField"
