"""One demo user per role, all with the password in KOSHI_DEMO_PASSWORD (default koshi-demo)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.apps import apps
from django.conf import settings

from geo.models import TerritorialUnit
from lib.iin import make_iin

from .models import User
from .roles import Role

# username -> (role, scope ISO code or None for the whole country)
DEMO_USERS = {
    "admin": (Role.ADMIN, None),
    "citizen": (Role.CITIZEN, None),
    "employer": (Role.EMPLOYER, None),
    "officer": (Role.OFFICER, "KZ-59"),
    "analyst": (Role.ANALYST, "KZ-61"),
    "ministry": (Role.MINISTRY, None),
    "accountant": (Role.ACCOUNTANT, None),
    "controller": (Role.CONTROLLER, None),
    "inspector": (Role.INSPECTOR, "KZ-59"),
    "enumerator": (Role.ENUMERATOR, "KZ-59"),
    "researcher": (Role.RESEARCHER, None),
    "auditor": (Role.AUDITOR, None),
}


def seed(*, rng: random.Random, scale: float, log: Callable[[str], None]) -> None:
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    birth = dt.date(1992, 4, 17)
    # people.Person by its label, as User.person names it (accounts imports no module of people).
    citizen_person, _ = apps.get_model("people", "Person")._default_manager.get_or_create(
        iin=make_iin(birth, "male", 9001),
        defaults=dict(surname="Seitkali", given_name="Aidos", patronymic="Nurlanuly", birth_date=birth,
                      sex="male", citizenship="KZ", home_unit=units.get("KZ-61")),
    )
    for username, (role, scope) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.scope_unit = units.get(scope) if scope else None
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.person = citizen_person if role == Role.CITIZEN else None
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    log(f"accounts: {len(DEMO_USERS)} demo users (password from KOSHI_DEMO_PASSWORD)")
