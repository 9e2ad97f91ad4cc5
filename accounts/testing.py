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
