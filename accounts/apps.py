from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These import accounts.models, which Django loads only after every AppConfig (a real import-time order).
        from . import audit, backends, policy, signals

        request_started.connect(backends.forget_handed_over, dispatch_uid="koshi_forget_handed_over")

        post_migrate.connect(policy.restore_missing_grants, sender=self, dispatch_uid="koshi_default_grants")

        post_save.connect(audit.on_post_save, dispatch_uid="koshi_audit_save")
        post_delete.connect(audit.on_post_delete, dispatch_uid="koshi_audit_delete")
        user_logged_in.connect(signals.on_login, dispatch_uid="koshi_login")
        user_logged_out.connect(signals.on_logout, dispatch_uid="koshi_logout")
        user_login_failed.connect(signals.on_login_failed, dispatch_uid="koshi_login_failed")
        from axes.signals import user_locked_out

        user_locked_out.connect(signals.on_locked_out, dispatch_uid="koshi_locked_out")
