"""The law room's Python API: the ONLY way other rooms ask the law anything.

Plain values in, frozen dataclasses out. Every answer carries the article(s) behind it and the parameters it
read (value, the date that value took effect, its reference). Rules live in the OpenFisca package
`law.rules`; this module only turns plain values into a simulation and the results back into plain values.

Dates outside the law's range and malformed input raise `LawInputError`, whose `field` names the bad input.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from law.rules import rules_version, tax_benefit_system
from law.rules.common import REGION_CODES, REGION_NAMES

# The relocation programme is judged on dates for which every parameter has a sourced value.
LAW_START = dt.date(2017, 1, 1)
LAW_END = dt.date(2026, 12, 31)
REGISTRATION_START = dt.date(2017, 1, 1)  # fines need the MCI, known from 2017
CONTRACTS_START = dt.date(2020, 9, 18)  # ЕСУТД duties apply from 18 Sep 2020

STATUSES = ("job_seeker", "unemployed", "employed", "none")
SETTLEMENT_TYPES = ("rural", "town", "city")
CONTRACT_KINDS = ("new", "change", "termination")

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
REGISTRATION_ARTICLES = ("migration-law/art-51/p-2", "model-law/art-12/p-1", "model-law/art-12/p-2")
PENALTY_ARTICLE = "koap/art-492"
CONTRACT_ARTICLE = "model-law/art-14/p-1"
REFUND_ARTICLE = "model-law/art-11/p-2"


# --- results ---------------------------------------------------------------------------------------------

class LawInputError(ValueError):
    """Input the law cannot judge. `field` names it (e.g. 'members[1].birth_date', 'on', 'arrival_region')."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ParameterValue:
    """One parameter as read: its value on the day, when that value took effect, and where it comes from."""

    path: str
    value: Any
    effective_from: dt.date | None
    unit: str
    description: str
    reference: Any
    last_confirmed: dt.date | None
    articles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "value": self.value,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "unit": self.unit, "description": self.description, "reference": self.reference,
            "last_confirmed": self.last_confirmed.isoformat() if self.last_confirmed else None,
            "articles": list(self.articles),
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.on.isoformat(), "eligible": self.eligible,
            "conditions": [c.as_dict() for c in self.conditions],
            "entitlements": [a.as_dict() for a in self.entitlements],
            "parameters": [p.as_dict() for p in self.parameters],
            "rules_version": self.rules_version, "flags": list(self.flags),
        }


@dataclass(frozen=True)
class RegistrationRules:
    on: dt.date
    min_age_years: int
    deadline_days: int
    temporary_min_stay_days: int  # a stay must be LONGER than this to need temporary registration
    articles: tuple[str, ...]
    parameters: tuple[ParameterValue, ...] = ()
    flags: tuple[str, ...] = ()
    displaced_person_max_months: int = 12  # preferential temporary registration (model law art. 13(2))


