"""API of the surveys room: forms and versions (upload), submissions (checked by the same engine as the
pages), weights, and weighted estimates with standard errors. Same scoping as the pages."""

from __future__ import annotations

import math
import uuid as uuid_module

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import can
from lib.pagination import MAX_ID

from . import selectors, services
from .models import Form, FormVersion, Submission, WeightingRun
from .xlsform import FormRefused


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _form(request, pk: int) -> Form:
    form = selectors.form_for(request.user, pk)
    if form is None:
        raise NotFound(_("No such survey."))
    return form


class SurveyVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormVersion
        fields = ["id", "version", "filename", "languages", "warnings", "uploaded_at"]


class SurveyFormSerializer(serializers.ModelSerializer):
    versions = SurveyVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Form
        fields = ["id", "form_id", "title", "created_at", "sampling_plan", "versions"]


class XLSFormUploadSerializer(serializers.Serializer):
    xlsform = serializers.FileField(help_text="An XLSForm (.xlsx, .xls or .csv).")


class FormRefusedSerializer(serializers.Serializer):
    """The form's problems; a request without a file names the field instead (`{"xlsform": [...]}`)."""

    problems = serializers.ListField(child=serializers.CharField(), required=False)


class SubmissionInSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(required=False, help_text="The client's id: a resent submission is not kept twice.")
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="The version answered (default: the latest).")
    answers = serializers.DictField(help_text="Question name → answer; a repeat → a list of such objects.")


class SubmissionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uuid = serializers.CharField()
    version = serializers.CharField()
    region = serializers.CharField()
    settlement = serializers.CharField()
    collector = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    respondent = serializers.CharField(help_text="A pseudonym (never the IIN).")
    weight = serializers.FloatField(allow_null=True)
    data = serializers.DictField()  # type: ignore[assignment]  # a field named like Serializer.data


class SubmissionRefusedSerializer(serializers.Serializer):
    """The form's rules the answers break; a malformed body names the field instead (`{"answers": [...]}`)."""

    errors = serializers.ListField(  # type: ignore[assignment]  # a field named like Serializer.errors
        child=serializers.CharField(), required=False, help_text="Each names the question it concerns.")


class EstimateRowSerializer(serializers.Serializer):
    domain = serializers.CharField()
    domain_label = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    n = serializers.IntegerField()
    estimate = serializers.FloatField()
    se = serializers.FloatField()
    ci_low = serializers.FloatField()
    ci_high = serializers.FloatField()


class EstimatesSerializer(serializers.Serializer):
    question = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    by = serializers.CharField()
    proportion = serializers.BooleanField()
    weighted = serializers.BooleanField()
    n = serializers.IntegerField()
    rows = EstimateRowSerializer(many=True)


class WeightingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeightingRun
        fields = ["id", "created_at", "population_year", "summary"]


