"""Public pages of the geo room: the regions map coloured by population, its table and CSV, the shapes."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lib import data_versions

from .selectors import current_units, population_on_current_units, population_years, today
from .shapes import load_shapes


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year")
    if not raw:
        return years[-1] if years else None
    try:
        year = int(raw)
    except ValueError:
        raise Http404(_("No population data for that year.")) from None
    if year not in years:
        raise Http404(_("No population data for that year."))
    return year


@require_GET
def region_map(request: HttpRequest) -> HttpResponse:
    """The 20 regions coloured by population at the start of the chosen year (public statistics). The section is
    the same for every visitor: rendered once per geo data version (any write of the units or the population
    gives a new one, lib/data_versions.py), year asked, language and day, in each process."""

    def section() -> str:
        years = population_years()
        year, rows = population_on_current_units(_year(request, years))  # a year with no data: 404, nothing kept
        chart = {
            "locations": [r["unit"].code for r in rows],
            "z": [r["persons"] for r in rows],
            "names": [r["unit"].name for r in rows],
        }
        return render_to_string("geo/_map.html", {
            "year": year, "years": years, "rows": rows, "chart": chart,
            "any_estimated": any(r["estimated"] for r in rows), "has_data": year is not None,
            "total": sum(r["persons"] or 0 for r in rows),
        })

    key = ("geo.map", request.GET.get("year") or "", get_language() or "", today())
    content = data_versions.cached(("geo",), key, section)
    return render(request, "geo/map.html", {"content": mark_safe(content)})  # noqa: S308 (our own rendering)


@require_GET
def region_map_csv(request: HttpRequest) -> HttpResponse:
    """The map's data as CSV (region code, names in three languages, population, share, estimated)."""
    year, rows = population_on_current_units(_year(request, population_years()))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kz-population-{year or "none"}.csv"'
    writer = csv.writer(response)
    writer.writerow(["code", "name_kk", "name_ru", "name_en", "year", "population_start_of_year",
                     "share_percent", "estimated", "source"])
    for r in rows:
        u = r["unit"]
        writer.writerow([u.code, u.name_kk, u.name_ru, u.name_en, year, r["persons"] if r["persons"] is not None else "",
                         f"{r['share']:.2f}" if r["share"] is not None else "", int(r["estimated"]),
                         "BNS (stat.gov.kz) via open-data-kazakhstan, PDDL 1.0"])
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def shapes(request: HttpRequest) -> HttpResponse:
    """The simplified region polygons (GeoJSON; feature id = ISO 3166-2:KZ code), names in the active language."""
    data = load_shapes()
    names = {u.code: u.name for u in current_units()}
    for feature in data["features"]:
        feature["properties"]["name"] = names.get(feature["id"], "")
    response = JsonResponse(data)
    response["Content-Type"] = "application/geo+json"
    response["Content-Language"] = get_language() or ""
    return response
