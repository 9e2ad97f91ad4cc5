"""Traceability between the acts, the parameters, the variables and the tests (both directions).

Used by `manage.py law_coverage` and by the web section. An article counts as implemented when it, or one
of its paragraphs, is cited by a parameter or a variable. Knows no Django.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from law import acts
from law.parameters import as_date, parameter_node, parameter_paths
from law.rules import HERE as RULES_DIR
from law.rules import tax_benefit_system

ARTICLE_ID = re.compile(r"^(model-law|migration-law|koap|labour-code)/art-[\w-]+(/p-[\w-]+)?$")
TESTS_DIR = RULES_DIR / "tests"


@dataclass
class ParameterInfo:
    path: str
    description: str
    articles: list[str]
    has_reference: bool
    values_without_reference: list[str]
    last_confirmed: dt.date | None


@dataclass
class ArticleCoverage:
    record: acts.Record
    parameters: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)

    @property
    def implemented(self) -> bool:
        return bool(self.parameters or self.variables)


@dataclass
class Report:
    articles: list[ArticleCoverage]
    parameters: list[ParameterInfo]
    variables: dict[str, list[str]]
    problems: list[str]

    @property
    def unimplemented(self) -> list[ArticleCoverage]:
        return [a for a in self.articles if a.record.kind == "article" and not a.implemented]

    def stale(self, today: dt.date, max_age_days: int = 365) -> list[ParameterInfo]:
        limit = today - dt.timedelta(days=max_age_days)
        return [p for p in self.parameters if p.last_confirmed is None or p.last_confirmed < limit]

    def article(self, record_id: str) -> ArticleCoverage:
        """The coverage of one record of the acts (every record has one: the report is built from all of them)."""
        found = next((a for a in self.articles if a.record.id == record_id), None)
        if found is None:
            raise KeyError(record_id)
        return found


def _parameters() -> list[ParameterInfo]:
    out = []
    for path in parameter_paths():
        parameter = parameter_node(path)
        meta = parameter.metadata or {}
        missing = [v.instant_str for v in parameter.values_list if not (v.metadata or {}).get("reference")]
        out.append(ParameterInfo(path=path, description=parameter.description or "",
                                 articles=list(meta.get("articles", [])), has_reference=bool(meta.get("reference")),
                                 values_without_reference=missing,
                                 last_confirmed=as_date(meta.get("last_confirmed"))))
    return out


def _variables() -> dict[str, list[str]]:
    out = {}
    for name, variable in tax_benefit_system().variables.items():
        ref = variable.reference or []
        out[name] = list(ref) if isinstance(ref, list | tuple) else [ref]
    return out


def yaml_tests() -> list[tuple[str, str, list[str]]]:
    """(file, test name, output variables) of every OpenFisca YAML test."""
    out = []
    for path in sorted(TESTS_DIR.glob("*.yaml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((path.name, test.get("name", ""), list((test.get("output") or {}).keys())))
    return out


def build() -> Report:
    known = acts.records()
    params = _parameters()
    variables = _variables()
    coverage = {rid: ArticleCoverage(record=r) for rid, r in known.items()}
    problems: list[str] = []

    def cite(article_id: str, what: str, kind: str) -> None:
        if article_id not in coverage:
            problems.append(f"{what} cites {article_id}, which is not in law/acts")
            return
        getattr(coverage[article_id], kind).append(what)
        record = known[article_id]
        if record.parent and what not in getattr(coverage[record.parent], kind):
            getattr(coverage[record.parent], kind).append(what)

    for rid, r in known.items():
        for name in ("title", "text", "note", "chapter"):
            texts = getattr(r, name) or {}
            if set(texts) - set(acts.LANGUAGES) or any(not isinstance(v, str) for v in texts.values()):
                problems.append(f"{rid} has a malformed {name} (languages {sorted(map(str, texts))})")
        body = r.title if r.kind == "article" else r.text
        if not (body.get("en") and body.get("ru")):
            problems.append(f"{rid} lacks its English or Russian {'title' if r.kind == 'article' else 'text'}")
        if r.parent and r.parent not in known:
            problems.append(f"{rid} has an unknown parent {r.parent}")
    for p in params:
        if not p.has_reference:
            problems.append(f"parameter {p.path} has no reference")
        if p.values_without_reference:
            problems.append(f"parameter {p.path} has values without a reference: {', '.join(p.values_without_reference)}")
        if not p.articles:
            problems.append(f"parameter {p.path} names no article")
        for article_id in p.articles:
            cite(article_id, p.path, "parameters")
    variable_articles: dict[str, list[str]] = {}
    for name, refs in variables.items():
        if not refs or not any(str(r).strip() for r in refs):
            problems.append(f"variable {name} has no reference")
        ids = [str(r) for r in refs if ARTICLE_ID.match(str(r))]
        if refs and not ids:
            problems.append(f"variable {name} cites no article of law/acts")
        variable_articles[name] = ids
        for article_id in ids:
            cite(article_id, name, "variables")
    for file, test_name, outputs in yaml_tests():
        label = f"{file}: {test_name}"
        for article_id in sorted({a for v in outputs for a in variable_articles.get(v, [])}):
            if article_id in coverage and label not in coverage[article_id].tests:
                coverage[article_id].tests.append(label)
                parent = known[article_id].parent
                if parent and label not in coverage[parent].tests:
                    coverage[parent].tests.append(label)
    return Report(articles=list(coverage.values()), parameters=params, variables=variables, problems=problems)


@functools.lru_cache(maxsize=1)
def cached() -> Report:
    """build(), once per process: the acts, rules and tests do not change while the server runs."""
    return build()


def tests_dir() -> Path:
    return TESTS_DIR
