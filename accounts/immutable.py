"""One mixin for rows that are written once and never changed (the audit trail, the law's decisions, migration
events): the ORM refuses save() of an existing row, delete(), and a queryset's update() and delete(). Each
such table is also guarded in the database by triggers (lib.db_guards) installed by its migration."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from .scoping import ScopedQuerySet


class ImmutableQuerySet(ScopedQuerySet):
    """A queryset whose update() and delete() are refused with the model's `immutable_message`."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(getattr(self.model, "immutable_message", ImmutableModel.immutable_message))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(getattr(self.model, "immutable_message", ImmutableModel.immutable_message))


class ImmutableModel(models.Model):
    """Base of immutable rows: give `immutable_message` (what to do instead) and an ImmutableQuerySet manager."""

    immutable_message: ClassVar[str] = "These rows are immutable."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(self.immutable_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.immutable_message)
