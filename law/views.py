"""The Law section: the acts in the chosen language with the rules behind each article, the parameters'
history, and the public eligibility calculator. Thin: the rules are in law.services."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import acts, coverage, labels, services
from .forms import MAX_MEMBERS, FamilyForm, MemberFormSet


def _lang() -> str:
    return (get_language() or "en")[:2]


def index(request):
    report = coverage.cached()
    lang = _lang()
    rows = []
    for act in acts.acts():
        articles = []
        for record in act.records:
            if record.kind != "article":
                continue
            cov = report.article(record.id)
            articles.append({"record": record, "title": acts.pick(record.title, lang), "implemented": cov.implemented,
                             "n_parameters": len(cov.parameters), "n_variables": len(cov.variables),
                             "n_tests": len(cov.tests)})
        rows.append({"act": act, "title": acts.pick(act.title, lang), "articles": articles})
    return render(request, "law/index.html", {
        "acts": rows, "rules_version": services.rules_version(),
        "n_parameters": len(report.parameters), "n_variables": len(report.variables),
        "n_tests": len(coverage.yaml_tests()), "n_unimplemented": len(report.unimplemented),
    })


def act(request, act_id: str):
    found = next((a for a in acts.acts() if a.id == act_id), None)
    if found is None:
        raise Http404(_("No such act."))
    report = coverage.cached()
    lang = _lang()
    variables = services.tax_benefit_system().variables
    items = []
    for record in found.records:
        cov = report.article(record.id)
        items.append({
            "record": record, "anchor": record.id.replace("/", "-"),
            "title": acts.pick(record.title, lang), "text": acts.pick(record.text, lang),
            "chapter": acts.pick(record.chapter, lang), "note": acts.pick(record.note, lang),
            "missing_language": bool(record.text or record.title) and lang not in (record.text or record.title),
            "parameters": cov.parameters if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else [],
            "variables": [(name, variables[name].label) for name in cov.variables]
            if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else [],
            "tests": cov.tests if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else [],
        })
    return render(request, "law/act.html", {"act": found, "title": acts.pick(found.title, lang),
                                            "note": acts.pick(found.meta.get("note"), lang), "items": items})


CHARTED_PREFIXES = ("mci.", "minimum_wage", "relocation.", "registration.", "fines.", "contracts.", "employers.",
                    "oversight.")


def parameters(request):
    raw = request.GET.get("date")
    try:
        on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
    on = max(on, services.LAW_START)
    in_force = {p.path: p for p in services.parameters_in_force(on)}
    charts, region_rows = [], []
    for path in services.parameter_paths():
        p = in_force.get(path)
        if path.startswith(CHARTED_PREFIXES):
            history = services.parameter_history(path)
            charts.append({
                "path": path, "current": p, "id": "chart-" + path.replace(".", "-"),
                "label": labels.PARAMETERS.get(path, p.description if p else path),
                "flag": p is not None and p.last_confirmed is not None and on > p.last_confirmed,
                "data": {"x": [d.isoformat() for d, _v, _r in history] + [services.LAW_END.isoformat()],
                         "y": [v for _d, v, _r in history] + [history[-1][1]],
                         "unit": p.unit if p else ""},
            })
    for code in services.REGION_CODES:
        name = code.replace("-", "_")
        row = {"code": code, "name": labels.REGIONS[code]}
        for group in ("existing", "sending", "receiving", "receiving_kandas"):
            row[group] = bool(in_force[f"regions.{group}.{name}"].value)
        region_rows.append(row)
    return render(request, "law/parameters.html", {
        "on": on, "charts": charts, "regions": region_rows, "rules_version": services.rules_version(),
        "chart_data": {c["id"]: c["data"] for c in charts},
    })


def _shown(value):
    """A condition's value as the reader should see it: a status or a region by its translated name."""
    if isinstance(value, str):
        return labels.STATUSES.get(value) or labels.REGIONS.get(value) or value
    return value


def calculator(request):
    result = None
    error = None
    if "date" in request.GET:
        family = FamilyForm(request.GET)
        members = MemberFormSet(request.GET, prefix="m")
        if family.is_valid() and members.is_valid():
            data = family.cleaned_data
            people = [{**m, "birth_date": m["birth_date"]} for m in members.cleaned_data if m]
            try:
                result = services.evaluate_relocation(
                    on=data["date"], members=people, departure_region=data["departure_region"],
                    arrival_region=data["arrival_region"], settlement_type=data["settlement_type"],
                    housing_price_kzt=data.get("housing_price_kzt"))
            except services.LawInputError as exc:
                error = exc
    else:
        family = FamilyForm()
        members = MemberFormSet(prefix="m", initial=[{"relation": "head", "status": "job_seeker",
                                                      "months_registered_in_departure_region": 12}])
    explained = None
    if result is not None:
        lang = _lang()

        def article(rid):
            record = acts.get(rid)
            return {"id": rid, "anchor": rid.replace("/", "-"), "act": rid.split("/")[0],
                    "text": acts.pick(record.text or record.title, lang) if record else ""}

        explained = {
            "eligible": result.eligible,
            "conditions": [{"c": c, "label": labels.CONDITIONS.get(c.name, c.label), "article": article(c.article),
                            "shown": _shown(c.value)} for c in result.conditions],
            "entitlements": [{"a": a, "label": labels.ENTITLEMENTS.get(a.name, a.label), "article": article(a.article)}
                             for a in result.entitlements],
            "parameters": result.parameters, "flags": result.flags, "rules_version": result.rules_version,
        }
    return render(request, "law/calculator.html", {"family": family, "members": members, "result": explained,
                                                   "error": error, "max_members": MAX_MEMBERS})
