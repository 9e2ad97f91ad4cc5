"""Reading the surveys room: what a user may see, the survey as a frame, estimates, exports, and the
indicator the statistics dashboard shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import polars as pl
from django.db.models import Count, Q

from accounts.permissions import grant_scope
from accounts.roles import Role, Scope
from geo.models import PopulationCount, TerritorialUnit
from lib import data_versions
from people.selectors import pseudonym

from . import engine, estimates
from .models import Assignment, Form, FormVersion, Submission, WeightingRun

STAY_QUESTION = "stay_5y"


def forms_for(user: Any):
    """Surveys the user works on: all they may view, or, for an enumerator, those assigned to them."""
    if getattr(user, "role", None) == Role.ENUMERATOR:
        return Form.objects.filter(assignments__enumerator=user, assignments__active=True).distinct()
    return Form.objects.visible_to(user)


def forms_with_counts(user: Any) -> list[Form]:
    """The user's surveys, each with `n_visible`: the interviews this user may read (an analyst: their territory)."""
    forms = list(forms_for(user))
    counts = dict(Submission.objects.visible_to(user).filter(form__in=forms).values_list("form").annotate(n=Count("pk")))
    for form in forms:
        form.n_visible = counts.get(form.pk, 0)
    return forms


def form_for(user: Any, pk: int) -> Form | None:
    return forms_for(user).filter(pk=pk).first()


def assignments_for(user: Any, form: Form | None = None):
    rows = Assignment.objects.visible_to(user).filter(active=True).select_related("form", "unit", "enumerator")
    return rows.filter(form=form) if form is not None else rows


def submissions_for(user: Any, form: Form):
    return Submission.objects.visible_to(user).filter(form=form).select_related("region", "collector", "version")


def version_of(form: Form, version_id: int | None = None) -> FormVersion | None:
    if version_id is not None:
        return form.versions.filter(pk=version_id).first()
    return form.current_version


def latest_weighting(form: Form) -> WeightingRun | None:
    return form.weighting_runs.first()


def population_by_region_and_sex(year: int | None = None) -> tuple[int | None, dict[tuple[str, str], int]]:
    """BNS population at the start of the latest year geo holds, by region code and sex."""
    rows = PopulationCount.objects.filter(area="total", sex__in=("male", "female"), unit__valid_to__isnull=True)
    if year is None:
        year = rows.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return None, {}
    return year, {(code, sex): persons for code, sex, persons in
                  rows.filter(year=year).values_list("unit__code", "sex", "persons")}


def submission_row(submission: Submission) -> dict[str, Any]:
    """A submission as any reader of survey data sees it: answers and a pseudonym, never the IIN."""
    return {
        "id": submission.pk, "uuid": str(submission.uuid), "version": submission.version.version,
        "region": submission.region.code, "settlement": submission.settlement,
        "collector": submission.collector.username, "submitted_at": submission.submitted_at,
        "respondent": pseudonym(submission.respondent_iin) if submission.respondent_iin else "",
        "weight": submission.weight, "data": submission.data,
    }


# --- the survey as a frame -------------------------------------------------------------------------------------

def top_questions(definition: engine.FormDefinition) -> list[engine.Node]:
    """Questions answered once per interview (outside repeats), in form order."""
    return [n for n in definition.walk() if (n.is_input or n.kind == "calculate")
            and not any(a.kind == "repeat" for a in n.ancestors()) and n.name != "iin"]


def analysable(definition: engine.FormDefinition) -> list[engine.Node]:
    return [n for n in top_questions(definition)
            if (n.kind in ("select_one", "select_multiple", "integer", "decimal")
            or (n.kind == "calculate" and n.name == "formal")) and n.name != "consent"]


def frame(form: Form, user: Any | None = None) -> pl.DataFrame:
    """One row per submission the user may read: w (weight, 1 when not weighted), h (stratum: the region when
    the plan has strata, else one stratum), region, and every top-level answer."""
    version = form.current_version
    definition = engine.FormDefinition(version.definition) if version else None
    rows = Submission.objects.filter(form=form) if user is None else Submission.objects.visible_to(user).filter(form=form)
    records = list(rows.filter(data__consent="yes").values_list("region__code", "weight", "data"))
    return frame_from_records(definition, records, stratified=bool((form.sampling_plan or {}).get("strata")))


