"""Decisions of the law: immutable records of exactly what was decided, on which law, and why.

A Decision is written once (law.services.record_decision) and never changed: the ORM refuses save() of an existing row,
update() and delete(), and the database refuses UPDATE (and on PostgreSQL DELETE) by trigger (migration 0002).
Re-deciding a case creates a new Decision whose `supersedes` points to the case's latest decision (found by its
`case` when not given; another case's decision, or one already superseded, is refused); nothing is silently
recomputed. Each write also leaves a ChangeRecord in the audit trail (AuditedModel).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel
from accounts.immutable import ImmutableModel, ImmutableQuerySet


class DecisionQuerySet(ImmutableQuerySet):
    """Decisions: written once, never updated or deleted."""


class Decision(ImmutableModel, AuditedModel):
    """One application of the law to one case on one date."""

    immutable_message = "Decisions are immutable: record a new decision that supersedes this one."

    KIND_RELOCATION = "relocation"

    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150)
    case = models.CharField(_("case"), max_length=100, blank=True, db_index=True,
                            help_text=_("The deciding room's reference of the case, e.g. 'relocation.application:42'."))
    kind = models.CharField(_("kind"), max_length=30, default=KIND_RELOCATION)
    on = models.DateField(_("date of the law applied"))
    inputs = models.JSONField(_("inputs"), default=dict)
    rules_version = models.CharField(_("rules version"), max_length=80,
                                     help_text=_("Package version + hash of the rules' formulas, parameters and acts."))
    parameters_hash = models.CharField(_("parameters hash"), max_length=64)
    parameters = models.JSONField(_("parameters read"), default=list,
                                  help_text=_("Each parameter read: value, effective date, reference."))
    eligible = models.BooleanField(_("eligible"))
    conditions = models.JSONField(_("conditions"), default=list)
    entitlements = models.JSONField(_("entitlements"), default=list)
    total_kzt = models.BigIntegerField(_("total one-time and 12-month amounts, tenge"), default=0)
    flags = models.JSONField(_("flags"), default=list)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", verbose_name=_("supersedes"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        verdict = _("eligible") if self.eligible else _("not eligible")
        return f"{self.kind} {self.case or '#' + str(self.pk)} on {self.on}: {verdict}"

    @property
    def chain(self) -> list[Decision]:
        """This decision and every earlier one it supersedes, newest first."""
        out: list[Decision] = []
        current: Decision | None = self
        while current is not None:
            out.append(current)
            current = current.supersedes
        return out
