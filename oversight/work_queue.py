"""The oversight room's work for the start page: open alerts to resolve, oldest first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can
from lib.work_queue import WorkItem, WorkSection, first_and_total

from . import selectors
from .models import Alert


def sections(user: Any) -> list[WorkSection]:
    """Alerts waiting for a resolution in the user's territory (those the user may resolve)."""
    if not can(user, "change", Alert):
        return []
    # only what the label shows: the alert's rule and dates, the subject's name and number, the unit's names
    alerts, total = first_and_total(selectors.open_alerts_for(user).select_related(None).select_related(
        "unit", "person", "employer").only(
        "id", "rule", "due_date", "unit__name_kk", "unit__name_ru", "unit__name_en", "employer__name",
        "employer__bin", "person__surname", "person__given_name", "person__patronymic", "person__iin",
    ).order_by("due_date", "id"), 10)
    items = [WorkItem(label=f"{a.get_rule_display()}: {selectors.subject_label(user, a)} ({a.unit.name})",
                      url=reverse("oversight:detail", args=[a.pk]), since=a.due_date, action=_("Resolve"),
                      overdue=True) for a in alerts]
    return [WorkSection(_("Oversight alerts to resolve"), items, total,
                        reverse("oversight:index") + "?status=open")]
