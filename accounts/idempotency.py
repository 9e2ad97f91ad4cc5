"""Idempotent submissions: an `Idempotency-Key` header makes a retried POST return the first response.

The key, the hash of the request (method, path, body) and the response are stored in the request's
transaction. A simultaneous retry waits on the key's unique index until the first commits, then replays
its response; the same key with a different body is a 409 Conflict. Nothing is registered twice.
Keys are per user and per endpoint, so two users' keys, or one user's keys on two actions, never mix.
Any room's API uses it: decorate the view's post() with `idempotent("room.action")` and document the
header with `extend_schema(parameters=[IDEMPOTENCY_KEY])`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from django.db import connections, router, transaction
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER,
    description="Optional, at most 200 characters. A retry with the same key and the same body returns the first "
                "response (with Idempotent-Replayed: true) and does nothing again; the same key with another body "
                "is a 409.")


def request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update((request.method or "").encode())
    digest.update(request.path.encode())
    if (request.content_type or "").startswith("multipart/"):
        # a retried upload comes with a new multipart boundary: hash what was sent, not how it was wrapped
        digest.update(json.dumps(_form_fingerprint(request), default=str).encode())
        return digest.hexdigest()
    try:
        digest.update(request.body or b"")
    except RawPostDataException:  # a form already parsed: hash its fields and files
        digest.update(json.dumps(_form_fingerprint(request), default=str).encode())
    return digest.hexdigest()


def _form_fingerprint(request: Any) -> list[Any]:
    """The form's fields and, for each file, its name and the SHA-256 of its content (the file is rewound)."""
    fields = sorted((k, request.data.getlist(k) if hasattr(request.data, "getlist") else request.data[k])
                    for k in request.data if k not in request.FILES)
    files = []
    for name, upload in sorted(request.FILES.items()):
        content = hashlib.sha256()
        for chunk in upload.chunks():
            content.update(chunk)
        upload.seek(0)
        files.append((name, upload.name, upload.size, content.hexdigest()))
    return [fields, files]


def _claim(user: Any, endpoint: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """The key's new record, or None when the user's key of this endpoint is there already. One statement, no
    savepoint around an IntegrityError: a simultaneous request with the same key waits on the key's unique index
    until the first one's transaction ends (PostgreSQL; SQLite's writers queue for the database), then inserts
    nothing if the first committed, and reads its record afterwards (a new statement sees the commit)."""
    record = IdempotencyRecord(key=key, user=user, endpoint=endpoint, request_hash=fingerprint, status_code=0,
                               response=None, created_at=timezone.now())
    connection = connections[router.db_for_write(IdempotencyRecord)]
    meta = IdempotencyRecord._meta
    by_name = {f.name: f for f in meta.concrete_fields}
    fields = [by_name[n] for n in ("key", "user", "endpoint", "request_hash", "status_code", "response", "created_at")]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    unique = ", ".join(connection.ops.quote_name(str(by_name[n].column)) for n in ("user", "endpoint", "key"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
                       f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT ({unique}) DO NOTHING "
                       f"RETURNING {connection.ops.quote_name(str(by_name['id'].column))}",
                       [f.get_db_prep_save(getattr(record, f.attname), connection) for f in fields])
        row = cursor.fetchone()
    if row is None:
        return None
    record.pk = row[0]
    record._state.adding = False
    record._state.db = connection.alias
    return record


def idempotent(endpoint: str) -> Any:
    """Decorate an APIView's post(); `endpoint` names the action so keys of different actions never mix."""

    def decorate(method: Any) -> Any:
        @functools.wraps(method)
        def wrapper(self: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            key = (request.headers.get(HEADER) or "").strip()
            if not key or not request.user.is_authenticated:
                return method(self, request, *args, **kwargs)
            if len(key) > 200:
                return Response({"detail": _("The Idempotency-Key is longer than 200 characters.")}, status=400)
            # Read the body before the view does, so that the hash sees exactly what was sent.
            fingerprint = request_hash(request)
            # No savepoint of its own: inside the request's transaction (ATOMIC_REQUESTS) an exception of the view
            # rolls the whole request back anyway (DRF's handler and Django's both do), the key's record with it.
            with transaction.atomic(savepoint=False):
                record = _claim(request.user, endpoint, key, fingerprint)
                if record is None:
                    record = IdempotencyRecord.objects.get(user=request.user, endpoint=endpoint, key=key)
                    if record.request_hash != fingerprint:
                        return Response({"detail": _("This Idempotency-Key was used with a different request.")},
                                        status=409)
                    if not record.status_code:
                        return Response({"detail": _("A request with this Idempotency-Key is still being processed.")},
                                        status=409)
                    replay = Response(record.response, status=record.status_code)
                    replay["Idempotent-Replayed"] = "true"
                    return replay
                response = method(self, request, *args, **kwargs)
                record.status_code = response.status_code
                record.response = json.loads(JSONRenderer().render(response.data) or b"null")
                record.save(update_fields=["status_code", "response"])
            return response

        return wrapper

    return decorate
