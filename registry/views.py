"""The registry's pages: a start page per role, the citizen's form with the owner's consent step, the
employer's simplified registration, the officer's view of a person's history (with deregistration and the
correction of an event), and the import page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import log_access
from accounts.permissions import can, sees_identities
from accounts.roles import Role
from law import references
from people.models import Person

from . import importer, selectors, services
from .access import (
    event_to_correct,
    may_correct,
    may_deregister,
    may_register,
    may_view_history,
    registration_to_deregister,
)
from .forms import AddressForm, ConsentForm, CorrectionForm, DeregisterForm, SimplifiedForm, UploadForm
from .forms_logic import Invalid, build_request
from .importer.checks import column_formats
from .models import ImportBatch, MigrationEvent, Registration, Source, Violation


@login_required
def index(request):
    user = request.user
    context = {"can_import": can(user, "add", ImportBatch), "can_history": can(user, "view", Registration)
               and sees_identities(user) and user.role != Role.CITIZEN,
               "is_employer": user.role == Role.EMPLOYER, "is_citizen": user.role == Role.CITIZEN}
    if user.role == Role.CITIZEN and user.person_id:
        context["mine"] = selectors.registration_history(user.person)
        context["events"] = selectors.person_moves(user.person)
    elif can(user, "view", Registration):
        recent = (Registration.objects.visible_to(user, "view").select_related("person", "region", "district")
                  .order_by("-registered_on", "-id"))
        context["page"] = Paginator(recent, 25).get_page(request.GET.get("page"))
        context["identities"] = sees_identities(user)
    if can(user, "view", MigrationEvent):
        context["event_count"] = MigrationEvent.objects.visible_to(user, "view").effective().count()
    if user.role != Role.CITIZEN and can(user, "view", Violation):
        violations = Violation.objects.visible_to(user, "view")
        context["violation_count"] = violations.count()
        context["violations"] = violations.select_related("registration__person", "registration__region")[:10]
    return render(request, "registry/index.html", context)


def _refused(request, form, exc, *others):
    """Each refusal beside its field, on the form (of the step) that has the field; else on `form` as a whole."""
    for refusal in exc.refusals:
        text = refusal.message + (f" ({references.reference(refusal.article).label})" if refusal.article else "")
        _add_error((form, *others), refusal.field, text)


def _add_error(forms, field, message) -> None:
    """The message on the form that has `field` (the first form's non-field errors when none has it)."""
    target = next((f for f in forms if field in f.fields), None)
    if target is None:
        forms[0].add_error(None, message)
    else:
        target.add_error(field, message)


@login_required
def register_self(request):
    """The citizen's form: the address and stay, then (standard procedure) the owner's consent."""
    user = request.user
    if user.role != Role.CITIZEN or not user.person_id or not can(user, "add", Registration):
        raise PermissionDenied
    step = request.POST.get("step", "address")
    address = AddressForm(request.POST or None, prefix="a")
    consent = ConsentForm(request.POST if step == "consent" else None, prefix="c")
    if request.method == "POST" and address.is_valid():
        data = address.values()
        needs_consent = data["procedure"] == "standard"
        if needs_consent and step != "consent":
            return render(request, "registry/register.html", {"address": address, "consent": ConsentForm(prefix="c"),
                                                              "step": "consent"})
        if not needs_consent or consent.is_valid():
            if needs_consent:
                data.update(consent.cleaned_data)
            data["iin"] = user.person.iin
            try:
                req = build_request(data, user=user, source=Source.FORM)
                allowed, _employer = may_register(user, req.person, req.address.region, req.procedure,
                                                  req.registered_on)
                if not allowed:
                    raise PermissionDenied
                outcome = services.register(req, actor=request.user)
            except Invalid as exc:
                for field, message in exc.errors.items():
                    _add_error((consent, address) if needs_consent else (address,), field, message)
            except services.RegistrationRefused as exc:
                _refused(request, consent if needs_consent else address, exc, address)
            else:
                messages.success(request, _("You are registered at %(address)s.") % {
                    "address": outcome.registration.address})
                if outcome.violation is not None:
                    messages.warning(request, _("The registration was %(days)s days late: %(outcome)s, %(amount)s tenge (%(article)s).") % {
                        "days": outcome.violation.days_late, "outcome": outcome.violation.outcome,
                        "amount": outcome.violation.amount_kzt, "article": outcome.violation.article})
                return redirect("registry:index")
        # a refusal of a step-1 field is shown on step 1, beside the field, whatever step it was found at
        if any(field in address.fields for field in address.errors):
            step = "address"
        return render(request, "registry/register.html", {"address": address, "consent": consent, "step": step})
    return render(request, "registry/register.html", {"address": address, "consent": consent, "step": "address"})


@login_required
def register_simplified(request):
    """The employer registers its contract employee at the place of work."""
    user = request.user
    if user.role not in (Role.EMPLOYER, Role.OFFICER) or not can(user, "add", Registration):
        raise PermissionDenied
    form = SimplifiedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.values()
        try:
            req = build_request(data, user=user, source=Source.FORM, procedure="simplified")
            allowed, employer = may_register(user, req.person, req.address.region, req.procedure, req.registered_on)
            if not allowed:
                if user.role == Role.OFFICER:  # the officer's limit is the territory, not a contract
                    form.add_error("region", _("This address is outside the territory you serve."))
                else:
                    form.add_error("iin", _("This person has no contract in force with your organisation."))
                raise Invalid({})
            req.employer = employer
            req.registering_body = employer.name if employer else _("Career centre")
            outcome = services.register(req, actor=request.user)
        except Invalid as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except services.RegistrationRefused as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("%(name)s is registered at %(address)s.") % {
                "name": outcome.registration.person.full_name, "address": outcome.registration.address})
            return redirect("registry:index")
    return render(request, "registry/simplified.html", {"form": form})


