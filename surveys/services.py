"""The only way to change the surveys room: forms and versions, assignments, submissions, weights."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.audit import acting_as, record_bulk_update
from accounts.permissions import can
from accounts.roles import Role
from geo.models import TerritorialUnit

from . import engine, weighting
from .models import Assignment, Form, FormVersion, Submission, WeightingRun
from .xlsform import FormRefused, convert

MAX_FORM_BYTES = 5 * 1024 * 1024


class SurveyError(ValueError):
    """A request the rules refuse; the message names what is wrong."""


class SubmissionRefused(SurveyError):
    def __init__(self, errors: list[str], checked: engine.Checked | None = None):
        super().__init__("; ".join(errors))
        self.errors = errors
        self.checked = checked


def upload_form(*, actor: Any, filename: str, content: bytes, form: Form | None = None) -> FormVersion:
    """Convert an XLSForm and keep it: a new survey, or a new version of `form` (same form_id).

    Raises FormRefused with pyxform's message (sheet and row) or the unsupported features by name."""
    if len(content) > MAX_FORM_BYTES:
        raise FormRefused([_("The file is larger than 5 MB.")])
    converted = convert(filename, content)
    with transaction.atomic(), acting_as(actor):
        if form is None:
            form = Form.objects.filter(form_id=converted.form_id).first()
            if form is None:
                form = Form.objects.create(form_id=converted.form_id[:80], title=converted.title[:300] or
                                           converted.form_id, owner=actor)
        elif form.form_id != converted.form_id:
            raise FormRefused([_("This file is the form “%(new)s”, not a version of “%(old)s”.")
                               % {"new": converted.form_id, "old": form.form_id}])
        version = converted.version or str(form.versions.count() + 1)
        if form.versions.filter(version=version).exists():
            raise FormRefused([_("Version “%(version)s” of this form is already kept; raise the version in the "
                                 "settings sheet.") % {"version": version}])
        return FormVersion.objects.create(
            form=form, version=version[:80], filename=filename[:200], source=content, xform=converted.xform,
            definition=converted.definition, languages=converted.languages, warnings=converted.warnings,
            uploaded_by=actor,
        )


def assign(*, actor: Any, form: Form, enumerator: Any, unit: TerritorialUnit) -> Assignment:
    if getattr(enumerator, "role", None) != Role.ENUMERATOR:
        raise SurveyError(_("Only a survey enumerator can be assigned to collect."))
    if not can(actor, "add", Assignment):
        raise SurveyError(_("You may not assign enumerators."))
    with transaction.atomic(), acting_as(actor):
        assignment, created = Assignment.objects.get_or_create(
            form=form, enumerator=enumerator, unit=unit, defaults={"assigned_by": actor})
        if not created and not assignment.active:
            assignment.active = True
            assignment.save()
        return assignment


def _place(code: Any, units: list[TerritorialUnit]) -> TerritorialUnit | None:
    """Where the interview took place: the region answered (a unit code), if the collector is assigned there."""
    if code is None:  # a refusal, or a form that does not ask the region: the collector's (first) territory
        return units[0] if units else None
    unit = TerritorialUnit.objects.filter(code=str(code), valid_to__isnull=True).first()
    if unit is not None and any(unit.path.startswith(u.path) for u in units):
        return unit
    return None


def submit(*, actor: Any, version: FormVersion, answers: dict[str, Any], lang: str,
           submission_uuid: uuid_module.UUID | None = None) -> Submission:
    """Check the answers against every rule of the version and keep them (never trusting the browser).

    The collector must be assigned to the survey in the region the interview names; a resent submission
    (same uuid) returns the one already kept."""
    if submission_uuid is not None:
        existing = Submission.objects.filter(uuid=submission_uuid).first()
        if existing is not None:
            if existing.collector_id != actor.pk:
                raise SurveyError(_("This submission identifier is already used."))
            return existing
    form = version.form
    units = [a.unit for a in Assignment.objects.filter(form=form, enumerator=actor, active=True).select_related("unit")]
    if not units and actor.role != Role.ADMIN:
        raise SurveyError(_("You are not assigned to collect for this survey."))
    definition = engine.FormDefinition(version.definition)
    checked = engine.check(definition, answers, lang)
    if not checked.ok:
        raise SubmissionRefused(checked.errors, checked)
    data, iin = engine.split_identifier(checked.data)
    region = _place(data.get("region"), units) if units else TerritorialUnit.objects.filter(
        code=str(data.get("region")), valid_to__isnull=True).first()
    if region is None:
        raise SubmissionRefused([_("«%(question)s»: you are not assigned to collect in %(code)s.")
                                 % {"question": "region", "code": data.get("region")}], checked)
    settlement = engine.choice_label(definition.by_name["settlement"], str(data["settlement"]), "en", definition) \
        if "settlement" in data and "settlement" in definition.by_name else ""
    try:
        with transaction.atomic(), acting_as(actor):
            return Submission.objects.create(
                uuid=submission_uuid or uuid_module.uuid4(), form=form, version=version, collector=actor,
                region=region, settlement=settlement[:120], data=data, respondent_iin=iin[:12],
            )
    except IntegrityError:
        existing = Submission.objects.filter(uuid=submission_uuid).first() if submission_uuid else None
        if existing is None or existing.collector_id != actor.pk:
            raise
        return existing


def set_sampling_plan(*, actor: Any, form: Form, plan: dict[str, Any]) -> Form:
    weighting.validate_plan(plan)
    with transaction.atomic(), acting_as(actor):
        form.sampling_plan = plan
        form.save(update_fields=["sampling_plan"])
    return form


def compute_weights(*, actor: Any, form: Form, trim_ratio: float = 5.0) -> WeightingRun:
    """Design weights from the sampling plan, raked to each region's population by sex (geo's BNS figures)
    and age group (the plan's age structure), trimmed; every submission's weight updated, the run kept."""
    from . import selectors

    rows = list(Submission.objects.filter(form=form, data__consent="yes").select_related("region").order_by("pk"))
    if not rows:
        raise SurveyError(_("The survey has no submissions to weight."))
    year, population = selectors.population_by_region_and_sex()
    frame = weighting.respondents([{"region": s.region.code, "sex": s.data.get("sex"), "age": s.data.get("age")}
                                   for s in rows])
    result = weighting.weigh(frame, population, form.sampling_plan or {}, trim_ratio=trim_ratio)
    with transaction.atomic(), acting_as(actor):
        for submission, design, final in zip(rows, result.design, result.weights, strict=True):
            submission.design_weight = float(design)
            submission.weight = float(final)
        Submission.objects.bulk_update(rows, ["design_weight", "weight"], batch_size=1000)
        record_bulk_update(rows, ["design_weight", "weight"])
        return WeightingRun.objects.create(form=form, actor=actor, population_year=year, summary=result.summary)
