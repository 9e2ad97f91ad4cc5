"""Every write of the relocation room: each function is atomic, takes the acting user as `actor=` and records it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import acting_as, current_actor, object_labels, record_bulk_create, record_bulk_update
from accounts.models import ChangeRecord
from accounts.permissions import can_in_unit
from accounts.roles import Role
from geo.models import TerritorialUnit
from geo.selectors import first_level_unit
from labour.models import EmploymentContract, JobSeeker
from labour.selectors import active_contract
from law.appeals import debt_limitation_date
from law.deadlines import employment_alert_date
from law.inputs import LawInputError
from law.models import Decision
from law.parameters import parameter_value
from law.refunds import REFUND_ARTICLE, subsidy_refund
from law.rules import rules_version
from law.rules.calendar import add_working_days
from law.services import decide_relocation
from lib.uploads import UploadRefused, check_upload
from people.iin import InvalidIIN, parse_iin
from people.models import IIN_ERRORS, Family, FamilyMember, Person
from people.services import create_family, register_person
from registry.models import Registration
from registry.selectors import active_permanent

from . import participation, snapshots
from .models import (
    Agreement,
    Application,
    ApplicationMember,
    Budget,
    Category,
    Debt,
    DebtNotice,
    DebtRepayment,
    Document,
    DocumentKind,
    Exemption,
    FollowUpFlag,
    Instalment,
    InstalmentPlan,
    Notification,
    ParticipationOverride,
    PaymentOrder,
    Quota,
    QuotaChange,
    QuotaOrder,
    SettlementType,
    Transition,
)
from .states import CITIZEN, FINAL, HOLDS_RESERVED, OFFICER, TRANSITIONS, State


class RelocationError(Exception):
    """A request the programme's rules refuse; `code` is stable for clients, `field` names the input if any."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class Conflict(RelocationError):
    """The state of a record does not allow the request (HTTP 409)."""

    status = 409


# --- payment orders: the fund's interface (PAYMENT_ORDERS.md) -----------------------------------------------

PAYABLE_FOR_PAYMENT = (PaymentOrder.Status.DUE, PaymentOrder.Status.APPROVED, PaymentOrder.Status.RETURNED)


def mark_orders_paid(order_ids: Iterable[int], *, actor: Any, paid_on: dt.date, reference: str) -> int:
    """Mark orders paid with one conditional UPDATE (`WHERE status IN due/approved/returned`): an order already
    paid is never paid again. Returns how many orders changed."""
    ids = sorted({int(i) for i in order_ids})
    if not ids:
        return 0
    reference = str(reference)[:64]
    with transaction.atomic(), acting_as(actor):
        candidates = list(PaymentOrder.objects.select_for_update().filter(pk__in=ids, status__in=PAYABLE_FOR_PAYMENT))
        changed = PaymentOrder.objects.filter(pk__in=[o.pk for o in candidates],
                                              status__in=PAYABLE_FOR_PAYMENT).update(
            status=PaymentOrder.Status.PAID, paid_on=paid_on, payment_reference=reference)
        for order in candidates:
            order.status, order.paid_on, order.payment_reference = PaymentOrder.Status.PAID, paid_on, reference
        record_bulk_update(candidates, ["status", "paid_on", "payment_reference"], reason="paid")
    return changed


def mark_order_returned(order_id: int, *, actor: Any, reason: str) -> PaymentOrder:
    """paid -> returned: the payment came back (a returned order is payable again)."""
    with transaction.atomic(), acting_as(actor):
        order = PaymentOrder.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise RelocationError("No such payment order.", code="not_found", field="order_id")
        changed = PaymentOrder.objects.filter(pk=order.pk, status=PaymentOrder.Status.PAID).update(
            status=PaymentOrder.Status.RETURNED)
        if not changed:
            raise Conflict(f"Payment order {order.pk} is {order.status}, not paid: it cannot be returned.",
                           code="not_paid")
        order.status = PaymentOrder.Status.RETURNED
        record_bulk_update([order], ["status"], reason=str(reason)[:300])
    return order


# --- quotas: reserve, use and release by conditional UPDATEs (never read-then-write) ------------------------

class QuotaExhausted(Conflict):
    def __init__(self, quota: Quota, wanted: int):
        super().__init__(
            _("Quota exhausted: %(quota)s has %(free)s free places, %(wanted)s needed.")
            % {"quota": quota_label(quota), "free": max(quota.free, 0), "wanted": wanted},
            code="quota_exhausted", field="quota")
        self.quota = quota


def quota_label(quota: Quota) -> str:
    return f"{quota.year} · {quota.region.name} · {quota.get_category_display()}"


def _audit_quota(quota: Quota, before: dict[str, int], after: dict[str, int], reason: str) -> None:
    """The change record of a conditional UPDATE (which sends no signal), from the values it returned."""
    record = copy.copy(quota)
    record._audit_before = dict(before)
    for name, value in after.items():
        setattr(record, name, value)
    record_bulk_update([record], list(after), reason=reason)


def _conditional_update(quota: Quota, deltas: dict[str, int], condition: str, n: int,
                        reason: str) -> tuple[int, int] | None:
    """One statement: `UPDATE quota SET reserved = reserved + d, ... WHERE id = %s AND <condition> RETURNING
    reserved, used`, with its change record ({field: [old, new]}, old = new - d) written by the same statement
    on PostgreSQL (a data-modifying WITH), so the row's lock, held until the caller's transaction ends, covers
    one round trip and the commit; elsewhere the record is a second statement. No value is read first."""
    table = Quota._meta.db_table
    assignment = ", ".join(f"{name} = {name} + %s" for name in deltas)
    update = f"UPDATE {table} SET {assignment} WHERE id = %s AND {condition} RETURNING reserved, used"
    params: list[Any] = [*deltas.values(), quota.pk, n]
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute(update, params)
            row = cur.fetchone()
        if row is not None:
            after = {"reserved": int(row[0]), "used": int(row[1])}
            _audit_quota(quota, {k: after[k] - d for k, d in deltas.items()}, {k: after[k] for k in deltas}, reason)
        return None if row is None else (int(row[0]), int(row[1]))
    actor, label = current_actor()
    changes = ", ".join(f"'{name}', jsonb_build_array(q.{name} - %s, q.{name})" for name in deltas)
    record = ChangeRecord._meta.db_table
    sql = (f"WITH q AS ({update}), a AS (INSERT INTO {record} (at, actor_id, actor_label, action, kind, object_id, "
           f"object_repr, labels, changes, reason) SELECT %s, %s, %s, 'update', %s, %s, %s, %s::jsonb, "
           f"jsonb_build_object({changes}), %s FROM q) SELECT reserved, used FROM q")
    written, labels = object_labels(quota)
    params += [timezone.now(), getattr(actor, "pk", None), label[:150], f"{Quota._meta.app_label}.{Quota._meta.model_name}", str(quota.pk),
               written, None if labels is None else json.dumps(labels), *deltas.values(), str(reason)[:300]]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def reserve_places(quota: Quota, n: int, *, reason: str = "reserve") -> None:
    """Take n free places: `UPDATE ... SET reserved = reserved + n WHERE places - reserved - used >= n`."""
    if _conditional_update(quota, {"reserved": n}, "places - reserved - used >= %s", n, reason) is None:
        raise QuotaExhausted(Quota.objects.select_related("region").get(pk=quota.pk), n)


def use_places(quota: Quota, n: int, *, reason: str = "arrival") -> None:
    """Reserved places become used: `... SET reserved = reserved - n, used = used + n WHERE reserved >= n`."""
    if _conditional_update(quota, {"reserved": -n, "used": n}, "reserved >= %s", n, reason) is None:
        raise Conflict(_("The quota holds fewer reserved places than the family's."), code="quota_inconsistent")


def release_places(quota: Quota, n: int, *, reason: str = "release") -> None:
    """Give reserved places back: `... SET reserved = reserved - n WHERE reserved >= n`."""
    if _conditional_update(quota, {"reserved": -n}, "reserved >= %s", n, reason) is None:
        raise Conflict(_("The quota holds fewer reserved places than the family's."), code="quota_inconsistent")


def enter_quota_order(*, actor: Any, number: str, signed_on: dt.date, act: str, year: int,
                      lines: Iterable[tuple[TerritorialUnit, str, int]], source_url: str = "",
                      amends: QuotaOrder | None = None) -> QuotaOrder:
    """A ministry order (or an amendment) that sets places per receiving region and category for a year.

    A place count is changed with `UPDATE ... WHERE reserved + used <= new places`: an amendment can never
    take away places already reserved or used (the database's check constraint holds it too).
    """
    lines = list(lines)
    if not lines:
        raise RelocationError(_("An order sets at least one quota."), field="lines")
    if not (2000 <= int(year) <= 2100):
        raise RelocationError(_("The year must be from 2000 to 2100."), field="year")
    with transaction.atomic(), acting_as(actor):
        if QuotaOrder.objects.filter(number=number, signed_on=signed_on).exists():
            raise Conflict(_("Order № %(number)s of %(date)s is already entered.")
                           % {"number": number, "date": signed_on.isoformat()}, code="duplicate_order")
        order = QuotaOrder.objects.create(number=number, signed_on=signed_on, act=act, year=year,
                                          source_url=source_url, amends=amends)
        for region, category, places in lines:
            if category not in Category.values:
                raise RelocationError(_("Unknown category."), field="category")
            if isinstance(places, bool) or not isinstance(places, int) or places < 0:
                raise RelocationError(_("Places must be a whole number from 0."), field="places")
            quota = Quota.objects.filter(year=year, region=region, category=category).first()
            if quota is None:
                quota = Quota.objects.create(year=year, region=region, category=category, places=places, order=order)
            else:
                before = Quota.objects.select_related("region").get(pk=quota.pk)
                changed = Quota.objects.filter(pk=quota.pk, reserved__lte=places - F("used")).update(
                    places=places, order=order)
                if not changed:
                    raise Conflict(_("%(quota)s already has %(taken)s places reserved or used: more than %(places)s.")
                                   % {"quota": quota_label(quota), "taken": quota.reserved + quota.used,
                                      "places": places}, code="quota_below_taken", field="places")
                before.places, before.order = places, order
                record_bulk_update([before], ["places", "order"], reason=f"order {number}")
            QuotaChange.objects.create(quota=quota, order=order, places=places)
    return order


