"""Every write of the appeals room (model law art. 19). Each function is atomic, takes the acting user as
`actor=` and leaves a change record (AuditedModel). What an upheld appeal annuls is done by relocation's and the
fund's own services, citing the appeal (`appeals.appeal:<id>`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import acting_as
from accounts.permissions import can_in_unit
from accounts.roles import Role
from fund import services as fund_services
from law.appeals import appeal_deadline, appeal_decision_due, grievance_answer_due
from lib.uploads import CheckedUpload, UploadRefused, check_upload
from relocation import services as relocation_services
from relocation.models import Application, Debt, FollowUpFlag, PaymentOrder, Transition
from relocation.states import State

from .models import Appeal, AppealDocument, Grievance, Subject


class AppealError(Exception):
    """A request the rules refuse: 400 by default; `field` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class Conflict(AppealError):
    status = 409


class NotVisible(AppealError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("Not found."), code="not_found")


class Refused(AppealError):
    status = 403


@dataclass(frozen=True)
class Contestable:
    """A decision a person may appeal: what, whose, when, and until when."""

    subject: str
    ref: str
    author: Any
    date: dt.date
    deadline: dt.date
    debt: Debt | None = None

    @property
    def label(self) -> str:
        return str(Subject(self.subject).label)


def _last(app: Application, *names: str) -> Transition | None:
    return app.transitions.filter(name__in=names).order_by("-at", "-id").first()


def contestable(app: Application, *, on: dt.date | None = None) -> list[Contestable]:
    """The decisions on this application a person may appeal today (those whose deadline has not passed are
    open; the page shows the others with their deadline)."""
    out: list[Contestable] = []

    def add(subject: str, ref: str, author: Any, date: dt.date, debt: Debt | None = None) -> None:
        out.append(Contestable(subject, ref, author, date, appeal_deadline(date).due_date, debt))

    if app.state == State.REFUSED and (t := _last(app, "refuse")):
        add(Subject.REFUSAL, f"relocation.transition:{t.pk}", t.actor, timezone.localdate(t.at))
    if app.state == State.WAITING and (t := _last(app, "to_waiting_list")):
        add(Subject.WAITING_LIST, f"relocation.transition:{t.pk}", t.actor, timezone.localdate(t.at))
    if (app.state in (State.APPROVED, State.AGREEMENT_SIGNED, State.ARRIVED, State.FOLLOW_UP) and app.decision_id
            and (t := _last(app, "approve"))):
        add(Subject.AMOUNT, f"law.decision:{app.decision_id}", t.actor, timezone.localdate(t.at))
    if app.state in (State.BREACHED, State.REFUND_ASSESSED):
        flag = app.flags.filter(status=FollowUpFlag.Status.CONFIRMED).order_by("-resolved_at").first()
        if flag is not None and flag.resolved_at is not None:
            add(Subject.BREACH, f"relocation.followupflag:{flag.pk}", flag.resolved_by,
                timezone.localdate(flag.resolved_at))
    for debt in app.debts.filter(status=Debt.Status.OPEN):
        t = _last(app, "assess_refund")
        notice = debt.notices.filter(delivered_on__isnull=False).order_by("delivered_on").first()
        learned = notice.delivered_on if notice and notice.delivered_on else debt.computed_on
        add(Subject.REFUND, f"relocation.debt:{debt.pk}", t.actor if t else None, learned, debt)
    return out


def _may_file(actor: Any, app: Application) -> None:
    if getattr(actor, "person_id", None) is not None and actor.person_id == app.applicant_id:
        return
    if actor.role in (Role.OFFICER, Role.ADMIN) and can_in_unit(actor, "add", Appeal, app.receiving_region):
        return
    raise NotVisible()


MAX_DOCUMENTS = 5


def _check_upload(upload: Any) -> CheckedUpload:
    try:
        return check_upload(upload)
    except UploadRefused as refused:
        if refused.reason == UploadRefused.WRONG_TYPE:
            raise AppealError(_("Only PDF, JPEG or PNG files are accepted."), field="documents") from None
        raise AppealError(_("A document is a file of up to 5 MB."), field="documents") from None


