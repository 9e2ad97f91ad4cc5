"""The two audit streams: the change history of domain data, and the access log.

Every model that inherits AuditedModel writes a ChangeRecord on each save and delete, in the same
transaction as the change (requests are atomic; services wrap their writes in `transaction.atomic`).
The actor is the user of the current request, or the one named with `acting_as(...)` in commands.
Bulk writes, which bypass model signals, call `record_bulk_create` / `record_bulk_update` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models

from .auditing import (
    AuditedModel,
    _kind,
    _snapshot,
    acting_as,
    as_actor,
    creation_changes,
    current_actor,
    current_request,
    jsonable,
    label_columns,
    object_labels,
    request_context,
)
from .models import AccessLog, ChangeRecord

__all__ = [
    "AuditedModel", "acting_as", "as_actor", "current_actor", "current_request", "jsonable", "request_context",
    "record_bulk_create", "record_bulk_update", "bulk_creation_records", "object_labels", "log_access", "restore_rolled_back_access",
    "log_unlogged_download", "log_unlogged_refusal", "on_post_save", "on_post_delete",
]

def _record(action: str, instance: models.Model, changes: dict[str, list[Any]], reason: str = "") -> Any:
    """The (unsaved) ChangeRecord of one action on one instance, by the current actor, its object labelled in each
    language (object_labels)."""
    actor, label = current_actor()
    written, labels = object_labels(instance)
    return ChangeRecord(actor=actor, actor_label=label, action=action, kind=_kind(type(instance)),
                        object_id=str(instance.pk), object_repr=written, labels=labels, changes=changes, reason=reason)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} of the fields read from the database (`before`) whose value is now different."""
    return {k: [before[k], v] for k, v in after.items() if k in before and before[k] != v}


def _write(action: str, instance: models.Model, changes: dict[str, list[Any]]) -> None:
    _record(action, instance, changes).save()


def on_post_save(sender: Any, instance: Any, created: Any, raw: Any = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    after = _snapshot(instance)
    if created:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
        _write("create", instance, changes)
    else:
        changes = _changes(getattr(instance, "_audit_before", {}) or {}, after)
        if changes:
            _write("update", instance, changes)
    instance._audit_before = after


def on_post_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, AuditedModel):
        return
    before = _snapshot(instance)
    _write("delete", instance, {k: [v, None] for k, v in before.items() if v not in (None, "")})


def record_bulk_create(objects: Iterable[models.Model], reason: str = "") -> int:
    """Write one ChangeRecord per object created by bulk_create (which sends no signals)."""
    records = [_record("create", obj, {k: [None, v] for k, v in _snapshot(obj).items() if v not in (None, "")},
                       reason) for obj in objects]
    ChangeRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


def bulk_creation_records(model: type[models.Model], frame: Any, *, object_repr: Any, reason: str = "",
                          at: Any = None, actor: Any = None, label: str | None = None) -> Any:
    """The change records of rows of `model` created in bulk, as a Polars frame of ChangeRecord's columns, for the
    caller to write with the rows (a COPY): one create record per row, by the current actor, holding every column
    of `frame` with a value — the frame's columns are the model's attnames, `id` among them — in the very
    representation `on_post_save` gives a row saved one by one (accounts.auditing.creation_changes).
    `object_repr` names each row (as str(instance) would): a Polars expression when the name reads the same in every
    language, else a function giving the expression in the active language, called once per language
    (accounts.auditing.label_columns); `actor` and `label` default to whoever is acting now."""
    import polars as pl
    from django.utils import timezone

    if label is None:
        actor, label = current_actor()
    excluded = set(getattr(model, "audit_exclude", ()))
    columns = frame.select([c for c in frame.columns if c not in excluded])
    return frame.select(
        at=pl.lit(at or timezone.now(), dtype=pl.Datetime("us", "UTC")),
        actor_id=pl.lit(getattr(actor, "pk", None), dtype=pl.Int64), actor_label=pl.lit(label[:150]),
        action=pl.lit("create"), kind=pl.lit(_kind(model)), object_id=pl.col("id").cast(pl.Utf8),
        **label_columns(object_repr),
        changes=columns.select(creation_changes(columns.schema)).to_series(), reason=pl.lit(reason[:300]))


