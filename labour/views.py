"""The labour room's pages: the register of contracts (with late entries flagged) and job seekers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import can, can_in_unit, sees_identities
from people.models import Person

from . import services
from .forms import ContractForm, JobSeekerForm
from .models import Employer, EmploymentContract, JobSeeker


def _employers_for(user):
    return Employer.objects.visible_to(user, "view").order_by("name")


@login_required
def index(request):
    user = request.user
    context = {"identities": sees_identities(user) or user.role == "employer"}
    if can(user, "view", EmploymentContract):
        contracts = (EmploymentContract.objects.visible_to(user, "view")
                     .select_related("employer", "employee", "workplace_unit").prefetch_related("entries"))
        context["page"] = Paginator(contracts, 25).get_page(request.GET.get("page"))
        context["can_add_contract"] = can(user, "add", EmploymentContract)
    if can(user, "view", JobSeeker):
        context["seekers"] = (JobSeeker.objects.visible_to(user, "view").filter(ended_on__isnull=True)
                              .select_related("person", "unit")[:50])
        context["can_add_seeker"] = can(user, "add", JobSeeker)
    if not context.get("page") and "seekers" not in context:
        raise PermissionDenied
    return render(request, "labour/index.html", context)


@login_required
def new_contract(request):
    user = request.user
    if not can(user, "add", EmploymentContract):
        raise PermissionDenied
    form = ContractForm(request.POST or None, employers=_employers_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = Person.objects.filter(iin=data["iin"]).first()
        allowed = can_in_unit(user, "add", EmploymentContract, data["workplace_unit"]) or (
            data["employer"].users.filter(pk=user.pk).exists())
        if employee is None:
            form.add_error("iin", _("No person with this IIN in the register of persons."))
        elif not allowed:
            raise PermissionDenied
        else:
            try:
                contract = services.register_contract(
                    employer=data["employer"], employee=employee, position=data["position"],
                    workplace_unit=data["workplace_unit"], start_date=data["start_date"], term=data["term"],
                    end_date=data["end_date"], wage_kzt=data["wage_kzt"], actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                entry = contract.entries.get()
                if entry.is_late:
                    messages.warning(request, _("Entered %(days)s days after the deadline (%(due)s).") % {
                        "days": entry.days_late, "due": entry.due_date})
                else:
                    messages.success(request, _("The contract is entered in the register."))
                return redirect("labour:index")
    return render(request, "labour/contract_form.html", {"form": form})


@login_required
def new_job_seeker(request):
    user = request.user
    if not can(user, "add", JobSeeker):
        raise PermissionDenied
    form = JobSeekerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = Person.objects.filter(iin=data["iin"]).first()
        if person is None:
            form.add_error("iin", _("No person with this IIN in the register of persons."))
        elif not can_in_unit(user, "add", JobSeeker, data["unit"]):
            raise PermissionDenied
        else:
            try:
                services.register_job_seeker(person, unit=data["unit"], registered_on=data["registered_on"],
                                             status=data["status"], actor=request.user)
            except ValidationError as exc:
                for errors in exc.message_dict.values():
                    for error in errors:
                        form.add_error(None, error)
            else:
                messages.success(request, _("The job seeker is registered."))
                return redirect("labour:index")
    return render(request, "labour/seeker_form.html", {"form": form})
