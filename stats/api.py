"""Read-only API of the stats room: indicators, origin-destination tables (labelled by source, with the
estimator's accuracy), the gravity model, the forecast and its backtest, the surplus index. Same scoping as
the pages: analysts see their territory, the ministry and researchers the country (aggregates only)."""

from __future__ import annotations

import math

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import can
from lib import data_versions

from . import selectors
from .models import Coverage


def _clean(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _records(frame: pl.DataFrame) -> list[dict]:
    return [{k: _clean(v if not hasattr(v, "isoformat") else v.isoformat()) for k, v in r.items()}
            for r in frame.to_dicts()]


class _StatsView(APIView):
    kind = "stats.observation"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can(request.user, "view", self.kind):
            raise PermissionDenied


def _int(request, name: str) -> int | None:
    """A year (1900-2100) or a month number (1-12, checked by the caller) from the query string, else a 400."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdecimal() or len(value) > 4 or (name != "month" and not 1900 <= int(value) <= 2100):
        raise ValidationError({name: _("Use a month number from 1 to 12.") if name == "month"
                               else _("Use a year such as 2023.")})
    return int(value)


@extend_schema(responses={200: OpenApiTypes.OBJECT}, parameters=[OpenApiParameter("coverage", str, enum=["interregional", "all_internal"]),
                           OpenApiParameter("freq", str, enum=["year", "month"]), OpenApiParameter("year", int),
                           OpenApiParameter("unit", str)])
class IndicatorList(_StatsView):
    """Arrivals, departures, net, gross, net per 1,000 and efficiency by unit and period (official series)."""

    def get(self, request):
        coverage = request.query_params.get("coverage", Coverage.INTERREGIONAL)
        if coverage not in (Coverage.INTERREGIONAL, Coverage.ALL_INTERNAL):
            raise ValidationError({"coverage": _("Use coverage=interregional (moves between regions) or "
                                                   "coverage=all_internal (every move, within regions included).")})
        freq = request.query_params.get("freq", "year")
        if freq not in ("year", "month"):
            raise ValidationError({"freq": _("Use freq=year for yearly figures or freq=month for monthly ones.")})
        year = _int(request, "year")
        unit = request.query_params.get("unit") or ""
        # the units this user may see (None: the country) are the answer's only dependence on the user: the
        # records are kept per data version, query and view (lib/data_versions.py), never per user; the view is
        # what the units depend on (selectors.visible_key), so that a kept answer costs one version query
        user = request.user

        def build() -> list[dict]:
            allowed = selectors.visible_codes(user)
            table = selectors.indicator_table(coverage, freq)
            if allowed is not None:
                table = table.filter(pl.col("unit").is_in(allowed))
            if year is not None:
                # monthly periods are dates; a year's table (or an empty one) holds the year as a number
                period = pl.col("period").dt.year() if table.schema["period"].is_temporal() else pl.col("period")
                table = table.filter(period == year)
            if unit:
                table = table.filter(pl.col("unit") == unit)
            return _records(table)

        key = ("stats.api.indicators", coverage, freq, year, unit, selectors.visible_key(user), timezone.localdate())
        results = data_versions.cached(selectors.ROOMS, key, build)
        return Response({"coverage": coverage, "freq": freq, "results": results})


@extend_schema(responses={200: OpenApiTypes.OBJECT}, parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("month", int)])
class FlowTable(_StatsView):
    """The year's origin-destination table: published, or estimated by IPF with the estimator's accuracy;
    with `month`, the month's table of all internal moves (within-region moves on the diagonal), estimated."""

    kind = "stats.flow"

    def get(self, request):
        year = _int(request, "year")
        if year is None:
            raise ValidationError({"year": _("Give the year of the table, e.g. year=2024.")})
        month = _int(request, "month")
        if month is not None and not 1 <= month <= 12:
            raise ValidationError({"month": _("Use a month number from 1 to 12.")})
        table, meta = (selectors.od_table_month(year, month, user=request.user) if month
                       else selectors.od_table(year, user=request.user))
        return Response({"meta": meta, "results": _records(table)})


@extend_schema(responses={200: OpenApiTypes.OBJECT})
class GravityModel(_StatsView):
    """PPML gravity model on the published panel: coefficients and clustered standard errors."""

    kind = "stats.flow"

    def get(self, request):
        result = selectors.gravity_model()
        if result is None:
            return Response({"coefficients": []})
        return Response({"coefficients": _records(result["coefficients"]), "n": result["n"],
                         "periods": result["periods"], "cov_type": result["cov_type"],
                         "pseudo_r2": result["pseudo_r2"]})


@extend_schema(responses={200: OpenApiTypes.OBJECT})
class Forecast(_StatsView):
    """Next year's arrivals and departures by region, and the backtest on the last year against naive."""

    def get(self, request):
        fc = selectors.forecast()
        if fc is None:
            return Response({})
        return Response({
            "backtest_year": fc["backtest_year"], "overall": _records(fc["overall"]),
            "by_unit": _records(selectors.scope_frame(fc["by_unit"], request.user)),
            "next_year": fc["next_year"], "forecast": _records(selectors.scope_frame(fc["forecast"], request.user)),
        })


@extend_schema(responses={200: OpenApiTypes.OBJECT}, parameters=[OpenApiParameter("year", int)])
class Surplus(_StatsView):
    """Labour surplus/deficit index per region beside the designation in force."""

    def get(self, request):
        table, basis = selectors.surplus_table(_int(request, "year"))
        return Response({"designation_basis": basis, "results": _records(selectors.scope_frame(table, request.user))})