# --- budgets: an agreement's support is committed against the region's budget for the year -----------------

class BudgetExceeded(Conflict):
    def __init__(self, budget: Budget, wanted: int):
        super().__init__(
            _("Budget exceeded: %(budget)s has %(free)s tenge free, %(wanted)s needed.")
            % {"budget": budget_label(budget), "free": max(budget.free_kzt, 0), "wanted": wanted},
            code="budget_exceeded", field="budget")
        self.budget = budget


def budget_label(budget: Budget) -> str:
    return f"{_('programme budget')} {budget.year} · {budget.region.name}"


def _budget_update(budget: Budget, assignment: str, condition: str, n: int) -> int | None:
    """One statement: `UPDATE budget SET committed_kzt = ... WHERE id = %s AND <condition> RETURNING
    committed_kzt`, as the quotas' reservations: no value is read first, the row lock lasts to the commit."""
    table = Budget._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET {assignment} WHERE id = %s AND {condition} RETURNING committed_kzt",
                    [n, budget.pk, n])
        row = cur.fetchone()
    return None if row is None else int(row[0])


def commit_budget(budget: Budget, n: int, *, reason: str) -> None:
    """Commit n tenge: `... SET committed_kzt = committed_kzt + n WHERE amount_kzt - committed_kzt >= n`."""
    row = _budget_update(budget, "committed_kzt = committed_kzt + %s", "amount_kzt - committed_kzt >= %s", n)
    if row is None:
        raise BudgetExceeded(Budget.objects.select_related("region").get(pk=budget.pk), n)
    _audit_budget(budget, row - n, row, reason)


def release_budget(budget: Budget, n: int, *, reason: str) -> None:
    row = _budget_update(budget, "committed_kzt = committed_kzt - %s", "committed_kzt >= %s", n)
    if row is None:
        raise Conflict(_("The budget holds less committed money than the agreement's."), code="budget_inconsistent")
    _audit_budget(budget, row + n, row, reason)


def _audit_budget(budget: Budget, before: int, after: int, reason: str) -> None:
    record = copy.copy(budget)
    record._audit_before = {"committed_kzt": before}
    record.committed_kzt = after
    record_bulk_update([record], ["committed_kzt"], reason=reason)


def budget_for(app: Application, year: int) -> Budget | None:
    return Budget.objects.filter(year=year, region=app.receiving_region).select_related("region").first()


def enter_budget(*, actor: Any, year: int, region: TerritorialUnit, amount_kzt: int, reference: str = "") -> Budget:
    """The ministry enters (or changes) a receiving region's programme budget for a year; never below what is
    already committed (`UPDATE ... WHERE committed_kzt <= new amount`; the check constraint holds it too)."""
    if not isinstance(actor, str) and not can_in_unit(actor, "add", Budget, region):
        raise NotVisible()
    if not (2000 <= int(year) <= 2100):
        raise RelocationError(_("The year must be from 2000 to 2100."), field="year")
    if isinstance(amount_kzt, bool) or not isinstance(amount_kzt, int) or not 0 <= amount_kzt <= 10**15:
        raise RelocationError(_("The budget is a whole number of tenge from 0."), field="amount_kzt")
    if region.kind not in ("region", "city"):
        raise RelocationError(_("Budgets are set for first-level regions."), field="region")
    with transaction.atomic(), acting_as(actor):
        budget = Budget.objects.filter(year=year, region=region).first()
        if budget is None:
            return Budget.objects.create(year=year, region=region, amount_kzt=amount_kzt,
                                         reference=str(reference)[:200])
        before = Budget.objects.select_related("region").get(pk=budget.pk)
        changed = Budget.objects.filter(pk=budget.pk, committed_kzt__lte=amount_kzt).update(
            amount_kzt=amount_kzt, reference=str(reference)[:200])
        if not changed:
            raise Conflict(_("%(budget)s already has %(committed)s tenge committed: more than %(amount)s.")
                           % {"budget": budget_label(before), "committed": before.committed_kzt,
                              "amount": amount_kzt}, code="budget_below_committed", field="amount_kzt")
        before.amount_kzt, before.reference = amount_kzt, str(reference)[:200]
        record_bulk_update([before], ["amount_kzt", "reference"], reason="budget entered")
        before.refresh_from_db()
        return before


def quota_for(application: Application) -> Quota | None:
    year = (application.submitted_on or timezone.localdate()).year
    return Quota.objects.filter(year=year, region=application.receiving_region,
                                category=application.category).select_related("region").first()


# --- applications --------------------------------------------------------------------------------------------

def _role(actor: Any, application: Application) -> str:
    """'citizen' when the actor is the applicant's own account, 'officer' when they may change applications in
    the receiving region; otherwise the application is not theirs to act on (NotVisible: the API answers 404)."""
    if getattr(actor, "person_id", None) is not None and actor.person_id == application.applicant_id:
        return CITIZEN
    if actor.role == Role.OFFICER and can_in_unit(actor, "change", Application, application.receiving_region):
        return OFFICER
    if actor.role == Role.ADMIN:
        return OFFICER
    raise NotVisible()


class NotVisible(RelocationError):
    """The record is outside the actor's scope: answered as 404, never as 403 with content."""

    status = 404

    def __init__(self):
        super().__init__(_("Not found."), code="not_found")


def _account_of(person: Person) -> Any:
    return getattr(person, "account", None)


def create_application(*, actor: Any, applicant: Person, departure_region: TerritorialUnit,
                       departure_settlement: str, receiving_region: TerritorialUnit, settlement_type: str,
                       category: str = Category.RESETTLERS, housing_price_kzt: int | None = None) -> Application:
    """A draft for the applicant's family: the members of the family the people register knows are copied in."""
    own = getattr(actor, "person_id", None) == applicant.pk
    if not own and not (actor.role in (Role.OFFICER, Role.ADMIN) and (
            can_in_unit(actor, "add", Application, receiving_region)
            or can_in_unit(actor, "add", Application, departure_region))):
        raise NotVisible()
    if category not in Category.values:
        raise RelocationError(_("Unknown category."), field="category")
    if settlement_type not in SettlementType.values:
        raise RelocationError(_("Unknown settlement type."), field="settlement_type")
    if receiving_region.pk == departure_region.pk:
        raise RelocationError(_("The receiving region must differ from the departure region."),
                              field="receiving_region")
    with transaction.atomic(), acting_as(actor):
        open_states = [s for s in State.values if s not in FINAL]
        if Application.objects.filter(applicant=applicant, state__in=open_states).exists():
            raise Conflict(_("This person already has an application in progress."), code="duplicate_application")
        app = Application.objects.create(
            applicant=applicant, filed_by=actor, category=category, departure_region=departure_region,
            departure_settlement=str(departure_settlement)[:120], receiving_region=receiving_region,
            settlement_type=settlement_type, housing_price_kzt=housing_price_kzt)
        latest_family = Family.objects.filter(head=applicant).order_by("-id").values("pk")[:1]
        members = [ApplicationMember(application=app, person=applicant, relation="head")] + [
            ApplicationMember(application=app, person_id=m.person_id, relation=m.relation)
            for m in FamilyMember.objects.filter(family__in=latest_family).exclude(person=applicant).order_by("id")]
        ApplicationMember.objects.bulk_create(members)  # the family from the people register, in one INSERT
        record_bulk_create(members)
        _record_transition(app, "create", "", State.DRAFT, actor, "")
    return app


def add_member(application: Application, *, actor: Any, iin: str, relation: str, surname: str = "",
               given_name: str = "", birth_date: dt.date | None = None) -> ApplicationMember:
    """Add a family member by IIN (validated); a person the register does not know is registered, and is
    added to the applicant's family in the people register as well."""
    _role(actor, application)
    if relation not in dict(ApplicationMember._meta.get_field("relation").choices or ()) or relation == "head":
        raise RelocationError(_("Choose the member's relation to the applicant."), field="relation")
    try:
        info = parse_iin(str(iin).strip())
    except InvalidIIN as exc:
        raise RelocationError(str(IIN_ERRORS[exc.part]), field="iin", code="invalid_iin") from exc
    if birth_date is not None and birth_date != info.birth_date:
        raise RelocationError(_("The birth date does not match the one encoded in the IIN."), field="birth_date")
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.state != State.DRAFT:
            raise Conflict(_("Members can be added only to a draft: the application is %(state)s.")
                           % {"state": app.get_state_display()}, code="not_draft")
        person = Person.objects.filter(iin=info.iin).first()
        if person is None:
            if not surname.strip() or not given_name.strip():
                raise RelocationError(_("This IIN is not in the register: give the surname and given name."),
                                      field="surname")
            person = register_person(iin=info.iin, surname=surname.strip()[:100], given_name=given_name.strip()[:100],
                                     home_unit=app.applicant.home_unit)
        if app.members.filter(person=person).exists():
            raise Conflict(_("This person is already on the application."), code="duplicate_member")
        member = ApplicationMember.objects.create(application=app, person=person, relation=relation)
        family = Family.objects.filter(head=app.applicant).order_by("-id").first()
        if family is None:
            family = create_family(head=app.applicant)
        if not family.members.filter(person=person).exists():
            FamilyMember.objects.create(family=family, person=person, relation=relation)
    return member


