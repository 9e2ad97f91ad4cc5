"""Who may register whom, where: the registry's questions to accounts.permissions, asked in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.permissions import can, can_in_unit, grant_scope
from accounts.roles import Role, Scope

from .models import Procedure, Registration


def may_register(user: Any, person: Any, region: Any, procedure: str, on: dt.date) -> tuple[bool, Any]:
    """(allowed, employer acting): citizens register themselves; officers within their territory;
    employers only their own contract employees, by the simplified procedure."""
    scope = grant_scope(user, "add", Registration)
    if scope is None:
        return False, None
    if user.role == Role.EMPLOYER:
        if procedure != Procedure.SIMPLIFIED:
            return False, None
        from labour.selectors import active_contract

        contract = active_contract(person, on)
        if contract is None or not contract.employer.users.filter(pk=user.pk).exists():
            return False, None
        return True, contract.employer
    if scope == Scope.OWN:
        allowed = user.person_id is not None and person.pk == user.person_id and procedure != Procedure.SIMPLIFIED
        return allowed, None
    return can_in_unit(user, "add", Registration, region), None


def may_view_history(user: Any, person: Any) -> bool:
    from people.models import Person

    return can(user, "view", Registration) and (
        Person.objects.visible_to(user).filter(pk=person.pk).exists()
        or Registration.objects.visible_to(user).filter(person=person).exists()
    )
