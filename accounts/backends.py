"""The signed-in user, read with one plain query: Django's ModelBackend (the same passwords, the same `is_active`
rule) whose `get_user` and DRF's token lookup read the user and their territorial scope unit in one SELECT.

Every signed-in request loads its user, and nearly every one then its scope unit (the territorial filter of
`visible_to`): two querysets compiled by the ORM on each request, each costing several times the query itself
(0.41 and 0.44 ms of CPU, the token's 0.65, against ~0.1 for the plain query). The rows are made into model
instances as the ORM makes them (`from_db`, with each field's database converters), the unit cached on the user
as `select_related` would."""

from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from lib import data_versions
from lib.postgresql.prepared import fetch_prepared

from .models import User
from .permissions import GRANTS_ROOM, remember_grants_version


def _columns(model: Any, alias: str) -> str:
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


@functools.cache
def _converters(model: Any, db: str) -> tuple[list[str], list[tuple[Any, list[Any]]]]:
    """The model's attribute names, and each column with its database converters: the same for every row, found
    once per process (finding them cost as much as the rest of making the user)."""
    connection = connections[db]
    columns = []
    for field in model._meta.concrete_fields:
        col = field.get_col(model._meta.db_table)
        columns.append((col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
    return [f.attname for f in model._meta.concrete_fields], columns


def _instance(model: Any, db: str, values: tuple) -> Any:
    connection = connections[db]
    attnames, columns = _converters(model, db)
    converted = []
    for (col, converters), value in zip(columns, values, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        converted.append(value)
    return model.from_db(db, attnames, converted)


def user_select(source: str) -> str:
    """`SELECT <user>, <scope unit>, <grants' version> FROM {source}`, `source` naming the user `u` and holding
    the one parameter before the version's name (the joins below); a module constant, never client input."""
    unit_model = User._meta.get_field("scope_unit").related_model
    return (f"SELECT {_columns(User, 'u')}, {_columns(unit_model, 't')}, v.token FROM {source} "
            f"LEFT JOIN {unit_model._meta.db_table} t ON t.id = u.scope_unit_id "
            f"LEFT JOIN {data_versions.TABLE} v ON v.name = %s")


def user_of_row(db: str, row: Any) -> Any:
    """The user of a `user_select` row (its scope unit attached, the grants' version remembered), or None where
    the row has no user (a LEFT JOIN that found none)."""
    unit_model = User._meta.get_field("scope_unit").related_model
    user_n = len(User._meta.concrete_fields)
    unit_n = len(unit_model._meta.concrete_fields)
    if row is None or row[0] is None:
        return None
    user = _instance(User, db, row[:user_n])
    unit = _instance(unit_model, db, row[user_n:user_n + unit_n]) if user.scope_unit_id is not None else None
    User._meta.get_field("scope_unit").set_cached_value(user, unit)
    remember_grants_version(user, row[user_n + unit_n])
    return user


def user_where(where: str, params: list[Any], join: str = "") -> Any:
    """The user, their scope unit attached, of `... FROM accounts_user u {join} WHERE {where}`, or None.
    `where` and `join` are this module's constants, never client input (that goes in `params`). The grants' data
    version is read in the same query: nearly every request then asks for the user's grants, which each process
    keeps under it (accounts.permissions)."""
    db = router.db_for_read(User)
    sql = f"{user_select(f'{User._meta.db_table} u {join}')} WHERE {where}"
    rows = fetch_prepared(connections[db], [(sql, [GRANTS_ROOM, *params])])[0]  # every API call's: planned once
    return user_of_row(db, rows[0] if rows else None)


# (user id, the user or None) read with this request's session in the same query (accounts.sessions), for the
# `get_user` of that id that follows in the same thread; cleared by every session read and at each request's start.
_READ_WITH_SESSION: ContextVar[tuple[Any, Any] | None] = ContextVar("read_with_session", default=None)


def hand_over(read: tuple[Any, Any] | None) -> None:
    """Give the next `UserBackend.get_user` the user read with the session (None: nothing read with it)."""
    _READ_WITH_SESSION.set(read)


def forget_handed_over(**kwargs: Any) -> None:
    """A request_started receiver: nothing read for an earlier request is used by this one."""
    _READ_WITH_SESSION.set(None)


class UserBackend(ModelBackend):
    """ModelBackend, its `get_user` in one plain query with the scope unit, or none at all where the session's
    query read the user too (the same row, read in the same request)."""

    def get_user(self, user_id: Any) -> Any:
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a session holding something that is not a user id: no user, as ModelBackend answers
            return None
        read = _READ_WITH_SESSION.get()
        if read is not None:
            _READ_WITH_SESSION.set(None)
        user = read[1] if read is not None and read[0] == pk else user_where("u.id = %s", [pk])
        return user if user is not None and self.user_can_authenticate(user) else None


class UserTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (same header, same answers), the token's user read with one plain query."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user = user_where('k."key" = %s', [key], join=f"JOIN {Token._meta.db_table} k ON k.user_id = u.id")
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user_id=user.pk)
        token.user = user
        return user, token