@login_required
def history(request, pk: int | None = None):
    """A person's registrations and migration events; every view is written to the access log."""
    user = request.user
    if not can(user, "view", Registration) or not sees_identities(user):
        raise PermissionDenied
    iin = (request.GET.get("iin") or "").strip()
    if pk is None and iin:
        person = Person.objects.filter(iin=iin).first()
        log_access("search", kind="people.person", detail={"query": iin, "what": "registration history"},
                   request=request)
        if person is None or not may_view_history(user, person):
            messages.error(request, _("No person with this IIN in your territory."))
            return redirect("registry:index")
        return redirect("registry:history", pk=person.pk)
    if pk is None:
        return redirect("registry:index")
    person = get_object_or_404(Person, pk=pk)
    if not may_view_history(user, person):
        log_access("denied", kind="people.person", object_id=str(pk), request=request)
        raise Http404
    return _history_page(request, person)


def _history_page(request, person, *, failed: tuple[object, object] | None = None, status: int = 200):
    """The history page; each registration in force and each correctable event carries its form when the user
    may act on it (`failed` = (the row, its bound form with errors) after a refused POST)."""
    user = request.user
    log_access("view", obj=person, request=request, detail={"what": "registration history"})
    registrations = list(selectors.registration_history(person))
    events = list(selectors.person_events(person))
    corrected = {e.corrects_id for e in events if e.corrects_id}
    failed_row, failed_form = failed or (None, None)

    def is_failed(obj: Any) -> bool:  # the refused row keeps its form and errors, whatever its state now
        same_kind = failed_row is not None and type(obj) is type(failed_row)
        return same_kind and getattr(obj, "pk", None) == getattr(failed_row, "pk", None)

    for reg in registrations:
        reg.deregister_form = failed_form if is_failed(reg) else (
            DeregisterForm(prefix=f"d{reg.pk}") if reg.is_in_force and may_deregister(user, reg) else None)
    for event in events:
        event.correct_form = failed_form if is_failed(event) else (
            CorrectionForm(prefix=f"c{event.pk}")
            if not event.annulled and event.pk not in corrected and may_correct(user, event) else None)
    return render(request, "registry/history.html", {
        "person": person, "registrations": registrations, "events": events, "actions": True,
    }, status=status)


