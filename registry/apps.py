from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.auditing import CARRIERS

        from .importer.storing import carriers

        CARRIERS.update(carriers())  # an import's one record per row holds the rows it wrote (issue 12)