@dataclass(frozen=True)
class Penalty:
    arrival: dt.date
    registered: dt.date
    days_late: int
    outcome: str  # "none" | "warning" | "fine"
    amount_kzt: int
    article: str
    parameters: tuple[ParameterValue, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deadline:
    kind: str
    event_date: dt.date
    due_date: dt.date
    article: str
    parameters: tuple[ParameterValue, ...] = ()


# --- parameters --------------------------------------------------------------------------------------------

def as_date(value: Any) -> dt.date | None:
    """A parameter file's date (a date, ISO text or empty) as a date, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parameter_node(path: str):
    """The OpenFisca parameter (or node) at the dotted `path`."""
    node = tax_benefit_system().parameters
    for part in path.split("."):
        node = node.children[part]
    return node


def parameter_value(path: str, on: dt.date) -> ParameterValue:
    """The parameter `path` (dotted, e.g. 'relocation.subsidy_mci_per_member') as in force on `on`."""
    parameter = parameter_node(path)
    instant = on.isoformat()
    current = next((v for v in parameter.values_list if v.instant_str <= instant), None)
    if current is None or current.value is None:
        raise LawInputError("date", _("%(path)s has no value on %(day)s") % {"path": path, "day": instant})
    meta = parameter.metadata
    value_ref = (current.metadata or {}).get("reference", meta.get("reference"))
    return ParameterValue(
        path=path, value=current.value, effective_from=as_date(current.instant_str), unit=str(meta.get("unit", "")),
        description=parameter.description or "", reference=value_ref,
        last_confirmed=as_date(meta.get("last_confirmed")), articles=tuple(meta.get("articles", ())),
    )


def _leaf_paths(node=None, prefix: str = "") -> list[str]:
    node = node if node is not None else tax_benefit_system().parameters
    out = []
    for name, child in node.children.items():
        path = f"{prefix}{name}"
        if hasattr(child, "children"):
            out.extend(_leaf_paths(child, path + "."))
        else:
            out.append(path)
    return out


@functools.lru_cache(maxsize=1)
def parameter_paths() -> tuple[str, ...]:
    return tuple(sorted(_leaf_paths()))


def parameters_in_force(on: dt.date) -> list[ParameterValue]:
    """Every parameter that has a value on `on`, with its reference (for GET /api/v1/law/parameters)."""
    out = []
    for path in parameter_paths():
        try:
            out.append(parameter_value(path, on))
        except LawInputError:
            continue
    return out


def parameter_history(path: str) -> list[tuple[dt.date, Any, Any]]:
    """(effective date, value, reference) of every value the parameter has had, oldest first."""
    parameter = parameter_node(path)
    return [(as_date(v.instant_str), v.value, (v.metadata or {}).get("reference"))
            for v in reversed(parameter.values_list)]


def unconfirmed_flags(params: Iterable[ParameterValue], on: dt.date) -> tuple[str, ...]:
    return tuple(
        f"parameter {p.path} not confirmed after {p.last_confirmed.isoformat()}"
        for p in params if p.last_confirmed is not None and on > p.last_confirmed
    )


def _read(paths: Iterable[str], on: dt.date) -> tuple[ParameterValue, ...]:
    return tuple(parameter_value(p, on) for p in paths)


# --- input checks ------------------------------------------------------------------------------------------

def _date_field(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise LawInputError(name, _("must be a date in the form YYYY-MM-DD")) from None


def _in_range(on: dt.date, name: str, start: dt.date, end: dt.date | None = None) -> None:
    if on < start or (end is not None and on > end):
        until = end.isoformat() if end else _("today")
        raise LawInputError(name, _("%(day)s is outside the law's range (%(start)s to %(end)s)") % {
            "day": on.isoformat(), "start": start.isoformat(), "end": until})


def region_index(code: str, name: str, on: dt.date) -> int:
    key = str(code or "").strip().upper()
    if key not in REGION_CODES:
        raise LawInputError(name, _("unknown region %(code)r: use an ISO 3166-2:KZ code such as KZ-61") % {"code": code})
    if not parameter_value(f"regions.existing.{key.replace('-', '_')}", on).value:
        raise LawInputError(name, _("region %(code)s did not exist on %(day)s") % {"code": key, "day": on.isoformat()})
    return REGION_CODES.index(key)


def _members(members: Any, on: dt.date) -> list[dict[str, Any]]:
    if not isinstance(members, list | tuple) or not members:
        raise LawInputError("members", _("must be a non-empty list of family members"))
    if len(members) > 30:
        raise LawInputError("members", _("a family has at most 30 members"))
    out = []
    heads = 0
    for i, m in enumerate(members):
        where = f"members[{i}]"
        if not isinstance(m, Mapping):
            raise LawInputError(where, _("must be an object"))
        birth = _date_field(m.get("birth_date"), f"{where}.birth_date")
        if birth > on:
            raise LawInputError(f"{where}.birth_date", _("is after the date of the application"))
        citizenship = str(m.get("citizenship", "")).strip().upper()
        if not citizenship or len(citizenship) not in (2, 3) or not citizenship.isalpha():
            raise LawInputError(f"{where}.citizenship", _("must be a country code such as KZ"))
        status = str(m.get("status", "none")).strip()
        if status not in STATUSES:
            raise LawInputError(f"{where}.status", _("must be one of %(choices)s") % {"choices": ", ".join(STATUSES)})
        months = m.get("months_registered_in_departure_region", 0)
        if isinstance(months, bool) or not isinstance(months, int | float | str):
            raise LawInputError(f"{where}.months_registered_in_departure_region", _("must be a whole number"))
        try:
            months_int = int(months)
        except ValueError:
            raise LawInputError(f"{where}.months_registered_in_departure_region", _("must be a whole number")) from None
        if months_int < 0 or months_int > 1500 or (isinstance(months, float) and months != months_int):
            raise LawInputError(f"{where}.months_registered_in_departure_region", _("must be a whole number from 0"))
        relation = str(m.get("relation", "member")).strip() or "member"
        if relation == "head":
            heads += 1
        out.append({"birth_date": birth, "citizenship": citizenship, "status": status,
                    "months_registered_in_departure_region": months_int, "relation": relation})
    if heads != 1:
        raise LawInputError("members", _("exactly one member must have relation 'head' (the applicant)"))
    return out


# --- relocation -------------------------------------------------------------------------------------------

RELOCATION_PARAMETERS = (
    "mci.social_payments",
    "relocation.subsidy_mci_per_member",
    "relocation.eligibility.min_applicant_age",
    "relocation.eligibility.min_months_registered",
    "relocation.rent_compensation.min_mci",
    "relocation.rent_compensation.max_mci",
    "relocation.rent_compensation.large_family_members",
    "relocation.rent_compensation.large_family_supplement_mci",
    "relocation.rent_compensation.months",
    "relocation.housing_certificate.share_of_price_percent",
    "relocation.housing_certificate.cap_kzt",
    "relocation.housing_certificate.cap_mci",
)


def _labels() -> dict[str, str]:
    return {name: v.label for name, v in tax_benefit_system().variables.items()}


def evaluate_relocation(*, on: dt.date, members: list[dict], departure_region: str, arrival_region: str,
                        settlement_type: str, housing_price_kzt: int | None = None,
                        quota_free_places: int | None = None) -> RelocationResult:
    """Judge a family's application to the relocation programme by the law in force on `on`.

    member dict: birth_date, citizenship ("KZ"), status ("job_seeker"|"unemployed"|"employed"|"none"),
    months_registered_in_departure_region, relation ("head" for the applicant, anything else for members).
    quota_free_places: the free places of the receiving region's quota, passed in by the relocation programme (which
    keeps the quotas); None where no quota is assessed (the public calculator).
    """
    on = _date_field(on, "date")
    _in_range(on, "date", LAW_START, LAW_END)
    people = _members(members, on)
    dep = region_index(departure_region, "departure_region", on)
    arr = region_index(arrival_region, "arrival_region", on)
    if settlement_type not in SETTLEMENT_TYPES:
        raise LawInputError("settlement_type", _("must be one of %(choices)s") % {"choices": ", ".join(SETTLEMENT_TYPES)})
    price = 0 if housing_price_kzt in (None, "") else housing_price_kzt
    if isinstance(price, bool) or not isinstance(price, int) or price < 0:
        raise LawInputError("housing_price_kzt", _("must be a whole number of tenge from 0"))
    free = -1 if quota_free_places is None else quota_free_places
    if isinstance(free, bool) or not isinstance(free, int) or free < -1:
        raise LawInputError("quota_free_places", _("must be a whole number of places from 0"))
    return _evaluate(on, tuple((p["birth_date"], p["citizenship"] == "KZ", p["status"],
                                p["months_registered_in_departure_region"], p["relation"] == "head") for p in people),
                     dep, arr, settlement_type, int(price), free)


@functools.lru_cache(maxsize=4096)
def _evaluate(on: dt.date, people: tuple, dep: int, arr: int, settlement: str, price: int,
              free: int = -1) -> RelocationResult:
    from law.rules.simulate import build, period_of

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
    )
    period = period_of(on)
    labels = _labels()
    head = next(i for i, p in enumerate(people) if p[4])
    values = {
        "applicant_is_citizen": "KZ" if people[head][1] else "not KZ",
        "applicant_is_of_age": int(sim.calculate("age", period)[head]),
        "applicant_is_job_seeker_or_unemployed": people[head][2],
        "applicant_registered_long_enough": people[head][3],
        "departure_region_is_sending": REGION_CODES[dep],
        "arrival_region_is_receiving": REGION_CODES[arr],
        "arrival_region_has_quota": int(sim.calculate("arrival_region_quota", period)[0]),
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
    used = list(RELOCATION_PARAMETERS) + [
        f"regions.sending.{REGION_NAMES[dep]}", f"regions.existing.{REGION_NAMES[dep]}",
        f"regions.receiving.{REGION_NAMES[arr]}", f"regions.existing.{REGION_NAMES[arr]}",
        f"relocation.rent_compensation.base_mci.{settlement}",
    ]
    params = _read(used, on)
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


# --- registration -----------------------------------------------------------------------------------------

REGISTRATION_PARAMETERS = ("registration.min_age_years", "registration.deadline_days",
                           "registration.temporary_min_stay_days", "registration.displaced_person_max_months")


@functools.lru_cache(maxsize=4096)
def registration_rules(on: dt.date) -> RegistrationRules:
    """Who must register, by when, and from how long a stay: the Rules No. 1427 as in force on `on`."""
    on = _date_field(on, "date")
    _in_range(on, "date", REGISTRATION_START)
    params = _read(REGISTRATION_PARAMETERS, on)
    return RegistrationRules(on=on, min_age_years=int(params[0].value), deadline_days=int(params[1].value),
                             temporary_min_stay_days=int(params[2].value), articles=REGISTRATION_ARTICLES,
                             parameters=params, flags=unconfirmed_flags(params, on),
                             displaced_person_max_months=int(params[3].value))


PENALTY_PARAMETERS = ("registration.deadline_days", "fines.art_492.warning_after_days",
                      "fines.art_492.fine_after_days", "fines.art_492.fine_mci", "mci.general")


@functools.lru_cache(maxsize=65536)
def late_registration_penalty(*, arrival: dt.date, registered: dt.date) -> Penalty:
    """The liability (Administrative Code art. 492) of a person who arrived on `arrival` and registered on
    `registered`, by the law in force on the day of registration. Registering before arrival is never late."""
    from law.rules.simulate import build, period_of
    from law.rules.variables.registration import PenaltyOutcome

    arrival = _date_field(arrival, "arrival")
    registered = _date_field(registered, "registered")
    _in_range(registered, "registered", REGISTRATION_START)
    sim = build(on=registered, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={"arrival_date": np.array([arrival.isoformat()], dtype="datetime64[D]"),
                               "registration_date": np.array([registered.isoformat()], dtype="datetime64[D]")})
    period = period_of(registered)
    outcome_index = int(np.asarray(sim.calculate("registration_penalty", period))[0])
    outcome = list(PenaltyOutcome)[outcome_index].name
    params = _read(PENALTY_PARAMETERS, registered)
    return Penalty(arrival=arrival, registered=registered,
                   days_late=int(sim.calculate("registration_days_late", period)[0]), outcome=outcome,
                   amount_kzt=int(sim.calculate("registration_fine", period)[0]),
                   article=PENALTY_ARTICLE if outcome != "none" else "model-law/art-12/p-1",
                   parameters=params, flags=unconfirmed_flags(params, registered))


@dataclass(frozen=True)
class Penalties:
    """late_registration_penalty for many (arrival, registered) pairs at once: arrays in the pairs' order."""

    days_late: np.ndarray  # int64
    outcome: np.ndarray  # str: "none" | "warning" | "fine"
    amount_kzt: np.ndarray  # int64, whole tenge
    article: np.ndarray  # str


