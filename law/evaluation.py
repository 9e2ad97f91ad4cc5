"""What the relocation programme gives a family: each condition with its article, the verdict, the amounts,
and the parameters the computation read (from OpenFisca's trace), by the law in force on the day.

`evaluate_relocation` judges a case; `recheck_decision` says what the rules now loaded say about a stored
decision's inputs (it writes nothing: law.services records decisions).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from law.inputs import (
    LAW_END,
    LAW_START,
    MAX_FAMILY_MEMBERS,
    MAX_HOUSING_PRICE_KZT,
    MAX_MONTHS_REGISTERED,
    SETTLEMENT_TYPES,
    STATUSES,
    LawInputError,
    date_field,
    in_range,
    whole_tenge,
)
from law.labels import NO_QUOTA_GIVEN, NOT_A_CITIZEN
from law.parameters import (
    ParameterValue,
    parameter_value,
    traced_parameters,
    unconfirmed_flags,
    variable_labels,
)
from law.rules import rules_version
from law.rules.common import REGION_CODES, REGION_NAMES
from law.rules.simulate import build, period_of

CONDITION_ARTICLES = {
    "applicant_is_citizen": "model-law/art-10/p-1",
    "applicant_is_of_age": "model-law/art-10/p-1",
    "applicant_is_job_seeker_or_unemployed": "model-law/art-10/p-1",
    "applicant_registered_long_enough": "model-law/art-10/p-1",
    "departure_region_is_sending": "model-law/art-4/p-2",
    "arrival_region_is_receiving": "model-law/art-4/p-3",
    "arrival_region_has_quota": "model-law/art-5/p-1",
}
ENTITLEMENT_ARTICLES = {
    "relocation_subsidy": "model-law/art-6/p-1",
    "rent_compensation_monthly": "model-law/art-7/p-1",
    "rent_compensation_total": "model-law/art-7/p-1",
    "housing_certificate": "model-law/art-8/p-2",
}


@dataclass(frozen=True)
class Condition:
    name: str
    passed: bool
    value: Any
    article: str
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "value": self.value, "article": self.article,
                "label": self.label}


@dataclass(frozen=True)
class Amount:
    name: str
    amount_kzt: int
    article: str
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "amount_kzt": self.amount_kzt, "article": self.article, "label": self.label}


@dataclass(frozen=True)
class RelocationResult:
    on: dt.date
    eligible: bool
    conditions: tuple[Condition, ...]
    entitlements: tuple[Amount, ...]
    parameters: tuple[ParameterValue, ...]
    rules_version: str
    flags: tuple[str, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self, *, parameters: bool = True) -> dict[str, Any]:
        """The result as plain values; `parameters=False` leaves the parameters' list empty, for a caller that
        fills it in its own way (the API's labelled reads, law.api)."""
        return {
            "date": self.on.isoformat(), "eligible": self.eligible,
            "conditions": [c.as_dict() for c in self.conditions],
            "entitlements": [a.as_dict() for a in self.entitlements],
            "parameters": [p.as_dict() for p in self.parameters] if parameters else [],
            "rules_version": self.rules_version, "flags": list(self.flags),
        }


def region_index(code: str, name: str, on: dt.date) -> int:
    """The index (in Region's order) of the first-level unit with ISO code `code`, which must exist on `on`."""
    key = str(code or "").strip().upper()
    if key not in REGION_CODES:
        raise LawInputError(name, _("unknown region %(code)r: use an ISO 3166-2:KZ code such as KZ-61") % {"code": code})
    if not parameter_value(f"regions.existing.{key.replace('-', '_')}", on).value:
        raise LawInputError(name, _("region %(code)s did not exist on %(day)s") % {"code": key, "day": on.isoformat()})
    return REGION_CODES.index(key)


def _months(value: Any, where: str) -> int:
    name = f"{where}.months_registered_in_departure_region"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise LawInputError(name, _("must be a whole number"))
    try:
        months = int(value)
    except (ValueError, OverflowError):
        raise LawInputError(name, _("must be a whole number")) from None
    if months < 0 or months > MAX_MONTHS_REGISTERED or (isinstance(value, float) and value != months):
        raise LawInputError(name, _("must be a whole number from 0"))
    return months


def family_members(members: Any, on: dt.date) -> list[dict[str, Any]]:
    """The family's members checked and normalised; LawInputError names the first bad field."""
    if not isinstance(members, list | tuple) or not members:
        raise LawInputError("members", _("must be a non-empty list of family members"))
    if len(members) > MAX_FAMILY_MEMBERS:
        raise LawInputError("members", _("a family has at most 30 members"))
    out = []
    heads = 0
    for i, m in enumerate(members):
        where = f"members[{i}]"
        if not isinstance(m, Mapping):
            raise LawInputError(where, _("must be an object"))
        birth = date_field(m.get("birth_date"), f"{where}.birth_date")
        if birth > on:
            raise LawInputError(f"{where}.birth_date", _("is after the date of the application"))
        citizenship = str(m.get("citizenship", "")).strip().upper()
        if not citizenship or len(citizenship) not in (2, 3) or not citizenship.isalpha():
            raise LawInputError(f"{where}.citizenship", _("must be a country code such as KZ"))
        status = str(m.get("status", "none")).strip()
        if status not in STATUSES:
            raise LawInputError(f"{where}.status", _("must be one of %(choices)s") % {"choices": ", ".join(STATUSES)})
        months = _months(m.get("months_registered_in_departure_region", 0), where)
        relation = str(m.get("relation", "member")).strip() or "member"
        if relation == "head":
            heads += 1
        out.append({"birth_date": birth, "citizenship": citizenship, "status": status,
                    "months_registered_in_departure_region": months, "relation": relation})
    if heads != 1:
        raise LawInputError("members", _("exactly one member must have relation 'head' (the applicant)"))
    return out


def evaluate_relocation(*, on: dt.date, members: list[dict[str, Any]], departure_region: str, arrival_region: str,
                        settlement_type: str, housing_price_kzt: int | None = None,
                        quota_free_places: int | None = None) -> RelocationResult:
    """Judge a family's application to the relocation programme by the law in force on `on`.

    member dict: birth_date, citizenship ("KZ"), status ("job_seeker"|"unemployed"|"employed"|"none"),
    months_registered_in_departure_region, relation ("head" for the applicant, anything else for members).
    quota_free_places: the free places of the receiving region's quota, passed in by the relocation programme
    (which keeps the quotas); None where no quota is assessed (the public calculator).
    """
    on = date_field(on, "date")
    in_range(on, "date", LAW_START, LAW_END)
    people = family_members(members, on)
    dep = region_index(departure_region, "departure_region", on)
    arr = region_index(arrival_region, "arrival_region", on)
    if settlement_type not in SETTLEMENT_TYPES:
        raise LawInputError("settlement_type", _("must be one of %(choices)s") % {"choices": ", ".join(SETTLEMENT_TYPES)})
    given: Any = housing_price_kzt
    price = whole_tenge(0 if given in (None, "") else given, "housing_price_kzt", maximum=MAX_HOUSING_PRICE_KZT)
    free = -1 if quota_free_places is None else quota_free_places
    if isinstance(free, bool) or not isinstance(free, int) or not -1 <= free <= 10_000_000:
        raise LawInputError("quota_free_places", _("must be a whole number of places from 0"))
    return _evaluate(on, tuple((p["birth_date"], p["citizenship"] == "KZ", p["status"],
                                p["months_registered_in_departure_region"], p["relation"] == "head") for p in people),
                     dep, arr, settlement_type, price, free)


@functools.lru_cache(maxsize=4096)
def _evaluate(on: dt.date, people: tuple[tuple[Any, ...], ...], dep: int, arr: int, settlement: str, price: int,
              free: int = -1) -> RelocationResult:
    n = len(people)
    sim = build(
        on=on,
        family_of_person=np.zeros(n, dtype=np.int64),
        is_head=np.array([p[4] for p in people], dtype=bool),
        person_inputs={
            "is_citizen": np.array([p[1] for p in people], dtype=bool),
            "employment_status": np.array([p[2] for p in people]),
            "months_registered_in_departure_region": np.array([p[3] for p in people], dtype=np.int64),
        },
        family_inputs={
            "departure_region": np.array([REGION_NAMES[dep]]),
            "arrival_region": np.array([REGION_NAMES[arr]]),
            "settlement_type": np.array([settlement]),
            "housing_price": np.array([price], dtype=np.int64),
            "arrival_region_quota": np.array([free], dtype=np.int64),
        },
        eternal_inputs={"birth_date": np.array([p[0].isoformat() for p in people], dtype="datetime64[D]")},
        trace=True,
    )
    period = period_of(on)
    labels = variable_labels()
    head = next(i for i, p in enumerate(people) if p[4])
    free_places = int(sim.calculate("arrival_region_quota", period)[0])
    values = {
        "applicant_is_citizen": "KZ" if people[head][1] else NOT_A_CITIZEN,
        "applicant_is_of_age": int(sim.calculate("age", period)[head]),
        "applicant_is_job_seeker_or_unemployed": people[head][2],
        "applicant_registered_long_enough": people[head][3],
        "departure_region_is_sending": REGION_CODES[dep],
        "arrival_region_is_receiving": REGION_CODES[arr],
        "arrival_region_has_quota": free_places if free_places >= 0 else NO_QUOTA_GIVEN,
    }
    conditions = tuple(
        Condition(name=name, passed=bool(sim.calculate(name, period)[0]), value=values[name],
                  article=article, label=labels[name])
        for name, article in CONDITION_ARTICLES.items()
    )
    eligible = bool(sim.calculate("relocation_eligible", period)[0])
    entitlements = tuple(
        Amount(name=name, amount_kzt=int(sim.calculate(name, period)[0]), article=article, label=labels[name])
        for name, article in ENTITLEMENT_ARTICLES.items()
    )
    params = traced_parameters(sim)
    inputs = {
        "date": on.isoformat(), "departure_region": REGION_CODES[dep], "arrival_region": REGION_CODES[arr],
        "settlement_type": settlement, "housing_price_kzt": price,
        **({"quota_free_places": free} if free >= 0 else {}),
        "members": [{"birth_date": p[0].isoformat(), "citizenship": "KZ" if p[1] else "other", "status": p[2],
                     "months_registered_in_departure_region": p[3], "relation": "head" if p[4] else "member"}
                    for p in people],
    }
    return RelocationResult(on=on, eligible=eligible, conditions=conditions, entitlements=entitlements,
                            parameters=params, rules_version=rules_version(), flags=unconfirmed_flags(params, on),
                            inputs=inputs)


@dataclass(frozen=True)
class Recheck:
    """What the current rules say about a stored decision's inputs, without changing the decision."""

    decision_id: int
    same_result: bool
    rules_version_then: str
    rules_version_now: str
    differences: tuple[str, ...]


def recheck_decision(decision: Any) -> Recheck:
    """Evaluate a stored decision's inputs again, on its own date, with the rules now loaded, and report every
    difference. Nothing is written: a changed outcome needs a new decision that supersedes the old one."""
    inputs = decision.inputs
    now = evaluate_relocation(on=dt.date.fromisoformat(inputs["date"]), members=inputs["members"],
                              departure_region=inputs["departure_region"], arrival_region=inputs["arrival_region"],
                              settlement_type=inputs["settlement_type"],
                              housing_price_kzt=inputs.get("housing_price_kzt") or None,
                              quota_free_places=inputs.get("quota_free_places")).as_dict()
    differences = []
    if now["eligible"] != decision.eligible:
        differences.append(f"eligible: {decision.eligible} -> {now['eligible']}")
    for kind, key in (("conditions", "passed"), ("entitlements", "amount_kzt")):
        then = {x["name"]: x[key] for x in getattr(decision, kind)}
        for item in now[kind]:
            if then.get(item["name"]) != item[key]:
                differences.append(f"{item['name']}: {then.get(item['name'])} -> {item[key]}")
    return Recheck(decision_id=decision.pk, same_result=not differences, rules_version_then=decision.rules_version,
                   rules_version_now=now["rules_version"], differences=tuple(differences))