class FormList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: SurveyFormSerializer(many=True)})
    def get(self, request):
        """Surveys the user works on (an enumerator: those assigned)."""
        forms = selectors.forms_for(request.user).prefetch_related("versions")
        return Response(SurveyFormSerializer(forms, many=True).data)

    @extend_schema(request=XLSFormUploadSerializer, responses={201: SurveyFormSerializer, 400: FormRefusedSerializer})
    def post(self, request):
        """Upload an XLSForm: a new survey, or a new version of the survey with the same form_id."""
        if not can(request.user, "add", FormVersion):
            raise PermissionDenied
        body = XLSFormUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        file = body.validated_data["xlsform"]
        try:
            version = services.upload_form(actor=request.user, filename=file.name, content=file.read())
        except FormRefused as exc:
            return Response({"problems": exc.problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SurveyFormSerializer(version.form).data, status=status.HTTP_201_CREATED)


class FormDetail(APIView):
    @extend_schema(responses={200: SurveyFormSerializer})
    def get(self, request, pk: int):
        return Response(SurveyFormSerializer(_form(request, pk)).data)


class SubmissionList(APIView):
    parser_classes = [JSONParser]

    @extend_schema(responses={200: SubmissionOutSerializer(many=True)},
                   parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)])
    def get(self, request, pk: int):
        """Interviews the user may read, with pseudonyms instead of identifiers."""
        form = _form(request, pk)
        if not can(request.user, "view", Submission):
            raise PermissionDenied
        limit, offset = _bounded(request, "limit", 100, 1000), _bounded(request, "offset", 0, 10**9)
        rows = selectors.submissions_for(request.user, form).order_by("pk")[offset:offset + limit]
        return Response(SubmissionOutSerializer([selectors.submission_row(s) for s in rows], many=True).data)

    @extend_schema(request=SubmissionInSerializer,
                   responses={201: SubmissionOutSerializer, 400: SubmissionRefusedSerializer})
    def post(self, request, pk: int):
        """Submit an interview; the server checks every rule of the form and refuses, naming the question."""
        form = _form(request, pk)
        if not can(request.user, "add", Submission):
            raise PermissionDenied
        body = SubmissionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = form.current_version
        if body.validated_data.get("version") is not None:
            version = form.versions.filter(pk=body.validated_data["version"]).first()
            if version is None:
                raise ValidationError({"version": _("Not a version of this survey.")})
        if version is None:
            raise NotFound(_("The survey has no form yet."))
        try:
            submission = services.submit(actor=request.user, version=version, answers=body.validated_data["answers"],
                                         lang=_lang(), submission_uuid=body.validated_data.get("uuid") or
                                         uuid_module.uuid4())
        except services.SubmissionRefused as exc:
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        except services.SurveyError as exc:
            return Response({"errors": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SubmissionOutSerializer(selectors.submission_row(submission)).data,
                        status=status.HTTP_201_CREATED)


def _bounded(request, name: str, default: int, high: int) -> int:
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    if not value.isdecimal():
        raise ValidationError({name: _("Use a whole number.")})
    return min(int(value), high)


class Estimates(APIView):
    @extend_schema(responses={200: EstimatesSerializer}, parameters=[
        OpenApiParameter("q", str, description="The question (its name in the XLSForm)."),
        OpenApiParameter("by", str, description="region (default) or a select_one question.")])
    def get(self, request, pk: int):
        """Weighted proportions or means of a question by region or by another question, with standard errors
        and 95% confidence intervals."""
        form = _form(request, pk)
        if not can(request.user, "view", WeightingRun):
            raise PermissionDenied
        question = request.query_params.get("q", "stay_5y")
        by = request.query_params.get("by", "region")
        try:
            result = selectors.question_estimates(form, question, by, _lang(), request.user)
        except KeyError as exc:
            field = "by" if exc.args and exc.args[0] == by and by != question else "q"
            raise ValidationError({field: _("Not a question that can be estimated: %(name)s.")
                                   % {"name": exc.args[0] if exc.args else ""}}) from exc
        for row in result["rows"]:
            for key in ("estimate", "se", "ci_low", "ci_high"):
                if isinstance(row[key], float) and math.isnan(row[key]):
                    row[key] = None
        return Response(EstimatesSerializer(result).data)


class Weights(APIView):
    @extend_schema(responses={200: WeightingRunSerializer})
    def get(self, request, pk: int):
        """The latest weighting run's summary (range, design effect, margins reached)."""
        form = _form(request, pk)
        if not can(request.user, "view", WeightingRun):
            raise PermissionDenied
        run = selectors.latest_weighting(form)
        if run is None:
            raise NotFound(_("Not weighted yet."))
        return Response(WeightingRunSerializer(run).data)

    @extend_schema(request=None, responses={201: WeightingRunSerializer,
                                            400: inline_serializer("WeightsRefused", {"detail": serializers.CharField()})})
    def post(self, request, pk: int):
        """Compute the weights (design weights, raking to BNS population by sex and age, trimming)."""
        form = _form(request, pk)
        if not can(request.user, "add", WeightingRun):
            raise PermissionDenied
        try:
            run = services.compute_weights(actor=request.user, form=form)
        except (services.SurveyError, ValueError) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(WeightingRunSerializer(run).data, status=status.HTTP_201_CREATED)
