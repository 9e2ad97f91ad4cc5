"""REST API of the geo room (public reference data): units by date, one unit, population, shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import PopulationCount, TerritorialUnit
from .selectors import UnknownUnit, current_units, resolve_unit, to_current
from .shapes import load_shapes


def _date_param(request: Request, name: str = "on") -> dt.date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: _("Use a date as YYYY-MM-DD.")}) from None


class UnitSerializer(serializers.ModelSerializer):
    parent: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True, help_text="Name in the active language.")

    class Meta:
        model = TerritorialUnit
        fields = ["code", "alpha_code", "kato", "kind", "name", "name_kk", "name_ru", "name_en", "centre_kk",
                  "centre_ru", "centre_en", "parent", "path", "valid_from", "valid_to", "centroid_lon",
                  "centroid_lat", "shape_key"]


class CrosswalkSerializer(serializers.Serializer):
    code = serializers.CharField()
    weight = serializers.DecimalField(max_digits=7, decimal_places=6)


class UnitDetailSerializer(UnitSerializer):
    aliases = serializers.SerializerMethodField()
    to_current = serializers.SerializerMethodField(help_text="Today's units covering this one, population weights.")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "aliases", "to_current"]

    def get_aliases(self, unit: Any) -> list[str]:
        return sorted(a.alias for a in unit.aliases.all())

    @extend_schema_field(CrosswalkSerializer(many=True))
    def get_to_current(self, unit: Any) -> Any:
        try:
            pairs = to_current(unit)
        except UnknownUnit:
            return []
        return CrosswalkSerializer([{"code": t.code, "weight": w} for t, w in pairs], many=True).data


class PopulationSerializer(serializers.ModelSerializer):
    unit: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_valid_from = serializers.DateField(source="unit.valid_from", read_only=True)

    class Meta:
        model = PopulationCount
        fields = ["unit", "unit_valid_from", "year", "sex", "area", "persons", "source"]


@extend_schema(parameters=[
    OpenApiParameter("on", OpenApiTypes.DATE, description="Only units in force on this date."),
    OpenApiParameter("current", OpenApiTypes.BOOL, description="1: only today's 20 first-level units."),
    OpenApiParameter("kind", str, enum=["country", "region", "city", "district"]),
])
class UnitList(generics.ListAPIView):
    """Territorial units, every version (a change of territory is a new version with its own dates)."""

    permission_classes = [AllowAny]
    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        if params.get("current") in ("1", "true", "yes"):
            units = current_units(_date_param(self.request))
        else:
            units = TerritorialUnit.objects.all()
            on = _date_param(self.request)
            if on:
                units = units.in_force_on(on)
        if params.get("kind"):
            units = units.filter(kind=params["kind"])
        return units.select_related("parent").order_by("code", "valid_from")


@extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Date (default today).")])
class UnitDetail(generics.RetrieveAPIView):
    """The version of a unit in force on a date, by numeric or letter ISO code or any known name."""

    permission_classes = [AllowAny]
    serializer_class = UnitDetailSerializer

    def get_object(self) -> Any:
        try:
            return resolve_unit(self.kwargs["code"], on=_date_param(self.request))
        except UnknownUnit as exc:
            raise NotFound(str(exc)) from None


@extend_schema(parameters=[
    OpenApiParameter("year", int), OpenApiParameter("unit", str, description="ISO code."),
    OpenApiParameter("sex", str, enum=["total", "male", "female"], description="Default total."),
    OpenApiParameter("area", str, enum=["total", "urban", "rural"], description="Default total."),
])
class PopulationList(generics.ListAPIView):
    """Population at the start of the year (BNS) by unit, as counted in the borders of that year."""

    permission_classes = [AllowAny]
    serializer_class = PopulationSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        rows = PopulationCount.objects.filter(sex=params.get("sex", "total"), area=params.get("area", "total"))
        if params.get("year"):
            try:
                rows = rows.filter(year=int(params["year"]))
            except ValueError:
                raise ValidationError({"year": _("Use a year such as 2023.")}) from None
        if params.get("unit"):
            rows = rows.filter(unit__code__iexact=params["unit"])
        return rows.select_related("unit").order_by("year", "unit__code")


class Shapes(APIView):
    """GeoJSON of today's 20 first-level units (feature id = ISO 3166-2:KZ code)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Any:
        return Response(load_shapes())
