"""Records of the oversight room: alerts computed from the residence and contract registers, and the scans
that raised them (see oversight/README.md for the rules and their articles)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet


class Rule(models.TextChoices):
    """The alert rules; each cites its article in `RULE_ARTICLES`."""

    NO_CONTRACT = "no_contract", _("Migrant without an employment contract")
    CONTRACT_ENTRIES = "contract_entries", _("Late or missing contract entries")


RULE_ARTICLES = {
    Rule.NO_CONTRACT: "model-law/art-15/p-1",
    Rule.CONTRACT_ENTRIES: "model-law/art-14/p-1",
}


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert status", "to resolve")
    CONFIRMED = "confirmed", pgettext_lazy("alert status", "confirmed")
    DISMISSED = "dismissed", pgettext_lazy("alert status", "dismissed")
    RESOLVED = "resolved", pgettext_lazy("alert status", "resolved")


OUTCOMES = (Status.CONFIRMED, Status.DISMISSED, Status.RESOLVED)


class ScanRun(AuditedModel):
    """One run of the daily scan: the day it judged, who ran it, and what it raised."""

    on = models.DateField(_("date judged"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    actor_label = models.CharField(_("run by"), max_length=150, blank=True)
    raised = models.JSONField(_("alerts raised"), default=dict, blank=True,
                              help_text="Alerts raised by this run, by rule.")
    candidates = models.JSONField(_("alerts due"), default=dict, blank=True,
                                  help_text="Alerts the rules found due on the day (raised now or before), by rule.")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("oversight scan")
        verbose_name_plural = _("oversight scans")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} ({self.actor_label})"


class AlertQuerySet(ScopedQuerySet):
    scope_path = "unit"
    owner_path = "employer__users"


class Alert(AuditedModel):
    """One alert: a rule found due for a subject (a person, or an employer in a region) from a start date.

    It is raised once: (rule, person, period_start) and (rule, employer, unit, period_start) are unique, so a
    scan that runs again finds the alert already there. `evidence` holds the records and dates behind it
    (ids, dates, the law's deadline and article), as found by the scan that raised it (refreshed while the
    alert is open). The resolution is who, when, the outcome and the reason.
    """

    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    unit = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("territory"), on_delete=models.PROTECT,
                             related_name="+")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="oversight_alerts")
    employer = models.ForeignKey("labour.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="oversight_alerts")
    period_start = models.DateField(_("period from"), help_text="First day of the period the alert concerns.")
    due_date = models.DateField(_("due from"), help_text="The law's last day; the alert is due on any later day.")
    article = models.CharField(_("article"), max_length=60)
    evidence = models.JSONField(_("evidence"), default=dict)
    raised_on = models.DateField(_("raised on"))
    scan = models.ForeignKey(ScanRun, verbose_name=_("raised by scan"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="alerts")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_reason = models.TextField(_("reason"), blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["raised_on", "due_date", "id"]
        verbose_name = _("oversight alert")
        verbose_name_plural = _("oversight alerts")
        indexes = [models.Index(fields=["status", "raised_on"], name="oversight_alert_status_day")]
        constraints = [
            models.UniqueConstraint(fields=["rule", "person", "period_start"], condition=models.Q(person__isnull=False),
                                    name="oversight_alert_once_per_person"),
            models.UniqueConstraint(fields=["rule", "employer", "unit", "period_start"],
                                    condition=models.Q(employer__isnull=False),
                                    name="oversight_alert_once_per_employer"),
            models.CheckConstraint(
                condition=models.Q(rule="no_contract", person__isnull=False, employer__isnull=True)
                | models.Q(rule="contract_entries", person__isnull=True, employer__isnull=False),
                name="oversight_alert_subject_fits_rule",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at__isnull=True)
                | (~models.Q(status="open") & models.Q(resolved_at__isnull=False, resolved_by__isnull=False)),
                name="oversight_alert_resolution_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} — {self.period_start.isoformat()}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN
