"""The only way to change the residence register. Ages, deadlines, stay lengths and fines come from law.services.

Every write locks the person's row first (`select_for_update`), so that registrations of one person are
serialised; the partial unique constraint on active permanent registrations is the last line of defence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import as_actor, record_bulk_update
from geo.models import TerritorialUnit
from law.penalties import late_registration_penalty
from people.models import Person

from . import facts, rules
from .models import (
    EndReason,
    EventKind,
    Kind,
    MigrationEvent,
    Procedure,
    Registration,
    Source,
    Violation,
)


@dataclass(frozen=True)
class Refusal:
    """One unmet condition: the field it concerns, why, and the article of law behind it (if any)."""

    field: str
    message: str
    article: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": str(self.message), "article": str(self.article)}


class RegistrationRefused(Exception):
    """The registration cannot be made; `refusals` says why, condition by condition."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__("; ".join(str(r.message) for r in refusals))
        self.refusals = refusals

    @property
    def message_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.refusals:
            out.setdefault(r.field, []).append(str(r.message))
        return out


@dataclass
class Address:
    region: TerritorialUnit
    settlement: str
    street: str
    building: str
    premises: str
    district: TerritorialUnit | None = None
    flat: str = ""


@dataclass
class Request:
    """Everything a registration needs; which procedure fields are required depends on `procedure`."""

    person: Person
    kind: str
    procedure: str
    address: Address
    arrival_date: dt.date
    registered_on: dt.date | None = None
    valid_until: dt.date | None = None
    reason: str = ""
    from_abroad: bool = False
    previous_region: TerritorialUnit | None = None
    previous_district: TerritorialUnit | None = None
    owner_iin: str = ""
    owner_consent_at: dt.datetime | None = None
    employer: Any = None  # labour.Employer acting in the simplified procedure (None: a career centre)
    registering_body: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    source: str = Source.FORM
    registered_by: Any = None
    extra: dict = field(default_factory=dict)


@dataclass
class Outcome:
    registration: Registration
    event: MigrationEvent | None
    violation: Violation | None
    superseded: Registration | None


def request_row(req: Request, day: dt.date) -> dict[str, Any]:
    """The request as one row of a requests frame (registry.rules' columns)."""
    addr = req.address
    employer = req.employer
    return {
        "row": 0, "person_id": req.person.pk, "kind": req.kind, "procedure": req.procedure,
        "reason": req.reason or "", "registered_on": day, "arrival_date": req.arrival_date,
        "valid_until": req.valid_until, "birth_date": req.person.birth_date,
        **facts.unit_columns("region", addr.region), **facts.unit_columns("district", addr.district),
        "settlement": addr.settlement or "", "street": addr.street or "", "building": addr.building or "",
        "premises": addr.premises or "", "owner_iin": req.owner_iin or "",
        "owner_consent": req.owner_consent_at is not None, "decision_number": req.decision_number or "",
        "decision_date": req.decision_date,
        "employer_bin": getattr(employer, "bin", None) if employer is not None else None,
    }


def check(req: Request) -> list[Refusal]:
    """Every condition the request fails, each with its reason and article; empty when it may proceed.

    The rules are registry.rules over a frame of this one request, with the facts gathered as the bulk import
    gathers them (registry.facts)."""
    day = req.registered_on or timezone.localdate()
    row = request_row(req, day)
    frame = pl.DataFrame([row], schema={k: v for k, v in rules.REQUEST_SCHEMA.items() if k in row})
    frame = facts.with_active(facts.with_contracts(frame))
    refused = rules.evaluate(frame, today=timezone.localdate())
    if req.procedure == Procedure.SIMPLIFIED:
        contract_id = frame.get_column("contract_id")[0]
        if contract_id is not None:
            from labour.models import EmploymentContract

            req.extra["contract"] = EmploymentContract.objects.select_related("employer").get(pk=contract_id)
    return [Refusal(field, message, article) for field, message, article
            in refused.select("field", "message", "article").iter_rows()]


add_months = rules.add_months


