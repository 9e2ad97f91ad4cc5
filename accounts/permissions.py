"""The one place where permissions are checked.

A grant is a row of `accounts.Permission`: (role, action, kind of record, scope). `grant_scope`
answers "how far may this user do this to this kind of record"; `ScopedQuerySet.visible_to` turns the
answer into a filter, so every list, count, map, export and API endpoint asks the same question.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from lib import data_versions

from .roles import Action, Role, Scope

_SCOPE_RANK = {Scope.OWN: 0, Scope.TERRITORY: 1, Scope.COUNTRY: 2}


def kind_of(model: type[models.Model] | models.Model | str) -> str:
    if isinstance(model, str):
        return model
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}"


# The room whose data version (lib.data_versions) changes with every write of the grants table (the trigger of
# accounts/migrations/0009_permission_data_version.py): each process keeps a role's grants under its token.
GRANTS_ROOM = "accounts"
_GRANTS_VERSION = "_koshi_grants_version"


def remember_grants_version(user: Any, token: Any) -> None:
    """The grants' data version as read with the user (accounts.backends.user_where, in the same query)."""
    setattr(user, _GRANTS_VERSION, token)


def _read_grants(role: str) -> tuple[Any, dict[tuple[str, str], str]]:
    """The role's grants and the grants' data version, read in one statement, so that the two agree."""
    # A real import-time cycle: accounts.models -> scoping -> permissions -> models.
    from .models import Permission

    # One plain query, not a queryset: compiling the queryset cost five times the query itself.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT v.token, p.action, p.kind, p.scope FROM (SELECT 1 AS one) o "
                       f"LEFT JOIN {data_versions.TABLE} v ON v.name = %s "
                       f"LEFT JOIN {Permission._meta.db_table} p ON p.role = %s", [GRANTS_ROOM, role])
        rows = cursor.fetchall()
    return rows[0][0], {(action, kind): scope for _token, action, kind, scope in rows if action is not None}


def _grants(user: Any) -> dict[tuple[str, str], str]:
    """The user's grants, read once per user object; kept per process for each role under the grants' data
    version, so that a request whose user was read with the version (every signed-in request) reads no grants
    while they are unchanged, and sees a changed grant on its next request, in every process."""
    cached = getattr(user, "_koshi_grants", None)
    if cached is None:
        role = str(user.role)
        known = getattr(user, _GRANTS_VERSION, data_versions.MISSING)
        if known is not data_versions.MISSING:
            cached = data_versions.lookup((GRANTS_ROOM,), (known,), ("grants", role))
        if cached is None or cached is data_versions.MISSING:
            token, cached = _read_grants(role)
            data_versions.store((GRANTS_ROOM,), (token,), ("grants", role), cached)
        user._koshi_grants = cached
    return cached


def scope_key(user: Any) -> tuple[Any, ...]:
    """All that `grant_scope`, `can` and `ScopedQuerySet.visible_to` read of `user`, as one hashable value: the
    user, whether active, their role, grants, territory and person. While it stays the same, the same code builds
    the same SQL with the same parameters for this user, which lets a read keep its compiled SQL
    (lib.work_queue.compiled_rows). A new input of those functions must be named here. The user's id is part of
    it: no two users share a key."""
    if not getattr(user, "is_authenticated", False):
        return (None,)
    user = getattr(user, "_wrapped", user)  # request.user's lazy wrapper: read once, not at every attribute
    unit = user.scope_unit if user.scope_unit_id else None
    return (user.pk, user.is_active, str(user.role), _grants_key(user), user.scope_unit_id,
            unit.path if unit else None, user.person_id)


def _grants_key(user: Any) -> frozenset[tuple[tuple[str, str], str]]:
    """The user's grants as a hashable value; made once for each grants dict the user object holds (scope_key is
    asked some seven times a start page, and the grants' frozenset was most of its cost)."""
    grants = _grants(user)
    kept = getattr(user, "_koshi_grants_key", None)
    if kept is None or kept[0] is not grants:
        kept = (grants, frozenset(grants.items()))
        user._koshi_grants_key = kept
    return kept[1]


def grant_scope(user: Any, action: str, model: type[models.Model] | models.Model | str) -> str | None:
    """The widest scope in which `user` may do `action` on this kind of record, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    grants = _grants(user)
    kind = kind_of(model)
    app_wildcard = kind.split(".")[0] + ".*"
    found = [grants[(a, k)] for a in (action, "*") for k in (kind, app_wildcard, "*") if (a, k) in grants]
    if not found:
        return None
    return max(found, key=lambda s: _SCOPE_RANK[Scope(s)])


def can(user: Any, action: str, model: type[models.Model] | models.Model | str) -> bool:
    """May `user` do `action` on this kind of record at all (in some scope)?"""
    return grant_scope(user, action, model) is not None


def can_in_unit(user: Any, action: str, model: type[models.Model] | str, unit: Any) -> bool:
    """May `user` do `action` on a record of this kind that belongs to `unit` (a TerritorialUnit or None)?"""
    scope = grant_scope(user, action, model)
    if scope is None:
        return False
    if scope == Scope.COUNTRY or (scope == Scope.TERRITORY and user.scope_unit_id is None):
        return True
    if scope == Scope.TERRITORY:
        return unit is not None and unit.path.startswith(user.scope_unit.path)
    return False


def can_on_object(user: Any, action: str, obj: models.Model) -> bool:
    """May `user` do `action` on this very record? Decided by the same filter as every list."""
    visible: Any = type(obj)._default_manager.all()  # a ScopedQuerySet (the model's manager)
    return bool(visible.visible_to(user, action).filter(pk=obj.pk).exists())


def sees_identities(user: Any) -> bool:
    """Whether IINs and names reach this user; a researcher only ever reads pseudonyms."""
    return user is not None and getattr(user, "role", None) != Role.RESEARCHER and can(user, Action.IDENTIFY, "people.person")