def file_appeal(*, actor: Any, application: Application, subject: str, reasons: str, language: str,
                documents: list[Any] | None = None, on: dt.date | None = None) -> Appeal:
    """Appeal a decision on the application, with reasons and documents, within the deadline (art. 19(1)).
    An appeal against a breach or a refund pauses the recovery of the debt (art. 19(3))."""
    on = on or timezone.localdate()
    _may_file(actor, application)
    if not str(reasons or "").strip():
        raise AppealError(_("Give your reasons."), field="reasons")
    documents = list(documents or [])
    if len(documents) > MAX_DOCUMENTS:
        raise AppealError(_("At most 5 documents."), field="documents")
    accepted = [_check_upload(d) for d in documents]
    found = next((c for c in contestable(application, on=on) if c.subject == subject), None)
    if found is None:
        raise Conflict(_("There is no such decision to appeal on this application."), code="nothing_to_appeal",
                       field="subject")
    if on > found.deadline:
        raise Conflict(_("The deadline to appeal this decision was %(date)s.") % {"date": found.deadline.isoformat()},
                       code="deadline_passed", field="subject")
    with transaction.atomic(), acting_as(actor):
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    application=application, debt=found.debt, subject=subject, decision_ref=found.ref,
                    decision_author=found.author, decision_date=found.date, appellant=application.applicant,
                    filed_by=actor, region=application.receiving_region, reasons=str(reasons)[:5000],
                    language=language, filed_on=on, deadline=found.deadline,
                    decide_by=appeal_decision_due(on).due_date)
        except IntegrityError as exc:
            raise Conflict(_("This decision is already under appeal."), code="already_appealed") from exc
        for checked in accepted:
            AppealDocument(appeal=appeal).store(checked, uploaded_by=actor)
        for debt in _debts_concerned(appeal):
            relocation_services.pause_recovery(debt, actor=actor, note=appeal.case)
        relocation_services.notify(application, "appeal_filed", {"appeal": appeal.pk})
    return appeal


def _debts_concerned(appeal: Appeal) -> list[Debt]:
    if appeal.subject == Subject.REFUND and appeal.debt is not None:
        return [appeal.debt]
    if appeal.subject == Subject.BREACH:
        return list(appeal.application.debts.filter(status=Debt.Status.OPEN))
    return []


def _may_decide(actor: Any, appeal: Appeal) -> None:
    if isinstance(actor, str):
        raise Refused(_("An appeal is decided by an official."), code="forbidden")
    if not can_in_unit(actor, "decide", Appeal, appeal.region):
        if Appeal.objects.visible_to(actor).filter(pk=appeal.pk).exists():
            raise Refused(_("You may not decide appeals."), code="forbidden")
        raise NotVisible()
    if appeal.decision_author_id is not None and appeal.decision_author_id == actor.pk:
        raise Refused(_("The author of the decision may not decide the appeal against it."), code="own_decision")
    if getattr(actor, "person_id", None) is not None and actor.person_id == appeal.appellant_id:
        raise Refused(_("You may not decide your own appeal."), code="own_appeal")