def upload_document(application: Application, *, actor: Any, kind: str, upload: Any) -> Document:
    """Store a document through Django's storage (never in the database): PDF, JPEG or PNG up to 5 MB,
    recognised by its first bytes, not by the name the client gives (the rule: lib.uploads.check_upload)."""
    _role(actor, application)
    if kind not in DocumentKind.values:
        raise RelocationError(_("Choose the kind of document."), field="kind")
    try:
        checked = check_upload(upload)
    except UploadRefused as refused:
        message = {
            UploadRefused.EMPTY: _("The file is empty."),
            UploadRefused.TOO_LARGE: _("The file is larger than 5 MB."),
            UploadRefused.WRONG_TYPE: _("Only PDF, JPEG or PNG files are accepted."),
        }[refused.reason]
        raise RelocationError(message, field="file") from None
    if application.state in FINAL:
        raise Conflict(_("The application is %(state)s: no more documents.") % {"state": application.get_state_display()},
                       code="final_state")
    with transaction.atomic(), acting_as(actor):
        doc = Document(application=application, kind=kind)
        doc.store(checked, uploaded_by=actor)
    return doc


# --- transitions: the one writer of Application.state ---------------------------------------------------------

def _record_transition(app: Application, name: str, source: str, target: str, actor: Any, reason: str) -> Transition:
    label = actor if isinstance(actor, str) else actor.get_username()
    return Transition.objects.create(application=app, name=name, from_state=source or target, to_state=target,
                                     actor=None if isinstance(actor, str) else actor, actor_label=label,
                                     reason=str(reason)[:2000])


def not_allowed_message(state: str, name: str) -> str:
    return _("The application is %(state)s: the transition '%(transition)s' is not allowed from this state.") % {
        "state": State(state).label, "transition": TRANSITIONS[name].label if name in TRANSITIONS else name}


def _locked(pk: int, *related: str) -> Application:
    """The application as it stands, its row locked until the transaction ends (so the values read are the
    values the change record starts from); `related` are joined in the same query."""
    return (Application.objects.select_for_update(of=("self",))
            .select_related("receiving_region", "applicant__account", *related).get(pk=pk))


def _move(app: Application, name: str, *, actor: Any, reason: str = "", as_role: str | None = None,
          locked: bool = False, **fields: Any) -> Application:
    """Take transition `name` with a conditional UPDATE (`WHERE state IN sources`) and record it.

    `locked`: `app` was read by `_locked` in this transaction, so its values are the row's (no second read)."""
    t = TRANSITIONS.get(name)
    if t is None:
        raise RelocationError(_("Unknown transition."), field="transition", code="unknown_transition")
    role = as_role or (_role(actor, app) if not isinstance(actor, str) else OFFICER)
    if role not in t.by:
        raise Conflict(_("The transition '%(transition)s' is not yours to take.") % {"transition": t.label},
                       code="not_your_transition")
    before = app if locked else Application.objects.get(pk=app.pk)
    source = before.state
    changed = Application.objects.filter(pk=app.pk, state__in=t.sources).update(state=t.target, **fields)
    if not changed:
        raise Conflict(not_allowed_message(source, name), code="transition_not_allowed")
    for key, value in {"state": t.target, **fields}.items():
        setattr(app, key, value)
        setattr(before, key, value)
    record_bulk_update([before], ["state", *fields], reason=f"{name}: {reason}"[:300])
    _record_transition(app, name, source, t.target, actor, reason)
    notify(app, name)
    return app


def check_transition(app: Application, name: str) -> None:
    """Raise Conflict if the state does not allow `name` (before any work is done)."""
    t = TRANSITIONS.get(name)
    if t is None:
        raise RelocationError(_("Unknown transition."), field="transition", code="unknown_transition")
    if app.state not in t.sources:
        raise Conflict(not_allowed_message(app.state, name), code="transition_not_allowed")


def submit(app: Application, *, actor: Any, on: dt.date | None = None) -> Application:
    """draft -> submitted; the receiving region's career centre must have it within one working day."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        check_transition(app, "submit")
        found = participation.findings(app, on=on)
        refused = participation.refusals(found)
        if refused:
            raise ParticipationRefused(refused)
        held = participation.holds(found)
        due = forward_due_date(on)
        reason = (_("Held for review: %(reasons)s") % {"reasons": participation.describe(held)}) if held else ""
        return _move(app, "submit", actor=actor, reason=reason, submitted_on=on, forward_due=due)


class ParticipationRefused(Conflict):
    """A participation check refuses the step (409), naming each finding and its article."""

    def __init__(self, found: list[participation.Finding], *, held: bool = False):
        text = participation.describe(found)
        message = (_("Held for review until an override approved by a second person: %(reasons)s") if held
                   else _("Refused: %(reasons)s")) % {"reasons": text}
        super().__init__(message, code="participation_held" if held else "participation_refused")
        self.findings = found


def request_override(app: Application, *, actor: Any, code: str, person: Person, reason: str) -> ParticipationOverride:
    """An officer asks to let the application pass one participation check for one member, with a reason; it
    takes effect only when a second person approves it (approve_override)."""
    if code not in participation.CHECKS:
        raise RelocationError(_("Unknown check."), field="code")
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        _role_officer(actor, app)
        if app.state in FINAL:
            raise Conflict(_("The application is %(state)s.") % {"state": app.get_state_display()},
                           code="final_state")
        if not app.members.filter(person=person).exists():
            raise RelocationError(_("This person is not on the application."), field="person")
        if ParticipationOverride.objects.filter(application=app, code=code, person=person).exists():
            raise Conflict(_("An override of this check for this person is already recorded."),
                           code="duplicate_override")
        return ParticipationOverride.objects.create(application=app, code=code, person=person,
                                                    reason=str(reason)[:2000], requested_by=actor)


def approve_override(override: ParticipationOverride, *, actor: Any) -> ParticipationOverride:
    """The second person approves an override: never the officer who asked for it (the database refuses it too).
    The row is locked, so two approvals cannot both succeed."""
    with transaction.atomic(), acting_as(actor):
        override = ParticipationOverride.objects.select_for_update().get(pk=override.pk)
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=override.application_id)
        _role_officer(actor, app)
        if override.status != ParticipationOverride.Status.REQUESTED:
            raise Conflict(_("This override is already approved."), code="override_approved")
        if override.requested_by_id == actor.pk:
            raise Conflict(_("You asked for this override: a second person must approve it."), code="four_eyes")
        override.status = ParticipationOverride.Status.APPROVED
        override.approved_by, override.approved_at = actor, timezone.now()
        override.save()
        _record_transition(app, "override", app.state, app.state, actor,
                           f"{override.code} ({override.person_id}): {override.reason}")
    return override


def forward_due_date(submitted: dt.date) -> dt.date:
    """One working day after submission, by Kazakhstan's calendar (law/rules/calendar)."""
    return add_working_days(np.array([submitted], dtype="datetime64[D]"), 1)[0].astype(dt.date)


def forward(app: Application, *, actor: Any, on: dt.date | None = None) -> Application:
    with transaction.atomic(), acting_as(actor):
        return _move(app, "forward", actor=actor, forwarded_on=on or timezone.localdate())


def law_members(app: Application, members: list[ApplicationMember] | None = None) -> list[dict[str, Any]]:
    """The family as the law reads it, from the registers: birth date, citizenship, employment status
    (labour's job-seeker and contract registers), months registered in the departure region (registry).
    `members`: the application's members with their persons, when the caller has read them already."""
    on = app.submitted_on or timezone.localdate()
    if members is None:
        members = list(app.members.select_related("person").order_by("id"))
    seekers = {s.person_id: s.status for s in JobSeeker.objects.open_on(on).filter(
        person__in=[m.person_id for m in members])}
    out = []
    for m in members:
        p = m.person
        if p.pk in seekers:
            status = "unemployed" if seekers[p.pk] == "unemployed" else "job_seeker"
        elif active_contract(p, on) is not None:
            status = "employed"
        else:
            status = "none"
        reg = active_permanent(p)
        months = 0
        if reg is not None and first_level_unit(reg.region).pk == app.departure_region_id:
            start = reg.registered_on
            months = max(0, (on.year - start.year) * 12 + on.month - start.month - (1 if on.day < start.day else 0))
        out.append({"birth_date": p.birth_date, "citizenship": p.citizenship or "KZ", "status": status,
                    "months_registered_in_departure_region": months,
                    "relation": "head" if m.relation == "head" else "member"})
    return out


def _decide(app: Application, quota: Quota | None, members: list[ApplicationMember] | None = None) -> Decision:
    """The law's decision on the application's date with the quota's free places passed in, stored as a
    law.Decision (superseding an earlier one on the case); the application itself is not changed here."""
    free = 0 if quota is None else max(quota.free, 0)
    if members is None:
        members = list(app.members.select_related("person").order_by("id"))
    law_input = law_members(app, members)
    try:
        decision = decide_relocation(
            case=app.case, supersedes=app.decision, on=app.submitted_on, members=law_input,
            departure_region=app.departure_region.code, arrival_region=app.receiving_region.code,
            settlement_type=app.settlement_type, housing_price_kzt=app.housing_price_kzt, quota_free_places=free)
    except LawInputError as exc:
        raise RelocationError(exc.message, field=exc.field, code="law_input") from exc
    # what the decision was computed from, sealed beside it (relocation/snapshots.py)
    family = [{"person_id": member.person_id, **{k: (v.isoformat() if isinstance(v, dt.date) else v)
                                                 for k, v in law_member.items()}}
              for member, law_member in zip(members, law_input, strict=True)]
    snapshots.take(app, decision, family)
    return decision


