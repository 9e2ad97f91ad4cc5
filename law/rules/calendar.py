"""Kazakhstan's working-day calendar, from the `holidays` package (never a hand-written list).

A working day is Monday to Friday and not a public holiday of Kazakhstan. Transferred working Saturdays
(decreed day swaps) are not in `holidays` and are not modelled: a deadline may come out one day early
around such swaps, which only ever favours the employer.
"""

from __future__ import annotations

import functools

import holidays
import numpy as np

FIRST_YEAR = 2011
LAST_YEAR = 2035


@functools.lru_cache(maxsize=1)
def holiday_array() -> np.ndarray:
    """Every public holiday of Kazakhstan from FIRST_YEAR to LAST_YEAR as datetime64[D], sorted."""
    days = holidays.country_holidays("KZ", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


@functools.lru_cache(maxsize=1)
def busdaycalendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=holiday_array())


def add_working_days(start: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """The day on which `n` working days after `start` have passed (start itself is not counted).

    An event on a weekend or holiday counts from the next working day: the first working day after it is day 1.
    """
    start = np.asarray(start, dtype="datetime64[D]")
    base = np.busday_offset(start, 0, roll="backward", busdaycal=busdaycalendar())
    return np.busday_offset(base, n, roll="backward", busdaycal=busdaycalendar())
