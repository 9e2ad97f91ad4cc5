"""What input the law can judge: its date range, the accepted choices, and the checks that name a bad field.

Every read of the law (law.relocation, law.deadlines, law.penalties, law.refunds, law.population) checks its
plain-value input here and raises `LawInputError`, whose `field` names the bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

# The relocation programme is judged on dates for which every parameter has a sourced value.
LAW_START = dt.date(2017, 1, 1)
LAW_END = dt.date(2026, 12, 31)
REGISTRATION_START = dt.date(2017, 1, 1)  # fines need the MCI, known from 2017
CONTRACTS_START = dt.date(2020, 9, 18)  # ЕСУТД duties apply from 18 Sep 2020
# No computation looks further than this: later dates are refused before they reach numpy or OpenFisca.
LATEST_DAY = dt.date(2100, 12, 31)

STATUSES = ("job_seeker", "unemployed", "employed", "none")
SETTLEMENT_TYPES = ("rural", "town", "city")
CONTRACT_KINDS = ("new", "change", "termination")
MAX_FAMILY_MEMBERS = 30
MAX_MONTHS_REGISTERED = 1500
# The largest price of a dwelling the calculator accepts (one trillion tenge): the share paid is computed in
# int64, which this keeps far from overflow.
MAX_HOUSING_PRICE_KZT = 10**12
MAX_SUBSIDY_KZT = 10**12


class LawInputError(ValueError):
    """Input the law cannot judge. `field` names it (e.g. 'members[1].birth_date', 'on', 'arrival_region')."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def date_field(value: Any, name: str) -> dt.date:
    """`value` (a date, a datetime or ISO text) as a date between year 1 and LATEST_DAY, or LawInputError."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except (TypeError, ValueError):
            raise LawInputError(name, _("must be a date in the form YYYY-MM-DD")) from None
    if day > LATEST_DAY:
        raise LawInputError(name, _("must be a date in the form YYYY-MM-DD"))
    return day


def in_range(on: dt.date, name: str, start: dt.date, end: dt.date | None = None) -> None:
    """LawInputError unless `start` <= `on` (<= `end` when given)."""
    if on < start or (end is not None and on > end):
        until = end.isoformat() if end else _("today")
        raise LawInputError(name, _("%(day)s is outside the law's range (%(start)s to %(end)s)") % {
            "day": on.isoformat(), "start": start.isoformat(), "end": until})


def whole_tenge(value: Any, name: str, *, maximum: int) -> int:
    """A whole number of tenge from 0 to `maximum`, or LawInputError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > maximum:
        raise LawInputError(name, _("must be a whole number of tenge from 0"))
    return int(value)
