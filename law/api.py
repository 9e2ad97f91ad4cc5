"""The law's public calculator and its parameters, as JSON. Thin: input serializers bound every field, the
rules are in law.evaluation and law.parameters."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.fields import Field
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from law import labels, sources
from law.evaluation import RelocationResult, evaluate_relocation
from law.inputs import (
    LATEST_DAY,
    LAW_START,
    MAX_FAMILY_MEMBERS,
    MAX_HOUSING_PRICE_KZT,
    MAX_MONTHS_REGISTERED,
    SETTLEMENT_TYPES,
    STATUSES,
    LawInputError,
)
from law.parameters import ParameterValue, parameters_in_force, unconfirmed_flags
from law.rules import rules_version

EARLIEST_BIRTH = dt.date(1900, 1, 1)


def _error(field: str, message: str) -> Response:
    return Response({"field": field, "detail": message, field: [message]}, status=status.HTTP_400_BAD_REQUEST)


def _first_error(errors: Any, path: str = "") -> tuple[str, str]:
    """The first error of a serializer's (nested) errors, with its field named as in LawInputError
    ('members[1].birth_date'; a whole object's error is named by the object: 'members[1]')."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key in ("non_field_errors", api_settings.NON_FIELD_ERRORS_KEY):
                return _first_error(value, path or "non_field_errors")
            if isinstance(key, int):  # a list's errors keyed by the item's position
                return _first_error(value, f"{path}[{key}]")
            return _first_error(value, f"{path}.{key}" if path else str(key))
    if isinstance(errors, list):
        for i, value in enumerate(errors):
            if isinstance(value, dict | list):
                if value:
                    return _first_error(value, f"{path}[{i}]")
                continue
            return path or "non_field_errors", str(value)
    return path or "non_field_errors", str(errors)


def _bounded_date(earliest: dt.date, latest: dt.date) -> Any:
    def check(value: dt.date) -> None:
        if not earliest <= value <= latest:
            raise serializers.ValidationError(
                _("Give a date from %(start)s to %(end)s.") % {"start": earliest, "end": latest})
    return check


def _copy(field: Field) -> Field:
    """A new unbound field equal to `field`, an unbound one made in the active language. A plain field is
    copied: nothing changes its attributes while it validates (binding sets the copy's own), and what its
    __init__ fixes in a language (a max_value validator's message, rendered once) is in the right one. A (list)
    serializer is made anew from its arguments, its child too: binding sets a child's parent, which copies
    must not share."""
    if not isinstance(field, BaseSerializer):
        return copy.copy(field)
    declared: Any = field  # DRF keeps every field's arguments in _args and _kwargs (its stubs do not say so)
    kwargs = {k: _copy(v) if isinstance(v, Field) else v for k, v in declared._kwargs.items()}
    made: Field = declared.__class__(*declared._args, **kwargs)
    return made


# (serializer class, language) -> its declared fields, made once (DRF's deep copies), never bound
_PROTOTYPES: dict[tuple[type, str], dict[str, Field]] = {}


class _ConstantFieldsSerializer(serializers.Serializer[Any]):
    """DRF deep-copies every declared field for each serializer instance, and the member serializer's for each
    family: on POST /law/evaluate some 13 fields made anew per request, half the input's validation. These
    serializers' fields take only constants, so they are made once per process and language (DRF's own deep
    copies) and each instance gets plain copies of them: the same fields, the same errors in kk/ru/en."""

    def get_fields(self) -> dict[str, Field]:
        key = (type(self), get_language() or "")
        prototypes = _PROTOTYPES.get(key)
        if prototypes is None:
            prototypes = _PROTOTYPES.setdefault(key, super().get_fields())
        return {name: _copy(field) for name, field in prototypes.items()}


class LawMemberSerializer(_ConstantFieldsSerializer):
    """One member of the family: the applicant has relation 'head'."""

    birth_date = serializers.DateField(validators=[_bounded_date(EARLIEST_BIRTH, LATEST_DAY)])
    citizenship = serializers.CharField(max_length=3, help_text="Country code, KZ for citizens of Kazakhstan.")
    status = serializers.ChoiceField(choices=STATUSES, required=False, default="none")
    months_registered_in_departure_region = serializers.IntegerField(
        min_value=0, max_value=MAX_MONTHS_REGISTERED, required=False, default=0)
    relation = serializers.CharField(max_length=30, required=False, default="member",
                                     help_text="'head' for the applicant; e.g. spouse, child otherwise.")


class LawEvaluateRequestSerializer(_ConstantFieldsSerializer):
    """A family's application on a date; every number and date is bounded, the law checks the rest."""

    date = serializers.DateField(validators=[_bounded_date(EARLIEST_BIRTH, LATEST_DAY)])
    members: Any = serializers.ListSerializer(child=LawMemberSerializer(), min_length=1, max_length=MAX_FAMILY_MEMBERS)
    departure_region = serializers.CharField(max_length=10, help_text="ISO 3166-2:KZ, e.g. KZ-61")
    arrival_region = serializers.CharField(max_length=10, help_text="ISO 3166-2:KZ, e.g. KZ-59")
    settlement_type = serializers.ChoiceField(choices=SETTLEMENT_TYPES)
    housing_price_kzt = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                 max_value=MAX_HOUSING_PRICE_KZT)


class LawEvaluateResponseSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    eligible = serializers.BooleanField()
    conditions = serializers.ListField(child=serializers.DictField())
    entitlements = serializers.ListField(child=serializers.DictField())
    parameters = serializers.ListField(child=serializers.DictField())
    rules_version = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())


class LawParametersQuerySerializer(serializers.Serializer[Any]):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD (default: today)",
                                 validators=[_bounded_date(LAW_START, LATEST_DAY)])


class LawParametersResponseSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    rules_version = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    parameters = serializers.ListField(child=serializers.DictField())


class EvaluateView(APIView):
    """Check a family's eligibility for the relocation programme and its entitlements, with the articles."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "law_calculator"

    @extend_schema(request=LawEvaluateRequestSerializer, responses={200: LawEvaluateResponseSerializer},
                   tags=["law"], summary="Evaluate a family against the relocation programme on a date")
    def post(self, request: Request) -> Response:
        try:
            data: Any = request.data
        except ParseError:
            return _error("non_field_errors", _("The body is not valid JSON."))
        if isinstance(data, dict) and "members" not in data and isinstance(data.get("family"), dict):
            data = {**data, "members": data["family"].get("members")}  # the earlier {"family": {...}} form
        request_serializer = LawEvaluateRequestSerializer(data=data)
        if not request_serializer.is_valid():
            return _error(*_first_error(request_serializer.errors))
        valid = request_serializer.validated_data
        try:
            result = evaluate_relocation(
                on=valid["date"], members=[dict(m) for m in valid["members"]],
                departure_region=valid["departure_region"], arrival_region=valid["arrival_region"],
                settlement_type=valid["settlement_type"], housing_price_kzt=valid.get("housing_price_kzt"),
            )
        except LawInputError as exc:
            return _error(exc.field, exc.message)
        return Response(_labelled(result))


def _labelled(result: RelocationResult) -> dict[str, Any]:
    """The answer with the engine's English labels in the language the client asked for (law.labels), and each
    parameter read as _parameter_read keeps it."""
    answer = result.as_dict(parameters=False)
    language = get_language() or "en"
    for condition in answer["conditions"]:
        condition["label"] = _label("condition", condition["name"], condition["label"], language)
    for amount in answer["entitlements"]:
        amount["label"] = _label("entitlement", amount["name"], amount["label"], language)
    answer["parameters"] = [_parameter_read(p, language) for p in result.parameters]
    return answer


@functools.lru_cache(maxsize=512)
def _label(kind: str, name: str, english: str, language: str) -> str:
    """A condition's or an amount's label in the active `language` (law.labels; the engine's English one where
    none is worded), kept for the process: the labels and catalogues are fixed while it runs. `language` is the
    key, never read for the text: the lazy label is resolved in the active language, which it names."""
    worded = (labels.CONDITIONS if kind == "condition" else labels.ENTITLEMENTS).get(name)
    return str(worded) if worded is not None else english


# (path, effective date, language) -> the parameter as answered; bounded (a few thousand distinct reads at most)
_READS: dict[tuple[str, dt.date | None, str], dict[str, Any]] = {}
_MAX_READS = 8192


def _parameter_read(read: ParameterValue, language: str) -> dict[str, Any]:
    """A parameter as an answer shows it, kept for the process: in force from `effective_from`, a parameter has
    one value, unit, description and reference (the rules are loaded once per process), so the answer depends
    only on (path, effective date, language), and every evaluation reads some sixteen of them, each labelled
    and its sources translated anew before (a quarter of the request's CPU). Answers share the kept dicts:
    nothing changes them after (the renderer only reads)."""
    key = (read.path, read.effective_from, language)
    found = _READS.get(key)
    if found is None:
        found = _parameter(read.as_dict(), language[:2])
        if len(_READS) < _MAX_READS:
            _READS[key] = found
    return found


def _parameter(read: dict[str, Any], lang: str) -> dict[str, Any]:
    """A parameter's description and sources in the language the client asked for (law.sources); `lang` is that
    language, read once per answer rather than once per source text."""
    return {**read, "description": sources.parameter_label(read["path"], read["description"]) or read["description"],
            "reference": sources.reference(read["reference"], lang)}


class ParametersView(APIView):
    """Every parameter of the law in force on a date, with its value, effective date and reference."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "law_calculator"

    @extend_schema(parameters=[LawParametersQuerySerializer], responses={200: LawParametersResponseSerializer},
                   tags=["law"], summary="Parameters of the law in force on a date")
    def get(self, request: Request) -> Response:
        query = LawParametersQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _error(*_first_error(query.errors))
        on = query.validated_data.get("date") or timezone.localdate()
        params = parameters_in_force(on)
        language = get_language() or "en"
        return Response({"date": on.isoformat(), "rules_version": rules_version(),
                         "flags": list(unconfirmed_flags(params, on)),
                         "parameters": [_parameter_read(p, language) for p in params]})