def frame_from_records(definition: engine.FormDefinition | None, records: list[tuple[str, float | None, dict]], *,
                       stratified: bool) -> pl.DataFrame:
    """The analysis frame from (region code, weight, answers) triples (see `frame`)."""
    reserved = {"w", "h", "region"}  # the form's own `region` answer is the submission's region
    questions = [n for n in top_questions(definition) if n.name not in reserved] if definition else []
    columns: dict[str, list[Any]] = {"w": [], "h": [], "region": []}
    for node in questions:
        columns[node.name] = []
    numeric = {n.name for n in questions if n.kind in ("integer", "decimal") or n.name == "formal"}
    multiple = {n.name for n in questions if n.kind == "select_multiple"}
    for code, weight, data in records:
        columns["w"].append(float(weight) if weight is not None else 1.0)
        columns["h"].append(code if stratified else "all")
        columns["region"].append(code)
        for node in questions:
            value = data.get(node.name)
            if node.name in multiple:
                value = [str(v) for v in value] if isinstance(value, list) else None
            elif node.name in numeric:
                try:
                    value = float(value) if value is not None else None
                except (TypeError, ValueError):
                    value = None
            elif value is not None:
                value = str(value)
            columns[node.name].append(value)
    schema: dict[str, Any] = {"w": pl.Float64, "h": pl.String, "region": pl.String}
    for node in questions:
        schema[node.name] = (pl.List(pl.String) if node.name in multiple else
                             pl.Float64 if node.name in numeric else pl.String)
    return pl.DataFrame(columns, schema=schema)


def region_names(lang: str) -> dict[str, str]:
    """Today's units by code, named in the active language."""
    return {u.code: u.localized("name") for u in TerritorialUnit.objects.filter(valid_to__isnull=True)}


def question_estimates(form: Form, question: str, by: str, lang: str, user: Any | None = None,
                       data: pl.DataFrame | None = None) -> dict[str, Any]:
    """Weighted estimates of one question by region or by another question, with labels in `lang`.

    Raises KeyError for a question the form does not have (or cannot estimate)."""
    version = form.current_version
    if version is None:
        raise KeyError(question)
    definition = engine.FormDefinition(version.definition)
    nodes = {n.name: n for n in analysable(definition)}
    node = nodes[question]
    if by != "region":
        by_node = nodes[by]
        if by_node.kind != "select_one" or by == question:
            raise KeyError(by)
    data = frame(form, user) if data is None else data
    kind = "calculate_number" if node.kind == "calculate" else node.kind
    choices = [c["name"] for c in node.choices] if node.kind in ("select_one", "select_multiple") else None
    proportion = node.kind in ("select_one", "select_multiple") or node.name == "formal"
    table = estimates.estimate(estimates.long_frame(data, question, kind, by, choices), proportion=proportion)
    if by == "region":
        names = region_names(lang)

        def domain_label(value: str) -> str | None:
            return names.get(value)
    else:
        def domain_label(value: str) -> str | None:
            return engine.choice_label(by_node, value, lang, definition)
    rows = []
    for row in table.to_dicts():
        category = row["k"]
        rows.append({**row, "domain": row["d"], "domain_label": domain_label(row["d"]) or row["d"],
                     "category": category,
                     "category_label": engine.choice_label(node, category, lang, definition) if choices else ""})
    return {"question": question, "label": engine.label_of(node, lang, definition), "by": by,
            "by_label": engine.label_of(nodes[by], lang, definition) if by != "region" else "",
            "kind": node.kind, "proportion": proportion, "rows": rows, "n": data.height,
            "weighted": bool(data.height) and data["w"].n_unique() > 1}


_STAY: OrderedDict[tuple, dict[str, Any] | None] = OrderedDict()
_STAY_LOCK = threading.Lock()


# The interviews' count, last id and last time, the last weighting run and the forms' last version: what the
# stay-intention estimate is kept under. Interviews are written per request, so their table carries no data-version
# trigger (lib/data_versions.py); these figures are read instead, in the query of the rooms' tokens when a page
# keeps the estimate with other results (stats.views.dashboard).
STAY_PROBES = (
    f"SELECT COUNT(*) FROM {Submission._meta.db_table}", f"SELECT MAX(id) FROM {Submission._meta.db_table}",
    f"SELECT MAX(submitted_at) FROM {Submission._meta.db_table}", f"SELECT MAX(id) FROM {WeightingRun._meta.db_table}",
    f"SELECT MAX(id) FROM {FormVersion._meta.db_table}",
)


def _stay_versions() -> tuple:
    """STAY_PROBES' values, read in one query (three aggregates were three round trips on every visit)."""
    return data_versions.tokens((), STAY_PROBES)


def stay_scope(user: Any | None) -> tuple | None:
    """What of the user the stay-intention estimate depends on: the interviews they may read (their grant, the
    territory it applies to, and the user themself for an own-scope reader)."""
    if user is None:
        return None
    grant = grant_scope(user, "view", Submission)
    return (grant, getattr(user, "scope_unit_id", None),
            None if grant in (Scope.COUNTRY, Scope.TERRITORY) else user.pk)


def stay_intention_by_region(lang: str, user: Any | None = None) -> dict[str, Any] | None:
    """`_stay_intention_by_region`, kept per data version (STAY_PROBES), language and the user's reading scope
    (stay_scope): the statistics dashboard shows it on every visit, and estimating reads every interview."""
    key = (repr(_stay_versions()), lang, stay_scope(user))
    with _STAY_LOCK:
        if key in _STAY:
            _STAY.move_to_end(key)
            return _STAY[key]
    result = _stay_intention_by_region(lang, user)
    with _STAY_LOCK:
        _STAY[key] = result
        while len(_STAY) > 32:
            _STAY.popitem(last=False)
    return result


def _stay_intention_by_region(lang: str, user: Any | None = None) -> dict[str, Any] | None:
    """The share intending to stay five years by receiving region, from the latest survey that asks it
    (weighted, with 95% intervals) — the survey estimate the statistics dashboard shows beside the flows.
    With `user`, only the interviews the user may read (an akimat analyst: their territory)."""
    form = (Form.objects.filter(versions__definition__isnull=False, submissions__isnull=False).distinct()
            .order_by("-created_at"))
    for candidate in form:
        version = candidate.current_version
        if version is None or STAY_QUESTION not in engine.FormDefinition(version.definition).by_name:
            continue
        result = question_estimates(candidate, STAY_QUESTION, "region", lang, user)
        rows = [r for r in result["rows"] if r["category"] == "yes"]
        if not rows:
            return None
        run = latest_weighting(candidate)
        return {"form": candidate, "rows": rows, "weighted": run is not None, "run": run, "label": result["label"]}
    return None


def export_tables(form: Form, user: Any, lang: str, *, labels: bool = True) -> dict[str, list[list[Any]]]:
    """Flat tables for CSV/XLSX: one row per submission, and one table per repeat linked by submission id
    (and parent row for nested repeats); values as choice labels in `lang` (or raw codes)."""
    version = form.current_version
    assert version is not None, "an uploaded form has a current version"
    definition = engine.FormDefinition(version.definition)
    questions = top_questions(definition)
    repeats = [n for n in definition.walk() if n.kind == "repeat"]

    def show(node: engine.Node, value: Any) -> Any:
        if value is None:
            return ""
        if node.kind == "select_multiple" and isinstance(value, list):
            return " ".join(engine.choice_label(node, str(v), lang, definition) if labels else str(v) for v in value)
        if node.kind == "select_one" and labels:
            return engine.choice_label(node, str(value), lang, definition)
        return value

    main = [["submission", "respondent", "region", "settlement", "collector", "submitted_at", "weight",
             *[n.name for n in questions]]]
    tables: dict[str, list[list[Any]]] = {"submissions": main}
    repeat_children = {r.name: [n for n in definition.walk(r.children) if n.is_input or n.kind == "calculate"]
                       for r in repeats}
    for repeat in repeats:
        tables[repeat.name] = [["submission", "row", "parent_row",
                                *[n.name for n in repeat_children[repeat.name]]]]
    rows = submissions_for(user, form).order_by("pk")
    for s in rows.iterator(chunk_size=500):
        main.append([s.pk, pseudonym(s.respondent_iin) if s.respondent_iin else "", s.region.code, s.settlement,
                     s.collector.username, s.submitted_at.isoformat(timespec="seconds"),
                     "" if s.weight is None else round(s.weight, 6),
                     *[show(n, s.data.get(n.name)) for n in questions]])

        def walk(data: dict, parent: str, s: Submission = s) -> None:
            for repeat in repeats:
                for i, member in enumerate(data.get(repeat.name) or []):
                    row_id = f"{parent}.{i + 1}" if parent else str(i + 1)
                    tables[repeat.name].append([s.pk, row_id, parent,
                                                *[show(n, member.get(n.name)) for n in repeat_children[repeat.name]]])
                    walk(member, row_id)

        walk(s.data, "")
    return tables


def counts_by_region(form: Form, user: Any) -> list[dict[str, Any]]:
    names = region_names("")
    rows = list(submissions_for(user, form).values("region__code").annotate(
        n=Count("pk"), weighted=Count("pk", filter=Q(weight__isnull=False))).order_by("region__code"))
    return [{**r, "name": names.get(r["region__code"], r["region__code"])} for r in rows]
