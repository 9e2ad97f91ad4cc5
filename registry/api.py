"""The registry's REST API: every action checks role and scope through accounts.permissions, and every
POST honours an Idempotency-Key header (accounts.idempotency)."""

from __future__ import annotations

import datetime as dt
import functools

import polars as pl
from django.db.models import Field, QuerySet
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.audit import log_access
from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can, can_on_object, sees_identities
from geo.selectors import LABELS_VERSION, find_unit, labels_version, unit_codes
from lib import data_versions
from lib.pagination import CursorPagination
from people.models import Person
from people.selectors import pseudonym

from . import importer, rules, selectors, services
from .access import event_to_correct, may_register, may_view_history, registration_to_deregister
from .forms_logic import Invalid, build_request, outcome_payload, refusals_payload
from .models import (
    EventKind,
    ImportBatch,
    Kind,
    MigrationEvent,
    Premises,
    Procedure,
    Reason,
    Registration,
    Source,
)


class NoBody(serializers.Serializer):
    """No request body: the view answers with the JSON its docstring describes."""


def _length(name: str) -> int:
    field = Registration._meta.get_field(name)
    assert isinstance(field, Field) and field.max_length is not None  # a text column of the register
    return field.max_length


def _day(**kwargs) -> serializers.DateField:
    """A date within the years a register can hold (registry.rules.EARLIEST..LATEST)."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    return serializers.DateField(validators=[MinValueValidator(rules.EARLIEST), MaxValueValidator(rules.LATEST)],
                                 **kwargs)


class RegistrationInput(serializers.Serializer):
    iin = serializers.CharField(max_length=12)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.PERMANENT)
    procedure = serializers.ChoiceField(choices=Procedure.choices, default=Procedure.STANDARD)
    region = serializers.CharField(max_length=120, help_text="ISO code or name of the region")
    district = serializers.CharField(max_length=120, required=False, allow_blank=True)
    settlement = serializers.CharField(max_length=_length("settlement"))
    street = serializers.CharField(max_length=_length("street"))
    building = serializers.CharField(max_length=_length("building"))
    flat = serializers.CharField(max_length=_length("flat"), required=False, allow_blank=True)
    premises = serializers.ChoiceField(choices=Premises.choices)
    arrival_date = _day()
    registered_on = _day(required=False)
    valid_until = _day(required=False, allow_null=True)
    reason = serializers.ChoiceField(choices=Reason.choices, required=False, allow_blank=True)
    from_abroad = serializers.BooleanField(required=False, default=False)
    previous_region = serializers.CharField(max_length=120, required=False, allow_blank=True)
    previous_district = serializers.CharField(max_length=120, required=False, allow_blank=True)
    owner_iin = serializers.CharField(max_length=12, required=False, allow_blank=True)
    owner_consent = serializers.BooleanField(required=False, default=False,
                                             help_text="The owner consents now (the time is recorded).")
    owner_consent_at = serializers.DateTimeField(required=False, allow_null=True)
    registering_body = serializers.CharField(max_length=_length("registering_body"), required=False, allow_blank=True)
    decision_number = serializers.CharField(max_length=_length("decision_number"), required=False, allow_blank=True)
    decision_date = _day(required=False, allow_null=True)


class SimplifiedInput(RegistrationInput):
    procedure = serializers.HiddenField(default=Procedure.SIMPLIFIED)  # type: ignore[assignment]  # fixed here


def submit(request, data: dict, procedure: str | None = None) -> Response:
    try:
        req = build_request(data, user=request.user, source=Source.API, procedure=procedure)
    except Invalid as exc:
        return Response(exc.errors, status=400)
    allowed, employer = may_register(request.user, req.person, req.address.region, req.procedure,
                                     req.registered_on or timezone.localdate())
    if not allowed:
        raise PermissionDenied
    req.employer = employer
    if employer is not None and not req.registering_body:
        req.registering_body = employer.name
    try:
        outcome = services.register(req, actor=request.user)
    except services.RegistrationRefused as exc:
        return Response(refusals_payload(exc.refusals), status=422)
    return Response(outcome_payload(outcome), status=201)


class RegistrationCreate(GenericAPIView):
    """Register a person (standard or preferential; simplified by a career centre's officer)."""

    serializer_class = RegistrationInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: OpenApiTypes.OBJECT, 422: OpenApiTypes.OBJECT})
    @idempotent("registry.register")
    def post(self, request):
        if not can(request.user, "add", Registration):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return submit(request, serializer.validated_data)


class SimplifiedCreate(GenericAPIView):
    """An employer registers its contract employee at the place of work (simplified procedure)."""

    serializer_class = SimplifiedInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: OpenApiTypes.OBJECT, 422: OpenApiTypes.OBJECT})
    @idempotent("registry.simplified")
    def post(self, request):
        if not can(request.user, "add", Registration):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return submit(request, serializer.validated_data, procedure=Procedure.SIMPLIFIED)


