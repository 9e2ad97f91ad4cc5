from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "law"
    default_auto_field = "django.db.models.BigAutoField"