def _penalty_regime(registered: dt.date) -> tuple:
    """When each parameter the penalty reads took effect, as in force on `registered`: two days with the same
    regime get the same answer for the same gap, so one simulation serves every day of a regime."""
    return tuple(p.effective_from for p in _read(PENALTY_PARAMETERS, registered))


def late_registration_penalties(arrivals: Any, registered: Any) -> Penalties:
    """late_registration_penalty over arrays of arrival and registration days (datetime64[D], dates or ISO
    text), by the same OpenFisca variables and articles: one simulation per parameter regime in force on the
    days of registration (a regime spans every day on which the penalty's parameters have the same values),
    not one per pair."""
    from law.rules.simulate import build, period_of
    from law.rules.variables.registration import PenaltyOutcome

    arrival_days = np.asarray(arrivals, dtype="datetime64[D]").reshape(-1)
    registered_days = np.asarray(registered, dtype="datetime64[D]").reshape(-1)
    if arrival_days.shape != registered_days.shape:
        raise LawInputError("registered", _("needs as many days as arrivals"))
    n = arrival_days.size
    days_late = np.zeros(n, dtype=np.int64)
    amount = np.zeros(n, dtype=np.int64)
    outcome = np.full(n, "none", dtype=object)
    if n == 0:
        return Penalties(days_late, outcome.astype(str), amount, np.full(0, PENALTY_ARTICLE))
    if np.isnat(arrival_days).any():
        raise LawInputError("arrival", _("must be a date in the form YYYY-MM-DD"))
    if np.isnat(registered_days).any():
        raise LawInputError("registered", _("must be a date in the form YYYY-MM-DD"))
    earliest = registered_days.min().astype(dt.date)
    _in_range(earliest, "registered", REGISTRATION_START)
    days, inverse = np.unique(registered_days, return_inverse=True)
    regimes: dict[tuple, list[int]] = {}
    for i, day in enumerate(days):
        regimes.setdefault(_penalty_regime(day.astype(dt.date)), []).append(i)
    names = np.array([o.name for o in PenaltyOutcome], dtype=object)
    for members in regimes.values():
        on = days[members[0]].astype(dt.date)
        rows = np.flatnonzero(np.isin(inverse.reshape(-1), members))
        sim = build(on=on, family_of_person=np.arange(rows.size, dtype=np.int64),
                    is_head=np.ones(rows.size, dtype=bool),
                    person_inputs={"arrival_date": arrival_days[rows], "registration_date": registered_days[rows]})
        period = period_of(on)
        outcome[rows] = names[np.asarray(sim.calculate("registration_penalty", period)).astype(np.int64)]
        days_late[rows] = np.asarray(sim.calculate("registration_days_late", period), dtype=np.int64)
        amount[rows] = np.asarray(sim.calculate("registration_fine", period), dtype=np.int64)
    article = np.where(outcome != "none", PENALTY_ARTICLE, "model-law/art-12/p-1")
    return Penalties(days_late=days_late, outcome=outcome.astype(str), amount_kzt=amount, article=article)


