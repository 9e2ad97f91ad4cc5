"""What the relocation programme has waiting for a user: the officer's queue (scoped to their territory, oldest
first, each item one click from its action), and the citizen's next step."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import sees_identities
from accounts.roles import Role
from lib.work_queue import WorkItem, WorkSection, first_and_total
from people.models import Person

from .models import Application, FollowUpFlag, ParticipationOverride, PaymentOrder
from .states import FINAL, TRANSITIONS, State

SHOWN = 10


def _label(app: Application, user: Any) -> str:
    who = app.applicant.full_name if sees_identities(user) else f"№{app.pk}"
    return f"№{app.pk} · {who} · {app.departure_region.name} → {app.receiving_region.name}"


def _section(title: str, qs, user: Any, since: str, action: str, overdue=lambda a, today: False,
             url=None, read: tuple[list, int] | None = None) -> WorkSection:
    """A section of `qs`'s first rows, or of rows already `read` (rows, total)."""
    today = timezone.localdate()
    rows, total = read if read is not None else first_and_total(qs, SHOWN)
    if not total:
        return WorkSection(title=title)
    items = []
    for obj in rows:
        app = obj if isinstance(obj, Application) else obj.application
        day = getattr(obj, since, None) or getattr(app, "submitted_on", None) or today
        if hasattr(day, "date") and not isinstance(day, type(today)):
            day = day.date()
        items.append(WorkItem(label=_label(app, user), url=url(obj) if url else
                              reverse("relocation:application", args=[app.pk]),
                              since=day, action=action, overdue=overdue(obj, today)))
    return WorkSection(title=title, items=items, total=total,
                       more_url=reverse("relocation:index") if total > SHOWN else None)


# What a section's rows are read with: the application's dates and the names its label shows, nothing else (the
# applicant's and the regions' other columns were most of each query's work, for a ten-row list).
SHOWN_FIELDS = ("id", "state", "submitted_on", "forwarded_on", "forward_due", "created_at",
                *Person.name_fields("applicant"), *(f"{side}_region__name_{lang}"
                for side in ("departure", "receiving") for lang in ("kk", "ru", "en")))


def _via(relation: str) -> list[str]:
    return [f"{relation}__{name}" for name in SHOWN_FIELDS]


def _application_queues(apps, today) -> list[tuple[list, int]]:
    """The four queues of applications in one query: applications to forward (submitted) and to decide (in
    review), oldest submitted first; agreements to sign (approved), the longest approved first; arrivals overdue
    (agreement signed, planned arrival passed), the earliest planned first. Each application is numbered within
    its queue (ROW_NUMBER) and its queue counted (COUNT) by window functions, and only the first SHOWN of each
    are read; returns [(rows, total)] in that order. Four queries, each compiled by the ORM, cost four times."""
    queue = Case(When(state=State.SUBMITTED, then=Value(0)), When(state=State.IN_REVIEW, then=Value(1)),
                 When(state=State.APPROVED, then=Value(2)), default=Value(3), output_field=IntegerField())
    order = [Case(When(state__in=[State.SUBMITTED, State.IN_REVIEW], then=F("submitted_on"))).asc(),
             Case(When(state=State.APPROVED, then=F("updated_at"))).asc(),
             Case(When(state=State.AGREEMENT_SIGNED, then=F("agreement__planned_arrival"))).asc(), F("id").asc()]
    rows = (apps.filter(Q(state__in=[State.SUBMITTED, State.IN_REVIEW, State.APPROVED])
                        | Q(state=State.AGREEMENT_SIGNED, agreement__planned_arrival__lt=today))
            .annotate(_queue=queue, _rank=Window(RowNumber(), partition_by=[queue], order_by=order),
                      _total=Window(Count("*"), partition_by=[queue]))
            .filter(_rank__lte=SHOWN).order_by())
    out: list[tuple[list, int]] = [([], 0) for _queue in range(4)]
    for app in sorted(rows, key=lambda a: (a._queue, a._rank)):
        out[app._queue][0].append(app)
        out[app._queue] = (out[app._queue][0], app._total)
    return out