def assess(app: Application, *, actor: Any) -> Decision:
    """The law decides on the application's date, with the quota's free places passed in; stored as a
    law.Decision (superseding an earlier one) and attached to the application."""
    if app.state != State.IN_REVIEW:
        raise Conflict(not_allowed_message(app.state, "approve"), code="transition_not_allowed")
    with transaction.atomic(), acting_as(actor):
        decision = _decide(app, quota_for(app))
        before = Application.objects.get(pk=app.pk)
        Application.objects.filter(pk=app.pk).update(decision=decision)
        app.decision = before.decision = decision
        record_bulk_update([before], ["decision"], reason="decision by law")
    return decision


def approve(app: Application, *, actor: Any, reason: str = "") -> Application:
    """in review -> approved: the law must find the family eligible; places are reserved for every member.

    Everything that does not need the quota's row comes first (the law's decision, the move of the state, its
    records and notice); the conditional UPDATE of the quota is the last statement before the commit, so the
    quota's row is locked only for that statement, its change record and the commit. If the quota has no
    room, the whole transaction (decision and move included) rolls back."""
    with transaction.atomic(), acting_as(actor):
        app = _locked(app.pk, "departure_region")
        _role_officer(actor, app)
        check_transition(app, "approve")
        held = participation.holds(participation.findings(app, on=timezone.localdate()))
        if held:
            raise ParticipationRefused(held, held=True)
        quota = quota_for(app)
        members = list(app.members.select_related("person").order_by("id"))
        n = len(members)
        decision = _decide(app, quota, members)
        unmet = [c for c in decision.conditions if not c["passed"]]
        if quota is not None and [c["name"] for c in unmet] == ["arrival_region_has_quota"]:
            raise QuotaExhausted(quota, n)
        if not decision.eligible:
            failed = ", ".join(str(c.get("label") or c["name"]) for c in unmet)
            raise NotEligible(_("The law does not find the family eligible (%(failed)s): refuse on one of these "
                                "grounds.") % {"failed": failed}, decision=decision)
        if quota is None:
            raise Conflict(_("There is no quota for this region, category and year."), code="no_quota")
        _move(app, "approve", actor=actor, reason=reason, locked=True, decision=decision, quota=quota, places=n)
        reserve_places(quota, n, reason=f"approve application {app.pk}")  # last: the quota row's lock is short
    return app


class NotEligible(Conflict):
    def __init__(self, message: str, *, decision: Decision):
        super().__init__(message, code="not_eligible")
        self.decision = decision


def _role_officer(actor: Any, app: Application) -> None:
    if _role(actor, app) != OFFICER:
        raise Conflict(_("Only the receiving region's career centre decides."), code="not_your_transition")


def refusal_grounds(app: Application) -> list[dict[str, Any]]:
    """The grounds the law names for this application: the conditions its decision found unmet."""
    if app.decision is None:
        return []
    return [c for c in app.decision.conditions if not c["passed"]]


def refuse(app: Application, *, actor: Any, ground: str, reason: str = "") -> Application:
    """in review -> refused, only on a ground the law names (a condition the decision found unmet)."""
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        _role_officer(actor, app)
        check_transition(app, "refuse")
        if app.decision is None:
            assess(app, actor=actor)
        grounds = {c["name"]: c for c in refusal_grounds(app)}
        if not grounds:
            raise Conflict(_("The law finds the family eligible: it names no ground for a refusal."),
                           code="no_ground", field="ground")
        if ground not in grounds:
            raise RelocationError(_("Refuse on one of the grounds the law names: %(grounds)s.")
                                  % {"grounds": ", ".join(grounds)}, field="ground", code="not_a_ground")
        return _move(app, "refuse", actor=actor, reason=reason or ground, refusal_ground=ground)


def _measures(app: Application) -> list[dict[str, Any]]:
    return [{"name": a["name"], "amount_kzt": int(a["amount_kzt"]), "article": a["article"]}
            for a in (app.decision.entitlements if app.decision else []) if int(a["amount_kzt"]) > 0
            and a["name"] != "rent_compensation_total"]


def sign_agreement(app: Application, *, actor: Any, planned_arrival: dt.date, transport: str,
                   job_or_training: str, housing_search: str, on: dt.date | None = None) -> Agreement:
    on = on or timezone.localdate()
    if planned_arrival < on:
        raise RelocationError(_("The planned arrival cannot be before the signing."), field="planned_arrival")
    for field_name, value in (("transport", transport), ("job_or_training", job_or_training),
                              ("housing_search", housing_search)):
        if not str(value or "").strip():
            raise RelocationError(_("This part of the adaptation plan is required."), field=field_name)
    with transaction.atomic(), acting_as(actor):
        app = _locked(app.pk, "decision")
        _role_officer(actor, app)
        check_transition(app, "sign_agreement")
        total = int(app.decision.total_kzt) if app.decision else 0
        budget = budget_for(app, on.year)
        if budget is None:
            raise Conflict(_("There is no programme budget for %(region)s in %(year)s: the ministry enters it first.")
                           % {"region": app.receiving_region.name, "year": on.year}, code="no_budget")
        if total:
            commit_budget(budget, total, reason=f"agreement of application {app.pk}")
        agreement = Agreement.objects.create(
            application=app, signed_on=on, planned_arrival=planned_arrival, transport=transport[:200],
            job_or_training=job_or_training[:300], housing_search=housing_search[:300], measures=_measures(app),
            budget=budget, committed_kzt=total)
        _move(app, "sign_agreement", actor=actor, locked=True)
    return agreement


def _release_held(app: Application, reason: str) -> dict[str, Any]:
    """Give back the places an application holds and the money its agreement committed."""
    if app.state == State.AGREEMENT_SIGNED:
        agreement = Agreement.objects.filter(application=app).select_related("budget").first()
        if agreement is not None and agreement.budget is not None and agreement.committed_kzt:
            release_budget(agreement.budget, int(agreement.committed_kzt), reason=reason)
    if app.state in HOLDS_RESERVED and app.quota is not None and app.places:  # no query when quota_id is empty
        release_places(app.quota, app.places, reason=reason)
        return {"places": 0}
    return {}


def cancel_agreement(app: Application, *, actor: Any, reason: str, on: dt.date | None = None) -> Application:
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant", "quota").get(pk=app.pk)
        _role_officer(actor, app)
        check_transition(app, "cancel_agreement")
        fields = _release_held(app, f"agreement of application {app.pk} cancelled")
        agreement = Agreement.objects.get(application=app)
        agreement.cancelled_on = on or timezone.localdate()
        agreement.cancel_reason = reason[:300]
        agreement.save()
        return _move(app, "cancel_agreement", actor=actor, reason=reason, **fields)


def withdraw(app: Application, *, actor: Any, reason: str = "") -> Application:
    """The citizen withdraws before arrival; reserved places go back to the quota."""
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant", "quota").get(pk=app.pk)
        check_transition(app, "withdraw")
        if _role(actor, app) != CITIZEN:
            raise Conflict(_("Only the applicant may withdraw the application."), code="not_your_transition")
        fields = _release_held(app, f"application {app.pk} withdrawn")
        return _move(app, "withdraw", actor=actor, reason=reason, **fields)


def arrival_registration(app: Application) -> Registration | None:
    """The applicant's active permanent registration in the receiving region, from the registry, if any."""
    reg = active_permanent(app.applicant)
    if reg is None or first_level_unit(reg.region).pk != app.receiving_region_id:
        return None
    return reg


def _month_start(day: dt.date, add: int) -> dt.date:
    m = day.month - 1 + add
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def confirm_arrival(app: Application, *, actor: Any) -> Application:
    """Arrival is read from the registry (a permanent registration of the applicant in the receiving region),
    never typed in: reserved places become used, the payment orders fall due, the five-year follow-up starts."""
    with transaction.atomic(), acting_as(actor):
        app = _locked(app.pk, "quota__region", "decision")
        _role_officer(actor, app)
        check_transition(app, "confirm_arrival")
        reg = arrival_registration(app)
        if reg is None:
            raise Conflict(_("The registry holds no permanent registration of the applicant in %(region)s: arrival "
                             "cannot be confirmed yet.") % {"region": app.receiving_region.name},
                           code="no_registration")
        arrived = reg.arrival_date
        assert app.quota is not None, "a signed agreement holds places in a quota"
        years = int(parameter_value("relocation.obligation_years", arrived).value)
        until = _add_years(arrived, years)
        _move(app, "confirm_arrival", actor=actor, reason=f"registration {reg.pk} of {reg.registered_on.isoformat()}",
              locked=True, arrived_on=arrived, follow_up_until=until)
        _create_arrival_orders(app, arrived)
        issue_housing_certificate(app, actor=actor, on=arrived)
        use_places(app.quota, app.places, reason=f"arrival of application {app.pk}")  # last: a short row lock
    return app


def start_follow_up(app: Application, *, actor: Any) -> Application:
    """arrived -> under follow-up (the daily scan takes it the day after arrival, or the officer at once)."""
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        if not isinstance(actor, str):
            _role_officer(actor, app)
        check_transition(app, "start_follow_up")
        assert app.arrived_on is not None and app.follow_up_until is not None, "set on the arrival"
        years = int(parameter_value("relocation.obligation_years", app.arrived_on).value)
        return _move(app, "start_follow_up", actor=actor, as_role=OFFICER,
                     reason=_("obligations for %(years)s years, until %(date)s")
                     % {"years": years, "date": app.follow_up_until.isoformat()})


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _entitlement(app: Application, name: str) -> tuple[int, str]:
    for a in app.decision.entitlements if app.decision else []:
        if a["name"] == name:
            return int(a["amount_kzt"]), a["article"]
    return 0, ""


