"""Users, their roles and territorial scope, permissions as data, and the two audit streams."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.texts import localized

from .auditing import AuditedModel
from .immutable import ImmutableModel, ImmutableQuerySet
from .roles import Action, Role, Scope


class User(AbstractUser, AuditedModel):
    """A user of Koshi; changes to users (role, scope, activity) are audited, their password never."""

    audit_exclude = ("password", "last_login")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CITIZEN)
    scope_unit = models.ForeignKey(
        "geo.TerritorialUnit",
        verbose_name=_("territorial scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The unit whose records (and those below it) the user works on; empty is the whole country.",
    )
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )

    def __str__(self) -> str:
        return self.username

    @property
    def scope_label(self) -> str:
        return self.scope_unit.name if self.scope_unit is not None else str(_("Whole country"))


class Permission(AuditedModel):
    """A grant: a role may do `action` on `kind` of record (app_label.model, or *) within `scope`."""

    role = models.CharField(max_length=12, choices=Role.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    kind = models.CharField(max_length=60, help_text="app_label.modelname, or * for every kind.")
    scope = models.CharField(max_length=10, choices=Scope.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "action", "kind"], name="accounts_permission_unique"),
        ]
        ordering = ["role", "kind", "action"]

    def __str__(self) -> str:
        return f"{self.role}: {self.action} {self.kind} ({self.scope})"


class AppendOnlyQuerySet(ImmutableQuerySet):
    """The audit trail's rows: written once, never updated or deleted."""


class AppendOnlyModel(ImmutableModel):
    """Rows are written once; the database refuses UPDATE and DELETE too (triggers in migration 0002)."""

    immutable_message = "The audit trail is append-only."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


class ChangeRecord(AppendOnlyModel):
    """One create, update or delete of domain data: who, when, what, and each field's old and new value."""

    # The indexes are the ones the trail's queries use (migration 0007): (at, id) orders every page; an auditor's
    # filter by kind reads (kind, at, id) in that order; one row's history (kind and number, or the number alone;
    # the bulk import's carriers) reads (object_id, kind). No single-column index, no pattern (LIKE) copy.
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
                              db_constraint=False, db_index=False)  # never searched by: the auditor filters by label
    actor_label = models.CharField(max_length=150, help_text="Username, or the command/system that wrote.")
    action = models.CharField(max_length=6, choices=ChangeAction.choices)
    kind = models.CharField(max_length=60, help_text="app_label.modelname")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, help_text="The object's label as worded when written.")
    # The label in each language ({"kk": …, "ru": …, "en": …}) when the languages word it differently (a choice's
    # display, a region's name): read with `label`. Nullable, so that SQLite adds it without copying the table
    # (which would drop the append-only trigger).
    labels = models.JSONField(null=True, blank=True)
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at", "id"], name="accounts_change_at_id"),  # the order and keyset pages
                   models.Index(fields=["kind", "at", "id"], name="accounts_change_kind_at_id"),
                   models.Index(fields=["object_id", "kind"], name="accounts_change_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.kind}#{self.object_id}"

    @property
    def label(self) -> str:
        """The object's label in the reader's (active) language; as written when it reads the same in every
        language, or was written before labels were kept and could not be read back (migration 0008)."""
        return localized(self.labels) if self.labels else self.object_repr


class AccessEvent(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKED_OUT = "locked_out", _("locked out after failed logins")
    LOGOUT = "logout", _("logout")
    VIEW = "view", _("viewed a record")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    DENIED = "denied", _("was denied access")


class AccessLog(AppendOnlyModel):
    """Who looked at, searched or exported what, and every login attempt."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    actor_label = models.CharField(max_length=150)
    event = models.CharField(max_length=14, choices=AccessEvent.choices, db_index=True)
    kind = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at", "id"], name="accounts_access_at_id")]  # the order and keyset pages

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.kind}#{self.object_id}"


class IdempotencyRecord(models.Model):
    """A submission's Idempotency-Key with the hash of its body and the response it got (accounts/idempotency.py).

    Moved here from registry so that every room's API can use it; the table keeps its first name.
    """

    key = models.CharField(max_length=200)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "registry_idempotencyrecord"
        constraints = [
            models.UniqueConstraint(fields=["user", "endpoint", "key"], name="registry_idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key
