"""By when the law wants something done: residence registration (who, by when, from how long a stay), the
ЕСУТД entry of an employment contract, the employer's courses, and the oversight alert for a resettler
without a contract. Each deadline carries its article and the parameters its computation read."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from law.inputs import (
    CONTRACT_KINDS,
    CONTRACTS_START,
    LAW_START,
    REGISTRATION_START,
    LawInputError,
    date_field,
    in_range,
)
from law.parameters import ParameterValue, parameter_value, traced_parameters, unconfirmed_flags
from law.rules.simulate import build, period_of

REGISTRATION_ARTICLES = ("migration-law/art-51/p-2", "model-law/art-12/p-1", "model-law/art-12/p-2")
CONTRACT_ARTICLE = "model-law/art-14/p-1"


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
class Deadline:
    kind: str
    event_date: dt.date
    due_date: dt.date
    article: str
    parameters: tuple[ParameterValue, ...] = ()


@functools.lru_cache(maxsize=4096)
def registration_rules(on: dt.date) -> RegistrationRules:
    """Who must register, by when, and from how long a stay: the Rules No. 1427 as in force on `on`.

    These are parameters read as they are (no formula): the answer's fields are exactly the parameters read.
    """
    on = date_field(on, "date")
    in_range(on, "date", REGISTRATION_START)
    min_age = parameter_value("registration.min_age_years", on)
    deadline = parameter_value("registration.deadline_days", on)
    stay = parameter_value("registration.temporary_min_stay_days", on)
    displaced = parameter_value("registration.displaced_person_max_months", on)
    params = (min_age, deadline, stay, displaced)
    return RegistrationRules(on=on, min_age_years=int(min_age.value), deadline_days=int(deadline.value),
                             temporary_min_stay_days=int(stay.value), articles=REGISTRATION_ARTICLES,
                             parameters=params, flags=unconfirmed_flags(params, on),
                             displaced_person_max_months=int(displaced.value))


@functools.lru_cache(maxsize=65536)
def contract_entry_deadline(*, kind: str, event_date: dt.date) -> Deadline:
    """The last day for the ЕСУТД entry of a contract event (new/termination in working days of Kazakhstan's
    calendar, change in calendar days), by the law in force on the event's day."""
    if kind not in CONTRACT_KINDS:
        raise LawInputError("kind", _("must be one of %(choices)s") % {"choices": ", ".join(CONTRACT_KINDS)})
    event_date = date_field(event_date, "event_date")
    on = max(event_date, CONTRACTS_START)
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={"contract_event_kind": np.array([kind]),
                               "contract_event_date": np.array([event_date.isoformat()], dtype="datetime64[D]")},
                trace=True)
    due = np.asarray(sim.calculate("contract_entry_due_date", period_of(on)), dtype="datetime64[D]")[0]
    return Deadline(kind=kind, event_date=event_date, due_date=due.astype(dt.date), article=CONTRACT_ARTICLE,
                    parameters=traced_parameters(sim))


def contract_entry_lateness(*, kind: str, event_date: dt.date, registered_on: dt.date) -> int:
    """Calendar days by which the entry was late (0 when on time)."""
    registered_on = date_field(registered_on, "registered_on")
    due = contract_entry_deadline(kind=kind, event_date=event_date).due_date
    return max(0, (registered_on - due).days)


def _person_date(variable: str, on: dt.date, inputs: dict[str, Any]) -> tuple[dt.date, tuple[ParameterValue, ...]]:
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={k: np.array([v.isoformat()], dtype="datetime64[D]") for k, v in inputs.items()},
                trace=True)
    day = np.asarray(sim.calculate(variable, period_of(on)), dtype="datetime64[D]")[0].astype(dt.date)
    return day, traced_parameters(sim)


def course_enrolment_deadline(*, hired_on: dt.date) -> Deadline:
    """Last day for the employer to enrol a hired internal migrant in state-language and legal-literacy courses,
    at its own expense (model law art. 14(2)), by the law in force on the day of hiring."""
    hired_on = date_field(hired_on, "hired_on")
    in_range(hired_on, "hired_on", LAW_START)
    due, params = _person_date("course_enrolment_due_date", hired_on, {"hired_on": hired_on})
    return Deadline(kind="courses", event_date=hired_on, due_date=due, article="model-law/art-14/p-2",
                    parameters=params)


def employment_alert_date(*, arrival: dt.date) -> Deadline:
    """The day from which a resettler who still has no employment contract entered in the ЕСУТД raises an
    oversight alert (model law art. 15(1)); the alert is due on any day after `due_date`."""
    arrival = date_field(arrival, "arrival")
    in_range(arrival, "arrival", LAW_START)
    due, params = _person_date("employment_alert_date", arrival, {"arrival_date": arrival})
    return Deadline(kind="oversight", event_date=arrival, due_date=due, article="model-law/art-15/p-1",
                    parameters=params)
