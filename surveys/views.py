"""Pages of the surveys room. Thin: they call services and selectors and render."""

from __future__ import annotations

import csv
import io
import json
import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import log_access
from accounts.permissions import can
from accounts.roles import Role
from geo.models import TerritorialUnit
from lib.pagination import MAX_ID

from . import charts, engine, selectors, services
from .models import Assignment, Form, FormVersion, Submission, WeightingRun
from .render import render_form
from .xlsform import FormRefused


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _form(request, pk: int) -> Form:
    form = selectors.form_for(request.user, pk)
    if form is None:
        raise Http404
    return form


def _require(user, action: str, model) -> None:
    if not can(user, action, model):
        raise PermissionDenied


@login_required
def index(request):
    user = request.user
    if user.role == Role.ENUMERATOR:
        return render(request, "surveys/index.html", {"assignments": selectors.assignments_for(user),
                                                      "enumerator": True})
    if not can(user, "view", Form):
        raise PermissionDenied
    return render(request, "surveys/index.html", {
        "forms": selectors.forms_with_counts(user), "can_upload": can(user, "add", Form)})


@login_required
@require_POST
def upload(request, pk: int | None = None):
    _require(request.user, "add", FormVersion)
    form = _form(request, pk) if pk is not None else None
    file = request.FILES.get("xlsform")
    if file is None:
        messages.error(request, _("Choose an XLSForm file (.xlsx, .xls or .csv)."))
        return redirect(reverse("surveys:detail", args=[pk]) if pk else reverse("surveys:index"))
    try:
        version = services.upload_form(actor=request.user, filename=file.name, content=file.read(), form=form)
    except FormRefused as exc:
        context = {"problems": exc.problems, "filename": file.name, "form": form}
        return render(request, "surveys/refused.html", context, status=400)
    messages.success(request, _("Version %(version)s of “%(title)s” is kept.") % {
        "version": version.version, "title": version.form.title})
    return redirect("surveys:detail", pk=version.form.pk)


@login_required
def detail(request, pk: int):
    form = _form(request, pk)
    user = request.user
    if user.role == Role.ENUMERATOR:
        return redirect("surveys:collect", pk=pk)
    version = form.current_version
    definition = engine.FormDefinition(version.definition) if version else None
    enumerators = get_user_model().objects.filter(role=Role.ENUMERATOR, is_active=True).order_by("username")
    return render(request, "surveys/detail.html", {
        "form": form, "version": version, "versions": form.versions.all(),
        "assignments": selectors.assignments_for(user, form), "counts": selectors.counts_by_region(form, user),
        "run": selectors.latest_weighting(form), "can_change": can(user, "change", Form),
        "can_assign": can(user, "add", Assignment), "can_weigh": can(user, "add", WeightingRun),
        "can_export": can(user, "export", Submission),
        "enumerators": enumerators if can(user, "add", Assignment) else [],
        "regions": TerritorialUnit.objects.current().first_level().order_by("code"),
        "questions": [(n.name, engine.label_of(n, _lang(), definition)) for n in
                      selectors.analysable(definition)] if definition else [],
        "plan_json": json.dumps(form.sampling_plan, ensure_ascii=False, indent=1),
    })


