"""Decisions of the law: immutable records of exactly what was decided, on which law, and why.

A Decision is written once (Decision.record) and never changed: the ORM refuses save() of an existing row,
update() and delete(), and the database refuses UPDATE (and on PostgreSQL DELETE) by trigger (migration 0002).
Re-deciding a case creates a new Decision whose `supersedes` points to the case's latest decision (found by its
`case` when not given; another case's decision, or one already superseded, is refused); nothing is silently
recomputed. Each write also leaves a ChangeRecord in the audit trail (AuditedModel).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel, current_actor
from accounts.scoping import ScopedQuerySet


class DecisionQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("Decisions are immutable: record a new decision that supersedes this one.")

    def delete(self):
        raise PermissionError("Decisions are immutable: record a new decision that supersedes this one.")


class Decision(AuditedModel):
    """One application of the law to one case on one date."""

    KIND_RELOCATION = "relocation"

    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150)
    case = models.CharField(_("case"), max_length=100, blank=True, db_index=True,
                            help_text=_("The deciding room's reference of the case, e.g. 'relocation.application:42'."))
    kind = models.CharField(_("kind"), max_length=30, default=KIND_RELOCATION)
    on = models.DateField(_("date of the law applied"))
    inputs = models.JSONField(_("inputs"), default=dict)
    rules_version = models.CharField(_("rules version"), max_length=80,
                                     help_text=_("Package version + hash of the parameter files."))
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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Decisions are immutable: record a new decision that supersedes this one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Decisions are immutable: record a new decision that supersedes this one.")

    @classmethod
    def record(cls, result: Any, *, case: str = "", supersedes: Decision | None = None, note: str = "") -> Decision:
        """Store a law.services.RelocationResult exactly as computed."""
        from law.rules import parameters_hash

        if supersedes is not None and isinstance(supersedes, int):
            supersedes = cls.objects.get(pk=supersedes)
        data = result.as_dict()
        _, label = current_actor()
        entitlements = data["entitlements"]
        total = sum(a["amount_kzt"] for a in entitlements if a["name"] != "rent_compensation_monthly")
        with transaction.atomic():
            if supersedes is None and case:
                # A new decision on a case already decided points to the case's latest decision.
                superseded = cls.objects.filter(supersedes__isnull=False).values("supersedes")
                supersedes = cls.objects.filter(case=case).exclude(pk__in=superseded).order_by("-id").first()
            if supersedes is not None:
                # Lock the superseded row so two concurrent re-decisions cannot both supersede it.
                supersedes = cls.objects.select_for_update().get(pk=supersedes.pk)
                if supersedes.case != case:
                    raise ValueError(f"Decision {supersedes.pk} is on case {supersedes.case!r}, not {case!r}: "
                                     "a decision supersedes only an earlier decision on the same case.")
                if cls.objects.filter(supersedes=supersedes).exists():
                    raise ValueError(f"Decision {supersedes.pk} is already superseded: supersede the case's latest "
                                     "decision.")
            return cls.objects.create(
                recorded_by=label, case=case, kind=cls.KIND_RELOCATION, on=result.on, inputs=dict(result.inputs),
                rules_version=result.rules_version, parameters_hash=parameters_hash(),
                parameters=data["parameters"], eligible=result.eligible, conditions=data["conditions"],
                entitlements=entitlements, total_kzt=total, flags=data["flags"], supersedes=supersedes,
                note=note[:300],
            )

    @property
    def chain(self) -> list[Decision]:
        """This decision and every earlier one it supersedes, newest first."""
        out, current = [], self
        while current is not None:
            out.append(current)
            current = current.supersedes
        return out