# --- employment contracts -------------------------------------------------------------------------------

CONTRACT_PARAMETERS = {"new": "contracts.new_working_days", "change": "contracts.change_calendar_days",
                       "termination": "contracts.termination_working_days"}


@functools.lru_cache(maxsize=65536)
def contract_entry_deadline(*, kind: str, event_date: dt.date) -> Deadline:
    """The last day for the ЕСУТД entry of a contract event (new/termination in working days of Kazakhstan's
    calendar, change in calendar days), by the law in force on the event's day."""
    from law.rules.simulate import build, period_of

    if kind not in CONTRACT_KINDS:
        raise LawInputError("kind", _("must be one of %(choices)s") % {"choices": ", ".join(CONTRACT_KINDS)})
    event_date = _date_field(event_date, "event_date")
    on = max(event_date, CONTRACTS_START)
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={"contract_event_kind": np.array([kind]),
                               "contract_event_date": np.array([event_date.isoformat()], dtype="datetime64[D]")})
    due = np.asarray(sim.calculate("contract_entry_due_date", period_of(on)), dtype="datetime64[D]")[0]
    return Deadline(kind=kind, event_date=event_date, due_date=due.astype(dt.date), article=CONTRACT_ARTICLE,
                    parameters=_read([CONTRACT_PARAMETERS[kind]], on))


