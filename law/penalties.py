"""What liability a late residence registration carries (Administrative Code art. 492): days late, warning
or fine, the amount in whole tenge, for one case or for whole arrays of cases at once."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from law.inputs import REGISTRATION_START, LawInputError, date_field, in_range
from law.parameters import (
    ParameterValue,
    formulas_in_force,
    parameter_value,
    traced_parameters,
    unconfirmed_flags,
)
from law.rules import tax_benefit_system
from law.rules.simulate import build, period_of
from law.rules.variables.registration import PenaltyOutcome

PENALTY_ARTICLE = "koap/art-492"
ON_TIME_ARTICLE = "model-law/art-12/p-1"
OUTPUTS = ("registration_penalty", "registration_days_late", "registration_fine")


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
class Penalties:
    """late_registration_penalty for many (arrival, registered) pairs at once: arrays in the pairs' order."""

    days_late: np.ndarray  # int64
    outcome: np.ndarray  # str: "none" | "warning" | "fine"
    amount_kzt: np.ndarray  # int64, whole tenge
    article: np.ndarray  # str


def _simulation(arrivals: np.ndarray, registered: np.ndarray, on: dt.date, *, trace: bool) -> Any:
    return build(on=on, family_of_person=np.arange(arrivals.size, dtype=np.int64),
                 is_head=np.ones(arrivals.size, dtype=bool),
                 person_inputs={"arrival_date": arrivals, "registration_date": registered}, trace=trace)


@functools.lru_cache(maxsize=65536)
def late_registration_penalty(*, arrival: dt.date, registered: dt.date) -> Penalty:
    """The liability (Administrative Code art. 492) of a person who arrived on `arrival` and registered on
    `registered`, by the law in force on the day of registration. Registering before arrival is never late."""
    arrival = date_field(arrival, "arrival")
    registered = date_field(registered, "registered")
    in_range(registered, "registered", REGISTRATION_START)
    sim = _simulation(np.array([arrival.isoformat()], dtype="datetime64[D]"),
                      np.array([registered.isoformat()], dtype="datetime64[D]"), registered, trace=True)
    period = period_of(registered)
    outcome_index = int(np.asarray(sim.calculate("registration_penalty", period))[0])
    outcome = list(PenaltyOutcome)[outcome_index].name
    days_late = int(sim.calculate("registration_days_late", period)[0])
    amount = int(sim.calculate("registration_fine", period)[0])
    params = traced_parameters(sim)
    return Penalty(arrival=arrival, registered=registered, days_late=days_late, outcome=outcome, amount_kzt=amount,
                   article=PENALTY_ARTICLE if outcome != "none" else ON_TIME_ARTICLE,
                   parameters=params, flags=unconfirmed_flags(params, registered))


# The parameters the penalty's computation reads under each set of formulas in force (from one trace each).
_PATHS_READ: dict[tuple[str, ...], tuple[str, ...]] = {}


@functools.lru_cache(maxsize=8192)
def _penalty_regime(registered: dt.date) -> tuple[Any, ...]:
    """The formulas in force on `registered` and when each parameter the penalty reads took effect: two days
    with the same regime get the same answer for the same gap, so one simulation serves every day of it."""
    formulas = formulas_in_force(tuple(tax_benefit_system().variables), registered)
    paths = _PATHS_READ.get(formulas)
    if paths is None:
        traced = late_registration_penalty(arrival=registered, registered=registered).parameters
        paths = _PATHS_READ.setdefault(formulas, tuple(p.path for p in traced))
    return formulas, tuple(parameter_value(p, registered).effective_from for p in paths)


def late_registration_penalties(arrivals: Any, registered: Any) -> Penalties:
    """late_registration_penalty over arrays of arrival and registration days (datetime64[D], dates or ISO
    text), by the same OpenFisca variables and articles: one simulation per parameter regime in force on the
    days of registration (a regime spans every day on which the penalty's formulas and parameters are the
    same), not one per pair."""
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
    in_range(registered_days.min().astype(dt.date), "registered", REGISTRATION_START)
    days, inverse = np.unique(registered_days, return_inverse=True)
    regimes: dict[tuple[Any, ...], list[int]] = {}
    for i, day in enumerate(days):
        regimes.setdefault(_penalty_regime(day.astype(dt.date)), []).append(i)
    names = np.array([o.name for o in PenaltyOutcome], dtype=object)
    for members in regimes.values():
        on = days[members[0]].astype(dt.date)
        rows = np.flatnonzero(np.isin(inverse.reshape(-1), members))
        sim = _simulation(arrival_days[rows], registered_days[rows], on, trace=False)
        period = period_of(on)
        outcome[rows] = names[np.asarray(sim.calculate("registration_penalty", period)).astype(np.int64)]
        days_late[rows] = np.asarray(sim.calculate("registration_days_late", period), dtype=np.int64)
        amount[rows] = np.asarray(sim.calculate("registration_fine", period), dtype=np.int64)
    article = np.where(outcome != "none", PENALTY_ARTICLE, ON_TIME_ARTICLE)
    return Penalties(days_late=days_late, outcome=outcome.astype(str), amount_kzt=amount, article=article)