def register(req: Request, *, actor: Any = None) -> Outcome:
    """Register a person at an address, or raise RegistrationRefused with every reason.

    A permanent registration ends the person's active one, yields a migration event when the unit changes
    (or an international arrival for a first registration from abroad), and moves Person.home_unit.
    A registration later than the law's deadline after arrival creates a violation with the fine in force.
    """
    req.registered_on = req.registered_on or timezone.localdate()
    refusals = check(req)
    if refusals:
        raise RegistrationRefused(refusals)
    with as_actor(actor), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=req.person.pk)
        previous = None
        if req.kind == Kind.PERMANENT:
            previous = (Registration.objects.select_for_update()
                        .filter(person=person, kind=Kind.PERMANENT, is_active=True).first())
            if previous is not None:
                previous.is_active = False
                previous.ended_on = req.registered_on
                previous.end_reason = EndReason.SUPERSEDED
                previous.save(update_fields=["is_active", "ended_on", "end_reason"])
        addr = req.address
        registration = Registration(
            person=person, kind=req.kind, procedure=req.procedure, region=addr.region, district=addr.district,
            settlement=addr.settlement.strip(), street=addr.street.strip(), building=addr.building.strip(),
            flat=(addr.flat or "").strip(), premises=addr.premises, arrival_date=req.arrival_date,
            registered_on=req.registered_on, valid_until=req.valid_until, reason=req.reason or "",
            from_abroad=req.from_abroad, previous_region=req.previous_region, previous_district=req.previous_district,
            source=req.source, registered_by=req.registered_by if getattr(req.registered_by, "pk", None) else None,
        )
        if req.procedure == Procedure.STANDARD:
            registration.owner_iin = req.owner_iin.strip()
            registration.owner_consent_at = req.owner_consent_at
        elif req.procedure == Procedure.SIMPLIFIED:
            contract = req.extra["contract"]
            registration.contract = contract
            registration.registering_body = req.registering_body or contract.employer.name
        elif req.procedure == Procedure.PREFERENTIAL:
            registration.decision_number = req.decision_number.strip()
            registration.decision_date = req.decision_date
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:  # pragma: no cover - the row lock makes this unreachable
            raise RegistrationRefused([Refusal("person", _("The person already has an active permanent registration."))]) from exc
        event = None
        if req.kind == Kind.PERMANENT:
            event = _event_for(person, registration, previous)
            if person.home_unit_id != addr.region.pk:
                person.home_unit = addr.region
                person.save(update_fields=["home_unit"])
        violation = _violation_for(registration)
    return Outcome(registration=registration, event=event, violation=violation, superseded=previous)


def _event_for(person: Person, reg: Registration, previous: Registration | None) -> MigrationEvent | None:
    origin: tuple[TerritorialUnit | None, TerritorialUnit | None]
    if previous is not None:
        origin = (previous.region, previous.district)
    elif reg.previous_region is not None:
        origin = (reg.previous_region, reg.previous_district)
    elif person.home_unit_id is not None and not reg.from_abroad:
        origin = (person.home_unit, None)  # the region the register of persons knows, without a district
    elif reg.from_abroad:
        origin = (None, None)
    else:
        return None  # a first registration with nothing known of before: not a move
    if origin[0] is not None:
        before = origin[1].pk if origin[1] is not None else origin[0].pk
        if before == reg.unit.pk:
            return None
        kind = EventKind.INTERNAL
    else:
        kind = EventKind.INTERNATIONAL_ARRIVAL
    return MigrationEvent.objects.create(
        person=person, event_date=reg.registered_on, kind=kind, origin_region=origin[0], origin_district=origin[1],
        destination_region=reg.region, destination_district=reg.district, age=person.age_on(reg.registered_on),
        sex=person.sex, reason=reg.reason, recorded_in=reg.region, registration=reg,
    )


def _violation_for(reg: Registration) -> Violation | None:
    penalty = late_registration_penalty(arrival=reg.arrival_date, registered=reg.registered_on)
    if penalty.outcome == "none":
        return None
    return Violation.objects.create(
        registration=reg, days_late=penalty.days_late, outcome=penalty.outcome,
        amount_kzt=int(penalty.amount_kzt or 0), article=str(penalty.article)[:200],
    )


def deregister(registration: Registration, *, on: dt.date | None = None, leaving_country: bool = False,
               actor: Any = None) -> Registration:
    """End a registration; leaving the country from a permanent one is an international departure."""
    on = on or timezone.localdate()
    with as_actor(actor), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=registration.person_id)
        reg = Registration.objects.select_for_update().get(pk=registration.pk)
        if not reg.is_active:
            raise RegistrationRefused([Refusal("registration", _("The registration has already ended."))])
        if not reg.in_force(on):
            raise RegistrationRefused([Refusal("ended_on", _(
                "The stay's last day was %(date)s: the registration had already ended by the date of deregistration."
            ) % {"date": reg.valid_until.isoformat() if reg.valid_until else ""})])
        if on < reg.registered_on:
            raise RegistrationRefused([Refusal("ended_on", _("A registration cannot end before it began."))])
        reg.is_active = False
        reg.ended_on = on
        reg.end_reason = EndReason.LEFT_COUNTRY if leaving_country else EndReason.DEREGISTERED
        reg.save(update_fields=["is_active", "ended_on", "end_reason"])
        if reg.kind == Kind.PERMANENT:
            if leaving_country:
                MigrationEvent.objects.create(
                    person=person, event_date=on, kind=EventKind.INTERNATIONAL_DEPARTURE, origin_region=reg.region,
                    origin_district=reg.district, destination_region=None, destination_district=None,
                    age=person.age_on(on), sex=person.sex, reason="", recorded_in=reg.region, registration=reg,
                )
            if person.home_unit_id is not None:
                person.home_unit = None
                person.save(update_fields=["home_unit"])
    return reg


