"""The default grants, loaded into accounts.Permission by data migrations.

Each room adds the grants for its own kinds of record in its own data migration with `install_grants`;
administrators may change the rows afterwards (they are data, not code).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.db import migrations

from .models import Permission
from .roles import Role, Scope

# (role, action, kind, scope)
FOUNDATION_GRANTS: list[tuple[str, str, str, str]] = [
    (Role.ADMIN, "*", "*", Scope.COUNTRY),
    (Role.AUDITOR, "view", "accounts.changerecord", Scope.COUNTRY),
    (Role.AUDITOR, "view", "accounts.accesslog", Scope.COUNTRY),
    (Role.AUDITOR, "view", "accounts.user", Scope.COUNTRY),
    (Role.CITIZEN, "view", "people.person", Scope.OWN),
    (Role.CITIZEN, "identify", "people.person", Scope.OWN),
    (Role.CITIZEN, "view", "people.family", Scope.OWN),
    (Role.OFFICER, "view", "people.person", Scope.TERRITORY),
    (Role.OFFICER, "identify", "people.person", Scope.TERRITORY),
    (Role.OFFICER, "add", "people.person", Scope.TERRITORY),
    (Role.OFFICER, "change", "people.person", Scope.TERRITORY),
    (Role.OFFICER, "export", "people.person", Scope.TERRITORY),
    (Role.OFFICER, "view", "people.family", Scope.TERRITORY),
    (Role.OFFICER, "add", "people.family", Scope.TERRITORY),
    (Role.OFFICER, "change", "people.family", Scope.TERRITORY),
    (Role.MINISTRY, "view", "people.person", Scope.COUNTRY),
    (Role.MINISTRY, "identify", "people.person", Scope.COUNTRY),
    (Role.MINISTRY, "export", "people.person", Scope.COUNTRY),
    (Role.MINISTRY, "view", "people.family", Scope.COUNTRY),
    (Role.RESEARCHER, "view", "people.person", Scope.COUNTRY),
    (Role.RESEARCHER, "export", "people.person", Scope.COUNTRY),
]


def install_grants(apps: Any, grants: list[tuple[str, str, str, str]]) -> None:
    """For data migrations: add or update grants (role, action, kind, scope)."""
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in grants:
        permission.objects.update_or_create(
            role=str(role), action=str(action), kind=kind, defaults={"scope": str(scope)}
        )


def remove_grants(apps: Any, grants: list[tuple[str, str, str, str]]) -> None:
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in grants:
        permission.objects.filter(role=str(role), action=str(action), kind=kind).delete()


def default_grants() -> list[tuple[str, str, str, str]]:
    """The foundation's grants and every room's `policy.GRANTS`, in room order."""
    grants = list(FOUNDATION_GRANTS)
    for room in settings.KOSHI_APPS:
        try:
            module = importlib.import_module(f"{room}.policy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{room}.policy":
                raise
            continue
        if room != "accounts":
            grants.extend(getattr(module, "GRANTS", []))
    return grants


def restore_missing_grants(sender: Any, using: Any = "default", **kwargs: Any) -> None:
    """post_migrate: add the default grants that are missing (after a flush, as in transactional tests).

    Existing rows are left as they are: an administrator's change to a grant survives every migrate.
    """
    if Permission.objects.using(using).exists():
        return  # the rooms' data migrations installed them; changes since are the administrators'
    for role, action, kind, scope in default_grants():
        Permission.objects.using(using).get_or_create(
            role=str(role), action=str(action), kind=kind, defaults={"scope": str(scope)}
        )


def grants_operation(grants: list[tuple[str, str, str, str]]) -> Any:
    """A migration operation that installs a room's grants (and removes them when reversed)."""
    return migrations.RunPython(
        lambda apps, schema_editor: install_grants(apps, grants),
        lambda apps, schema_editor: remove_grants(apps, grants),
    )
