"""What the relocation programme has waiting for a user: the officer's queue (scoped to their territory, oldest
first, each item one click from its action), and the citizen's next step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from django.db.models import Case, Count, DateTimeField, F, Q, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import scope_key, sees_identities
from accounts.roles import Role
from geo.models import TerritorialUnit
from lib.work_queue import WorkItem, WorkSection, compiled_first_and_total, compiled_rows, url_by_id
from people.models import Person

from .models import Application, FollowUpFlag, ParticipationOverride, PaymentOrder
from .states import FINAL, TRANSITIONS, State

SHOWN = 10
STATES = dict(State.choices)


def _label_fields(application: str = "") -> tuple[str, ...]:
    """What an item's label shows of an application (its own, or read through the relation `application`): the
    applicant's name and the two regions' names, as `.values()` columns (model instances of the rows and their
    related rows were most of the start page's work, for a ten-row list)."""
    via = f"{application}__" if application else ""
    return (*Person.name_fields(f"{via}applicant"), *TerritorialUnit.name_fields(f"{via}departure_region"),
            *TerritorialUnit.name_fields(f"{via}receiving_region"))


def _label(row: dict[str, Any], identities: bool, application: str = "") -> str:
    via = f"{application}__" if application else ""
    number = row[f"{application}_id" if application else "id"]
    who = Person.full_name_in(row, f"{via}applicant") if identities else f"№{number}"
    return (f"№{number} · {who} · {TerritorialUnit.name_in(row, f'{via}departure_region')} → "
            f"{TerritorialUnit.name_in(row, f'{via}receiving_region')}")


Row = dict[str, Any]


def _section(title: str, read: tuple[list[Row], int], identities: bool, action: str, *,
             since: Callable[[Row], dt.date], url: Callable[[Row], str],
             overdue: Callable[[Row], bool] = lambda row: False, application: str = "") -> WorkSection:
    """A section of rows already `read` (rows, total): each row's label, the day it waits since, its link and
    whether it is overdue."""
    rows, total = read
    if not total:
        return WorkSection(title=title)
    items = [WorkItem(label=_label(row, identities, application), url=url(row), since=since(row), action=action,
                      overdue=overdue(row)) for row in rows]
    return WorkSection(title=title, items=items, total=total,
                       more_url=reverse("relocation:index") if total > SHOWN else None)


# The officer's four queues of applications, by the state an application waits in: to forward, to decide, agreements
# to sign, arrivals overdue (the agreement signed, the planned arrival passed).
QUEUES = (State.SUBMITTED, State.IN_REVIEW, State.APPROVED, State.AGREEMENT_SIGNED)


def _application_queues(key: Hashable, apps: Callable[[], Any], today: dt.date) -> list[tuple[list[Row], int]]:
    """The four queues of applications (QUEUES) in one query: to forward and to decide, the oldest submitted first;
    agreements to sign, the longest approved first; arrivals overdue, the earliest planned first. Each application
    is numbered within its queue (ROW_NUMBER over its state) and its queue counted (COUNT) by window functions, and
    only the first SHOWN of each are read; returns [(rows, total)] in QUEUES' order. Four queries, each compiled by
    the ORM, cost four times. `apps` builds the officer's applications, only when `key` is new (compiled_rows)."""
    # What a queue is ordered by: one column per state, so one expression serves all four partitions (a date,
    # or the approval's moment; all rows of a partition take the same branch, so their order is the column's).
    waits_since = Case(When(state=State.APPROVED, then=F("updated_at")),
                       When(state=State.AGREEMENT_SIGNED, then=F("agreement__planned_arrival")),
                       default=F("submitted_on"), output_field=DateTimeField())
    rows = compiled_rows(key, lambda: (
        apps().filter(Q(state__in=QUEUES[:3]) | Q(state=State.AGREEMENT_SIGNED, agreement__planned_arrival__lt=today))
        .values("id", "state", "submitted_on", "forwarded_on", "forward_due", *_label_fields())
        .annotate(_rank=Window(RowNumber(), partition_by=[F("state")], order_by=[waits_since.asc(), F("id").asc()]),
                  _total=Window(Count("*"), partition_by=[F("state")]))
        .filter(_rank__lte=SHOWN).order_by()))
    read: dict[str, list[Row]] = {state: [] for state in QUEUES}
    totals = dict.fromkeys(QUEUES, 0)
    for row in sorted(rows, key=lambda r: r["_rank"]):
        read[row["state"]].append(row)
        totals[row["state"]] = row["_total"]
    return [(read[state], totals[state]) for state in QUEUES]


def officer_sections(user: Any) -> list[WorkSection]:
    today = timezone.localdate()
    identities = sees_identities(user)  # asked once, not for each item's label
    key = (scope_key(user), today, SHOWN)  # all these reads are built from (lib.work_queue.compiled_rows)
    forward, decide, sign, arrivals = _application_queues(
        ("relocation.applications", key), lambda: Application.objects.visible_to(user, "change"), today)
    flags = compiled_first_and_total(("relocation.flags", key), lambda: (
        FollowUpFlag.objects.visible_to(user, "change")
        .filter(status=FollowUpFlag.Status.OPEN, application__state=State.FOLLOW_UP)
        .values("id", "application_id", "detected_on", "application__submitted_on", *_label_fields("application"))
        .order_by("detected_on", "id")), SHOWN)
    overrides = compiled_first_and_total(("relocation.overrides", key), lambda: (
        ParticipationOverride.objects.visible_to(user, "view")
        .filter(status=ParticipationOverride.Status.REQUESTED).exclude(requested_by=user)
        .values("id", "application_id", "requested_at", "application__submitted_on", *_label_fields("application"))
        .order_by("requested_at", "id")), SHOWN)
    payments = compiled_first_and_total(("relocation.payments", key), lambda: (
        PaymentOrder.objects.visible_to(user, "view").filter(status=PaymentOrder.Status.DUE, due_on__lt=today)
        .exclude(measure=PaymentOrder.Measure.REFUND)
        .values("id", "application_id", "due_on", "application__submitted_on", *_label_fields("application"))
        .order_by("due_on", "id")), SHOWN)

    application_url = url_by_id("relocation:application")

    def page(application_id: int, anchor: str = "") -> str:
        return application_url(application_id) + anchor

    def waits_since(*days: dt.date | dt.datetime | None) -> dt.date:
        """The first day known of `days` (a moment's date in UTC, as before), else today."""
        day = next((d for d in days if d), today)
        return day.date() if isinstance(day, dt.datetime) else day

    sections = [
        _section(_("Applications to forward"), forward, identities, str(TRANSITIONS["forward"].label),
                 since=lambda row: waits_since(row["submitted_on"]), url=lambda row: page(row["id"]),
                 overdue=lambda row: row["forward_due"] is not None and row["forward_due"] < today),
        _section(_("Applications to decide"), decide, identities, str(TRANSITIONS["approve"].label),
                 since=lambda row: waits_since(row["forwarded_on"], row["submitted_on"]),
                 url=lambda row: page(row["id"])),
        _section(_("Agreements to sign"), sign, identities, str(TRANSITIONS["sign_agreement"].label),
                 since=lambda row: waits_since(row["submitted_on"]), url=lambda row: page(row["id"])),
        _section(_("Arrivals without registration after the planned date"), arrivals, identities,
                 str(TRANSITIONS["confirm_arrival"].label), since=lambda row: waits_since(row["submitted_on"]),
                 url=lambda row: page(row["id"]), overdue=lambda row: True),
        _section(_("Follow-up flags"), flags, identities, _("Confirm or dismiss"),
                 since=lambda row: waits_since(row["detected_on"], row["application__submitted_on"]),
                 url=lambda row: page(row["application_id"], f"#flag-{row['id']}"), application="application"),
        _section(_("Overrides awaiting a second approval"), overrides, identities,
                 _("Approve the override"),
                 since=lambda row: waits_since(row["requested_at"], row["application__submitted_on"]),
                 url=lambda row: page(row["application_id"], "#participation"), application="application"),
        _section(_("Overdue payments"), payments, identities, _("See the payment"),
                 since=lambda row: waits_since(row["due_on"], row["application__submitted_on"]),
                 url=lambda row: page(row["application_id"], "#payments"), overdue=lambda row: True,
                 application="application"),
    ]
    return [s for s in sections if s.total]


def citizen_sections(user: Any) -> list[WorkSection]:
    if not user.person_id:
        return []
    latest = compiled_rows(("relocation.citizen", scope_key(user)), lambda: (  # what the item shows
        Application.objects.filter(applicant_id=user.person_id).exclude(state__in=list(FINAL))
        .values("id", "state", "submitted_on", "created_at").order_by("-id")[:1]))
    if not latest:
        return []
    app = latest[0]
    actions: dict[str, Any] = {State.DRAFT: _("Complete and submit"),
                               State.AGREEMENT_SIGNED: _("Download the agreement")}
    action = actions.get(app["state"], _("See your application"))
    item = WorkItem(label=f"№{app['id']} · {STATES.get(app['state'], app['state'])}",
                    url=reverse("relocation:application", args=[app["id"]]),
                    since=app["submitted_on"] or app["created_at"].date(), action=str(action))
    return [WorkSection(title=_("Your relocation application"), items=[item], total=1)]


def sections(user: Any) -> list[WorkSection]:
    role = getattr(user, "role", None)
    if role == Role.OFFICER:
        return officer_sections(user)
    if role == Role.CITIZEN:
        return citizen_sections(user)
    return []
