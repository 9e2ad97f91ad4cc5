"""The appeals room's REST API (/api/v1/appeals/): the decisions an application has open to appeal, appeals
(file with reasons and documents, read, decide), grievances (file, read, answer) and the report section.
Refusals answer with the rule's message: 400 naming the field, 403 (not yours to decide), 404 outside the
caller's scope, 409 naming the state (deadline passed, already decided, already under appeal)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.permissions import can
from accounts.scoping import visible_or_404
from geo.models import TerritorialUnit
from law.inputs import SETTLEMENT_TYPES, STATUSES
from relocation.models import Application

from . import selectors, services
from .models import Appeal, Grievance, Subject


def _error(exc: services.AppealError) -> Response:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return Response(body, status=exc.status)


def _lang() -> str:
    return (get_language() or "kk")[:2]


class ContestableOutput(serializers.Serializer):
    subject = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    decision = serializers.CharField(source="ref")
    date = serializers.DateField()
    deadline = serializers.DateField()
    debt_id = serializers.IntegerField(source="debt.pk", allow_null=True, default=None)


class AppealOutput(serializers.Serializer):
    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    debt_id = serializers.IntegerField(allow_null=True)
    subject = serializers.CharField()
    subject_label = serializers.CharField(source="get_subject_display")
    decision = serializers.CharField(source="decision_ref")
    decision_date = serializers.DateField()
    region = serializers.CharField(source="region.code")
    reasons = serializers.CharField()
    language = serializers.CharField()
    filed_on = serializers.DateField()
    deadline = serializers.DateField()
    decide_by = serializers.DateField()
    status = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decision_reasons = serializers.CharField()
    reversed = serializers.ListField(child=serializers.CharField())
    documents = serializers.SerializerMethodField()

    def get_documents(self, obj: Appeal) -> list[str]:
        return [d.original_name for d in obj.documents.all()]


class AppealInput(serializers.Serializer):
    application = serializers.IntegerField(min_value=1, max_value=2**62)
    subject = serializers.ChoiceField(choices=Subject.choices)
    reasons = serializers.CharField(max_length=5000)
    documents = serializers.ListField(child=serializers.FileField(max_length=200), required=False, max_length=5)


class MemberCorrection(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    status = serializers.ChoiceField(choices=STATUSES, required=False)
    months_registered_in_departure_region = serializers.IntegerField(min_value=0, max_value=1200, required=False)


class Corrections(serializers.Serializer):
    """The corrected inputs an upheld appeal against an amount names; none: the law is applied again."""

    settlement_type = serializers.ChoiceField(choices=SETTLEMENT_TYPES, required=False)
    housing_price_kzt = serializers.IntegerField(min_value=0, max_value=10**12, required=False)
    members = serializers.ListField(child=MemberCorrection(), required=False, max_length=20)


class DecideInput(serializers.Serializer):
    uphold = serializers.BooleanField()
    reasons = serializers.CharField(max_length=5000)
    corrections = Corrections(required=False)


def _application(user, pk: int) -> Application:
    return visible_or_404(Application.objects.all(), user, pk)


def _named_application(user, pk: int) -> Application | None:
    """The application a request body names, if the user may see it (else the body is at fault: 400)."""
    return Application.objects.visible_to(user).filter(pk=pk).first()


def _no_application() -> Response:
    return Response({"detail": _("No such application."), "code": "invalid", "field": "application"}, status=400)


class Contestable(GenericAPIView):
    """The decisions on an application that may be appealed, with the last day to appeal each (art. 19(1))."""

    serializer_class = ContestableOutput
    pagination_class = None

    @extend_schema(responses=ContestableOutput(many=True))
    def get(self, request, pk: int):
        app = _application(request.user, pk)
        return Response(ContestableOutput(services.contestable(app), many=True).data)


class AppealList(GenericAPIView):
    serializer_class = AppealInput
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses=AppealOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", Appeal):
            raise PermissionDenied
        qs = Appeal.objects.visible_to(request.user).select_related("region").prefetch_related("documents")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AppealOutput(page, many=True).data)

    @extend_schema(request={"application/json": AppealInput, "multipart/form-data": AppealInput},
                   responses={201: AppealOutput})
    def post(self, request):
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        app = _named_application(request.user, d["application"])
        if app is None:
            return _no_application()
        try:
            appeal = services.file_appeal(actor=request.user, application=app, subject=d["subject"],
                                          reasons=d["reasons"], language=_lang(), documents=d.get("documents"))
        except services.NotVisible:
            return _no_application()
        except services.AppealError as exc:
            return _error(exc)
        return Response(AppealOutput(appeal).data, status=201)


def _appeal(user, pk: int) -> Appeal:
    return visible_or_404(Appeal.objects.all(), user, pk)


class AppealDetail(GenericAPIView):
    serializer_class = AppealOutput

    def get(self, request, pk: int):
        return Response(AppealOutput(_appeal(request.user, pk)).data)


class AppealDecide(GenericAPIView):
    """Decide an appeal with reasons: not by the decision's author (403); a decided appeal answers 409."""

    serializer_class = DecideInput

    @extend_schema(request=DecideInput, responses={200: AppealOutput})
    def post(self, request, pk: int):
        appeal = _appeal(request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            appeal = services.decide_appeal(appeal, actor=request.user, uphold=s.validated_data["uphold"],
                                            reasons=s.validated_data["reasons"],
                                            corrections=s.validated_data.get("corrections"))
        except services.AppealError as exc:
            return _error(exc)
        return Response(AppealOutput(appeal).data)


class GrievanceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    region = serializers.CharField(source="region.code")
    application_id = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    language = serializers.CharField()
    filed_on = serializers.DateField()
    answer_due = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    status = serializers.CharField()
    answer = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)

    def get_overdue(self, obj: Grievance) -> bool:
        return obj.status == Grievance.Status.OPEN and obj.answer_due < timezone.localdate()


class GrievanceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Grievance.Kind.choices)
    text = serializers.CharField(max_length=5000)
    application = serializers.IntegerField(min_value=1, max_value=2**62, required=False)
    region = serializers.CharField(max_length=20, required=False,
                                   help_text="The territory's code (e.g. KZ-59) when no application is named.")


class GrievanceAnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class GrievanceList(GenericAPIView):
    serializer_class = GrievanceInput

    @extend_schema(responses=GrievanceOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", Grievance):
            raise PermissionDenied
        qs = Grievance.objects.visible_to(request.user).select_related("region")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(GrievanceOutput(page, many=True).data)

    @extend_schema(request=GrievanceInput, responses={201: GrievanceOutput})
    def post(self, request):
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        app = _named_application(request.user, d["application"]) if d.get("application") else None
        if d.get("application") and app is None:
            return _no_application()
        region = TerritorialUnit.objects.filter(code=d.get("region", "")).first() if d.get("region") else None
        person = app.applicant if app is not None else getattr(request.user, "person", None)
        if person is None:
            return Response({"detail": _("Name the application the grievance concerns."), "code": "invalid",
                             "field": "application"}, status=400)
        try:
            g = services.file_grievance(actor=request.user, person=person, kind=d["kind"], text=d["text"],
                                        region=region, language=_lang(), application=app)
        except services.NotVisible:
            return _no_application()
        except services.AppealError as exc:
            return _error(exc)
        return Response(GrievanceOutput(g).data, status=201)


class GrievanceAnswer(GenericAPIView):
    serializer_class = GrievanceAnswerInput

    @extend_schema(request=GrievanceAnswerInput, responses={200: GrievanceOutput})
    def post(self, request, pk: int):
        g = visible_or_404(Grievance.objects.all(), request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            g = services.answer_grievance(g, actor=request.user, answer=s.validated_data["answer"])
        except services.AppealError as exc:
            return _error(exc)
        return Response(GrievanceOutput(g).data)


class ReportRow(serializers.Serializer):
    region = serializers.CharField(source="region__code")
    filed = serializers.IntegerField()
    upheld = serializers.IntegerField(required=False)
    dismissed = serializers.IntegerField(required=False)
    answered = serializers.IntegerField(required=False)
    overdue = serializers.IntegerField()
    kind = serializers.CharField(required=False)


class ReportOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    appeals = ReportRow(many=True)
    grievances = ReportRow(many=True)


class Report(GenericAPIView):
    """Appeals and grievances by region for a period (the appeals section of the programme report)."""

    serializer_class = ReportOutput
    pagination_class = None

    @extend_schema(responses=ReportOutput, parameters=[
        OpenApiParameter("year", int, description="Calendar year (default: this year)")])
    def get(self, request):
        if not (can(request.user, "view", Appeal) or can(request.user, "view", Grievance)):
            raise PermissionDenied
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        data = selectors.report(request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        return Response(ReportOutput(data).data)
