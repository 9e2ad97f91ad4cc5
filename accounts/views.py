from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .models import AccessEvent, AccessLog, ChangeAction, ChangeRecord
from .permissions import can


def _page(request: HttpRequest, queryset: Any) -> Page[Any]:
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


@login_required
def change_history(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view", ChangeRecord):
        raise PermissionDenied
    page = _page(request, selectors.change_history(request.user, request.GET))
    record: Any
    for record in page:  # names in the reader's language
        record.kind_label = selectors.kind_label(record.kind)
        record.field_rows = selectors.labelled_changes(record)
    return render(request, "accounts/change_history.html", {
        "page": page, "actions": ChangeAction.choices, "filters": request.GET,
    })


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view", AccessLog):
        raise PermissionDenied
    page = _page(request, selectors.access_log(request.user, request.GET))
    entry: Any
    for entry in page:  # names in the reader's language
        entry.kind_label = selectors.kind_label(entry.kind) if entry.kind else ""
        entry.detail_rows = selectors.shown_detail(entry.detail)
    return render(request, "accounts/access_log.html", {
        "page": page, "events": AccessEvent.choices, "filters": request.GET,
    })


def lockout_minutes() -> int:
    """How long a lockout lasts, in whole minutes (settings.AXES_COOLOFF_TIME)."""
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_detail() -> str:
    """The API's answer to a locked-out login, in the reader's language."""
    from django.utils.translation import ngettext

    minutes = lockout_minutes()
    return ngettext("Too many failed logins: this username is locked from this address for %(minutes)d minute.",
                    "Too many failed logins: this username is locked from this address for %(minutes)d minutes.",
                    minutes) % {"minutes": minutes}


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout answer on the login page (AXES_LOCKOUT_CALLABLE): 429, Retry-After, in the
    reader's language."""
    minutes = lockout_minutes()
    page = render(request, "accounts/locked_out.html", {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
                  status=429)
    page["Retry-After"] = str(minutes * 60)
    return page
