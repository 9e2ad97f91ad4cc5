"""The analysts' pages: the dashboard, each chart's data as CSV, and the reform scenario. Thin: they call
stats.dashboard / stats.selectors and render."""

from __future__ import annotations

import functools
import io
import json

import polars as pl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.audit import log_access
from accounts.permissions import can
from surveys.selectors import STAY_PROBES, stay_intention_by_region, stay_scope

from . import charts, selectors
from .analytics.indicators import INDICATORS
from .dashboard import AGE_GROUPS, CHARTS, FREQS, SEXES, Filters, build_cached, page_cached
from .scenario import run_subsidy_scenario


def _require(user, action: str = "view") -> None:
    if not can(user, action, "stats.observation"):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require(request.user)
    filters = Filters.from_query(request.GET, request.user)
    can_export = can(request.user, "export", "stats.observation")
    scope_label = str(request.user.scope_label)

    def figures(result: dict) -> str:
        names = dict(zip(result["units"]["code"], result["units"]["name"], strict=True))

        def rows(frame):
            return [] if frame is None or frame.is_empty() else [
                {**r, "origin_name": names.get(r.get("origin"), ""),
                 "destination_name": names.get(r.get("destination"), ""),
                 "unit_name": names.get(r.get("unit"), "")} for r in frame.to_dicts()]

        context = {
            **result,
            "key_rows": rows(result["key_figures"]),
            "flows_in_rows": rows(result.get("flows_in")), "flows_out_rows": rows(result.get("flows_out")),
            "surplus_rows": rows(result.get("surplus")),
            "forecast_rows": rows(result["forecast"]["by_unit"].join(
                result["forecast"]["forecast"].select("unit", "indicator", pl.col("forecast").alias("next")),
                on=["unit", "indicator"], how="left")) if result.get("forecast") else [],
            "forecast_overall": result["forecast"]["overall"].to_dicts() if result.get("forecast") else [],
            "gravity_rows": result["gravity"]["coefficients"].to_dicts() if result.get("gravity") else [],
            "chart_list": [(name, result["charts"][name][0], result["chart_scripts"][name]) for name in CHARTS
                           if name in result["charts"]],
            "query": filters.as_query(), "indicators": INDICATORS, "freqs": FREQS, "sexes": SEXES,
            "ages": AGE_GROUPS, "months": list(range(1, 13)),
            "unit_choices": [(c, names[c]) for c in result["shown_units"]["code"]],
            "focus_name": names.get(filters.unit, ""),
            "can_export": can_export, "scope_label": scope_label,
        }
        survey = stay_intention_by_region((get_language() or "en")[:2], request.user)
        return "\n".join((
            render_to_string("stats/_dashboard_top.html", context),
            render_to_string("stats/_dashboard_survey.html", {"survey_stay": survey}),
            render_to_string("stats/_dashboard_bottom.html", context)))

    # the survey's estimate is kept with the figures: under its version figures (read in the same query as the
    # figures' data version) and the user's reading scope of the interviews
    page = page_cached(filters, request.user, figures, probes=STAY_PROBES,
                       shown=(can_export, scope_label, stay_scope(request.user)))
    # the page around the kept HTML (header, CSRF token, CSP nonce) is rendered for the request; the kept HTML
    # is put in as bytes, not passed through the template and encoded again on every visit
    shell = render_to_string("stats/dashboard.html", {"figures": mark_safe(_FIGURES)}, request)  # noqa: S308 (a constant)
    head, _mark, tail = shell.partition(_FIGURES)
    return HttpResponse(b"".join((head.encode(), page, tail.encode())))


_FIGURES = "<!--koshi:figures-->"  # where the kept HTML goes in the rendered page; escaped text cannot hold it