def officer_sections(user: Any) -> list[WorkSection]:
    apps = (Application.objects.visible_to(user, "change")
            .select_related("applicant", "departure_region", "receiving_region").only(*SHOWN_FIELDS))
    today = timezone.localdate()
    forward, decide, sign, arrivals = _application_queues(apps, today)
    sections = [
        _section(_("Applications to forward"), None, user, "submitted_on", str(TRANSITIONS["forward"].label),
                 overdue=lambda a, d: a.forward_due is not None and a.forward_due < d, read=forward),
        _section(_("Applications to decide"), None, user, "forwarded_on", str(TRANSITIONS["approve"].label),
                 read=decide),
        _section(_("Agreements to sign"), None, user, "submitted_on", str(TRANSITIONS["sign_agreement"].label),
                 read=sign),
        _section(_("Arrivals without registration after the planned date"), None, user, "submitted_on",
                 str(TRANSITIONS["confirm_arrival"].label), overdue=lambda a, d: True, read=arrivals),
        _section(_("Follow-up flags"),
                 FollowUpFlag.objects.visible_to(user, "change").filter(status=FollowUpFlag.Status.OPEN,
                                                                       application__state=State.FOLLOW_UP)
                 .select_related("application__applicant", "application__departure_region",
                                 "application__receiving_region")
                 .only("id", "application_id", "detected_on", *_via("application")).order_by("detected_on", "id"),
                 user, "detected_on", _("Confirm or dismiss"),
                 url=lambda f: reverse("relocation:application", args=[f.application_id]) + f"#flag-{f.pk}"),
        _section(_("Overrides awaiting a second approval"),
                 ParticipationOverride.objects.visible_to(user, "view")
                 .filter(status=ParticipationOverride.Status.REQUESTED)
                 .exclude(requested_by=user)
                 .select_related("application__applicant", "application__departure_region",
                                 "application__receiving_region")
                 .only("id", "application_id", "requested_at", *_via("application")).order_by("requested_at", "id"),
                 user, "requested_at", _("Approve the override"),
                 url=lambda o: reverse("relocation:application", args=[o.application_id]) + "#participation"),
        _section(_("Overdue payments"),
                 PaymentOrder.objects.visible_to(user, "view").filter(status=PaymentOrder.Status.DUE, due_on__lt=today)
                 .exclude(measure=PaymentOrder.Measure.REFUND)
                 .select_related("application__applicant", "application__departure_region",
                                 "application__receiving_region")
                 .only("id", "application_id", "due_on", *_via("application")).order_by("due_on", "id"),
                 user, "due_on", _("See the payment"), overdue=lambda o, d: True,
                 url=lambda o: reverse("relocation:application", args=[o.application_id]) + "#payments"),
    ]
    return [s for s in sections if s.total]


def citizen_sections(user: Any) -> list[WorkSection]:
    if not user.person_id:
        return []
    app = (Application.objects.filter(applicant_id=user.person_id).exclude(state__in=list(FINAL))
           .only("id", "state", "submitted_on", "created_at").order_by("-id").first())  # what the item shows
    if app is None:
        return []
    actions: dict[str, Any] = {State.DRAFT: _("Complete and submit"),
                               State.AGREEMENT_SIGNED: _("Download the agreement")}
    action = actions.get(app.state, _("See your application"))
    item = WorkItem(label=f"№{app.pk} · {app.get_state_display()}", url=reverse("relocation:application", args=[app.pk]),
                    since=app.submitted_on or app.created_at.date(), action=str(action))
    return [WorkSection(title=_("Your relocation application"), items=[item], total=1)]


def sections(user: Any) -> list[WorkSection]:
    role = getattr(user, "role", None)
    if role == Role.OFFICER:
        return officer_sections(user)
    if role == Role.CITIZEN:
        return citizen_sections(user)
    return []
