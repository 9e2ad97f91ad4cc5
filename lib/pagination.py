"""The API's pagination: every list is paged, the page size is capped, and no query string makes a 500.

- `Pagination` (the default for every list view, settings.REST_FRAMEWORK): `?limit=` and `?offset=`.
  `limit` is 1..MAX_LIMIT (default DEFAULT_LIMIT); a larger one is read as MAX_LIMIT, a malformed one as the
  default. `offset` is 0..count; a negative or malformed one is read as 0, one past the end gives an empty page.
  The response carries `count`, `next`, `previous` and `results`.
- `CursorPagination` for long or growing lists (registers, logs): keyset pages, `?cursor=` (the opaque
  `next`/`previous` links) and `?limit=`; page 1,000 costs what page 1 costs (no OFFSET, no COUNT), and pages
  stay stable while rows are added. A view chooses it with `pagination_class = CursorPagination.ordered_by(...)`
  naming an unchanging order whose last field is unique (`"-at", "-id"`; `"-id"` by default), which an index
  should serve. The queryset may be one of `.values(...)` (dicts, no model instances: cheaper for a long page)
  if it names the ordering's fields. The response carries `next`, `previous` and `results`. A malformed or tampered cursor is a 400
  naming `cursor`, never a 500.

Import it from any room (`from lib.pagination import CursorPagination`): it knows no model.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_ID = 2**63 - 1  # the largest database id (BigAutoField): an id field of a request body is bounded by it


def _bounded_int(raw: str | None, *, default: int, low: int, high: int) -> int:
    """`raw` as an int within [low, high]; `default` if it is missing or not a whole number."""
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.lstrip("-").isdecimal() or len(raw) > 30:
        return default
    return max(low, min(high, int(raw)))


class Pagination(pagination.LimitOffsetPagination):
    default_limit: int = DEFAULT_LIMIT
    max_limit: int = MAX_LIMIT
    limit_query_description = (f"Number of results per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}); a larger "
                               f"number is read as {MAX_LIMIT}.")
    offset_query_description = "Index of the first result, from 0; past the end gives an empty page."

    def get_limit(self, request: Request) -> int:
        return _bounded_int(request.query_params.get(self.limit_query_param), default=self.default_limit,
                            low=1, high=self.max_limit)

    def get_offset(self, request: Request) -> int:
        # paginate_queryset counts before it reads the offset: an offset is never beyond the count
        count = getattr(self, "count", None)
        high = count if count is not None else 2**31
        return _bounded_int(request.query_params.get(self.offset_query_param), default=0, low=0, high=high)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit, default=self.default_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, default=0)
        return parameters


class CursorPagination(pagination.CursorPagination):
    """Keyset pages: the next page is the rows strictly after the last row of this one in the list's order, so
    the database seeks into the ordering's index and reads one page, however deep (no OFFSET, no COUNT).

    `ordering` names model fields of one direction, the last one unique (`("-at", "-id")`, `("-id",)`): a page
    ends at a tuple of values, and `(a, b) < (x, y)` is a row comparison the index (a, b) answers as a range.
    The cursor is sealed (see `seal`): opaque, so it shows a reader no database id, and tamper-evident."""

    page_size: int = DEFAULT_LIMIT
    page_size_query_param: str = "limit"
    max_page_size: int = MAX_LIMIT
    ordering: tuple[str, ...] = ("-id",)
    page_size_query_description = Pagination.limit_query_description
    cursor_query_description = "The `next` or `previous` link's cursor, as given (omit it for the first page)."
    invalid_cursor = _("This cursor is not one this API gave: follow the `next` or `previous` link as it is.")

    @classmethod
    def ordered_by(cls, *ordering: str) -> type[CursorPagination]:
        """The pagination of a list in this order (fields of one direction, the last one unique)."""
        if not ordering or len({name.startswith("-") for name in ordering}) != 1:
            raise ImproperlyConfigured(f"A keyset ordering is one or more fields of one direction: {ordering!r}")
        return type(cls.__name__, (cls,), {"ordering": tuple(ordering)})

    def get_page_size(self, request: Request) -> int:
        return _bounded_int(request.query_params.get(self.page_size_query_param), default=self.page_size,
                            low=1, high=self.max_page_size)

    def paginate_queryset(self, queryset: QuerySet | Sequence[Any], request: Request,
                          view: APIView | None = None) -> list[Any] | None:
        assert isinstance(queryset, QuerySet), "keyset pages are read from a queryset"
        self.request = request
        self.limit = self.get_page_size(request)
        names = [name.lstrip("-") for name in self.ordering]
        fields = [queryset.model._meta.get_field(name) for name in names]
        backwards, position = self._read_cursor(request, fields)
        descending = self.ordering[0].startswith("-") != backwards  # walking backwards flips the order
        rows = queryset.order_by(*(f"-{name}" if descending else name for name in names))
        if position is not None:
            beyond = TupleLessThan if descending else TupleGreaterThan
            rows = rows.filter(beyond(Tuple(*names), tuple(position)))
        found = list(rows[:self.limit + 1])
        more = len(found) > self.limit
        found = found[:self.limit]
        if backwards:
            found.reverse()
        first = [_plain(_value(found[0], name)) for name in names] if found else None
        last = [_plain(_value(found[-1], name)) for name in names] if found else None
        self._next = last if (more or backwards) else None
        self._previous = first if ((more and backwards) or (position is not None and not backwards)) else None
        return found

    def _read_cursor(self, request: Request, fields: list[Any]) -> tuple[bool, list[Any] | None]:
        sealed = request.query_params.get(self.cursor_query_param)
        if not sealed:
            return False, None
        try:
            cursor = json.loads(unseal(sealed))
            backwards, values = bool(cursor["b"]), cursor["p"]
            if not isinstance(values, list) or len(values) != len(fields):
                raise ValueError("a position of another list")
            return backwards, [field.to_python(value) for field, value in zip(fields, values, strict=True)]
        except (ValueError, TypeError, KeyError, DjangoValidationError) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from exc

    def _link(self, backwards: bool, position: list[Any] | None) -> str | None:
        if position is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, seal(json.dumps({"b": int(backwards), "p": position})))

    def get_next_link(self) -> str | None:
        return self._link(False, self._next)

    def get_previous_link(self) -> str | None:
        return self._link(True, self._previous)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters


def _value(row: Any, name: str) -> Any:
    """A field of a row of the page: a model instance, or a dict of `.values()` (which must name the ordering's
    fields)."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _plain(value: Any) -> Any:
    """A value of the ordering as JSON keeps it: dates and times in ISO form (the field's to_python reads it back)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _cipher() -> AESSIV:
    """AES-SIV (RFC 5297) keyed from the server's SECRET_KEY: deterministic authenticated encryption."""
    return AESSIV(salted_hmac("lib.pagination.cursor", "aes-siv", algorithm="sha512").digest())


def seal(text: str) -> str:
    """`text` encrypted and authenticated with the server's key (AES-SIV from `cryptography`), so a cursor is
    opaque (no database id shows) and any change to it is detected. Deterministic: the same page has the same
    link."""
    return base64.urlsafe_b64encode(_cipher().encrypt(text.encode(), None)).decode().rstrip("=")


def unseal(sealed: str) -> str:
    """The text `seal` sealed; ValueError if it is not one (malformed, or changed by a single bit)."""
    if len(sealed) > 2000:
        raise ValueError("too long for a cursor")
    try:
        return _cipher().decrypt(base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4)), None).decode()
    except InvalidTag as exc:
        raise ValueError("not sealed by this server") from exc
