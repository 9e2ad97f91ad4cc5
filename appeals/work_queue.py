"""Work the appeals room has waiting: appeals to decide (never against one's own decision) and grievances to
answer, in the user's scope, the nearest deadline first; overdue ones marked (model law art. 19)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import scope_key
from lib.work_queue import WorkItem, WorkSection, compiled_first_and_total, url_by_id

from . import selectors
from .models import Grievance, Subject

SHOWN = 10
SUBJECTS = dict(Subject.choices)
KINDS = dict(Grievance.Kind.choices)


def sections(user) -> list[WorkSection]:
    today = timezone.localdate()
    out: list[WorkSection] = []
    # each row as values of what its item shows (model instances of whole rows were most of the work)
    key = scope_key(user)  # what these reads are built from (lib.work_queue.compiled_rows)
    appeals, total = compiled_first_and_total(("appeals.appeals", key), lambda: (
        selectors.appeals_to_decide(user).values("id", "subject", "filed_on", "decide_by")), SHOWN)
    appeal_url = url_by_id("appeals:appeal")
    label, decide = _("Appeal №%(n)s: %(subject)s"), _("Decide")  # translated once, not for each row
    items = [WorkItem(label=label % {"n": a["id"], "subject": SUBJECTS.get(a["subject"], a["subject"])},
                      url=appeal_url(a["id"]), since=a["filed_on"], action=decide,
                      overdue=a["decide_by"] < today) for a in appeals]
    if items:
        out.append(WorkSection(_("Appeals to decide"), items, total, reverse("appeals:index")))
    grievances, total = compiled_first_and_total(("appeals.grievances", key), lambda: (
        selectors.grievances_to_answer(user).values("id", "kind", "filed_on", "answer_due")), SHOWN)
    grievance_url = url_by_id("appeals:grievance")
    label, answer = _("Grievance №%(n)s: %(kind)s"), pgettext("grievance", "Answer")
    items = [WorkItem(label=label % {"n": g["id"], "kind": KINDS.get(g["kind"], g["kind"])},
                      url=grievance_url(g["id"]), since=g["filed_on"],
                      action=answer, overdue=g["answer_due"] < today) for g in grievances]
    if items:
        out.append(WorkSection(_("Grievances to answer"), items, total, reverse("appeals:index")))
    return out