@login_required
@require_POST
def deregister(request, pk: int):
    """End a registration from the person's history (optionally as leaving the country)."""
    reg = registration_to_deregister(request.user, pk)
    form = DeregisterForm(request.POST, prefix=f"d{reg.pk}")
    if form.is_valid():
        try:
            services.deregister(reg, on=form.cleaned_data["ended_on"],
                                leaving_country=form.cleaned_data["leaving_country"], actor=request.user)
        except services.RegistrationRefused as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("The registration at %(address)s ended on %(date)s.") % {
                "address": reg.address, "date": form.cleaned_data["ended_on"].isoformat()})
            return redirect("registry:history", pk=reg.person_id)
    return _history_page(request, reg.person, failed=(reg, form), status=422)


@login_required
@require_POST
def correct_event(request, pk: int):
    """Correct a migration event by a new one citing it (or annul it); the corrected event stays as it was."""
    event = event_to_correct(request.user, pk)
    form = CorrectionForm(request.POST, prefix=f"c{event.pk}")
    if form.is_valid():
        try:
            fixed = services.correct_event(event, actor=request.user, **form.changes())
        except services.RegistrationRefused as exc:
            _refused(request, form, exc)
        else:
            text = (_("Event #%(old)s is annulled by event #%(new)s.") if fixed.annulled
                    else _("Event #%(old)s is corrected by event #%(new)s."))
            messages.success(request, text % {"old": event.pk, "new": fixed.pk})
            return redirect("registry:history", pk=event.person_id)
    return _history_page(request, event.person, failed=(event, form), status=422)


@login_required
def imports(request):
    user = request.user
    if not can(user, "add", ImportBatch):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch, already = importer.start_upload(user, form.cleaned_data["file"])
        if already:
            messages.info(request, _("This file was already imported: nothing was added."))
        return redirect("registry:import_detail", pk=batch.pk)
    batches = ImportBatch.objects.visible_to(user, "view").order_by("-created_at")[:20]
    return render(request, "registry/imports.html", {"form": form, "batches": batches,
                                                     "columns": importer.COLUMNS, "required": importer.REQUIRED,
                                                     "formats": column_formats()})


def _batch(request, pk):
    return get_object_or_404(ImportBatch.objects.visible_to(request.user, "view"), pk=pk)


@login_required
def import_detail(request, pk: int):
    batch = _batch(request, pk)
    return render(request, "registry/import_detail.html", {
        "batch": batch, "rejections": importer.first_rejections(batch),
        "status_url": reverse("registry:import_status", args=[batch.pk])})


@login_required
@require_POST
def import_run_again(request, pk: int):
    """Run a failed or interrupted import again from its last committed chunk (409 naming the state otherwise)."""
    batch = _batch(request, pk)
    if not can(request.user, "add", ImportBatch):
        raise PermissionDenied
    try:
        importer.run_again(batch)
    except importer.CannotRunAgain as exc:
        messages.error(request, _("This import cannot be run again: it is %(status)s. A failed or interrupted import "
                                  "runs again; if its file is gone, upload the file again.")
                       % {"status": exc.batch.get_status_display()})
        return render(request, "registry/import_detail.html", {
            "batch": batch, "rejections": importer.first_rejections(batch),
            "status_url": reverse("registry:import_status", args=[batch.pk])}, status=409)
    messages.success(request, _("The import runs again from line %(line)s.") % {"line": batch.resume_line + 1})
    return redirect("registry:import_detail", pk=batch.pk)


@login_required
def import_status(request, pk: int):
    batch = _batch(request, pk)
    return JsonResponse({
        "status": batch.status, "status_label": batch.get_status_display(), "total_rows": batch.total_rows,
        "processed_rows": batch.processed_rows, "stored_rows": batch.stored_rows,
        "duplicate_rows": batch.duplicate_rows, "rejected_rows": batch.rejected_rows, "error": batch.error,
        "finished": batch.status in ("done", "failed"),
    })


@login_required
def import_report(request, pk: int):
    batch = _batch(request, pk)
    log_access("export", obj=batch, request=request, detail={"what": "import row report"})
    response = StreamingHttpResponse(importer.rejections_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-rejected.csv"'
    return response