def decide_appeal(appeal: Appeal, *, actor: Any, uphold: bool, reasons: str, on: dt.date | None = None,
                  corrections: dict[str, Any] | None = None) -> Appeal:
    """Decide an appeal, with reasons (art. 19(2)), by someone other than the decision's author. Upheld, it
    annuls what it contests: a refusal (the application takes a quota place, or joins the waiting list when none
    is free), a waiting-list place (a free place is taken), a breach (flags dismissed, debts annulled, follow-up
    runs again) or a refund demand (the debt annulled and its receivable reversed in the fund's books; what the
    family had repaid is ordered back to it). An amount is computed again from the decision's snapshot with the
    `corrections` the appeal names (none: the law as in force on the decision's date is applied again), and the
    orders not yet paid are issued again at it, those paid topped up (relocation's `reassess_amount`).
    Dismissed, recovery resumes."""
    on = on or timezone.localdate()
    if not str(reasons or "").strip():
        raise AppealError(_("Give the reasons of the decision."), field="reasons")
    with transaction.atomic(), acting_as(actor):
        locked = Appeal.objects.select_for_update().filter(pk=appeal.pk).first()
        if locked is None:
            raise NotVisible()
        appeal = locked
        _may_decide(actor, appeal)
        if appeal.status != Appeal.Status.OPEN:
            raise Conflict(_("The appeal is already %(status)s.") % {"status": appeal.get_status_display()},
                           code="appeal_decided")
        app = appeal.application
        cites = appeal.case
        done: list[str] = []
        debts = _debts_concerned(appeal)
        try:
            if uphold:
                if appeal.subject == Subject.REFUSAL:
                    app = relocation_services.reinstate(app, actor=actor, cites=cites, reason=reasons)
                    done.append(f"relocation.application:{app.pk}:{app.state}")
                elif appeal.subject == Subject.WAITING_LIST:
                    relocation_services.offer_waiting_places(actor=actor, only=app.pk)
                    app.refresh_from_db()
                    done.append(f"relocation.application:{app.pk}:{app.state}")
                elif appeal.subject == Subject.BREACH:
                    relocation_services.annul_breach(app, actor=actor, cites=cites, reason=reasons, on=on)
                    done.append(f"relocation.application:{app.pk}:{State.FOLLOW_UP}")
                    done.extend(f"relocation.debt:{d.pk}:annulled" for d in debts)
                elif appeal.subject == Subject.AMOUNT:
                    done.extend(relocation_services.reassess_amount(app, actor=actor, cites=cites, reason=reasons,
                                                                    corrections=corrections, on=on))
                elif appeal.subject == Subject.REFUND and appeal.debt is not None:
                    relocation_services.annul_debt(appeal.debt, actor=actor, cites=cites, reason=reasons, on=on)
                    done.append(f"relocation.debt:{appeal.debt_id}:annulled")
                done.extend(f"relocation.paymentorder:{o.pk}:refund repayment {o.amount_kzt}"
                            for o in PaymentOrder.objects.filter(application=app, snapshot__appeal=cites,
                                                                 measure=PaymentOrder.Measure.REFUND_REPAYMENT))
                if debts:
                    n = fund_services.settle_debt_closures(actor=cites, on=on, debt_ids=[d.pk for d in debts])
                    if n:
                        done.append(f"fund.receivable:{n} reversed")
            else:
                for debt in debts:
                    relocation_services.resume_recovery(debt, actor=actor, note=f"{cites} dismissed")
        except relocation_services.Conflict as exc:
            raise Conflict(exc.message, code=exc.code, field=exc.field) from exc
        except relocation_services.RelocationError as exc:  # an input the rules refuse (e.g. a correction): 400
            raise AppealError(exc.message, code=exc.code, field=exc.field) from exc
        appeal.status = Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED
        appeal.decided_by, appeal.decided_on = actor, on
        appeal.decision_reasons, appeal.reversed = str(reasons)[:5000], done
        appeal.save()
        relocation_services.notify(app, "appeal_decided", {"appeal": appeal.pk, "status": appeal.status})
    return appeal


# --- grievances ---------------------------------------------------------------------------------------------

def file_grievance(*, actor: Any, person: Any, kind: str, text: str, region: Any, language: str,
                   application: Application | None = None, on: dt.date | None = None) -> Grievance:
    """A grievance (art. 19(4)), routed to the territory it concerns (the application's receiving region when
    it names one), to be answered within the law's working days."""
    on = on or timezone.localdate()
    if kind not in Grievance.Kind.values:
        raise AppealError(_("Choose what the grievance is about."), field="kind")
    if not str(text or "").strip():
        raise AppealError(_("Describe the grievance."), field="text")
    if application is not None:
        if application.applicant_id != person.pk:
            raise NotVisible()
        region = application.receiving_region
    if region is None:
        raise AppealError(_("Choose the territory it concerns."), field="region")
    own = getattr(actor, "person_id", None) == person.pk
    if not own and not (actor.role in (Role.OFFICER, Role.ADMIN) and can_in_unit(actor, "add", Grievance, region)):
        raise NotVisible()
    with transaction.atomic(), acting_as(actor):
        return Grievance.objects.create(kind=kind, person=person, filed_by=actor, region=region,
                                        application=application, text=str(text)[:5000], language=language,
                                        filed_on=on, answer_due=grievance_answer_due(on).due_date)


def answer_grievance(grievance: Grievance, *, actor: Any, answer: str, on: dt.date | None = None) -> Grievance:
    on = on or timezone.localdate()
    if not str(answer or "").strip():
        raise AppealError(_("Write the answer."), field="answer")
    with transaction.atomic(), acting_as(actor):
        g = Grievance.objects.select_for_update().filter(pk=grievance.pk).first()
        if g is None or not can_in_unit(actor, "view", Grievance, g.region):
            raise NotVisible()
        if not can_in_unit(actor, "change", Grievance, g.region):
            raise Refused(_("You may not answer grievances."), code="forbidden")
        if g.status != Grievance.Status.OPEN:
            raise Conflict(_("The grievance is already answered."), code="answered")
        g.status, g.answer, g.answered_by, g.answered_on = Grievance.Status.ANSWERED, str(answer)[:5000], actor, on
        g.save()
    return g
