"""The statistics store: imported series (observations), origin-destination flows, and the imports themselves.

Observations and flows are reference figures loaded in bulk from published tables; each row points to the
`StatisticsImport` that brought it (file, hash, counts), and that import is an audited record. Values are
persons (or per cent for rates), stored as floats because rates and estimated flows are fractional.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.audit import AuditedModel
from accounts.permissions import grant_scope
from accounts.roles import Scope
from accounts.scoping import ScopedQuerySet


class Indicator(models.TextChoices):
    ARRIVALS = "arrivals", _("Arrivals")
    DEPARTURES = "departures", _("Departures")
    NET = "net", _("Net migration")
    GROSS = "gross", _("Gross turnover")
    NET_PER_1000 = "net_per_1000", _("Net migration per 1,000 inhabitants")
    EFFICIENCY = "efficiency", _("Migration efficiency, %")
    UNEMPLOYMENT_RATE = "unemployment_rate", _("Unemployment rate, %")
    RESETTLED = "resettled", _("Programme participants resettled")
    QUOTA = "quota", _("Resettlement quota")


class Coverage(models.TextChoices):
    INTERREGIONAL = "interregional", _("Moves between regions")
    ALL_INTERNAL = "all_internal", _("All internal moves, within regions included")
    ALL_FLOWS = "all_flows", _("All flows, international included")
    NOT_APPLICABLE = "", _("Not applicable")


class FlowSource(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REGISTER = "register", pgettext_lazy("data source", "Register")
    ESTIMATED = "estimated", _("Estimated")


class StatisticsImport(AuditedModel):
    """One load of one published table: what file, which dataset, how many rows it created or changed."""

    dataset = models.CharField(_("dataset"), max_length=60)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=300)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("statistics import")

    def __str__(self) -> str:
        return f"{self.dataset} ({self.file_name})"


class ObservationQuerySet(ScopedQuerySet):
    scope_path = "unit"


class Observation(models.Model):
    """One published figure: an indicator of a unit over a period (a year, a month or a stated span)."""

    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    coverage = models.CharField(_("coverage"), max_length=20, choices=Coverage.choices, blank=True, default="")
    unit = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, default="total")
    age_group = models.CharField(_("age group"), max_length=10, default="total")
    category = models.CharField(_("category"), max_length=80, blank=True, default="")
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=60, help_text="Dataset key of the table the figure is from.")
    imported = models.ForeignKey(StatisticsImport, on_delete=models.PROTECT, related_name="observations")

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "coverage", "unit", "period_start", "period_end", "sex", "age_group",
                        "category", "source"],
                name="stats_observation_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="stats_observation_period_ordered"),
            models.CheckConstraint(condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                                   name="stats_observation_month_valid"),
        ]
        indexes = [models.Index(fields=["indicator", "coverage", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.period_start}..{self.period_end}: {self.value}"


class FlowQuerySet(ScopedQuerySet):
    scope_path = "origin"

    def visible_to(self, user, action: str = "view"):
        """A territorial grant sees flows leaving or entering its territory (both ends are checked)."""
        scope = grant_scope(user, action, self.model)
        if scope == Scope.TERRITORY and user.scope_unit_id is not None:
            path = user.scope_unit.path
            return self.filter(Q(origin__path__startswith=path) | Q(destination__path__startswith=path))
        return super().visible_to(user, action)


class Flow(models.Model):
    """One cell of an origin-destination table: persons who moved from origin to destination in a year."""

    origin = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    persons = models.FloatField(pgettext_lazy("count of people", "persons"))
    source = models.CharField(_("source"), max_length=10, choices=FlowSource.choices)
    quality_flag = models.CharField(_("quality flag"), max_length=20, blank=True, default="ok")
    imported = models.ForeignKey(StatisticsImport, on_delete=models.PROTECT, related_name="flows")

    objects = FlowQuerySet.as_manager()

    class Meta:
        ordering = ["year", "origin_id", "destination_id"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination", "year", "source"], name="stats_flow_unique"),
            models.CheckConstraint(condition=~Q(origin=models.F("destination")), name="stats_flow_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_id}->{self.destination_id} {self.year}: {self.persons} ({self.source})"
