"""Row scoping: one queryset method, `visible_to(user, action)`, that every read path goes through."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models
from django.http import Http404

from .permissions import grant_scope
from .roles import Scope


class ScopedQuerySet(models.QuerySet):
    """Subclasses name where a record's territory and owner are found.

    scope_path: lookup path from the record to a geo.TerritorialUnit (its territory).
    owner_path: lookup path from the record to the accounts.User who owns it (a citizen's own data).
    """

    scope_path: str | None = None
    owner_path: str | None = None

    def visible_to(self, user: Any, action: str = "view") -> Self:
        scope = grant_scope(user, action, self.model)
        if scope is None:
            return self.none()
        if scope == Scope.COUNTRY or (scope == Scope.TERRITORY and user.scope_unit_id is None):
            return self.all()
        if scope == Scope.TERRITORY:
            if not self.scope_path:
                return self.none()
            return self.filter(**{f"{self.scope_path}__path__startswith": user.scope_unit.path})
        if not self.owner_path:
            return self.none()
        return self.filter(**{self.owner_path: user})


Row = TypeVar("Row", bound=models.Model)


def visible_or_404(rows: models.QuerySet[Row], user: Any, pk: int, action: str = "view") -> Row:
    """The record `pk` among `rows` (a ScopedQuerySet, joins chosen by the caller) if `user` may `action` it;
    404 otherwise, so that a record out of one's scope cannot be told from one that does not exist."""
    scoped: models.QuerySet[Row] = rows.visible_to(user, action)  # type: ignore[attr-defined]  # a ScopedQuerySet
    found = scoped.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