@login_required
@require_POST
def assign(request, pk: int):
    form = _form(request, pk)
    _require(request.user, "add", Assignment)
    enumerator = get_user_model().objects.filter(username=request.POST.get("enumerator", "")).first()
    unit = TerritorialUnit.objects.filter(code=request.POST.get("unit", ""), valid_to__isnull=True).first()
    if enumerator is None or unit is None:
        messages.error(request, _("Choose an enumerator and a region."))
    else:
        try:
            services.assign(actor=request.user, form=form, enumerator=enumerator, unit=unit)
            messages.success(request, _("%(user)s collects in %(unit)s.") % {"user": enumerator.username,
                                                                               "unit": unit.name})
        except services.SurveyError as exc:
            messages.error(request, str(exc))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def plan(request, pk: int):
    form = _form(request, pk)
    _require(request.user, "change", Form)
    try:
        services.set_sampling_plan(actor=request.user, form=form, plan=json.loads(request.POST.get("plan", "")))
        messages.success(request, _("The sampling plan is saved."))
    except (ValueError, TypeError) as exc:
        messages.error(request, _("The sampling plan was not saved: %(error)s") % {"error": exc})
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def weigh(request, pk: int):
    form = _form(request, pk)
    _require(request.user, "add", WeightingRun)
    from . import tasks

    if form.submissions.count() > tasks.QUEUE_ABOVE:
        tasks.compute_weights.enqueue(form.pk, request.user.pk)
        messages.success(request, _("The weights are being computed; reload this page in a few minutes."))
        return redirect("surveys:detail", pk=pk)
    try:
        run = services.compute_weights(actor=request.user, form=form)
        messages.success(request, _("Weights computed: design effect %(deff).2f.") % {"deff": run.summary["final"]["deff"]})
    except (services.SurveyError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("surveys:detail", pk=pk)


def _collect_context(request, form: Form, version: FormVersion, answers=None, checked=None, errors=None):
    definition = engine.FormDefinition(version.definition)
    return {"form": form, "version": version,
            "fields": render_form(definition, _lang(), answers, checked.state() if checked else None),
            "errors": errors or [], "submission_uuid": request.POST.get("submission_uuid") or uuid_module.uuid4(),
            "assignments": selectors.assignments_for(request.user, form)}


@login_required
def collect(request, pk: int):
    form = _form(request, pk)
    if not can(request.user, "add", Submission):
        raise PermissionDenied
    version = form.current_version
    if version is None:
        raise Http404
    if request.method != "POST":
        return render(request, "surveys/collect.html", _collect_context(request, form, version))
    posted = FormVersion.objects.filter(form=form, pk=request.POST.get("version", "")).first() if \
        request.POST.get("version", "").isdecimal() else None
    version = posted or version
    definition = engine.FormDefinition(version.definition)
    answers = engine.answers_from_post(definition, request.POST)
    try:
        submission_uuid = uuid_module.UUID(request.POST.get("submission_uuid", ""))
    except ValueError:
        submission_uuid = None
    try:
        services.submit(actor=request.user, version=version, answers=answers, lang=_lang(),
                        submission_uuid=submission_uuid)
    except services.SubmissionRefused as exc:
        context = _collect_context(request, form, version, answers, exc.checked, exc.errors)
        return render(request, "surveys/collect.html", {**context, "submitted": True}, status=400)
    except services.SurveyError as exc:
        context = _collect_context(request, form, version, answers, None, [str(exc)])
        return render(request, "surveys/collect.html", context, status=400)
    messages.success(request, _("The interview is saved. Thank you!"))
    return redirect("surveys:collect", pk=pk)


@login_required
def preview(request, pk: int):
    """The form as respondents will see it, live, with nothing saved (for those who prepare the survey)."""
    form = _form(request, pk)
    _require(request.user, "view", FormVersion)
    version = form.current_version
    if version is None:
        raise Http404
    return render(request, "surveys/collect.html", {**_collect_context(request, form, version), "preview": True})


@login_required
@require_POST
def evaluate(request, pk: int):
    """The live page's round trip: the engine's verdict on the answers so far (nothing is stored)."""
    form = _form(request, pk)
    asked = request.POST.get("version", "")
    if asked.isdecimal():  # a number names a version (none past the largest id); anything else: the current one
        number = int(asked)
        version = FormVersion.objects.filter(form=form, pk=number).first() if number <= MAX_ID else None
    else:
        version = form.current_version
    if version is None:
        raise Http404
    definition = engine.FormDefinition(version.definition)
    checked = engine.check(definition, engine.answers_from_post(definition, request.POST), _lang())
    return JsonResponse(checked.state())


@login_required
def submissions(request, pk: int):
    form = _form(request, pk)
    _require(request.user, "view", Submission)
    page = Paginator(selectors.submissions_for(request.user, form).order_by("-pk"), 50).get_page(request.GET.get("page"))
    log_access("view", kind="surveys.submission", object_id=str(form.pk), request=request, detail={"list": "submissions"})
    return render(request, "surveys/submissions.html", {
        "form": form, "page": page, "rows": [selectors.submission_row(s) for s in page]})


@login_required
def results(request, pk: int):
    form = _form(request, pk)
    _require(request.user, "view", WeightingRun)  # analysts of the data, not the enumerators who collect it
    version = form.current_version
    if version is None:
        raise Http404
    definition = engine.FormDefinition(version.definition)
    questions = [(n.name, engine.label_of(n, _lang(), definition), n.kind) for n in selectors.analysable(definition)]
    names = [q[0] for q in questions]
    question = request.GET.get("q") if request.GET.get("q") in names else \
        ("stay_5y" if "stay_5y" in names else (names[0] if names else None))
    by_choices = [(name, label) for name, label, kind in questions if kind == "select_one" and name != question]
    by = request.GET.get("by", "region")
    if by != "region" and by not in {n for n, _label in by_choices}:
        by = "region"
    result = selectors.question_estimates(form, question, by, _lang(), request.user) if question else None
    return render(request, "surveys/results.html", {
        "form": form, "questions": questions, "question": question, "by": by, "by_choices": by_choices,
        "result": result, "chart": charts.estimates_chart(result) if result and result["rows"] else None,
        "run": selectors.latest_weighting(form)})


@login_required
def export(request, pk: int, fmt: str):
    form = _form(request, pk)
    _require(request.user, "export", Submission)
    if form.current_version is None:
        raise Http404
    labels = request.GET.get("values") != "codes"
    tables = selectors.export_tables(form, request.user, _lang(), labels=labels)
    log_access("export", kind="surveys.submission", object_id=str(form.pk), request=request, detail={"format": fmt})
    if fmt == "csv":
        table = request.GET.get("table", "submissions")
        if table not in tables:
            raise Http404
        buffer = io.StringIO()
        csv.writer(buffer).writerows(tables[table])
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{form.form_id}-{table}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name[:31])
        for row in rows:
            sheet.append([str(v) if isinstance(v, list) else v for v in row])
    workbook_bytes = io.BytesIO()
    book.save(workbook_bytes)
    response = HttpResponse(workbook_bytes.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{form.form_id}.xlsx"'
    return response


@login_required
def xlsform(request, pk: int, version_pk: int):
    form = _form(request, pk)
    version = form.versions.filter(pk=version_pk).first()
    if version is None or not can(request.user, "view", FormVersion):
        raise Http404
    response = HttpResponse(bytes(version.source), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{version.filename}"'
    return response