@login_required
def chart_csv(request, chart: str):
    """The data of one chart of the dashboard (same filters) as CSV; the export is logged."""
    _require(request.user, "export")
    if chart not in CHARTS:
        raise Http404
    filters = Filters.from_query(request.GET, request.user)
    result = build_cached(filters, request.user)
    if chart not in result["charts"]:
        raise Http404
    frame: pl.DataFrame = result["charts"][chart][1]
    buffer = io.StringIO()
    frame.write_csv(buffer)
    log_access("export", kind=f"stats.{chart}", request=request,
               detail={"chart": chart, "rows": frame.height, **{k: str(v) for k, v in filters.as_query().items()}})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koshi-{chart}-{filters.year or "all"}.csv"'
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def outlines(request):
    """The regions' outlines the dashboard's maps draw ({ISO code: [lon, lat]}), public geography like
    geo:shapes: the page's script fetches it once and the browser keeps it, instead of every dashboard carrying
    them three times (charts.for_page)."""
    return HttpResponse(_outlines_json(), content_type="application/json")


@functools.cache
def _outlines_json() -> bytes:
    return json.dumps(charts.outlines(), separators=(",", ":")).encode()


@login_required
def scenario(request):
    """A change of the relocation subsidy as an OpenFisca reform: cost over applicant families, and flows."""
    _require(request.user)

    try:
        amount = int(request.GET.get("subsidy_mci", "100"))
    except ValueError:
        amount = 100
    result = run_subsidy_scenario(new_subsidy_mci=max(0, min(amount, 1000)))
    names = dict(selectors.units_frame().select("code", "name").iter_rows())
    flows = [{**r, "name": names.get(r["unit"], r["unit"])} for r in result["flows"].to_dicts()] if "flows" in result else []
    totals = {"baseline": sum(r["baseline"] for r in flows), "change": sum(r["change"] for r in flows)}
    return render(request, "stats/scenario.html",
                  {"result": result, "amount": amount, "flow_rows": flows, "flow_totals": totals})


def _bulletin_request(request) -> dict:
    """Year, region and language of the bulletin asked for, bounded: a bad value is a 400 naming the field."""
    from django.utils.translation import get_language

    from .bulletin_files import data_version

    years = selectors.od_years()
    raw_year = request.POST.get("year") or request.GET.get("year") or (str(years[-1]) if years else "")
    if not raw_year.isdecimal() or int(raw_year) not in years:
        raise _BadField("year")
    region = (request.POST.get("region") or request.GET.get("region") or "").strip() or None
    if region is not None and region not in set(selectors.units_frame()["code"].to_list()):
        raise _BadField("region")
    lang = (get_language() or "kk")[:2]
    return {"year": int(raw_year), "region": region, "lang": lang if lang in ("kk", "ru", "en") else "kk",
            "version": data_version()}


class _BadField(Exception):
    pass


@login_required
def bulletin(request):
    """The bulletin to download: asked for here, built in the background (stats.tasks), its progress shown,
    then the PDF. The same data, year, region and language are built only once."""
    from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from . import bulletin_files
    from .tasks import build_bulletin_pdf

    _require(request.user, "export")
    try:
        key = _bulletin_request(request)
    except _BadField as exc:
        return HttpResponseBadRequest(_("Invalid value for the field “%(field)s”.") % {"field": exc.args[0]})
    state = bulletin_files.status(**key)
    query = urlencode({"year": key["year"], **({"region": key["region"]} if key["region"] else {})})
    here = reverse("stats:bulletin") + "?" + query
    if request.method == "POST":
        if state["state"] in ("none", "failed"):
            bulletin_files.mark_queued(**key)
            build_bulletin_pdf.enqueue(**key)
        return redirect(here)
    if request.GET.get("download") and state["state"] == "done":
        log_access("export", kind="stats.bulletin", request=request, detail={k: key[k] for k in ("year", "region", "lang")})
        path = bulletin_files.pdf_path(**key)
        name = f"koshi-bulletin-{key['year']}{'-' + key['region'] if key['region'] else ''}-{key['lang']}.pdf"
        return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    if request.GET.get("format") == "json":
        return JsonResponse(state)
    units = selectors.units_frame()
    return render(request, "stats/bulletin_download.html", {
        "key": key, "state": state, "years": selectors.od_years(), "here": here,
        "regions": list(zip(units["code"].to_list(), units["name"].to_list(), strict=True)),
        "download_url": here + "&download=1", "status_url": here + "&format=json",
    })
