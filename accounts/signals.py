from typing import Any

from django.http import HttpRequest

from .audit import log_access
from .models import AccessEvent


def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_access(AccessEvent.LOGIN, request=request, user=user)


def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_access(AccessEvent.LOGOUT, request=request, user=user)


def on_login_failed(sender: Any, credentials: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    log_access(AccessEvent.LOGIN_FAILED, request=request, detail={"username": credentials.get("username", "")})


def on_locked_out(sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None,
                  **kwargs: Any) -> None:
    """django-axes locked `username` out from `ip_address` after too many failed logins."""
    log_access(AccessEvent.LOCKED_OUT, request=request, detail={"username": username or "", "ip": ip_address or ""})
