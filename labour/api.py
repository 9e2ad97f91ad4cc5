"""The labour room's REST API: the register of contracts and job seekers, scoped by accounts.permissions; every
POST honours an Idempotency-Key header (accounts.idempotency)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can, can_in_unit, can_on_object, sees_identities
from geo.selectors import LABELS_VERSION, find_unit, labels_version
from lib import data_versions
from lib.pagination import CursorPagination
from people.models import Person

from . import services
from .models import Employer, EmploymentContract, JobSeeker, Term


def contract_row(c: EmploymentContract, identities: bool) -> dict:
    return {
        "id": c.pk, "employer": {"bin": c.employer.bin, "name": c.employer.name},
        "employee_iin": c.employee.iin if identities else None, "position": c.position,
        "workplace_unit": c.workplace_unit.code, "start_date": c.start_date, "term": c.term, "end_date": c.end_date,
        "wage_kzt": c.wage_kzt, "terminated_on": c.terminated_on,
        "entries": [{"kind": e.kind, "event_date": e.event_date, "registered_on": e.registered_on,
                     "due_date": e.due_date, "days_late": e.days_late, "article": e.article, "changes": e.changes}
                    for e in c.entries.all()],
    }


def unknown_message(*, employer: bool = False, person: bool = False, unit: bool = False) -> str:
    """What the request named that the register does not know, and what to do, in the reader's language."""
    parts = []
    if employer:
        parts.append(_("No employer with this BIN is registered: check the BIN, or register the employer first."))
    if person:
        parts.append(_("No person with this IIN in the register of persons."))
    if unit:
        parts.append(_("No unit with this code or name: use an ISO code such as KZ-59 or the region's name."))
    return " ".join(parts)


class ContractInput(serializers.Serializer):
    employer_bin = serializers.CharField(max_length=12)
    iin = serializers.CharField(max_length=12)
    position = serializers.CharField(max_length=200)
    workplace_unit = serializers.CharField(help_text="ISO code of the region or district")
    start_date = serializers.DateField()
    term = serializers.ChoiceField(choices=Term.choices, default=Term.INDEFINITE)
    end_date = serializers.DateField(required=False, allow_null=True)
    wage_kzt = serializers.IntegerField(min_value=1, max_value=100_000_000)
    registered_on = serializers.DateField(required=False)


class EmployerRef(serializers.Serializer):
    bin = serializers.CharField()
    name = serializers.CharField()


class ContractEntryRow(serializers.Serializer):
    kind = serializers.CharField()
    event_date = serializers.DateField(required=False)
    registered_on = serializers.DateField(required=False)
    due_date = serializers.DateField(allow_null=True)
    days_late = serializers.IntegerField(allow_null=True)
    article = serializers.CharField(allow_blank=True)
    changes = serializers.JSONField(required=False)


class ContractRow(serializers.Serializer):
    """A contract as the API answers it (contract_row); the IIN is null for a reader who may not see it."""

    id = serializers.IntegerField()
    employer = EmployerRef()
    employee_iin = serializers.CharField(allow_null=True)
    position = serializers.CharField()
    workplace_unit = serializers.CharField()
    start_date = serializers.DateField()
    term = serializers.CharField()
    end_date = serializers.DateField(allow_null=True)
    wage_kzt = serializers.IntegerField()
    terminated_on = serializers.DateField(allow_null=True)
    entries = ContractEntryRow(many=True)


class JobSeekerRow(serializers.Serializer):
    id = serializers.IntegerField()
    iin = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    registered_on = serializers.DateField()
    status = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)


class CreatedId(serializers.Serializer):
    id = serializers.IntegerField()


