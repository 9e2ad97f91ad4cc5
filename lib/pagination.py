"""The API's pagination: every list is paged, the page size is capped, and no query string makes a 500.

- `Pagination` (the default for every list view, settings.REST_FRAMEWORK): `?limit=` and `?offset=`.
  `limit` is 1..MAX_LIMIT (default DEFAULT_LIMIT); a larger one is read as MAX_LIMIT, a malformed one as the
  default. `offset` is 0..count; a negative or malformed one is read as 0, one past the end gives an empty page.
  The response carries `count`, `next`, `previous` and `results`.
- `CursorPagination` for long or growing lists (registers, logs): `?cursor=` (the opaque `next`/`previous`
  links) and `?limit=`; pages stay stable while rows are added, and no COUNT is run. A view chooses it with
  `pagination_class = CursorPagination` (or a subclass naming its `ordering`: a unique, unchanging field,
  newest first by default). A malformed or tampered cursor is a 400 naming `cursor`, never a 500.

Import it from any room (`from lib.pagination import CursorPagination`): it knows no model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_ID = 2**63 - 1  # the largest database id (BigAutoField): an id field of a request body is bounded by it


def _bounded_int(raw: str | None, *, default: int, low: int, high: int) -> int:
    """`raw` as an int within [low, high]; `default` if it is missing or not a whole number."""
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.lstrip("-").isdigit() or len(raw) > 30:
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
    page_size: int = DEFAULT_LIMIT
    page_size_query_param: str = "limit"
    max_page_size: int = MAX_LIMIT
    ordering = "-pk"
    page_size_query_description = Pagination.limit_query_description
    invalid_cursor = _("This cursor is not one this API gave: follow the `next` or `previous` link as it is.")

    def get_page_size(self, request: Request) -> int:
        return _bounded_int(request.query_params.get(self.page_size_query_param), default=self.page_size,
                            low=1, high=self.max_page_size)

    def paginate_queryset(self, queryset: QuerySet | Sequence[Any], request: Request,
                          view: APIView | None = None) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, ValueError, TypeError, OverflowError, DjangoValidationError) as exc:
            # a cursor that does not decode, or whose position is not a value of the ordering field
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from exc

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters


