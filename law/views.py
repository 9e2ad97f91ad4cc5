"""The Law section: the acts in the chosen language with the rules behind each article, the parameters'
history, and the public eligibility calculator. Thin: the rules are in law.services."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from law.evaluation import evaluate_relocation
from law.inputs import LAW_END, LAW_START, LawInputError
from law.parameters import parameter_history, parameter_paths, parameters_in_force
from law.rules import rules_version, tax_benefit_system
from law.rules.common import REGION_CODES

from . import acts, coverage, labels, sources
from .forms import MAX_MEMBERS, FamilyForm, MemberFormSet


def _lang() -> str:
    return (get_language() or "en")[:2]


def index(request: HttpRequest) -> HttpResponse:
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
        "acts": rows, "rules_version": rules_version(),
        "n_parameters": len(report.parameters), "n_variables": len(report.variables),
        "n_tests": len(coverage.yaml_tests()), "n_unimplemented": len(report.unimplemented),
    })


def _variable_label(name: str, english: str, lang: str) -> str:
    """A formula's name for readers: its translated label, or the engine's English label on English pages only."""
    label = labels.CONDITIONS.get(name) or labels.ENTITLEMENTS.get(name)
    return str(label) if label else (english if lang == "en" else "")


def act(request: HttpRequest, act_id: str) -> HttpResponse:
    found = next((a for a in acts.acts() if a.id == act_id), None)
    if found is None:
        raise Http404(_("No such act."))
    report = coverage.cached()
    lang = _lang()
    variables = tax_benefit_system().variables
    items = []
    for record in found.records:
        cov = report.article(record.id)
        items.append({
            "record": record, "anchor": record.id.replace("/", "-"),
            "title": acts.pick(record.title, lang), "text": acts.pick(record.text, lang),
            "chapter": acts.pick(record.chapter, lang), "note": (record.note or {}).get(lang, ""),
            "citations": sources.citations(record, lang),
            "missing_language": bool(record.text or record.title) and lang not in (record.text or record.title),
            # developers' names: parameters and variables by their translated label where one exists, the code
            # beside it; the YAML tests' names are English sentences for developers, counted in other languages
            "parameters": [(path, sources.parameter_label(path)) for path in cov.parameters]
            if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else [],
            "variables": [(name, _variable_label(name, variables[name].label, lang)) for name in cov.variables]
            if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else [],
            "tests": (cov.tests if lang == "en" else []) if record.kind == "paragraph"
            or not acts.paragraphs_of(record.id) else [],
            "n_tests": len(cov.tests) if record.kind == "paragraph" or not acts.paragraphs_of(record.id) else 0,
        })
    return render(request, "law/act.html", {"act": found, "title": acts.pick(found.title, lang),
                                            "note": acts.pick(found.meta.get("note"), lang), "items": items})


CHARTED_PREFIXES = ("mci.", "minimum_wage", "relocation.", "registration.", "fines.", "contracts.", "employers.",
                    "oversight.")


@functools.lru_cache(maxsize=4)
def _histories(version: str) -> dict[str, list]:
    """Every charted parameter's dated values, per rules version (the YAML does not change while it runs)."""
    return {path: parameter_history(path) for path in parameter_paths() if path.startswith(CHARTED_PREFIXES)}