def contract_entry_lateness(*, kind: str, event_date: dt.date, registered_on: dt.date) -> int:
    """Calendar days by which the entry was late (0 when on time)."""
    registered_on = _date_field(registered_on, "registered_on")
    due = contract_entry_deadline(kind=kind, event_date=event_date).due_date
    return max(0, (registered_on - due).days)


def _person_date(variable: str, on: dt.date, inputs: dict[str, Any]) -> dt.date:
    from law.rules.simulate import build, period_of

    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={k: np.array([v.isoformat()], dtype="datetime64[D]") for k, v in inputs.items()})
    return np.asarray(sim.calculate(variable, period_of(on)), dtype="datetime64[D]")[0].astype(dt.date)


def course_enrolment_deadline(*, hired_on: dt.date) -> Deadline:
    """Last day for the employer to enrol a hired internal migrant in state-language and legal-literacy courses,
    at its own expense (model law art. 14(2)), by the law in force on the day of hiring."""
    hired_on = _date_field(hired_on, "hired_on")
    _in_range(hired_on, "hired_on", LAW_START)
    due = _person_date("course_enrolment_due_date", hired_on, {"hired_on": hired_on})
    return Deadline(kind="courses", event_date=hired_on, due_date=due, article="model-law/art-14/p-2",
                    parameters=_read(["employers.course_enrolment_months"], hired_on))