def end_expired_stays(on: dt.date, *, actor: Any = None) -> int:
    """Write the end of every temporary registration whose stay was over before `on`; returns how many.

    A stay is in force to the end of its last day, `valid_until` (see `RegistrationQuerySet.active`), so a stay
    with `valid_until < on` ends as `expired` with `ended_on = valid_until + 1`, the first day it is no longer in
    force. Reads never wait for this (they apply the same rule); it makes the stored rows say what reads already
    show. Set-based: the rows are locked, updated with one UPDATE per last day (in chunks), and each gets one
    change-history record. Running it again ends nothing more.
    """
    if on > timezone.localdate():
        raise ValueError("Stays are ended up to today at the latest, not on a future date.")
    fields = ["is_active", "ended_on", "end_reason"]
    with as_actor(actor), transaction.atomic():
        expired = list(
            Registration.objects.select_for_update()
            .filter(kind=Kind.TEMPORARY, is_active=True, valid_until__lt=on)
            .only("id", "kind", "settlement", "street", "building", "flat", "valid_until", *fields)
            .order_by("id")
        )
        by_last_day: dict[dt.date, list[Registration]] = {}
        for reg in expired:
            if reg.valid_until is not None:  # an expired stay always has its last day
                by_last_day.setdefault(reg.valid_until, []).append(reg)
        for last_day, regs in by_last_day.items():
            ended_on = last_day + dt.timedelta(days=1)
            for start in range(0, len(regs), 500):
                chunk = regs[start:start + 500]
                Registration.objects.filter(pk__in=[r.pk for r in chunk]).update(
                    is_active=False, ended_on=ended_on, end_reason=EndReason.EXPIRED)
                for reg in chunk:
                    reg.is_active, reg.ended_on, reg.end_reason = False, ended_on, EndReason.EXPIRED
        record_bulk_update(expired, fields, reason="stay ended: past the last day of the stay")
    return len(expired)


_KEEP = object()


def correct_event(event: MigrationEvent, *, reason: str, annul: bool = False, event_date: Any = _KEEP,
                  origin_region: Any = _KEEP, origin_district: Any = _KEEP, destination_region: Any = _KEEP,
                  destination_district: Any = _KEEP, move_reason: Any = _KEEP, actor: Any = None) -> MigrationEvent:
    """Record a correction: a new event that replaces `event` (or annuls it); the original stays as it was."""
    if not (reason or "").strip():
        raise RegistrationRefused([Refusal("correction_reason", _("A correction must say why."))])
    with as_actor(actor), transaction.atomic():
        original = MigrationEvent.objects.select_for_update().get(pk=event.pk)
        if MigrationEvent.objects.filter(corrects=original).exists():
            raise RegistrationRefused([Refusal("corrects", _("This event is already corrected: correct the latest correction."))])
        if original.annulled:
            raise RegistrationRefused([Refusal("corrects", _("An annulment cannot be corrected."))])

        def pick(value, current):
            return current if value is _KEEP else value

        when = pick(event_date, original.event_date)
        o_region = pick(origin_region, original.origin_region)
        o_district = pick(origin_district, original.origin_district)
        d_region = pick(destination_region, original.destination_region)
        d_district = pick(destination_district, original.destination_district)
        if o_region is None and d_region is None:
            raise RegistrationRefused([Refusal("origin_region", _("An event needs a region of departure or of arrival."))])
        kind = (EventKind.INTERNAL if o_region is not None and d_region is not None
                else EventKind.INTERNATIONAL_ARRIVAL if o_region is None else EventKind.INTERNATIONAL_DEPARTURE)
        person = original.person
        try:
            with transaction.atomic():
                return MigrationEvent.objects.create(
                    person=person, event_date=when, kind=kind, origin_region=o_region, origin_district=o_district,
                    destination_region=d_region, destination_district=d_district, age=person.age_on(when),
                    sex=person.sex, reason=pick(move_reason, original.reason), recorded_in=d_region or o_region,
                    registration=original.registration, corrects=original, annulled=annul,
                    correction_reason=reason.strip()[:300],
                )
        except IntegrityError as exc:
            raise RegistrationRefused([Refusal("corrects", _("This event is already corrected."))]) from exc


def compact_event_counts() -> int:
    """Fold the event counts' delta rows into one row per cell (PostgreSQL; the trigger of migrations 0008 and 0011 adds
    deltas as events are written). One statement: deltas written meanwhile are kept. Returns the cells left."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    columns = "grain, month, kind, origin_region_id, destination_region_id, sex, age_band"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"""
            WITH gone AS (DELETE FROM registry_eventcount RETURNING {columns}, n)
            INSERT INTO registry_eventcount ({columns}, n)
            SELECT {columns}, sum(n) FROM gone GROUP BY {columns} HAVING sum(n) <> 0""")
        return cur.rowcount
