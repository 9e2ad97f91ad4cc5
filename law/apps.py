from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "law"
    default_auto_field = "django.db.models.BigAutoField"

    def warm_up(self) -> None:
        """Build the law's rules, texts and labels before gunicorn forks its workers (koshi/warmup.py)."""
        from law.warmup import warm_up

        warm_up()