def employment_alert_date(*, arrival: dt.date) -> Deadline:
    """The day from which a resettler who still has no employment contract entered in the ЕСУТД raises an
    oversight alert (model law art. 15(1)); the alert is due on any day after `due_date`."""
    arrival = _date_field(arrival, "arrival")
    _in_range(arrival, "arrival", LAW_START)
    due = _person_date("employment_alert_date", arrival, {"arrival_date": arrival})
    return Deadline(kind="oversight", event_date=arrival, due_date=due, article="model-law/art-15/p-1",
                    parameters=_read(["oversight.days_without_contract_alert"], arrival))


# --- obligations ------------------------------------------------------------------------------------------

def subsidy_refund(*, on: dt.date, subsidy_kzt: int, arrival: dt.date, departure: dt.date) -> Amount:
    """The part of the relocation subsidy to refund when the family left the receiving region on `departure`
    before its obligation ended (model law art. 11(2)): pro rata to the days not served, rounded down."""
    from law.rules.simulate import build, period_of

    on = _date_field(on, "date")
    arrival = _date_field(arrival, "arrival")
    departure = _date_field(departure, "departure")
    _in_range(on, "date", LAW_START)
    if isinstance(subsidy_kzt, bool) or not isinstance(subsidy_kzt, int) or subsidy_kzt < 0:
        raise LawInputError("subsidy_kzt", _("must be a whole number of tenge from 0"))
    if departure < arrival:
        raise LawInputError("departure", _("is before the arrival"))
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                family_inputs={"subsidy_paid": np.array([subsidy_kzt], dtype=np.int64),
                               "programme_arrival_date": np.array([arrival.isoformat()], dtype="datetime64[D]"),
                               "programme_departure_date": np.array([departure.isoformat()], dtype="datetime64[D]")})
    amount = int(sim.calculate("subsidy_refund", period_of(on))[0])
    return Amount(name="subsidy_refund", amount_kzt=amount, article=REFUND_ARTICLE,
                  label=_labels()["subsidy_refund"])


