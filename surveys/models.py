"""Records of the surveys room: a survey's form and its versions, enumerators' assignments, submissions,
and the weighting runs that give each submission its weight."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet


class FormQuerySet(ScopedQuerySet):
    owner_path = "owner"


class Form(AuditedModel):
    """A survey: its questionnaire (the latest version answers new interviews) and its sampling plan."""

    form_id = models.SlugField(max_length=80, unique=True, help_text="The XLSForm's form_id (settings sheet).")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_forms")
    created_at = models.DateTimeField(auto_now_add=True)
    sampling_plan = models.JSONField(default=dict, blank=True, help_text=(
        "Strata (population and planned sample per region code), optional clusters' selection probabilities, "
        "and the age structure used for raking."))

    objects = FormQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> FormVersion | None:
        return self.versions.order_by("-uploaded_at", "-pk").first()


class FormVersionQuerySet(ScopedQuerySet):
    owner_path = "form__owner"


class FormVersion(AuditedModel):
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=80)
    filename = models.CharField(max_length=200)
    source = models.BinaryField(help_text="The uploaded XLSForm file, byte for byte.")
    xform = models.TextField(help_text="The XForm pyxform produced.")
    definition = models.JSONField(help_text="pyxform's JSON: what the engine renders and checks.")
    languages = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    audit_exclude = ("source", "xform", "definition")
    objects = FormVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["form", "version"], name="surveys_form_version_unique")]

    def __str__(self) -> str:
        return f"{self.form.form_id} v{self.version}"


class AssignmentQuerySet(ScopedQuerySet):
    scope_path = "unit"
    owner_path = "enumerator"


class Assignment(AuditedModel):
    """An enumerator collects for a survey in a territory (a region)."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="assignments")
    enumerator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="survey_assignments")
    unit = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["form", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["form", "enumerator", "unit"],
                                               name="surveys_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.enumerator} · {self.form} · {self.unit.code}"


class SubmissionQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "collector"


class Submission(AuditedModel):
    """One interview: the answers to one version, who collected them and where.

    The respondent's IIN (if the form asks it) never sits in `data`: it is kept apart for linking and leaves
    the room only as a pseudonym."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, help_text="Sent by the client: a resent page is "
                                                                       "recognised, not stored twice.")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="submissions")
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="survey_submissions")
    region = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+")
    settlement = models.CharField(max_length=120, blank=True)
    data = models.JSONField()
    respondent_iin = models.CharField(max_length=12, blank=True, db_index=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    design_weight = models.FloatField(null=True, blank=True)
    weight = models.FloatField(null=True, blank=True, help_text="Calibrated weight of the latest weighting run.")

    audit_exclude = ("respondent_iin",)
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["form", "region"])]

    def __str__(self) -> str:
        return f"{self.form.form_id} #{self.pk}"


class WeightingRunQuerySet(ScopedQuerySet):
    owner_path = "actor"


class WeightingRun(AuditedModel):
    """One computation of a survey's weights: what it calibrated to and how the weights came out."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="weighting_runs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict)

    objects = WeightingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("weighting run")

    def __str__(self) -> str:
        return f"{self.form.form_id} weights {self.created_at:%Y-%m-%d}"
