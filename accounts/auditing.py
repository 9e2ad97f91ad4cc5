"""What every audited model and every writer of the audit trail share: who is acting now, and the base
class of audited models (which remembers each row's values as read, so an update records only what changed).

Below accounts.models (which defines the trail's tables): accounts.audit writes the trail and re-exports
these names, so callers keep using `accounts.audit.acting_as` and `accounts.audit.AuditedModel`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Collection, Iterator
from typing import Any, Self

from django.db import models

_current_request: contextvars.ContextVar[Any] = contextvars.ContextVar("koshi_request", default=None)
_current_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("koshi_actor", default=None)


@contextlib.contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the writes inside the block to `actor`: a User, or a label such as 'seed_demo'."""
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


@contextlib.contextmanager
def as_actor(actor: Any) -> Iterator[None]:
    """What every service wraps its writes in: attribute them to `actor`, the service's explicit argument (a User
    or a label such as 'seed_demo'). Without one (None), the writes stay with whoever is acting now: the block
    of `acting_as` around the call, or the request's user."""
    if actor is None:
        yield
        return
    with acting_as(actor):
        yield


@contextlib.contextmanager
def request_context(request: Any) -> Iterator[None]:
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def current_actor() -> tuple[Any, str]:
    """(user or None, label) of whoever is writing now."""
    actor = _current_actor.get()
    if actor is None:
        request = _current_request.get()
        user = getattr(request, "user", None) if request is not None else None
        if user is not None and user.is_authenticated:
            return user, user.get_username()
        return None, "anonymous" if request is not None else "system"
    if isinstance(actor, str):
        return None, actor
    return actor, actor.get_username()


def current_request() -> Any:
    return _current_request.get()


def iso_datetime(value: dt.datetime) -> str:
    """How the change history writes a date-time: ISO 8601 in UTC with its offset, the fraction of a second only
    when there is one ('2026-01-09T04:30:00+00:00') — as the database gives it back (USE_TZ). `json_column` writes
    the same for a Polars column (the bulk paths), and a test holds the two to the same text."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat()


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return iso_datetime(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _snapshot(instance: models.Model) -> dict[str, Any]:
    excluded = getattr(instance, "audit_exclude", ())
    return {
        f.attname: jsonable(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in excluded
    }


def object_labels(instance: models.Model) -> tuple[str, dict[str, str] | None]:
    """The label of a change record's object (its __str__, the one rule naming it): as worded in the active language
    (`object_repr`) and, when the site's languages word it differently — a choice's display, a region's name, a
    translated word — in each of them (`labels`), so that every reader reads it in their own language
    (ChangeRecord.label). None when it reads the same in every language (a name, a number)."""
    from django.conf import settings
    from django.utils import translation

    worded = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            worded[language] = str(instance)[:200]
    written = worded.get(translation.get_language() or "") or str(instance)[:200]
    return written, (worded if len(set(worded.values())) > 1 else None)


def label_columns(label: Any) -> dict[str, Any]:
    """`object_repr` and `labels` (object_labels) of rows named in bulk, as Polars expressions: `label` is either
    an expression naming each row the same in every language, or a function giving the expression that names each
    row in the active language (as str(instance) would) — called once per language, and the words compared per
    row, vectorised. `labels` is the JSON text of {language: label}, null where every language reads the same."""
    import polars as pl
    from django.conf import settings
    from django.utils import translation

    if isinstance(label, pl.Expr):
        return {"object_repr": label.str.slice(0, 200), "labels": pl.lit(None, dtype=pl.Utf8)}
    worded = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            worded[language] = label().str.slice(0, 200)
    active = translation.get_language() or ""
    written = worded[active] if active in worded else label().str.slice(0, 200)
    first, *others = worded.values()
    same = pl.all_horizontal([first == other for other in others]) if others else pl.lit(True)
    return {"object_repr": written,
            "labels": pl.when(same).then(pl.lit(None, dtype=pl.Utf8)).otherwise(pl.struct(**worded).struct.json_encode())}


def _kind(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


class AuditedModel(models.Model):
    """Base for domain records whose every change is kept in the change history."""

    # Fields whose values are never copied into the trail (secrets, bookkeeping timestamps).
    audit_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:  # type: ignore[override]  # the stubs type it for Model only
        instance = super().from_db(db, field_names, values)
        # the values as loaded, made JSON-able only when a write asks for them (`_audit_before`): most rows are
        # read, never written, and a page of 50 rows with their related rows would convert hundreds
        instance.__dict__["_audit_loaded"] = (field_names, values)
        return instance

    @property
    def _audit_before(self) -> dict[str, Any]:
        """The row's values when it was loaded (or last written), as the trail stores them."""
        before = self.__dict__.get("_audit_before_values")
        if before is None:
            loaded = self.__dict__.get("_audit_loaded")
            if loaded is None:
                raise AttributeError("_audit_before")  # a new row: getattr(row, "_audit_before", {}) is {}
            excluded = type(self).audit_exclude
            before = {name: jsonable(value) for name, value in zip(*loaded, strict=True) if name not in excluded}
            self.__dict__["_audit_before_values"] = before
        return before

    @_audit_before.setter
    def _audit_before(self, values: dict[str, Any]) -> None:
        self.__dict__["_audit_before_values"] = values