class DeregisterInput(serializers.Serializer):
    ended_on = _day(required=False)
    leaving_country = serializers.BooleanField(default=False)


class Deregister(GenericAPIView):
    serializer_class = DeregisterInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={200: OpenApiTypes.OBJECT, 422: OpenApiTypes.OBJECT})
    @idempotent("registry.deregister")
    def post(self, request, pk: int):
        reg = registration_to_deregister(request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            reg = services.deregister(reg, on=serializer.validated_data.get("ended_on"),
                                      leaving_country=serializer.validated_data["leaving_country"],
                                      actor=request.user)
        except services.RegistrationRefused as exc:
            return Response(refusals_payload(exc.refusals), status=422)
        return Response({"id": reg.pk, "is_active": reg.is_active, "ended_on": reg.ended_on,
                         "end_reason": reg.end_reason})


def registration_row(reg: Registration) -> dict:
    """One registration as the history shows it: `is_active`, `ended_on` and `end_reason` say whether it is in
    force today (a stay past its last day reads as ended, whether or not `end_expired_stays` has run)."""
    violation = getattr(reg, "violation", None) if hasattr(reg, "violation") else None
    end_reason, ended_on = reg.end() or ("", None)
    return {
        "id": reg.pk, "kind": reg.kind, "procedure": reg.procedure, "region": reg.region.code if reg.region is not None else None,
        "district": (reg.district.code if reg.district is not None else None), "address": reg.address, "premises": reg.premises,
        "arrival_date": reg.arrival_date, "registered_on": reg.registered_on, "valid_until": reg.valid_until,
        "is_active": reg.in_force(), "ended_on": ended_on, "end_reason": end_reason, "source": reg.source,
        "violation": {"outcome": violation.outcome, "days_late": violation.days_late,
                      "amount_kzt": violation.amount_kzt, "article": violation.article} if violation else None,
    }


class PersonHistory(GenericAPIView):
    """A person's registrations and migration events (the officer's view); every read is logged."""

    serializer_class = NoBody

    def get(self, request, iin: str):
        person = Person.objects.filter(iin=iin).first()
        if person is None or not may_view_history(request.user, person) or not sees_identities(request.user):
            log_access("denied", kind="people.person", object_id=iin[:64], request=request)
            raise Http404
        log_access("view", obj=person, request=request, detail={"what": "registration history"})
        regs = selectors.registration_history(person).filter(
            pk__in=Registration.objects.visible_to(request.user, "view").filter(person=person).values("pk")
        ) if not can_on_object(request.user, "view", person) else selectors.registration_history(person)
        return Response({
            "person": {"iin": person.iin, "name": person.full_name},
            "registrations": [registration_row(r) for r in regs],
            "events": [event_row(e, identities=True) for e in selectors.person_events(person)],
        })


EVENT_UNITS = ("origin_region", "origin_district", "destination_region", "destination_district")
# What an event's row is made of, as `.values()` names it: the list reads exactly these (no model instances)
EVENT_COLUMNS = ("id", "event_date", "kind", *(f"{field}_id" for field in EVENT_UNITS), "age", "sex", "reason",
                 "corrects_id", "annulled", "person__iin")


@functools.cache
def event_values(effective: bool) -> QuerySet:
    """Every event (only the effective ones if `effective`) as the values of EVENT_COLUMNS, a queryset built once
    per process: each request chains its scope, dates and page onto it (a clone; this one is never evaluated),
    since building it anew cost more CPU than running the query it makes."""
    events = MigrationEvent.objects.all()
    # the geo room's version comes with the page (geo.selectors.labels_version): the units' codes need no token
    return (events.effective() if effective else events).values(*EVENT_COLUMNS, **{LABELS_VERSION: labels_version()})


def event_row(e: MigrationEvent, *, identities: bool) -> dict:
    """The event as the API gives it (`event_values_row` of the event's values), the units' codes read from its
    related units."""
    values = {name: getattr(e, name) for name in EVENT_COLUMNS if name != "person__iin"}
    values["person__iin"] = e.person.iin
    units = [getattr(e, field) for field in EVENT_UNITS]
    return event_values_row(values, identities=identities,
                            codes={unit.pk: unit.code for unit in units if unit is not None})


def event_values_row(values: dict, *, identities: bool, codes: dict[int, str]) -> dict:
    """The event as the API gives it, from its EVENT_COLUMNS (`values`) and its units' codes (unit id -> code):
    the person's IIN for readers who see identities, else the pseudonym."""
    row = {
        "id": values["id"], "date": values["event_date"], "kind": values["kind"],
        **{field: codes.get(values[f"{field}_id"]) for field in EVENT_UNITS},
        "age": values["age"], "sex": values["sex"], "reason": values["reason"], "corrects": values["corrects_id"],
        "annulled": values["annulled"],
    }
    if identities:
        row["person_iin"] = values["person__iin"]
    else:
        row["person"] = pseudonym(values["person__iin"])
    return row


def _date_param(params, name: str) -> dt.date | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not rules.EARLIEST <= day <= rules.LATEST:
        raise ValidationError({name: _("A date in the form YYYY-MM-DD, from 1900 to 2099.")})
    return day


class EventRowOutput(serializers.Serializer):
    """One migration event as the reader may see it: the person's IIN, or a pseudonym for researchers."""

    id = serializers.IntegerField()
    date = serializers.DateField()
    kind = serializers.CharField()
    origin_region = serializers.CharField(allow_null=True)
    origin_district = serializers.CharField(allow_null=True)
    destination_region = serializers.CharField(allow_null=True)
    destination_district = serializers.CharField(allow_null=True)
    age = serializers.IntegerField()
    sex = serializers.CharField()
    reason = serializers.CharField()
    corrects = serializers.IntegerField(allow_null=True)
    annulled = serializers.BooleanField()
    person_iin = serializers.CharField(required=False, help_text="Only for readers who see identities.")
    person = serializers.CharField(required=False, help_text="The pseudonym, for readers who do not.")


class EventList(GenericAPIView):
    """Migration events the reader may see, newest first, by keyset pages (lib.pagination.CursorPagination:
    follow `next`); researchers get pseudonyms instead of IINs."""

    serializer_class = EventRowOutput
    pagination_class = CursorPagination.ordered_by("-event_date", "-id")  # the index registry_event_date_id

    @extend_schema(parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                               OpenApiParameter("effective", bool)],
                   responses=EventRowOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", MigrationEvent):
            raise PermissionDenied
        params = request.query_params
        start, end = _date_param(params, "start"), _date_param(params, "end")
        # the units' codes are read apart (geo.selectors.unit_codes, kept per data version): joining the four units
        # to the person and the corrections made PostgreSQL plan for ~13 ms a query that runs in 0.5 ms. The page
        # is read as the values of EVENT_COLUMNS, not as model instances (a third of the request's CPU).
        events = event_values(params.get("effective", "true").lower() != "false").visible_to(request.user, "view")
        if start:
            events = events.filter(event_date__gte=start)
        if end:
            events = events.filter(event_date__lte=end)
        identities = sees_identities(request.user)
        rows = self.paginate_queryset(events) or []
        codes = unit_codes((row[f"{field}_id"] for row in rows for field in EVENT_UNITS),
                           known=rows[0][LABELS_VERSION] if rows else data_versions.MISSING)
        return self.get_paginated_response([event_values_row(row, identities=identities, codes=codes)
                                            for row in rows])


class FlowPage(serializers.Serializer):
    results = serializers.ListField(child=serializers.DictField())


SMALL_CELL = 5  # researchers never receive a count of fewer persons (but more than none)


class FlowList(GenericAPIView):
    """The register's origin-destination flows between regions, counted by the database (a GROUP BY over the
    effective events, never read one by one): origin, destination, period, persons. Officers and analysts see
    the flows in or out of their territory; researchers get no cell of fewer than five persons."""

    serializer_class = FlowPage
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                               OpenApiParameter("grain", str, enum=["year", "month"]),
                               OpenApiParameter("scope", str, enum=["interregional", "all_internal", "all"])],
                   responses={200: FlowPage})
    def get(self, request):
        from accounts.permissions import grant_scope
        from accounts.roles import Role, Scope
        from geo.selectors import first_level_unit

        scope = grant_scope(request.user, "view", MigrationEvent)
        if scope is None or scope == Scope.OWN:
            raise PermissionDenied
        params = request.query_params
        start, end = _date_param(params, "start"), _date_param(params, "end")
        grain = params.get("grain") or "year"
        if grain not in ("year", "month"):
            raise ValidationError({"grain": _("Use year or month.")})
        which = params.get("scope") or "interregional"
        if which not in selectors.CUBE_SCOPES:
            raise ValidationError({"scope": _("Use interregional, all_internal or all.")})
        cube = selectors.event_cube(start=start, end=end, scope=which, grain=grain)
        if scope == Scope.TERRITORY:
            unit = request.user.scope_unit
            code = first_level_unit(unit).code if unit is not None else None
            cube = cube.filter((pl.col("origin_region") == code) | (pl.col("destination_region") == code))
        flows = (cube.group_by("origin_region", "destination_region", "event_date").agg(pl.col("n").sum())
                 .sort("event_date", "origin_region", "destination_region", nulls_last=True))
        if request.user.role == Role.RESEARCHER:
            flows = flows.filter(pl.col("n") >= SMALL_CELL)
        period = (lambda d: d.year) if grain == "year" else (lambda d: d.isoformat()[:7])
        return Response({"results": [
            {"origin": o, "destination": d, "period": period(day), "persons": int(n)}
            for o, d, day, n in flows.iter_rows()]})


class CorrectionInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    annul = serializers.BooleanField(default=False)
    event_date = _day(required=False)
    origin_region = serializers.CharField(max_length=120, required=False, allow_blank=True, allow_null=True)
    origin_district = serializers.CharField(max_length=120, required=False, allow_blank=True, allow_null=True)
    destination_region = serializers.CharField(max_length=120, required=False, allow_blank=True, allow_null=True)
    destination_district = serializers.CharField(max_length=120, required=False, allow_blank=True, allow_null=True)


class EventCorrect(GenericAPIView):
    """Correct an event with a new one that cites it (events are never edited)."""

    serializer_class = CorrectionInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: OpenApiTypes.OBJECT, 422: OpenApiTypes.OBJECT})
    @idempotent("registry.correct")
    def post(self, request, pk: int):
        event = event_to_correct(request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        changes = {}
        for name in ("origin_region", "origin_district", "destination_region", "destination_district"):
            if name in data:
                text = data.pop(name)
                unit = find_unit(text)
                if text and unit is None:
                    return Response({name: _("No unit with this code or name: use an ISO code such as KZ-59 or the "
                                                   "region's name.")}, status=400)
                changes[name] = unit
        if "event_date" in data:
            changes["event_date"] = data.pop("event_date")
        try:
            fixed = services.correct_event(event, reason=data["reason"], annul=data["annul"], actor=request.user,
                                          **changes)
        except services.RegistrationRefused as exc:
            return Response(refusals_payload(exc.refusals), status=422)
        return Response(event_row(fixed, identities=sees_identities(request.user)), status=201)


def batch_payload(batch: ImportBatch) -> dict:
    return {
        "id": batch.pk, "file_name": batch.file_name, "status": batch.status, "total_rows": batch.total_rows,
        "processed_rows": batch.processed_rows, "stored_rows": batch.stored_rows,
        "duplicate_rows": batch.duplicate_rows, "rejected_rows": batch.rejected_rows, "error": batch.error,
    }


class ImportCreate(GenericAPIView):
    """Upload a CSV or XLSX file; the import runs in the background (poll the batch)."""

    parser_classes = [MultiPartParser]
    serializer_class = NoBody

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, parameters=[IDEMPOTENCY_KEY],
        responses={200: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT})
    @idempotent("registry.import")
    def post(self, request):
        if not can(request.user, "add", ImportBatch):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": _("No file was sent: attach a .csv or .xlsx file in the form field "
                                               "named file.")}, status=400)
        batch, already = start_upload(request.user, upload)
        return Response({**batch_payload(batch), "already_imported": already}, status=200 if already else 202)


