"""The oversight room's work for the start page: open alerts to resolve, oldest first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can, sees_identities
from geo.models import TerritorialUnit
from lib.work_queue import WorkItem, WorkSection, url_by_id

from . import selectors
from .models import Alert, Rule

RULES = dict(Rule.choices)


def sections(user: Any) -> list[WorkSection]:
    """Alerts waiting for a resolution in the user's territory (those the user may resolve)."""
    if not can(user, "change", Alert):
        return []
    alerts, total = selectors.oldest_open(user, limit=10)
    identities = sees_identities(user)
    alert_url = url_by_id("oversight:detail")
    resolve = _("Resolve")  # translated once, as each rule's name below, not for each row
    rules = {rule: str(RULES.get(rule, rule)) for rule in {a["rule"] for a in alerts}}
    items = [WorkItem(label=f"{rules[a['rule']]}: {selectors.queue_subject_label(identities, a)} "
                            f"({TerritorialUnit.name_in(a, 'unit')})",
                      url=alert_url(a["id"]), since=a["due_date"], action=resolve,
                      overdue=True) for a in alerts]
    return [WorkSection(_("Oversight alerts to resolve"), items, total,
                        reverse("oversight:index") + "?status=open")]
