"""The oversight room's work for the start page: open alerts to resolve, oldest first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can
from lib.work_queue import WorkItem, WorkSection

from . import selectors
from .models import Alert


def sections(user: Any) -> list[WorkSection]:
    """Alerts waiting for a resolution in the user's territory (those the user may resolve)."""
    if not can(user, "change", Alert):
        return []
    alerts, total = selectors.oldest_open(user, limit=10)
    items = [WorkItem(label=f"{a.get_rule_display()}: {selectors.subject_label(user, a)} ({a.unit.name})",
                      url=reverse("oversight:detail", args=[a.pk]), since=a.due_date, action=_("Resolve"),
                      overdue=True) for a in alerts]
    return [WorkSection(_("Oversight alerts to resolve"), items, total,
                        reverse("oversight:index") + "?status=open")]