# --- populations and reforms ----------------------------------------------------------------------------

POPULATION_OUTPUTS = ("relocation_subsidy", "rent_compensation_total", "housing_certificate")


def _reformed_system(reform: Mapping[str, Any], on: dt.date):
    """The baseline with `reform` applied from `on`; the same scenario reuses one system (OpenFisca memoises
    parameters per system, so a new system per call would keep growing that memo)."""
    try:
        key = tuple(sorted((str(k), float(v)) for k, v in reform.items()))
    except (TypeError, ValueError):
        raise LawInputError("reform", _("values must be numbers")) from None
    return _reformed_system_cached(key, on)


@functools.lru_cache(maxsize=16)
def _reformed_system_cached(key: tuple, on: dt.date):
    from openfisca_core import periods
    from openfisca_core.reforms import Reform

    reform = {path: (int(v) if float(v).is_integer() else v) for path, v in key}
    for path in reform:
        try:
            parameter_node(path)
        except KeyError:
            raise LawInputError(f"reform.{path}", _("unknown parameter")) from None

    class _Scenario(Reform):
        name = "Scenario: " + ", ".join(f"{k}={v}" for k, v in reform.items())

        def apply(self):
            def modify(parameters):
                for path, value in reform.items():
                    node = parameters
                    for part in path.split("."):
                        node = node.children[part]
                    node.update(period=periods.period(f"day:{on.isoformat()}:36500"), value=value)
                return parameters

            self.modify_parameters(modifier_function=modify)

    return _Scenario(tax_benefit_system())


