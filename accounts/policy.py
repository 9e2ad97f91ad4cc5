"""The default grants, loaded into accounts.Permission by data migrations.

Each room adds the grants for its own kinds of record in its own data migration with `install_grants`;
administrators may change the rows afterwards (they are data, not code).
"""

from __future__ import annotations

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


def install_grants(apps, grants: list[tuple[str, str, str, str]]) -> None:
    """For data migrations: add or update grants (role, action, kind, scope)."""
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in grants:
        permission.objects.update_or_create(
            role=str(role), action=str(action), kind=kind, defaults={"scope": str(scope)}
        )


def remove_grants(apps, grants: list[tuple[str, str, str, str]]) -> None:
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in grants:
        permission.objects.filter(role=str(role), action=str(action), kind=kind).delete()