def _create_arrival_orders(app: Application, arrived: dt.date) -> list[PaymentOrder]:
    orders = []
    subsidy, article = _entitlement(app, "relocation_subsidy")
    common = {"application": app, "beneficiary": app.applicant, "region": app.receiving_region}
    if subsidy > 0:
        orders.append(PaymentOrder(**common, measure=PaymentOrder.Measure.RELOCATION_SUBSIDY, period_start=arrived,
                                   period_end=arrived, amount_kzt=subsidy, article=article,
                                   due_on=forward_due_date(arrived),
                                   snapshot=snapshots.order_snapshot(app, "relocation_subsidy")))
    monthly, article = _entitlement(app, "rent_compensation_monthly")
    months_read = parameter_value("relocation.rent_compensation.months", arrived)
    months = int(months_read.value)
    if monthly > 0:
        rent_snapshot = snapshots.order_snapshot(app, "rent_compensation_monthly",
                                                 parameters=[months_read.as_dict()])
        for i in range(months):
            start = _month_start(arrived, i + 1)
            end = _month_start(arrived, i + 2) - dt.timedelta(days=1)
            orders.append(PaymentOrder(**common, measure=PaymentOrder.Measure.RENT_COMPENSATION, period_start=start,
                                       period_end=end, amount_kzt=monthly, article=article, due_on=end,
                                       snapshot=rent_snapshot))
    for order in orders:  # bulk_create skips save(), where a new order's hash is sealed
        order.money_hash = snapshots.money_hash(order.money())
    PaymentOrder.objects.bulk_create(orders)  # one INSERT for the 13 orders, and one for their change records
    record_bulk_create(orders)
    return orders


def issue_housing_certificate(app: Application, *, actor: Any, on: dt.date) -> PaymentOrder | None:
    """The housing certificate falls due once a member of the family has an active employment contract in
    labour's register (once per family: the unique constraint holds it)."""
    amount, article = _entitlement(app, "housing_certificate")
    if amount <= 0 or app.state not in (State.ARRIVED, State.FOLLOW_UP):
        return None
    if PaymentOrder.objects.filter(application=app, measure=PaymentOrder.Measure.HOUSING_CERTIFICATE).exclude(
            status=PaymentOrder.Status.CANCELLED).exists():
        return None
    employed = EmploymentContract.objects.active_on(on).filter(
        employee__in=app.members.values("person_id")).exists()  # labour's active_contract, for the whole family
    if not employed:
        return None
    with transaction.atomic(), acting_as(actor):
        order = PaymentOrder.objects.create(
            application=app, beneficiary=app.applicant, region=app.receiving_region,
            measure=PaymentOrder.Measure.HOUSING_CERTIFICATE, period_start=on, period_end=on, amount_kzt=amount,
            article=article, due_on=forward_due_date(on),
            snapshot=snapshots.order_snapshot(app, "housing_certificate"))
        notify(app, "housing_certificate")
    return order


def complete(app: Application, *, actor: Any, on: dt.date | None = None) -> Application:
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        check_transition(app, "complete")
        if app.follow_up_until is None or on < app.follow_up_until:
            raise Conflict(_("The obligations run until %(date)s.") % {"date": app.follow_up_until},
                           code="obligations_running")
        if app.flags.filter(status=FollowUpFlag.Status.OPEN).exists():
            raise Conflict(_("Resolve the open follow-up flags first."), code="open_flags")
        return _move(app, "complete", actor=actor, reason=_("obligations fulfilled"))


# --- follow-up --------------------------------------------------------------------------------------------------

def scan_follow_up(*, on: dt.date | None = None, actor: Any = "follow_up_scan") -> dict[str, int]:
    """The daily scan of every participant under follow-up: flags a deregistration from the receiving region,
    no active employment contract past the law's alert date, a contract ended during follow-up; issues housing
    certificates that fell due; completes the follow-ups whose obligations ended; reminds of deadlines."""
    on = on or timezone.localdate()
    counts = {"started": 0, "flags": 0, "completed": 0, "certificates": 0, "reminders": 0}
    for app in Application.objects.filter(state=State.ARRIVED, arrived_on__lt=on + dt.timedelta(days=1)):
        start_follow_up(app, actor=actor)
        counts["started"] += 1
    apps = Application.objects.filter(state=State.FOLLOW_UP).select_related("applicant", "receiving_region")
    for app in apps.iterator(chunk_size=500):
        with transaction.atomic(), acting_as(actor):
            for kind, event, article in _breaches(app, on):
                _flag, created = FollowUpFlag.objects.get_or_create(
                    application=app, kind=kind, event_date=event,
                    defaults={"detected_on": on, "article": article})
                if created:
                    counts["flags"] += 1
                    notify(app, "flag_" + kind)
            if issue_housing_certificate(app, actor=actor, on=on):
                counts["certificates"] += 1
            if (app.follow_up_until and on >= app.follow_up_until
                    and not app.flags.filter(status=FollowUpFlag.Status.OPEN).exists()):
                _move(app, "complete", actor=actor, reason=_("obligations fulfilled"), as_role=OFFICER)
                counts["completed"] += 1
    counts["reminders"] = remind_deadlines(on=on)
    return counts


def _breaches(app: Application, on: dt.date) -> list[tuple[str, dt.date, str]]:
    out: list[tuple[str, dt.date, str]] = []
    person = app.applicant
    reg = active_permanent(person)
    if reg is None or first_level_unit(reg.region).pk != app.receiving_region_id:
        last = (Registration.objects.filter(person=person, kind="permanent", region__path__startswith=
                                            app.receiving_region.path, ended_on__isnull=False)
                .order_by("-ended_on").first())
        left = last.ended_on if last is not None and last.ended_on is not None else on  # ended_on is set: filtered
        out.append((FollowUpFlag.Kind.DEREGISTERED, left, REFUND_ARTICLE))
    if app.arrived_on and active_contract(person, on) is None:
        alert = employment_alert_date(arrival=app.arrived_on)
        ended = (EmploymentContract.objects.filter(employee=person, terminated_on__gte=app.arrived_on,
                                                   terminated_on__lte=on).order_by("-terminated_on").first())
        if ended is not None and ended.terminated_on is not None:  # terminated_on is set: filtered
            out.append((FollowUpFlag.Kind.CONTRACT_ENDED, ended.terminated_on, "model-law/art-15/p-1"))
        elif on > alert.due_date and not EmploymentContract.objects.filter(
                employee=person, start_date__gte=app.arrived_on).exists():
            out.append((FollowUpFlag.Kind.NO_CONTRACT, alert.due_date, alert.article))
    return out


def resolve_flag(flag: FollowUpFlag, *, actor: Any, confirm: bool, reason: str) -> FollowUpFlag:
    """The officer confirms or dismisses a flag, with a reason. A confirmed breach moves the application to
    'breached' (the day the family left is kept); the refund is assessed next (assess_refund)."""
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        flag = FollowUpFlag.objects.select_for_update().select_related("application").get(pk=flag.pk)
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=flag.application_id)
        _role_officer(actor, app)
        if flag.status != FollowUpFlag.Status.OPEN:
            raise Conflict(_("This flag is already %(status)s.") % {"status": flag.get_status_display()},
                           code="flag_resolved")
        flag.status = FollowUpFlag.Status.CONFIRMED if confirm else FollowUpFlag.Status.DISMISSED
        flag.resolved_at, flag.resolved_by, flag.reason = timezone.now(), actor, reason[:2000]
        if confirm:
            check_transition(app, "breach")
        flag.save()
        if confirm:
            _move(app, "breach", actor=actor, reason=f"{flag.get_kind_display()}: {reason}", left_on=flag.event_date)
    return flag