def parameters(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("date")
    try:
        on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
    on = max(on, LAW_START)
    in_force = {p.path: p for p in parameters_in_force(on)}
    charts, region_rows = [], []
    for path, history in _histories(rules_version()).items():
        p = in_force.get(path)
        changed = len({v for _d, v, _r in history}) > 1  # a parameter that never changed needs no chart
        charts.append({
            "path": path, "current": p, "id": "chart-" + path.replace(".", "-"), "changed": changed,
            "label": sources.parameter_label(path, p.description if p else ""),
            "references": sources.references(p.reference) if p else [],
            "unit": labels.unit(p.unit) if p else "",
            "flag": p is not None and p.last_confirmed is not None and on > p.last_confirmed,
            "data": {"x": [d.isoformat() for d, _v, _r in history] + [LAW_END.isoformat()],
                     "y": [v for _d, v, _r in history] + [history[-1][1]],
                     "unit": labels.unit(p.unit) if p else ""},
        })
    for code in REGION_CODES:
        name = code.replace("-", "_")
        row = {"code": code, "name": labels.REGIONS[code]}
        for group in ("existing", "sending", "receiving", "receiving_kandas"):
            row[group] = bool(in_force[f"regions.{group}.{name}"].value)
        region_rows.append(row)
    return render(request, "law/parameters.html", {
        "on": on, "charts": charts, "regions": region_rows, "rules_version": rules_version(),
        "chart_data": {c["id"]: c["data"] for c in charts if c["changed"]},
    })


def calculator(request: HttpRequest) -> HttpResponse:
    result = None
    error = None
    family: FamilyForm | None = None
    members: Any = None
    if "date" in request.GET:
        family = FamilyForm(request.GET)
        members = MemberFormSet(request.GET, prefix="m")
        if family.is_valid() and members.is_valid():
            data = family.cleaned_data
            people = [{**m, "birth_date": m["birth_date"]} for m in members.cleaned_data if m]
            try:
                result = evaluate_relocation(
                    on=data["date"], members=people, departure_region=data["departure_region"],
                    arrival_region=data["arrival_region"], settlement_type=data["settlement_type"],
                    housing_price_kzt=data.get("housing_price_kzt"))
            except LawInputError as exc:
                error = exc
    explained = None
    if result is not None and family is not None:
        lang = _lang()

        def article(rid: str) -> dict[str, str]:
            record = acts.get(rid)
            return {"id": rid, "anchor": rid.replace("/", "-"), "act": rid.split("/")[0],
                    "text": acts.pick(record.text or record.title, lang) if record else ""}

        explained = {
            "eligible": result.eligible,
            "conditions": [{"c": c, "label": labels.CONDITIONS.get(c.name, c.label), "article": article(c.article),
                            "shown": labels.condition_value(c.value)} for c in result.conditions],
            "entitlements": [{"a": a, "label": labels.ENTITLEMENTS.get(a.name, a.label), "article": article(a.article)}
                             for a in result.entitlements],
            "parameters": [{"path": p.path, "value": p.value, "unit_label": labels.unit(p.unit),
                            "label": sources.parameter_label(p.path, p.description),
                            "effective_from": p.effective_from, "references": sources.references(p.reference)}
                           for p in result.parameters],
            # the decision keeps its flags in English for the record; the reader gets them in words
            "flags": [{"label": sources.parameter_label(p.path, p.description) or p.path, "day": p.last_confirmed}
                      for p in result.parameters
                      if p.last_confirmed is not None and family.cleaned_data["date"] > p.last_confirmed],
            "rules_version": result.rules_version,
        }
    return render(request, "law/calculator.html", {"form_html": _calculator_form(family, members),
                                                   "result": explained, "error": error})


def _blank_forms() -> tuple[FamilyForm, Any]:
    return FamilyForm(), MemberFormSet(prefix="m", initial=[{"relation": "head", "status": "job_seeker",
                                                             "months_registered_in_departure_region": 12}])


def _calculator_form(family: FamilyForm | None, members: Any) -> str:
    """The form's HTML: the filled-in forms, or with none (a visit that has not asked yet) the blank ones. The
    blank form is the same for every reader of a language on a day — its fields, choices and today's date — so it
    is rendered once per process, language and day (its ~30 widgets were most of the page's cost), and its forms
    are built only when it is rendered (building them cost a visit more than the kept HTML saved to read); a
    filled-in one is rendered each time."""
    def rendered(family: FamilyForm, members: Any) -> str:
        return render_to_string("law/_calculator_form.html",
                                {"family": family, "members": members, "max_members": MAX_MEMBERS})

    if family is not None:
        return rendered(family, members)
    key = f"law.calculator.form:{get_language()}:{timezone.localdate().isoformat()}"
    html: str | None = caches["default"].get(key)
    if html is None:
        html = rendered(*_blank_forms())
        caches["default"].set(key, html, timeout=24 * 3600)
    return mark_safe(html)  # noqa: S308 (our own rendering)
