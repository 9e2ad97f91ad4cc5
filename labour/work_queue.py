"""Labour work waiting for a user, for the start page (lib.work_queue): proposals to review, overdue course
duties, notices to answer, offers to answer. Each section reads through the same scoped selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can, scope_key
from geo.models import TerritorialUnit
from lib.work_queue import WorkItem, WorkSection, compiled_first_and_total, first_and_total, url_by_id
from people.models import Person

from . import selectors
from .models import CourseDuty, CourseKind, MatchProposal, NoticeReply, OfferStatus

SHOWN = 10


def sections(user: Any) -> list[WorkSection]:
    today = timezone.localdate()
    out: list[WorkSection] = []
    if can(user, "decide", MatchProposal):
        out.append(_proposals(user))
    if can(user, "view", CourseDuty) and user.role in ("officer", "inspector", "employer", "ministry"):
        out.append(_overdue_duties(user, today))
    if user.role == "employer":
        out.append(_notices(user, today))
    if getattr(user, "person_id", None):
        out.append(_offers(user))
    return out


def _proposals(user: Any) -> WorkSection:
    # only what the label shows, as values (model instances of the rows were most of the work), compiled once for
    # the user (lib.work_queue.compiled_rows), as the other queues below
    rows, total = compiled_first_and_total(("labour.proposals", scope_key(user)), lambda: (
        selectors.proposals_to_review(user).values("run_id", "score", "created_at", "vacancy__title",
                                                   "vacancy__employer__name", *Person.name_fields("person"))), SHOWN)
    run_url = url_by_id("labour:run")
    review = _("Review")  # translated once, not for each row
    items = [WorkItem(label=f"{Person.full_name_in(p, 'person')} → {p['vacancy__title']}, "
                            f"{p['vacancy__employer__name']} ({p['score']})",
                      url=run_url(p["run_id"]), since=timezone.localdate(p["created_at"]),
                      action=review) for p in rows]
    return WorkSection(_("Match proposals to review"), items, total, reverse("labour:matching"))


COURSE_KINDS = dict(CourseKind.choices)


def _overdue_duties(user: Any, today: dt.date) -> WorkSection:
    rows, total = compiled_first_and_total(("labour.duties", scope_key(user), today), lambda: (
        selectors.overdue_course_duties(user, today).values("id", "kind", "due_date", "contract__employer__name",
                                                            *Person.name_fields("contract__employee"))), SHOWN)
    duty_url = url_by_id("labour:duty")
    enrol = _("Enrol")  # translated once, as each kind's name below, not for each row
    kinds = {kind: str(COURSE_KINDS.get(kind, kind)) for kind in {d["kind"] for d in rows}}
    items = [WorkItem(label=f"{Person.full_name_in(d, 'contract__employee')} — "
                            f"{kinds[d['kind']]} ({d['contract__employer__name']})",
                      url=duty_url(d["id"]), since=d["due_date"], action=enrol, overdue=True)
             for d in rows]
    return WorkSection(_("Overdue course enrolments"), items, total, reverse("labour:courses") + "?show=overdue")


def _notices(user: Any, today: dt.date) -> WorkSection:
    answered = NoticeReply.objects.filter(employer__users=user).values("notice_id")
    rows, total = first_and_total(selectors.notices_for(user).filter(published_on__gte=today - dt.timedelta(days=60))
                                  .exclude(pk__in=answered).order_by("published_on", "id"), SHOWN)  # oldest first
    items = [WorkItem(label=n.title, url=reverse("labour:notice", args=[n.pk]), since=n.published_on,
                      action=_("Answer")) for n in rows]
    return WorkSection(_("Notices from the career centre"), items, total, reverse("labour:notices"))


def _offers(user: Any) -> WorkSection:
    rows, total = compiled_first_and_total(
        ("labour.offers", scope_key(user)), lambda: selectors.offers_for(user).filter(status=OfferStatus.PENDING)
        .values("created_at", "vacancy__title", "vacancy__employer__name",
                *TerritorialUnit.name_fields("vacancy__region")).order_by("created_at", "id"), SHOWN)
    items = [WorkItem(label=f"{o['vacancy__title']} — {o['vacancy__employer__name']}, "
                            f"{TerritorialUnit.name_in(o, 'vacancy__region')}",
                      url=reverse("labour:offers"), since=timezone.localdate(o["created_at"]), action=_("Answer"))
             for o in rows]
    return WorkSection(_("Job offers waiting for your answer"), items, total, reverse("labour:offers"))
