"""Labour work waiting for a user, for the start page (lib.work_queue): proposals to review, overdue course
duties, notices to answer, offers to answer. Each section reads through the same scoped selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can
from lib.work_queue import WorkItem, WorkSection, first_and_total
from people.models import Person

from . import selectors
from .models import CourseDuty, MatchProposal, NoticeReply, OfferStatus

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
    rows, total = first_and_total(selectors.proposals_to_review(user).select_related(None).select_related(
        "vacancy__employer", "person").only(
        "id", "run_id", "score", "created_at", "vacancy__title", "vacancy__employer__name",
        *Person.name_fields("person")), SHOWN)  # only what the label shows (the rows' other columns were most of the work)
    items = [WorkItem(label=f"{p.person.full_name} → {p.vacancy.title}, {p.vacancy.employer.name} ({p.score})",
                      url=reverse("labour:run", args=[p.run_id]), since=timezone.localdate(p.created_at),
                      action=_("Review")) for p in rows]
    return WorkSection(_("Match proposals to review"), items, total, reverse("labour:matching"))


def _overdue_duties(user: Any, today: dt.date) -> WorkSection:
    rows, total = first_and_total(selectors.overdue_course_duties(user, today).select_related(None).select_related(
        "contract__employer", "contract__employee").only(
        "id", "kind", "due_date", "contract__employer__name", *Person.name_fields("contract__employee")), SHOWN)
    items = [WorkItem(label=f"{d.contract.employee.full_name} — {d.get_kind_display()} ({d.contract.employer.name})",
                      url=reverse("labour:duty", args=[d.pk]), since=d.due_date, action=_("Enrol"), overdue=True)
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
    rows, total = first_and_total(
        selectors.offers_for(user).filter(status=OfferStatus.PENDING).select_related(None)
        .select_related("vacancy__employer", "vacancy__region")
        .only("id", "created_at", "vacancy__title", "vacancy__employer__name", "vacancy__region__name_kk",
              "vacancy__region__name_ru", "vacancy__region__name_en").order_by("created_at", "id"), SHOWN)
    items = [WorkItem(label=f"{o.vacancy.title} — {o.vacancy.employer.name}, {o.vacancy.region.name}",
                      url=reverse("labour:offers"), since=timezone.localdate(o.created_at), action=_("Answer"))
             for o in rows]
    return WorkSection(_("Job offers waiting for your answer"), items, total, reverse("labour:offers"))
