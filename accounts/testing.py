"""Named people for tests, so that permission tests read like sentences (after healthchecks' base test case).

an_officer_of("KZ-59") is an employment-centre officer of North Kazakhstan; a_person_in("KZ-55") a resident of
Pavlodar; and so on.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.apps import apps
from django.db import models

from geo.models import TerritorialUnit
from lib.iin import make_iin

from .models import User
from .roles import Role

PASSWORD = "correct-horse-battery-staple"
_serials = itertools.count(1)


def unit(code: str) -> TerritorialUnit:
    """The unit in force today with this ISO code."""
    return TerritorialUnit.objects.get(code=code, valid_to__isnull=True)


def _person_model() -> type[models.Model]:
    """people.Person, by its label as User.person names it: accounts imports nothing from the people room above
    the audit trail (people's records are AuditedModels of accounts)."""
    return apps.get_model("people", "Person")


def a_user(role: str, username: str | None = None, scope: str | None = None,
           person: Any = None) -> User:
    n = next(_serials)
    user = User(username=username or f"{role}{n}", role=role, scope_unit=unit(scope) if scope else None, person=person)
    user.set_password(PASSWORD)
    user.save()
    return user


def an_officer_of(code: str) -> User:
    return a_user(Role.OFFICER, scope=code)


def an_analyst_of(code: str) -> User:
    return a_user(Role.ANALYST, scope=code)


def a_person_in(code: str | None, *, surname: str = "Abenov", given_name: str = "Nurlan",
                birth_date: dt.date = dt.date(1990, 5, 17), sex: str = "male") -> models.Model:
    return _person_model()._default_manager.create(
        iin=_unused_iin(birth_date, sex), surname=surname, given_name=given_name,
        birth_date=birth_date, sex=sex, home_unit=unit(code) if code else None,
    )


def _unused_iin(birth_date: dt.date, sex: str) -> str:
    """A valid IIN no person holds yet: make_iin moves to the next serial with a valid check digit, so two
    neighbouring serials can give the same IIN."""
    while True:
        iin = make_iin(birth_date, sex, next(_serials))
        if not _person_model()._default_manager.filter(iin=iin).exists():
            return iin


def a_citizen(code: str = "KZ-61") -> User:
    return a_user(Role.CITIZEN, person=a_person_in(code, surname="Seitkali", given_name="Aidos"))


def audited_models() -> list[type[models.Model]]:
    """Every concrete model with a change history (an AuditedModel subclass), in every room."""
    from django.apps import apps

    from .audit import AuditedModel

    return [m for m in apps.get_models() if issubclass(m, AuditedModel) and not m._meta.proxy]


def audit_snapshot() -> dict[str, set[str]]:
    """{kind: ids} of the audited rows there are now: take it after `migrate` (whose data migrations install
    reference rows, such as the grants, with no history) and pass it to audit_gaps as `installed`."""
    from .audit import _kind

    return {_kind(m): {str(pk) for pk in m._default_manager.values_list("pk", flat=True)} for m in audited_models()}


def audit_gaps(models: list[type[models.Model]] | None = None, installed: dict[str, set[str]] | None = None) -> list[str]:
    """Where the change history does not account for what is stored: for each audited model, the change records
    of each object, replayed in order (create, updates, delete), must give exactly the row as it is now, and
    an object whose last record is not a delete must still exist. A write that bypassed the history (a
    queryset update() or bulk_create() without record_bulk_*, raw SQL) shows up here. Rows in `installed`
    (audit_snapshot() after migrate) need no record of their creation. Returns what differs."""
    from .audit import _kind, jsonable
    from .auditing import members
    from .models import ChangeRecord

    gaps: list[str] = []
    checked = models or audited_models()
    kinds = {_kind(model) for model in checked}
    # One pass over the whole history in order: a bulk import's record also tells about other rows (members)
    replayed: dict[tuple[str, str], dict | None] = {}
    for record_kind, record_id, action, changes in (ChangeRecord.objects.order_by("at", "id").values_list(
            "kind", "object_id", "action", "changes").iterator()):
        for kind, object_id, fields in members(record_kind, record_id, changes):
            if kind not in kinds:
                continue
            if action == "delete" and (kind, object_id) == (record_kind, record_id):
                replayed[(kind, object_id)] = None
                continue
            current = replayed.get((kind, object_id)) or {}
            current.update({field: new for field, (_old, new) in fields.items()})
            replayed[(kind, object_id)] = current
    for model in checked:
        kind = _kind(model)
        excluded = set(getattr(model, "audit_exclude", ()))
        attnames = [f.attname for f in model._meta.concrete_fields if f.attname not in excluded]
        seen = set()
        for row in model._default_manager.values_list("pk", *attnames).iterator():
            pk, values = str(row[0]), dict(zip(attnames, row[1:], strict=True))
            seen.add(pk)
            state = replayed.get((kind, pk))
            if state is None:
                if pk not in (installed or {}).get(kind, ()):
                    gaps.append(f"{kind}#{pk}: stored with no change record of its creation")
                continue
            was_installed = pk in (installed or {}).get(kind, ())
            for name, value in values.items():
                now = jsonable(value)
                if name not in state and was_installed:
                    continue  # installed by a migration, with no history: only the fields changed since are told
                if state.get(name, None) != now and not (name not in state and now in (None, "")):
                    gaps.append(f"{kind}#{pk}.{name}: the history says {state.get(name)!r}, the row holds {now!r}")
        for (replayed_kind, object_id), state in replayed.items():
            if replayed_kind == kind and state is not None and object_id not in seen:
                gaps.append(f"{kind}#{object_id}: deleted with no change record of the deletion")
    return gaps