def assess_refund(app: Application, *, actor: Any, on: dt.date | None = None) -> PaymentOrder:
    """breached -> refund assessed: the law's subsidy_refund for the day the family left (pro rata to the days of
    the obligation not served), issued as a refund order; payment orders for periods after leaving are cancelled."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        _role_officer(actor, app)
        check_transition(app, "assess_refund")
        return _assess_refund(app, actor=actor, departure=app.left_on or on, on=on)


def _assess_refund(app: Application, *, actor: Any, departure: dt.date, on: dt.date) -> PaymentOrder:
    subsidy = PaymentOrder.objects.filter(application=app, measure=PaymentOrder.Measure.RELOCATION_SUBSIDY).exclude(
        status=PaymentOrder.Status.CANCELLED).first()
    paid = subsidy.amount_kzt if subsidy and subsidy.status == PaymentOrder.Status.PAID else 0
    assert app.arrived_on is not None, "a refund is assessed only after the arrival"
    exemption = Exemption.objects.filter(application=app).first()
    refund = subsidy_refund(on=on, subsidy_kzt=int(paid), arrival=app.arrived_on, departure=departure,
                            exemption=exemption.ground if exemption else "")
    later = list(PaymentOrder.objects.filter(application=app, status=PaymentOrder.Status.DUE,
                                             period_start__gt=departure))
    if later:
        PaymentOrder.objects.filter(pk__in=[o.pk for o in later], status=PaymentOrder.Status.DUE).update(
            status=PaymentOrder.Status.CANCELLED)
        for o in later:
            o.status = PaymentOrder.Status.CANCELLED
        record_bulk_update(later, ["status"], reason=f"breach of application {app.pk}")
    order = PaymentOrder.objects.create(
        application=app, beneficiary=app.applicant, region=app.receiving_region, measure=PaymentOrder.Measure.REFUND,
        period_start=departure, period_end=on, amount_kzt=refund.amount_kzt, article=refund.article,
        due_on=on + dt.timedelta(days=30),
        snapshot={**snapshots.order_snapshot(app, "refund"),
                  "refund": {"subsidy_paid_kzt": int(paid), "arrival": app.arrived_on.isoformat(),
                             "departure": departure.isoformat(), "on": on.isoformat(), "article": refund.article}},
        status=PaymentOrder.Status.PAID if refund.amount_kzt == 0 else PaymentOrder.Status.DUE,
        paid_on=on if refund.amount_kzt == 0 else None)
    _create_debt(app, order, paid=int(paid), departure=departure, on=on, exempt=exemption is not None)
    _move(app, "assess_refund", actor=actor, reason=f"{refund.amount_kzt} KZT ({refund.article})")
    return order


def close(app: Application, *, actor: Any, reason: str = "") -> Application:
    """refund assessed -> closed, once the refund order is paid back."""
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        _role_officer(actor, app)
        check_transition(app, "close")
        if PaymentOrder.objects.filter(application=app, measure=PaymentOrder.Measure.REFUND).exclude(
                status__in=[PaymentOrder.Status.PAID, PaymentOrder.Status.CANCELLED]).exists():
            raise Conflict(_("The refund is not repaid yet."), code="refund_outstanding")
        return _move(app, "close", actor=actor, reason=reason)


# --- notifications ------------------------------------------------------------------------------------------

def notify(app: Application, kind: str, params: dict[str, Any] | None = None) -> None:
    """An in-site notice to the applicant's account, and an e-mail through Django's mail backend."""
    user = _account_of(app.applicant)
    if user is None:
        return
    notice = Notification.objects.create(user=user, application=app, kind=kind, params=params or {})
    if user.email:
        from .notices import text_of

        with translation.override(settings.LANGUAGE_CODE):
            subject, body = text_of(notice)
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=True))
        Notification.objects.filter(pk=notice.pk).update(emailed=True)


def _remind_once(app: Application, kind: str, on: dt.date, day: dt.date) -> int:
    """One reminder of the deadline `day` per day of the scan `on` (the notice keeps both)."""
    if Notification.objects.filter(application=app, kind=kind, params__on=on.isoformat()).exists():
        return 0
    notify(app, kind, {"date": day.isoformat(), "on": on.isoformat()})
    return 1


def remind_deadlines(*, on: dt.date) -> int:
    """Reminders in the 7 days before each of the participant's deadlines (once per day): a planned arrival with no
    registration yet; the law's employment alert date with no active employment contract yet
    (`law.services.employment_alert_date`, art. 15(1)); a refund order's due date while it is unpaid."""
    n = 0
    week = on + dt.timedelta(days=7)
    soon = Agreement.objects.filter(application__state=State.AGREEMENT_SIGNED, planned_arrival__gte=on,
                                    planned_arrival__lte=week).select_related("application")
    for agreement in soon:
        n += _remind_once(agreement.application, "arrival_reminder", on, agreement.planned_arrival)
    alerts: dict[dt.date, dt.date] = {}  # arrival date -> the law's alert date (one evaluation per arrival date)
    for app in Application.objects.filter(state__in=[State.ARRIVED, State.FOLLOW_UP], arrived_on__isnull=False,
                                          arrived_on__lte=on).select_related("applicant"):
        assert app.arrived_on is not None  # filtered
        if app.arrived_on not in alerts:
            alerts[app.arrived_on] = employment_alert_date(arrival=app.arrived_on).due_date
        due = alerts[app.arrived_on]
        if on <= due <= week and active_contract(app.applicant, on) is None:
            n += _remind_once(app, "employment_reminder", on, due)
    refunds = PaymentOrder.objects.filter(measure=PaymentOrder.Measure.REFUND, status__in=PAYABLE_FOR_PAYMENT,
                                          due_on__gte=on, due_on__lte=week).select_related("application__applicant")
    for order in refunds:
        n += _remind_once(order.application, "refund_reminder", on, order.due_on)
    return n


# --- debts: refunds owed back to the programme (model law art. 11, art. 19) -----------------------------------

def _create_debt(app: Application, order: PaymentOrder, *, paid: int, departure: dt.date, on: dt.date,
                 exempt: bool) -> Debt:
    """The debt behind a refund order, frozen with the inputs the law computed it from."""
    assert app.arrived_on is not None and app.follow_up_until is not None, "set on the arrival"
    owed_days = (app.follow_up_until - app.arrived_on).days
    served = min(max((departure - app.arrived_on).days, 0), owed_days)
    status = Debt.Status.EXEMPT if exempt else (Debt.Status.OPEN if order.amount_kzt else Debt.Status.REPAID)
    return Debt.objects.create(
        application=app, refund_order=order, debtor=app.applicant, region=app.receiving_region,
        amount_kzt=order.amount_kzt, arrival=app.arrived_on, departure=departure, days_served=served,
        days_owed=owed_days, subsidy_paid_kzt=paid, article=order.article, rules_version=rules_version(),
        computed_on=on, due_on=order.due_on, limitation_on=debt_limitation_date(order.due_on).due_date,
        status=status, closed_on=None if status == Debt.Status.OPEN else on)


def _locked_debt(debt: Debt | int) -> Debt:
    pk = debt if isinstance(debt, int) else debt.pk
    found = Debt.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise RelocationError(_("No such debt."), code="not_found", field="debt")
    return found


def _debt_officer(actor: Any, debt: Debt) -> None:
    """A user who may decide on applications in the debt's region (the career centre), or the system."""
    if isinstance(actor, str):
        return
    if actor.role == Role.ADMIN or (actor.role == Role.OFFICER
                                    and can_in_unit(actor, "change", Application, debt.region)):
        return
    raise NotVisible()


def _require_open(debt: Debt) -> None:
    if debt.status != Debt.Status.OPEN:
        raise Conflict(_("The debt is %(status)s.") % {"status": debt.get_status_display()}, code="debt_" + debt.status)


def decide_exemption(app: Application, *, actor: Any, ground: str, evidence: Document, reason: str,
                     on: dt.date | None = None) -> Exemption:
    """The career centre decides, on evidence, that no refund is due (model law art. 11(3)): a member's death or
    serious illness, a disaster, conscription, a transfer by the employer. Before the refund is assessed it makes
    the refund 0; after, the open debt is closed as exempt and its refund order cancelled."""
    on = on or timezone.localdate()
    if ground not in Exemption.Ground.values:
        raise RelocationError(_("Choose a ground the law names."), field="ground")
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        _role_officer(actor, app)
        if app.state not in (State.BREACHED, State.REFUND_ASSESSED):
            raise Conflict(_("An exemption is decided after a confirmed breach."), code="not_breached")
        if evidence.application_id != app.pk:
            raise RelocationError(_("The evidence must be a document of this application."), field="evidence")
        if Exemption.objects.filter(application=app).exists():
            raise Conflict(_("An exemption is already decided."), code="exemption_decided")
        exemption = Exemption.objects.create(application=app, ground=ground, evidence=evidence, reason=reason[:2000],
                                             decided_by=actor, decided_on=on)
        for debt in Debt.objects.select_for_update().filter(application=app, status=Debt.Status.OPEN):
            _close_debt(debt, Debt.Status.EXEMPT, on=on, reason=reason, cites=f"relocation.exemption:{exemption.pk}")
    return exemption


def _close_debt(debt: Debt, status: str, *, on: dt.date, reason: str, cites: str = "") -> None:
    debt.status, debt.closed_on, debt.closed_reason, debt.closed_cites = status, on, str(reason)[:2000], cites[:80]
    debt.save()
    if status in (Debt.Status.EXEMPT, Debt.Status.ANNULLED, Debt.Status.WRITTEN_OFF, Debt.Status.TIME_BARRED):
        order = debt.refund_order
        if order.status in PAYABLE_FOR_PAYMENT:
            PaymentOrder.objects.filter(pk=order.pk).update(status=PaymentOrder.Status.CANCELLED)
            order.status = PaymentOrder.Status.CANCELLED
            record_bulk_update([order], ["status"], reason=f"debt {debt.pk} {status}: {cites}"[:300])


def grant_instalments(debt: Debt, *, actor: Any, schedule: list[tuple[dt.date, int]], reason: str,
                      on: dt.date | None = None) -> InstalmentPlan:
    """The officer grants an instalment plan: the instalments (due date, whole tenge) add up to what is owed."""
    on = on or timezone.localdate()
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    if not schedule or len(schedule) > 120:
        raise RelocationError(_("A plan has from 1 to 120 instalments."), field="schedule")
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        _debt_officer(actor, debt)
        _require_open(debt)
        amounts = [int(a) for _d, a in schedule]
        if any(a <= 0 for a in amounts) or sum(amounts) != debt.owed_kzt:
            raise RelocationError(_("The instalments must be positive and add up to %(owed)s tenge owed.")
                                  % {"owed": debt.owed_kzt}, field="schedule")
        dates = [d for d, _a in schedule]
        if dates != sorted(dates) or dates[0] < on:
            raise RelocationError(_("Instalments fall due in order, from today."), field="schedule")
        InstalmentPlan.objects.filter(debt=debt, active=True).update(active=False)
        plan = InstalmentPlan.objects.create(debt=debt, granted_by=actor, granted_on=on, reason=reason[:2000])
        for due, amount in schedule:
            Instalment.objects.create(plan=plan, due_on=due, amount_kzt=amount)
    return plan


