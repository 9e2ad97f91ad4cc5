"""The only way to change the register of employment contracts. Deadlines come from law.services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import as_actor
from geo.models import TerritorialUnit
from law.deadlines import contract_entry_deadline, contract_entry_lateness
from people.models import Person

from .models import ContractEntry, Employer, EmploymentContract, EntryKind, JobSeeker, SeekerStatus, Term

CHANGEABLE_FIELDS = ("position", "workplace_unit", "wage_kzt", "term", "end_date")


def _today() -> dt.date:
    return timezone.localdate()


def register_employer(*, bin: str, name: str, region: TerritorialUnit, sector: str,
                      users: Iterable[Any] = (), actor: Any = None) -> Employer:
    with as_actor(actor), transaction.atomic():
        employer = Employer(bin=(bin or "").strip(), name=name.strip(), region=region, sector=sector)
        employer.full_clean()
        employer.save()
        if users:
            employer.users.add(*users)
    return employer


def _entry(contract: EmploymentContract, kind: str, event_date: dt.date, registered_on: dt.date,
           changes: dict | None = None) -> ContractEntry:
    deadline = contract_entry_deadline(kind=kind, event_date=event_date)
    late = contract_entry_lateness(kind=kind, event_date=event_date, registered_on=registered_on)
    return ContractEntry.objects.create(
        contract=contract, kind=kind, event_date=event_date, registered_on=registered_on,
        due_date=deadline.due_date, days_late=max(0, int(late)), article=str(deadline.article)[:200],
        changes=changes or {},
    )


def register_contract(*, employer: Employer, employee: Person, position: str, workplace_unit: TerritorialUnit,
                      start_date: dt.date, wage_kzt: int, term: str = Term.INDEFINITE,
                      end_date: dt.date | None = None, registered_on: dt.date | None = None, actor: Any = None) -> EmploymentContract:
    """Enter a new contract; its 'new' entry records whether it was entered within the law's deadline."""
    registered_on = registered_on or _today()
    errors: dict[str, str] = {}
    if term == Term.FIXED and end_date is None:
        errors["end_date"] = _("A fixed-term contract needs an end date.")
    if term == Term.INDEFINITE and end_date is not None:
        errors["end_date"] = _("A contract of indefinite term has no end date.")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date is before the start date.")
    if wage_kzt is None or int(wage_kzt) <= 0:
        errors["wage_kzt"] = _("The wage must be a positive whole number of tenge.")
    if registered_on < start_date - dt.timedelta(days=366):
        errors["registered_on"] = _("The entry is dated more than a year before the contract starts.")
    if errors:
        raise ValidationError(errors)
    with as_actor(actor), transaction.atomic():
        contract = EmploymentContract(
            employer=employer, employee=employee, position=position.strip(), workplace_unit=workplace_unit,
            start_date=start_date, term=term, end_date=end_date, wage_kzt=int(wage_kzt),
        )
        contract.full_clean()
        contract.save()
        _entry(contract, EntryKind.NEW, start_date, registered_on)
    return contract


def change_contract(contract: EmploymentContract, *, event_date: dt.date, registered_on: dt.date | None = None,
                    actor: Any = None, **changes: Any) -> ContractEntry:
    """Amend a contract (position, place of work, wage, term) as of `event_date`, as a dated entry."""
    registered_on = registered_on or _today()
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed by an amendment.") for f in unknown})
    with as_actor(actor), transaction.atomic():
        contract = EmploymentContract.objects.select_for_update().get(pk=contract.pk)
        if contract.terminated_on is not None:
            raise ValidationError({"contract": _("The contract is terminated: it can no longer be changed.")})
        if event_date < contract.start_date:
            raise ValidationError({"event_date": _("The change is dated before the contract starts.")})
        diff = {}
        for field, value in changes.items():
            old = getattr(contract, field)
            if old != value:
                diff[field] = [_plain(old), _plain(value)]
                setattr(contract, field, value)
        if not diff:
            raise ValidationError({"__all__": _("Nothing changes.")})
        contract.full_clean()
        contract.save()
        return _entry(contract, EntryKind.CHANGE, event_date, registered_on, diff)


def terminate_contract(contract: EmploymentContract, *, event_date: dt.date,
                       registered_on: dt.date | None = None, actor: Any = None) -> ContractEntry:
    registered_on = registered_on or _today()
    with as_actor(actor), transaction.atomic():
        contract = EmploymentContract.objects.select_for_update().get(pk=contract.pk)
        if contract.terminated_on is not None:
            raise ValidationError({"contract": _("The contract is already terminated.")})
        if event_date < contract.start_date:
            raise ValidationError({"event_date": _("The termination is dated before the contract starts.")})
        contract.terminated_on = event_date
        contract.save()
        return _entry(contract, EntryKind.TERMINATION, event_date, registered_on)


def register_job_seeker(person: Person, *, unit: TerritorialUnit, registered_on: dt.date,
                        status: str = SeekerStatus.JOB_SEEKER, actor: Any = None) -> JobSeeker:
    """Open a job-seeker (or unemployed) record; a person has at most one open record."""
    with as_actor(actor), transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if JobSeeker.objects.filter(person=person, ended_on__isnull=True).exists():
            raise ValidationError({"person": _("The person is already registered as a job seeker.")})
        seeker = JobSeeker(person=person, unit=unit, registered_on=registered_on, status=status)
        seeker.full_clean()
        seeker.save()
    return seeker


def end_job_seeking(seeker: JobSeeker, *, on: dt.date, actor: Any = None) -> JobSeeker:
    with as_actor(actor), transaction.atomic():
        seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        if seeker.ended_on is not None:
            raise ValidationError({"ended_on": _("This record is already closed.")})
        if on < seeker.registered_on:
            raise ValidationError({"ended_on": _("The record cannot end before it was opened.")})
        seeker.ended_on = on
        seeker.save()
    return seeker


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return getattr(value, "code", value.pk)
    return value