def record_bulk_update(objects: Iterable[models.Model], fields: Iterable[str], reason: str = "") -> int:
    """Write one ChangeRecord per object changed by a queryset `update()` (which sends no signals).

    Each object was read from the database (so it knows its values before) and then given its new values in
    memory; `fields` names the fields the update wrote. Objects whose values did not change get no record.
    """
    names = list(fields)
    records = []
    for obj in objects:
        before = getattr(obj, "_audit_before", {}) or {}
        attnames = (obj._meta.get_field(name).attname for name in names)  # type: ignore[union-attr]  # concrete fields
        after = {a: jsonable(getattr(obj, a)) for a in attnames if a not in getattr(obj, "audit_exclude", ())}
        changes = _changes(before, after)
        obj._audit_before = {**before, **after}  # type: ignore[attr-defined]  # the audited row remembers its values
        if changes:
            records.append(_record("update", obj, changes, reason))
    ChangeRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


def log_access(event: str, *, obj: models.Model | None = None, kind: str = "", object_id: str = "",
               detail: dict | None = None, request: Any = None, user: Any = None) -> None:
    """Append to the access log: logins, every view or search of a person's record, every export."""
    request = request if request is not None else current_request()
    if user is None:
        user = getattr(request, "user", None) if request is not None else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    actor_label = user.get_username() if user is not None else (detail or {}).get("username", "anonymous")
    ip = None
    path = ""
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        path = request.get_full_path()[:300]
    if obj is not None:
        kind = _kind(type(obj))
        object_id = str(obj.pk)
    fields = dict(actor=user, actor_label=str(actor_label)[:150], event=event, kind=kind, object_id=object_id,
                  detail=detail or {}, ip=ip, path=path)
    entry = AccessLog.objects.create(**fields)
    if request is not None and event in ("export", "denied"):
        setattr(getattr(request, "_request", request), f"_koshi_{event}_logged", True)
    if request is not None and connection.in_atomic_block:
        # A request's transaction is rolled back when its view refuses (404/403): the entry must outlive it.
        http_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
        pending = http_request.__dict__.setdefault("_koshi_access_log", [])
        pending.append((entry.pk, entry.at, fields, _in_request_transaction(http_request)))


def _in_request_transaction(request: Any) -> bool:
    """Whether what is written now is in the request's own transaction (ATOMIC_REQUESTS: the outermost atomic
    block, around the view), not in a savepoint or a transaction of a non-atomic view's own, either of which
    can be rolled back while the request goes on to succeed."""
    if len(connection.atomic_blocks) != 1 or not connection.settings_dict.get("ATOMIC_REQUESTS"):
        return False
    match = getattr(request, "resolver_match", None)
    return match is not None and connection.alias not in getattr(match.func, "_non_atomic_requests", set())


def restore_rolled_back_access(request: Any, response: Any = None) -> int:
    """Write again the access-log entries of this request that a rolled-back transaction took away.

    Called by `ActorMiddleware` once the view (and its atomic request) is done; returns how many it wrote.
    The request's transaction is rolled back only by an exception, which Django and DRF answer with an error
    status (4xx or 5xx; Koshi calls no `set_rollback`): when the answer is a success and every entry was written
    in that transaction itself, every entry was committed, and nothing is read back (a query for each request
    that looks at a record).
    """
    pending = request.__dict__.pop("_koshi_access_log", [])
    if not pending:
        return 0
    if response is not None and getattr(response, "status_code", 500) < 400 and all(own for *_, own in pending):
        return 0
    kept = set(AccessLog.objects.filter(pk__in=[pk for pk, *_ in pending]).values_list("pk", "at", "event"))
    lost = [fields for pk, at, fields, _own in pending if (pk, at, fields["event"]) not in kept]
    for fields in lost:
        AccessLog.objects.create(**fields)
    return len(lost)


def log_unlogged_download(request: Any, response: Any) -> bool:
    """Every export is in the access log: a response sent as a file download (Content-Disposition: attachment)
    whose view did not log it itself is logged here, named by the view. Returns whether it wrote an entry."""
    disposition = response.get("Content-Disposition", "") if hasattr(response, "get") else ""
    if not disposition.startswith("attachment") or getattr(request, "_koshi_export_logged", False):
        return False
    if not 200 <= getattr(response, "status_code", 0) < 300:
        return False
    filename = disposition.partition("filename=")[2].strip('"')
    log_access("export", kind=_view_name(request), request=request, detail={"file": filename})
    return True


def log_unlogged_refusal(request: Any, response: Any) -> bool:
    """Every refusal is in the access log: a 403 whose view did not log a denial itself (a role without the
    permission, an API call without credentials) is logged here, named by the view. Returns whether it wrote."""
    if getattr(response, "status_code", 0) != 403 or getattr(request, "_koshi_denied_logged", False):
        return False
    log_access("denied", kind=_view_name(request), request=request, detail={"status": 403})
    return True


def _view_name(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "")[:60]