def record_repayment(debt: Debt | int, *, actor: Any, amount_kzt: int, received_on: dt.date,
                     reference: str) -> DebtRepayment:
    """Money repaid against a debt: allocated to the active plan's earliest unpaid instalments first; the last
    tenge settles the debt and its refund order. The same payment reference is never allocated twice."""
    if isinstance(amount_kzt, bool) or not isinstance(amount_kzt, int) or amount_kzt <= 0:
        raise RelocationError(_("The amount must be a positive number of tenge."), field="amount")
    reference = str(reference).strip()[:64]
    if not reference:
        raise RelocationError(_("Give the payment reference."), field="reference")
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        _require_open(debt)
        if amount_kzt > debt.owed_kzt:
            raise RelocationError(_("More than is owed (%(owed)s tenge).") % {"owed": debt.owed_kzt}, field="amount")
        if DebtRepayment.objects.filter(reference=reference).exists():
            raise Conflict(_("This payment is already recorded."), code="duplicate_repayment")
        allocation = []
        plan = debt.plans.filter(active=True).first()
        left = amount_kzt
        if plan is not None:
            for inst in plan.instalments.select_for_update().filter(paid_kzt__lt=F("amount_kzt")).order_by("due_on",
                                                                                                          "id"):
                take = min(left, inst.amount_kzt - inst.paid_kzt)
                inst.paid_kzt += take
                inst.save()
                allocation.append({"instalment": inst.pk, "due_on": inst.due_on.isoformat(), "amount_kzt": take})
                left -= take
                if not left:
                    break
        repayment = DebtRepayment.objects.create(debt=debt, amount_kzt=amount_kzt, received_on=received_on,
                                                 reference=reference, allocation=allocation,
                                                 recorded_by=None if isinstance(actor, str) else actor)
        debt.repaid_kzt += amount_kzt
        if debt.repaid_kzt == debt.amount_kzt:
            debt.status, debt.closed_on = Debt.Status.REPAID, received_on
            mark_orders_paid([debt.refund_order_id], actor=actor, paid_on=received_on, reference=reference)
        debt.save()
    return repayment


def request_write_off(debt: Debt, *, actor: Any, reason: str) -> Debt:
    """The first signature of a write-off, with its reason; a second official approves (approve_write_off)."""
    if not str(reason or "").strip():
        raise RelocationError(_("Give the reason."), field="reason")
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        _debt_officer(actor, debt)
        _require_open(debt)
        if debt.write_off_requested_by_id:
            raise Conflict(_("A write-off is already requested."), code="write_off_requested")
        debt.write_off_requested_by, debt.write_off_reason = actor, reason[:2000]
        debt.save()
    return debt


def approve_write_off(debt: Debt, *, actor: Any, on: dt.date | None = None) -> Debt:
    """The second signature: by another official than the one who asked (the database holds it too)."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        _debt_officer(actor, debt)
        _require_open(debt)
        if not debt.write_off_requested_by_id:
            raise Conflict(_("No write-off is requested."), code="no_write_off_requested")
        if debt.write_off_requested_by_id == getattr(actor, "pk", None):
            raise Conflict(_("The second signature must be another official's."), code="same_signatory")
        debt.write_off_approved_by = actor
        _close_debt(debt, Debt.Status.WRITTEN_OFF, on=on, reason=debt.write_off_reason)
    return debt


def close_time_barred(*, on: dt.date | None = None, actor: Any = "relocation_daily") -> int:
    """Open debts whose limitation period ran out (model law art. 19(5)) are closed; not while recovery is paused
    by an open appeal."""
    on = on or timezone.localdate()
    n = 0
    for pk in Debt.objects.filter(status=Debt.Status.OPEN, recovery=Debt.Recovery.ACTIVE,
                                  limitation_on__lte=on).values_list("pk", flat=True):
        with transaction.atomic(), acting_as(actor):
            debt = _locked_debt(pk)
            if debt.status == Debt.Status.OPEN and debt.recovery == Debt.Recovery.ACTIVE:
                _close_debt(debt, Debt.Status.TIME_BARRED, on=on, reason="model-law/art-19/p-5")
                n += 1
    return n


def pause_recovery(debt: Debt, *, actor: Any, note: str) -> Debt:
    """Recovery stops while an appeal against the breach or the refund is open (model law art. 19(3))."""
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        debt.recovery, debt.recovery_note = Debt.Recovery.PAUSED, str(note)[:200]
        debt.save()
    return debt


def resume_recovery(debt: Debt, *, actor: Any, note: str = "") -> Debt:
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        debt.recovery, debt.recovery_note = Debt.Recovery.ACTIVE, str(note)[:200]
        debt.save()
    return debt


def demand_repayment(debt: Debt, *, actor: Any) -> None:
    """A reminder to repay: refused while recovery is paused by an open appeal."""
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        _debt_officer(actor, debt)
        _require_open(debt)
        if debt.recovery == Debt.Recovery.PAUSED:
            raise Conflict(_("Recovery is paused while an appeal is open."), code="recovery_paused")
        notify(debt.application, "debt_reminder", {"owed_kzt": debt.owed_kzt})


def issue_debt_notice(debt: Debt, *, actor: Any, language: str, on: dt.date | None = None) -> DebtNotice:
    """A notice of the debt in the family's language (the PDF is debt_pdf.render_notice)."""
    if language not in dict(settings.LANGUAGES):
        raise RelocationError(_("Choose a language."), field="language")
    with transaction.atomic(), acting_as(actor):
        debt = Debt.objects.get(pk=debt.pk)
        _debt_officer(actor, debt)
        return DebtNotice.objects.create(debt=debt, language=language, issued_on=on or timezone.localdate(),
                                         issued_by=None if isinstance(actor, str) else actor)


def record_notice_delivery(notice: DebtNotice, *, actor: Any, channel: str, delivered_on: dt.date) -> DebtNotice:
    if channel not in DebtNotice.Channel.values:
        raise RelocationError(_("Choose how it was delivered."), field="channel")
    with transaction.atomic(), acting_as(actor):
        notice = DebtNotice.objects.select_for_update().select_related("debt").get(pk=notice.pk)
        _debt_officer(actor, notice.debt)
        if delivered_on < notice.issued_on:
            raise RelocationError(_("Delivered before it was issued."), field="delivered_on")
        notice.channel, notice.delivered_on = channel, delivered_on
        notice.save()
    return notice


# --- what an upheld appeal annuls (model law art. 19(2)); called by the appeals room -------------------------

def annul_debt(debt: Debt, *, actor: Any, cites: str, reason: str, on: dt.date | None = None) -> Debt:
    """An upheld appeal against a refund demand annuls the debt and cancels its refund order, citing the appeal."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        debt = _locked_debt(debt)
        if debt.status not in (Debt.Status.OPEN, Debt.Status.REPAID):
            raise Conflict(_("The debt is %(status)s.") % {"status": debt.get_status_display()},
                           code="debt_" + debt.status)
        debt.recovery = Debt.Recovery.ACTIVE
        _close_debt(debt, Debt.Status.ANNULLED, on=on, reason=reason, cites=cites)
        if debt.repaid_kzt:
            _refund_repayment_order(debt, cites=cites, on=on)
    return debt


REFUND_REPAYMENT_ARTICLE = "model-law/art-19/p-2"


def _free_period_start(person_id: int, measure: str, day: dt.date) -> dt.date:
    """The first day from `day` on which the person has no live order of the measure (the once-per-period
    constraint): an order written on a later event never collides with one already there."""
    taken = set(PaymentOrder.objects.filter(beneficiary_id=person_id, measure=measure, period_start__gte=day)
                .exclude(status=PaymentOrder.Status.CANCELLED).values_list("period_start", flat=True))
    while day in taken:
        day += dt.timedelta(days=1)
    return day


def _refund_repayment_order(debt: Debt, *, cites: str, on: dt.date) -> PaymentOrder:
    """What the family repaid against a debt an appeal annulled is owed back to it (the fund holds it on
    account 3310, payable to participants): an order the fund pays through its normal batch, citing the appeal."""
    day = _free_period_start(debt.debtor_id, PaymentOrder.Measure.REFUND_REPAYMENT, on)
    return PaymentOrder.objects.create(
        application=debt.application, beneficiary=debt.debtor, region=debt.region,
        measure=PaymentOrder.Measure.REFUND_REPAYMENT, period_start=day, period_end=day,
        amount_kzt=debt.repaid_kzt, article=REFUND_REPAYMENT_ARTICLE, due_on=forward_due_date(on),
        snapshot={"debt": debt.pk, "appeal": cites, "repaid_kzt": int(debt.repaid_kzt),
                  "refund_order": debt.refund_order_id})


# --- an upheld appeal against an amount: recomputed from the decision's snapshot ----------------------------

ENTITLEMENT_MEASURES = {
    "relocation_subsidy": PaymentOrder.Measure.RELOCATION_SUBSIDY,
    "rent_compensation_monthly": PaymentOrder.Measure.RENT_COMPENSATION,
    "housing_certificate": PaymentOrder.Measure.HOUSING_CERTIFICATE,
}
CORRECTABLE_MEMBER_KEYS = ("status", "months_registered_in_departure_region", "birth_date", "citizenship")


def _corrected(snapshot: Any, corrections: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The snapshot's inputs and family with the corrections the appeal names (the settlement type, the housing
    price, a member's fields by person id); anything else is refused."""
    unknown = set(corrections) - {"settlement_type", "housing_price_kzt", "members"}
    if unknown:
        raise RelocationError(_("These inputs cannot be corrected: %(keys)s.") % {"keys": ", ".join(sorted(unknown))},
                              field="corrections")
    inputs, family = dict(snapshot.inputs), [dict(m) for m in snapshot.family]
    if "settlement_type" in corrections:
        if corrections["settlement_type"] not in SettlementType.values:
            raise RelocationError(_("Choose a settlement type."), field="corrections")
        inputs["settlement_type"] = corrections["settlement_type"]
    if "housing_price_kzt" in corrections:
        price = corrections["housing_price_kzt"]
        if isinstance(price, bool) or not isinstance(price, int) or price < 0:
            raise RelocationError(_("The housing price is a whole number of tenge."), field="corrections")
        inputs["housing_price_kzt"] = price
    by_person = {m.get("person_id"): m for m in family}
    for fix in corrections.get("members") or []:
        if not isinstance(fix, dict) or fix.get("person_id") not in by_person:
            raise RelocationError(_("A corrected member must be one of the family as decided."), field="corrections")
        extra = set(fix) - {"person_id", *CORRECTABLE_MEMBER_KEYS}
        if extra:
            raise RelocationError(_("These inputs cannot be corrected: %(keys)s.") % {"keys": ", ".join(sorted(extra))},
                                  field="corrections")
        by_person[fix["person_id"]].update({k: v for k, v in fix.items() if k != "person_id"})
    return inputs, family


