"""The law's public calculator and its parameters, as JSON. Thin: every rule is in law.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import services


def _error(field: str, message: str) -> Response:
    return Response({"field": field, "detail": message, field: [message]}, status=status.HTTP_400_BAD_REQUEST)


MEMBER_FIELDS = {
    "birth_date": serializers.DateField(),
    "citizenship": serializers.CharField(help_text="Country code, KZ for citizens of Kazakhstan."),
    "status": serializers.ChoiceField(choices=services.STATUSES),
    "months_registered_in_departure_region": serializers.IntegerField(min_value=0),
    "relation": serializers.CharField(help_text="'head' for the applicant; e.g. spouse, child otherwise."),
}
EvaluateRequest = inline_serializer("LawEvaluateRequest", {
    "date": serializers.DateField(),
    "members": inline_serializer("LawMember", MEMBER_FIELDS, many=True),
    "departure_region": serializers.CharField(help_text="ISO 3166-2:KZ, e.g. KZ-61"),
    "arrival_region": serializers.CharField(help_text="ISO 3166-2:KZ, e.g. KZ-59"),
    "settlement_type": serializers.ChoiceField(choices=services.SETTLEMENT_TYPES),
    "housing_price_kzt": serializers.IntegerField(required=False, min_value=0),
})
EvaluateResponse = inline_serializer("LawEvaluateResponse", {
    "date": serializers.DateField(),
    "eligible": serializers.BooleanField(),
    "conditions": serializers.ListField(child=serializers.DictField()),
    "entitlements": serializers.ListField(child=serializers.DictField()),
    "parameters": serializers.ListField(child=serializers.DictField()),
    "rules_version": serializers.CharField(),
    "flags": serializers.ListField(child=serializers.CharField()),
})


class EvaluateView(APIView):
    """Check a family's eligibility for the relocation programme and its entitlements, with the articles."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "law_calculator"

    @extend_schema(request=EvaluateRequest, responses={200: EvaluateResponse}, tags=["law"],
                   summary="Evaluate a family against the relocation programme on a date")
    def post(self, request) -> Response:
        try:
            data: Any = request.data
        except ParseError:
            return _error("non_field_errors", _("The body is not valid JSON."))
        if not isinstance(data, dict):
            return _error("non_field_errors", _("The body must be a JSON object."))
        members = data.get("members")
        if members is None and isinstance(data.get("family"), dict):
            members = data["family"].get("members")
        for name in ("date", "departure_region", "arrival_region", "settlement_type"):
            if data.get(name) in (None, ""):
                return _error(name, _("This field is required."))
        if members is None:
            return _error("members", _("This field is required."))
        try:
            result = services.evaluate_relocation(
                on=data["date"], members=members, departure_region=str(data["departure_region"]),
                arrival_region=str(data["arrival_region"]), settlement_type=str(data["settlement_type"]),
                housing_price_kzt=data.get("housing_price_kzt"),
            )
        except services.LawInputError as exc:
            return _error(exc.field, exc.message)
        return Response(result.as_dict())


class ParametersView(APIView):
    """Every parameter of the law in force on a date, with its value, effective date and reference."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "law_calculator"

    @extend_schema(parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)")],
                   responses={200: inline_serializer("LawParameters", {
                       "date": serializers.DateField(), "rules_version": serializers.CharField(),
                       "parameters": serializers.ListField(child=serializers.DictField())})},
                   tags=["law"], summary="Parameters of the law in force on a date")
    def get(self, request) -> Response:
        raw = request.query_params.get("date")
        try:
            on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            return _error("date", _("Use the form YYYY-MM-DD."))
        if on < services.LAW_START:
            return _error("date", _("The law's parameters start on %(start)s.") % {"start": services.LAW_START})
        params = services.parameters_in_force(on)
        return Response({"date": on.isoformat(), "rules_version": services.rules_version(),
                         "flags": list(services.unconfirmed_flags(params, on)),
                         "parameters": [p.as_dict() for p in params]})
