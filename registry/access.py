"""Who may register whom, where: the registry's questions to accounts.permissions, asked in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.permissions import can, can_in_unit, can_on_object, grant_scope
from accounts.roles import Role, Scope
from labour.selectors import active_contract
from people.models import Person

from .models import MigrationEvent, Procedure, Registration


def may_register(user: Any, person: Any, region: Any, procedure: str, on: dt.date) -> tuple[bool, Any]:
    """(allowed, employer acting): citizens register themselves; officers within their territory;
    employers only their own contract employees, by the simplified procedure."""
    scope = grant_scope(user, "add", Registration)
    if scope is None:
        return False, None
    if person is None and (user.role == Role.EMPLOYER or scope == Scope.OWN):
        return False, None  # they register a given person (themselves, their employee), never a file's rows
    if user.role == Role.EMPLOYER:
        if procedure != Procedure.SIMPLIFIED:
            return False, None

        contract = active_contract(person, on)
        if contract is None or not contract.employer.users.filter(pk=user.pk).exists():
            return False, None
        return True, contract.employer
    if scope == Scope.OWN:
        allowed = user.person_id is not None and person.pk == user.person_id and procedure != Procedure.SIMPLIFIED
        return allowed, None
    return can_in_unit(user, "add", Registration, region), None


def may_view_history(user: Any, person: Any) -> bool:
    return can(user, "view", Registration) and (
        Person.objects.visible_to(user).filter(pk=person.pk).exists()
        or Registration.objects.visible_to(user).filter(person=person).exists()
    )


def may_deregister(user: Any, reg: Registration) -> bool:
    """Officers end registrations of their territory (the `change` grant); a citizen may end their own."""
    return can_on_object(user, "change", reg) or (
        user.person_id is not None and reg.person_id == user.person_id and can(user, "add", Registration))


def may_correct(user: Any, event: MigrationEvent) -> bool:
    """A correction is a new event recorded in the corrected event's unit: the `add` grant there."""
    return can_in_unit(user, "add", MigrationEvent, event.recorded_in)


def _to_act_on(model: Any, user: Any, pk: int, may: Any) -> Any:
    """The record `pk` of `model` for `user` to act on: 404 outside what they may see, 403 if `may` says no."""
    record = model.objects.visible_to(user, "view").filter(pk=pk).first()
    if record is None:
        raise Http404
    if not may(user, record):
        raise PermissionDenied
    return record


def registration_to_deregister(user: Any, pk: int) -> Registration:
    """The registration `pk` for `user` to end."""
    return _to_act_on(Registration, user, pk, may_deregister)


def event_to_correct(user: Any, pk: int) -> MigrationEvent:
    """The event `pk` for `user` to correct."""
    return _to_act_on(MigrationEvent, user, pk, may_correct)