def reassess_amount(app: Application, *, actor: Any, cites: str, reason: str,
                    corrections: dict[str, Any] | None = None, on: dt.date | None = None) -> list[str]:
    """An upheld appeal against an amount (model law art. 19(2)): the decision is computed again from its
    snapshot — by the law in force on the decision's date — with the corrected inputs the appeal names (none:
    the amount was computed wrongly, so the law alone is applied again). The new decision supersedes the old one
    with a new snapshot and hash. Orders not yet paid (due or returned) of a changed amount are cancelled and
    issued again at the new amount; for orders already paid (or approved in a batch) a higher amount is paid as one
    top-up order per measure; a lower one is not recovered (the appeal may not worsen the appellant's position).
    Every order written cites the appeal. Returns what it did, for the appeal's record."""
    on = on or timezone.localdate()
    from .models import DecisionSnapshot

    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_for_update().select_related("receiving_region", "applicant").get(pk=app.pk)
        snap = (DecisionSnapshot.objects.filter(decision_id=app.decision_id).first()
                if app.decision_id is not None else None)
        if snap is None:
            raise Conflict(_("The decision has no snapshot to compute it again from."), code="no_snapshot")
        inputs, family = _corrected(snap, dict(corrections or {}))
        members = [{k: m[k] for k in snapshots.LAW_MEMBER_KEYS} for m in family]
        try:
            decision = decide_relocation(
                case=app.case, supersedes=app.decision, on=dt.date.fromisoformat(inputs["date"]), members=members,
                departure_region=inputs["departure_region"], arrival_region=inputs["arrival_region"],
                settlement_type=inputs["settlement_type"], housing_price_kzt=inputs.get("housing_price_kzt") or None,
                quota_free_places=inputs.get("quota_free_places"))
        except LawInputError as exc:
            raise RelocationError(exc.message, field="corrections", code="law_input") from exc
        new_snap = snapshots.take(app, decision, family)
        before = Application.objects.get(pk=app.pk)
        changes: dict[str, Any] = {"decision": decision}
        if inputs["settlement_type"] != app.settlement_type:
            changes["settlement_type"] = inputs["settlement_type"]
        if (inputs.get("housing_price_kzt") or None) != app.housing_price_kzt:
            changes["housing_price_kzt"] = inputs.get("housing_price_kzt") or None
        Application.objects.filter(pk=app.pk).update(**changes)
        for name, value in changes.items():
            setattr(app, name, value)
            setattr(before, name, value)
        record_bulk_update([before], list(changes), reason=f"{cites}: {reason}"[:300])
        done = [f"law.decision:{decision.pk}", f"relocation.decisionsnapshot:{new_snap.pk}:{new_snap.money_hash}"]
        agreement = Agreement.objects.select_for_update().filter(application=app, budget__isnull=False).first()
        if agreement is not None and agreement.budget is not None:
            # the agreement's commitment follows the new total (a rise the budget cannot cover: 409, as at signing)
            diff = int(decision.total_kzt) - int(agreement.committed_kzt)
            if diff > 0:
                commit_budget(agreement.budget, diff, reason=f"{cites}: amount recomputed")
            elif diff < 0:
                release_budget(agreement.budget, -diff, reason=f"{cites}: amount recomputed")
            if diff:
                before_agreement = Agreement.objects.get(pk=agreement.pk)
                Agreement.objects.filter(pk=agreement.pk).update(committed_kzt=int(decision.total_kzt))
                before_agreement.committed_kzt = int(decision.total_kzt)
                record_bulk_update([before_agreement], ["committed_kzt"], reason=f"{cites}: amount recomputed")
                done.append(f"relocation.agreement:{agreement.pk}:committed {int(decision.total_kzt)}")
        amounts = {a["name"]: (int(a["amount_kzt"]), a["article"]) for a in decision.entitlements}
        for name, measure in ENTITLEMENT_MEASURES.items():
            done.extend(_adjust_orders(app, name, measure, *amounts.get(name, (0, "")), cites=cites, on=on))
        _record_transition(app, "reassess_amount", app.state, app.state, actor, f"{cites}: {reason}"[:2000])
    return done


def _adjust_orders(app: Application, name: str, measure: str, amount: int, article: str, *, cites: str,
                   on: dt.date) -> list[str]:
    done: list[str] = []
    live = list(PaymentOrder.objects.select_for_update().filter(application=app, measure=measure)
                .exclude(status=PaymentOrder.Status.CANCELLED).order_by("period_start", "id"))
    topped: dict[int, int] = {}
    for o in live:
        for order_id, diff in (o.snapshot or {}).get("top_up_of", {}).items():
            topped[int(order_id)] = topped.get(int(order_id), 0) + int(diff)
    top_up: dict[str, int] = {}
    for o in live:
        if "top_up_of" in (o.snapshot or {}):
            continue
        had = o.amount_kzt + topped.get(o.pk, 0)
        if had == amount:
            continue
        unpaid = (PaymentOrder.Status.DUE, PaymentOrder.Status.RETURNED)
        if o.status in unpaid and PaymentOrder.objects.filter(pk=o.pk, status__in=unpaid).update(
                status=PaymentOrder.Status.CANCELLED):
            o.status = PaymentOrder.Status.CANCELLED
            record_bulk_update([o], ["status"], reason=f"{cites}: amount recomputed"[:300])
            if amount > 0:
                new = PaymentOrder.objects.create(
                    application=app, beneficiary=o.beneficiary, region=o.region, measure=measure,
                    period_start=o.period_start, period_end=o.period_end, amount_kzt=amount, article=article,
                    due_on=max(o.due_on, on),
                    snapshot={**snapshots.order_snapshot(app, name, parameters=(o.snapshot or {}).get("parameters")),
                              "appeal": cites, "replaces": o.pk})
                done.append(f"relocation.paymentorder:{o.pk}:cancelled->{new.pk}:{amount}")
            else:
                done.append(f"relocation.paymentorder:{o.pk}:cancelled")
        elif amount > had:
            top_up[str(o.pk)] = amount - had
        else:
            done.append(f"relocation.paymentorder:{o.pk}:paid {had}, not recovered ({amount})")
    if top_up:
        first = live[0]
        day = _free_period_start(first.beneficiary_id, measure, on)
        total = sum(top_up.values())
        new = PaymentOrder.objects.create(
            application=app, beneficiary=first.beneficiary, region=first.region, measure=measure,
            period_start=day, period_end=day, amount_kzt=total, article=article, due_on=forward_due_date(on),
            snapshot={**snapshots.order_snapshot(app, name), "appeal": cites, "top_up_of": top_up})
        done.append(f"relocation.paymentorder:{new.pk}:top-up {total}")
    return done


def annul_breach(app: Application, *, actor: Any, cites: str, reason: str, on: dt.date | None = None) -> Application:
    """An upheld appeal against a breach: the confirmed flags are dismissed citing the appeal, the debt annulled,
    and the follow-up runs again."""
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        check_transition(app, "annul_breach")
        for flag in app.flags.select_for_update().filter(status=FollowUpFlag.Status.CONFIRMED):
            flag.status, flag.reason = FollowUpFlag.Status.DISMISSED, f"{cites}: {reason}"[:2000]
            flag.save()
        for debt in app.debts.filter(status__in=[Debt.Status.OPEN, Debt.Status.REPAID]):
            annul_debt(debt, actor=actor, cites=cites, reason=reason, on=on)
        return _move(app, "annul_breach", actor=actor, as_role=OFFICER, reason=f"{cites}: {reason}", left_on=None)


def reinstate(app: Application, *, actor: Any, cites: str, reason: str) -> Application:
    """An upheld appeal against a refusal: the application takes a quota place (approved) or, with none free,
    joins the waiting list (first come, first served by `waiting_since`)."""
    with transaction.atomic(), acting_as(actor):
        app = Application.objects.select_related("receiving_region", "applicant").get(pk=app.pk)
        check_transition(app, "reinstate")
        quota = quota_for(app)
        n = app.members.count()
        why = f"{cites}: {reason}"
        if quota is not None:
            try:
                with transaction.atomic():
                    reserve_places(quota, n, reason=f"{cites} application {app.pk}")
            except QuotaExhausted:
                pass
            else:
                return _move(app, "reinstate", actor=actor, as_role=OFFICER, reason=why, quota=quota, places=n,
                             refusal_ground="")
        return _move(app, "to_waiting_list", actor=actor, as_role=OFFICER, reason=why, refusal_ground="",
                     waiting_since=timezone.now())


def offer_waiting_places(*, actor: Any = "relocation_daily", only: int | None = None) -> int:
    """Applications on the waiting list take freed places in the order they joined it (`only`: one of them, as
    an upheld appeal against its place asks)."""
    n = 0
    waiting = Application.objects.filter(state=State.WAITING).order_by("waiting_since", "id")
    if only is not None:
        waiting = waiting.filter(pk=only)
    for app in waiting:
        quota = quota_for(app)
        if quota is None:
            continue
        places = app.members.count()
        with transaction.atomic(), acting_as(actor):
            try:
                with transaction.atomic():
                    reserve_places(quota, places, reason=f"waiting list application {app.pk}")
            except QuotaExhausted:
                continue
            _move(app, "take_place", actor=actor, as_role=OFFICER, reason="waiting list", quota=quota,
                  places=places, waiting_since=None)
            n += 1
    return n