def json_column(name: str, dtype: Any) -> Any:
    """The JSON text of `jsonable(value)` for each value of a Polars column (null where the value is None or ""),
    the same representation as the single path's: `iso_datetime` for date-times, ISO dates, JSON strings."""
    import polars as pl

    col = pl.col(name)
    if dtype == pl.Utf8:
        text = pl.struct(col.alias("v")).struct.json_encode().str.strip_prefix('{"v":').str.strip_suffix("}")
        return pl.when(col.is_null() | (col == "")).then(None).otherwise(text)
    if dtype == pl.Boolean:
        return pl.when(col.is_null()).then(None).when(col).then(pl.lit("true")).otherwise(pl.lit("false"))
    if dtype.is_integer():
        return col.cast(pl.Utf8)
    if dtype == pl.Date:
        return pl.lit('"') + col.dt.to_string("%Y-%m-%d") + pl.lit('"')
    if isinstance(dtype, pl.Datetime):
        utc = col.dt.replace_time_zone("UTC") if dtype.time_zone is None else col.dt.convert_time_zone("UTC")
        seconds = utc.dt.to_string("%Y-%m-%dT%H:%M:%S")
        fraction = pl.when(utc.dt.microsecond() != 0).then(utc.dt.to_string("%.6f")).otherwise(pl.lit(""))
        return pl.lit('"') + seconds + fraction + pl.lit('+00:00"')
    raise TypeError(f"no JSON text for {name}: {dtype}")


def creation_changes(schema: Any) -> Any:
    """A Polars expression: the `changes` of each row's create record, as JSON text — {column: [null, value]} for
    every column holding a value (None and "" left out), exactly what `on_post_save` records for a created row.
    `schema` is the frame's (its columns are the model's attnames)."""
    import polars as pl

    pairs = [pl.lit(f'"{name}":[null,') + json_column(name, dtype) + pl.lit("]") for name, dtype in schema.items()]
    return pl.lit("{") + pl.concat_str(pairs, separator=",", ignore_nulls=True) + pl.lit("}")


def members(kind: str, object_id: str, changes: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """The rows one change record tells about, as (kind, object_id, {field: [old, new]}): its own, and in a bulk
    import's record (one per row stored, issue 12) the other rows that same input row wrote, each under a key
    "<kind>#<id>" of `changes` holding its own {field: [old, new]} — a field name never holds "#"."""
    own: dict[str, Any] = {}
    found: list[tuple[str, str, dict[str, Any]]] = [(kind, object_id, own)]
    for key, value in (changes or {}).items():
        if "#" in key and isinstance(value, dict):
            member_kind, _sep, member_id = key.partition("#")
            found.append((member_kind, member_id, value))
        else:
            own[key] = value
    return found


# kind -> a function of a row's id giving {kind: ids} of the records that may hold that row as a member: a room
# that writes such records registers here (in its AppConfig.ready), so the auditor's search for one row finds
# them by their own kind and number (accounts.selectors.change_history).
CARRIERS: dict[str, Callable[[int], dict[str, list[Any]]]] = {}