class ContractList(GenericAPIView):
    serializer_class = ContractInput
    pagination_class = CursorPagination.ordered_by("-id")  # a register that grows with the country: keyset pages

    @extend_schema(responses=ContractRow(many=True))
    def get(self, request):
        if not can(request.user, "view", EmploymentContract):
            raise PermissionDenied
        contracts = (EmploymentContract.objects.visible_to(request.user, "view")
                     .select_related("employer", "employee", "workplace_unit").prefetch_related("entries"))
        identities = sees_identities(request.user) or request.user.role == "employer"
        page = self.paginate_queryset(contracts)
        return self.get_paginated_response([contract_row(c, identities) for c in page])

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: ContractRow})
    @idempotent("labour.contract.create")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        employer = Employer.objects.filter(bin=data["employer_bin"]).first()
        employee = Person.objects.filter(iin=data["iin"]).first()
        unit = find_unit(data["workplace_unit"])
        if employer is None or employee is None or unit is None:
            return Response({"detail": unknown_message(employer=employer is None, person=employee is None,
                                                       unit=unit is None)}, status=400)
        if not (can_in_unit(request.user, "add", EmploymentContract, unit)
                or (can(request.user, "add", EmploymentContract) and employer.users.filter(pk=request.user.pk).exists())):
            raise PermissionDenied
        try:
            contract = services.register_contract(
                employer=employer, employee=employee, position=data["position"], workplace_unit=unit,
                start_date=data["start_date"], term=data["term"], end_date=data.get("end_date"),
                wage_kzt=data["wage_kzt"], registered_on=data.get("registered_on"), actor=request.user)
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        return Response(contract_row(contract, True), status=201)


class EntryInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("change", "change"), ("termination", "termination")])
    event_date = serializers.DateField()
    registered_on = serializers.DateField(required=False)
    position = serializers.CharField(required=False)
    wage_kzt = serializers.IntegerField(required=False, min_value=1, max_value=100_000_000)


class ContractEntryCreate(GenericAPIView):
    serializer_class = EntryInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: ContractEntryRow})
    @idempotent("labour.contract.entry")
    def post(self, request, pk: int):
        contract = EmploymentContract.objects.visible_to(request.user, "view").filter(pk=pk).first()
        if contract is None:
            raise Http404
        if not can_on_object(request.user, "change", contract):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        try:
            if kind == "termination":
                entry = services.terminate_contract(contract, event_date=data["event_date"],
                                                    registered_on=data.get("registered_on"), actor=request.user)
            else:
                changes = {k: v for k, v in data.items() if k in ("position", "wage_kzt")}
                entry = services.change_contract(contract, event_date=data["event_date"],
                                                 registered_on=data.get("registered_on"), actor=request.user,
                                                 **changes)
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        return Response({"kind": entry.kind, "due_date": entry.due_date, "days_late": entry.days_late,
                         "article": entry.article}, status=201)


class JobSeekerInput(serializers.Serializer):
    iin = serializers.CharField(max_length=12)
    unit = serializers.CharField()
    registered_on = serializers.DateField()
    status = serializers.ChoiceField(choices=[("job_seeker", "job_seeker"), ("unemployed", "unemployed")])


class JobSeekerList(GenericAPIView):
    serializer_class = JobSeekerInput
    pagination_class = CursorPagination.ordered_by("-id")  # a register that grows with the country: keyset pages

    @extend_schema(responses=JobSeekerRow(many=True))
    def get(self, request):
        if not can(request.user, "view", JobSeeker):
            raise PermissionDenied
        identities = sees_identities(request.user)
        seekers = JobSeeker.objects.visible_to(request.user, "view").select_related("person", "unit")
        page = self.paginate_queryset(seekers)
        return self.get_paginated_response([
            {"id": s.pk, "iin": s.person.iin if identities else None, "unit": s.unit.code,
             "registered_on": s.registered_on, "status": s.status, "ended_on": s.ended_on} for s in page])

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: CreatedId})
    @idempotent("labour.jobseeker.create")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # the IIN is unique: by id, not by name; the geo version comes with the person, for the unit's name
        person = (Person.objects.filter(iin=data["iin"]).annotate(**{LABELS_VERSION: labels_version()})
                  .order_by().first())
        unit = find_unit(data["unit"], known=getattr(person, LABELS_VERSION, data_versions.MISSING))
        if person is None or unit is None:
            return Response({"detail": unknown_message(person=person is None, unit=unit is None)}, status=400)
        if not can_in_unit(request.user, "add", JobSeeker, unit):
            raise PermissionDenied
        try:
            seeker = services.register_job_seeker(person, unit=unit, registered_on=data["registered_on"],
                                                  status=data["status"], actor=request.user)
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        return Response({"id": seeker.pk}, status=201)
