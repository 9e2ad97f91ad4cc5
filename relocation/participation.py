"""Duplicate and repeat participation: the one module of these checks (issue 17). Pages, API and services all
ask `findings()`; services.submit and services.approve act on the answer.

For every member of an application, on a given day:

| code               | what is found                                                         | effect   | article |
|--------------------|-----------------------------------------------------------------------|----------|---------|
| open_application   | the person is a member of another application still in progress       | refused  | art. 10(1) |
| recent_participation | the person arrived under another agreement within the obligation period (relocation.obligation_years) | refused | art. 11(1) |
| unpaid_refund      | the person's family has an open Debt (breached, not repaid, not exempt/written off/time-barred/annulled) | refused  | art. 11(2) |
| two_families       | the people register holds the person in the family of another applicant still taking part | review | art. 10(1) |
| receiving_measure  | the person already receives a support measure under another application (an order not yet paid or a period not ended) | review | the measure's article |

"Refused": submission and approval are refused with the reason (409). "Review": the application is submitted
with the hold named in its history, and cannot be approved until the hold is lifted. Either is lifted only by
an officer's override approved by a second, different person (`ParticipationOverride`; the database refuses
one user in both roles).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from law.parameters import parameter_value
from people.models import FamilyMember

from .models import Application, ApplicationMember, Debt, ParticipationOverride, PaymentOrder
from .states import FINAL, State

REFUSE = "refuse"
REVIEW = "review"

# Applications still in progress before arrival: a person may be in at most one of them.
APPLYING = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.APPROVED, State.AGREEMENT_SIGNED)

CHECKS = {
    "open_application": (REFUSE, "model-law/art-10/p-1"),
    "recent_participation": (REFUSE, "model-law/art-11/p-1"),
    "unpaid_refund": (REFUSE, "model-law/art-11/p-2"),
    "two_families": (REVIEW, "model-law/art-10/p-1"),
    "receiving_measure": (REVIEW, "model-law/art-6/p-1"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # REFUSE or REVIEW
    person_id: int
    reason: str
    article: str
    other_application: int | None = None
    overridden: bool = False

    @property
    def blocks(self) -> bool:
        return not self.overridden


def _yearsago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def findings(app: Application, *, on: dt.date) -> list[Finding]:
    """Every participation check that finds something for a member of `app` on `on`, each marked overridden when
    an override approved by a second person covers it."""
    members = dict(ApplicationMember.objects.filter(application=app).values_list("person_id", "person__iin"))
    if not members:
        return []
    years = int(parameter_value("relocation.obligation_years", on).value)
    since = _yearsago(on, years)
    raw: list[tuple[str, int, str, int | None]] = []
    others = (ApplicationMember.objects.filter(person_id__in=members).exclude(application=app)
              .select_related("application").order_by("application_id"))
    for m in others:
        other = m.application
        if other.state in APPLYING:
            raw.append(("open_application", m.person_id,
                        _("Person %(iin)s is on application №%(n)s, still in progress (%(state)s).")
                        % {"iin": members[m.person_id], "n": other.pk, "state": other.get_state_display()}, other.pk))
        if other.arrived_on is not None and other.arrived_on > since:
            raw.append(("recent_participation", m.person_id,
                        _("Person %(iin)s arrived under application №%(n)s on %(date)s: within the %(years)s years "
                          "of obligations.") % {"iin": members[m.person_id], "n": other.pk,
                                                "date": other.arrived_on.isoformat(), "years": years}, other.pk))
    # Debt is the truth of "owes a refund" (art. 11(2)): an open debt is owed (also while an appeal pauses its
    # recovery); repaid, exempt, written off, time-barred or annulled on appeal is not.
    debts = (Debt.objects.filter(status=Debt.Status.OPEN)
             .filter(Q(debtor_id__in=members) | Q(application__members__person_id__in=members))
             .exclude(application=app).select_related("application").distinct().order_by("id"))
    debtors: set[tuple[int, int]] = set()
    for debt in debts:
        covered = set(debt.application.members.values_list("person_id", flat=True)) | {debt.debtor_id}
        for person_id in sorted(covered & set(members)):
            if (person_id, debt.pk) not in debtors:
                debtors.add((person_id, debt.pk))
                raw.append(("unpaid_refund", person_id,
                            _("The family of person %(iin)s owes a refund of %(amount)s tenge (debt №%(debt)s) "
                              "after a breach of application №%(n)s.")
                            % {"iin": members[person_id], "amount": debt.owed_kzt, "debt": debt.pk,
                               "n": debt.application_id}, debt.application_id))
    taking_part = [s for s in State.values if s not in FINAL]
    for fm in (FamilyMember.objects.filter(person_id__in=members).exclude(family__head=app.applicant)
               .select_related("family").order_by("id")):
        head_app = (Application.objects.filter(applicant_id=fm.family.head_id, state__in=taking_part)
                    .exclude(pk=app.pk).order_by("id").first())
        if head_app is None:
            continue
        raw.append(("two_families", fm.person_id,
                    _("The people register holds person %(iin)s in the family of the applicant of application "
                      "№%(n)s as well.") % {"iin": members[fm.person_id], "n": head_app.pk}, head_app.pk))
    receiving = (PaymentOrder.objects
                 .filter(Q(beneficiary_id__in=members) | Q(application__members__person_id__in=members))
                 .exclude(measure__in=(PaymentOrder.Measure.REFUND, PaymentOrder.Measure.REFUND_REPAYMENT))
                 .exclude(application=app)
                 .filter(Q(status__in=(PaymentOrder.Status.DUE, PaymentOrder.Status.APPROVED,
                                       PaymentOrder.Status.RETURNED)) | Q(period_end__gte=on))
                 .exclude(status=PaymentOrder.Status.CANCELLED).distinct().order_by("id"))
    seen_measures: set[tuple[int, str]] = set()
    for order in receiving:
        covered = set(order.application.members.values_list("person_id", flat=True)) | {order.beneficiary_id}
        for person_id in sorted(covered & set(members)):
            if (person_id, order.measure) in seen_measures:
                continue
            seen_measures.add((person_id, order.measure))
            raw.append(("receiving_measure", person_id,
                        _("Person %(iin)s already receives %(measure)s under application №%(n)s.")
                        % {"iin": members[person_id], "measure": order.get_measure_display(),
                           "n": order.application_id}, order.application_id))
    approved = set(ParticipationOverride.objects.filter(application=app, status=ParticipationOverride.Status.APPROVED)
                   .values_list("code", "person_id"))
    out = []
    for code, person_id, reason, other_id in raw:
        severity, article = CHECKS[code]
        out.append(Finding(code=code, severity=severity, person_id=person_id, reason=reason, article=article,
                           other_application=other_id, overridden=(code, person_id) in approved))
    return out


def refusals(found: list[Finding]) -> list[Finding]:
    """What refuses a submission: a refusing check no approved override covers."""
    return [f for f in found if f.severity == REFUSE and f.blocks]


def holds(found: list[Finding]) -> list[Finding]:
    """What holds an application for review until overridden (every check no approved override covers)."""
    return [f for f in found if f.blocks]


def describe(found: list[Finding]) -> str:
    return " ".join(f"{f.reason} ({f.article})" for f in found)
