"""The signed-in user, read with one plain query: Django's ModelBackend (the same passwords, the same `is_active`
rule) whose `get_user` and DRF's token lookup read the user and their territorial scope unit in one SELECT.

Every signed-in request loads its user, and nearly every one then its scope unit (the territorial filter of
`visible_to`): two querysets compiled by the ORM on each request, each costing several times the query itself
(0.41 and 0.44 ms of CPU, the token's 0.65, against ~0.1 for the plain query). The rows are made into model
instances as the ORM makes them (`from_db`, with each field's database converters), the unit cached on the user
as `select_related` would."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from lib import data_versions

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


def user_where(where: str, params: list[Any], join: str = "") -> Any:
    """The user, their scope unit attached, of `... FROM accounts_user u {join} WHERE {where}`, or None.
    `where` and `join` are this module's constants, never client input (that goes in `params`). The grants' data
    version is read in the same query: nearly every request then asks for the user's grants, which each process
    keeps under it (accounts.permissions)."""
    unit_model = User._meta.get_field("scope_unit").related_model
    db = router.db_for_read(User)
    user_n = len(User._meta.concrete_fields)
    unit_n = len(unit_model._meta.concrete_fields)
    sql = (f"SELECT {_columns(User, 'u')}, {_columns(unit_model, 't')}, v.token FROM {User._meta.db_table} u {join} "
           f"LEFT JOIN {unit_model._meta.db_table} t ON t.id = u.scope_unit_id "
           f"LEFT JOIN {data_versions.TABLE} v ON v.name = %s WHERE {where}")
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [GRANTS_ROOM, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    user = _instance(User, db, row[:user_n])
    unit = _instance(unit_model, db, row[user_n:user_n + unit_n]) if user.scope_unit_id is not None else None
    User._meta.get_field("scope_unit").set_cached_value(user, unit)
    remember_grants_version(user, row[user_n + unit_n])
    return user


class UserBackend(ModelBackend):
    """ModelBackend, its `get_user` in one plain query with the scope unit."""

    def get_user(self, user_id: Any) -> Any:
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a session holding something that is not a user id: no user, as ModelBackend answers
            return None
        user = user_where("u.id = %s", [pk])
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
