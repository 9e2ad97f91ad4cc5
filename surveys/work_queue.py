"""What waits for people in the surveys room: an enumerator's assignments (a new interview in one click)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from lib.work_queue import WorkItem, WorkSection

from .models import Assignment


def sections(user) -> list[WorkSection]:
    if getattr(user, "role", None) != Role.ENUMERATOR:
        return []
    assignments = list(Assignment.objects.visible_to(user).filter(active=True).select_related("form", "unit")[:10])
    items = [WorkItem(label=f"{a.form.title} · {a.unit.name}", url=reverse("surveys:collect", args=[a.form_id]),
                      since=a.assigned_at.date(), action=_("New interview")) for a in assignments]
    return [WorkSection(_("Survey assignments"), items, len(items), reverse("surveys:index"))]