def start_upload(user, upload) -> tuple[ImportBatch, bool]:
    """Keep an uploaded file and queue its import (registry.importer.start_upload)."""
    return importer.start_upload(user, upload)


class ImportRunAgain(GenericAPIView):
    """Run a failed or interrupted import again, from its last committed chunk (409 naming the state otherwise)."""

    serializer_class = NoBody

    @extend_schema(responses={202: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        batch = get_object_or_404(ImportBatch.objects.visible_to(request.user, "view"), pk=pk)
        if not can(request.user, "add", ImportBatch):
            raise PermissionDenied
        try:
            batch = importer.run_again(batch)
        except importer.CannotRunAgain as exc:
            return Response({"detail": _("This import cannot be run again: it is %(status)s. A failed or interrupted "
                                         "import runs again; if its file is gone, upload the file again.")
                             % {"status": exc.batch.get_status_display()}, "status": exc.batch.status}, status=409)
        return Response(batch_payload(batch), status=202)


class ImportDetail(GenericAPIView):
    serializer_class = NoBody

    def get(self, request, pk: int):
        batch = get_object_or_404(ImportBatch.objects.visible_to(request.user, "view"), pk=pk)
        return Response(batch_payload(batch))


class ImportReport(GenericAPIView):
    serializer_class = NoBody

    def get(self, request, pk: int):
        batch = get_object_or_404(ImportBatch.objects.visible_to(request.user, "view"), pk=pk)
        log_access("export", obj=batch, request=request, detail={"what": "import row report"})
        response = StreamingHttpResponse(importer.rejections_csv(batch), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-rejected.csv"'
        return response


EVENT_KINDS = EventKind  # re-exported for the schema