def _population_arrays(families: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    """Normalise `families` (see simulate_population) into arrays for law.rules.simulate.build."""
    if "family_id" in families:
        family_of_person = np.asarray(families["family_id"], dtype=np.int64)
        is_head = np.asarray(families["is_head"], dtype=bool)
    elif any(k in families for k in ("members", "family_size", "size")):
        key = next(k for k in ("members", "family_size", "size") if k in families)
        sizes = np.asarray(families[key], dtype=np.int64)
        if sizes.size == 0 or sizes.min() < 1:
            raise LawInputError("families.members", _("every family needs at least one member"))
        family_of_person = np.repeat(np.arange(sizes.size), sizes)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        is_head = np.zeros(family_of_person.size, dtype=bool)
        is_head[starts] = True
    else:
        raise LawInputError("families", _("give either family_id and is_head per person, or members per family"))
    n_persons = family_of_person.size
    n_families = int(family_of_person.max()) + 1

    def person(name, default):
        value = families.get(name)
        return np.full(n_persons, default) if value is None else np.asarray(value)

    def family(name, default):
        value = families.get(name)
        return np.full(n_families, default) if value is None else np.asarray(value)

    def regions(name, default):
        codes = family(name, default).astype(str)
        uniq, inverse = np.unique(codes, return_inverse=True)
        names = []
        for code in uniq:
            key = code.replace("_", "-").upper()
            if key not in REGION_CODES:
                raise LawInputError(f"families.{name}", _("unknown region %(code)r") % {"code": code})
            names.append(REGION_NAMES[REGION_CODES.index(key)])
        return np.array(names)[inverse.reshape(-1)]

    birth = families.get("birth_date")
    if birth is None:
        birth = np.full(n_persons, np.datetime64(on.replace(year=on.year - 30), "D"))
    return {
        "family_of_person": family_of_person, "is_head": is_head,
        "person_inputs": {
            "is_citizen": person("citizen", True).astype(bool),
            "employment_status": person("status", "job_seeker").astype(str),
            "months_registered_in_departure_region": person("months_registered", 24).astype(np.int64),
        },
        "family_inputs": {
            "departure_region": regions("departure_region", "KZ-61"),
            "arrival_region": regions("arrival_region", "KZ-59"),
            "settlement_type": family("settlement_type", "rural").astype(str),
            "housing_price": family("housing_price", 0).astype(np.int64),
        },
        "eternal_inputs": {"birth_date": np.asarray(birth, dtype="datetime64[D]")},
    }


def _population_totals(sim, on: dt.date) -> dict[str, Any]:
    from law.rules.simulate import period_of

    period = period_of(on)
    eligible = np.asarray(sim.calculate("relocation_eligible", period), dtype=bool)
    sizes = np.asarray(sim.calculate("family_size", period), dtype=np.int64)
    totals = {name: int(np.asarray(sim.calculate(name, period), dtype=np.int64).sum()) for name in POPULATION_OUTPUTS}
    totals["total"] = sum(totals.values())
    return {"eligible_families": int(eligible.sum()), "eligible_persons": int(sizes[eligible].sum()),
            "totals_kzt": totals}


def simulate_population(*, on: dt.date, families: dict[str, Any], reform: dict[str, Any] | None = None) -> dict:
    """Run the relocation rules over a whole population in one vectorised simulation, optionally under a reform.

    `families` holds numpy arrays. Either per person: family_id (0-based), is_head; or per family: members
    (counts; also accepted as family_size or size). Optional per person: birth_date (datetime64[D]; default age 30), citizen (bool), status
    (job_seeker/unemployed/employed/none), months_registered. Optional per family: departure_region,
    arrival_region (ISO codes), settlement_type (rural/town/city), housing_price.
    `reform` maps parameter paths to new values from `on`, e.g. {"relocation.subsidy_mci_per_member": 100}.
    Returns plain numbers: families, persons, baseline totals, and with a reform the reform totals and the
    difference (reform - baseline) in whole tenge.
    """
    from law.rules.simulate import build

    on = _date_field(on, "date")
    _in_range(on, "date", LAW_START, LAW_END)
    arrays = _population_arrays(families, on)
    baseline = _population_totals(build(on=on, **arrays), on)
    out: dict[str, Any] = {"date": on.isoformat(), "families": int(arrays["family_of_person"].max()) + 1,
                           "persons": int(arrays["family_of_person"].size), "baseline": baseline,
                           "rules_version": rules_version()}
    if reform:
        reformed = _population_totals(build(on=on, system=_reformed_system(reform, on), **arrays), on)
        out["reform"] = reformed
        out["reform_parameters"] = dict(reform)
        out["difference_kzt"] = {k: reformed["totals_kzt"][k] - baseline["totals_kzt"][k]
                                 for k in baseline["totals_kzt"]}
    return out


# --- decisions --------------------------------------------------------------------------------------------

def record_decision(result: RelocationResult, *, case: str = "", supersedes: Any = None, note: str = ""):
    """Store `result` as an immutable law.Decision; a new decision on the same case points to the old one.

    Never recomputes: the stored record is exactly what `result` says (inputs, rules version, parameters read
    with their effective dates and references, conditions, amounts, flags).
    """
    from law.models import Decision

    return Decision.record(result, case=case, supersedes=supersedes, note=note)


def decide_relocation(*, case: str = "", supersedes: Any = None, **kwargs: Any):
    """evaluate_relocation(**kwargs), then record_decision: the one call for rooms that decide a case."""
    return record_decision(evaluate_relocation(**kwargs), case=case, supersedes=supersedes)


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


def articles_for(names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The references (article ids first) of the named variables."""
    variables = tax_benefit_system().variables
    out = {}
    for name in names:
        ref = variables[name].reference or []
        out[name] = tuple(ref if isinstance(ref, list | tuple) else [ref])
    return out
