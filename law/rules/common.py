"""Small vectorised helpers shared by the variables: dates, ages, region look-ups, whole-tenge arithmetic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import Period
from openfisca_core.populations import GroupPopulation, Population

# What a formula receives and returns. OpenFisca ships no type information, so its classes are opaque here.
Parameters = Callable[[Period], Any]
Array = np.ndarray[Any, Any]

__all__ = ["Array", "GroupPopulation", "Parameters", "Period", "Population"]


class Region(Enum):
    """First-level units by ISO 3166-2:KZ code (law-facts §6); the code is the name with '-' for '_'."""

    KZ_10 = "Abai"
    KZ_11 = "Akmola"
    KZ_15 = "Aktobe"
    KZ_19 = "Almaty Region"
    KZ_23 = "Atyrau"
    KZ_27 = "West Kazakhstan"
    KZ_31 = "Jambyl"
    KZ_33 = "Jetisu"
    KZ_35 = "Karaganda"
    KZ_39 = "Kostanay"
    KZ_43 = "Kyzylorda"
    KZ_47 = "Mangystau"
    KZ_55 = "Pavlodar"
    KZ_59 = "North Kazakhstan"
    KZ_61 = "Turkistan"
    KZ_62 = "Ulytau"
    KZ_63 = "East Kazakhstan"
    KZ_71 = "Astana (city)"
    KZ_75 = "Almaty (city)"
    KZ_79 = "Shymkent (city)"


REGION_NAMES = [r.name for r in Region]
REGION_CODES = [n.replace("_", "-") for n in REGION_NAMES]


class SettlementType(Enum):
    rural = "Rural settlement (village, aul)"
    town = "Town or settlement of district significance"
    city = "City of regional or republican significance"


class EmploymentStatus(Enum):
    none = "None of the below"
    job_seeker = "Registered job seeker"
    unemployed = "Registered unemployed"
    employed = "Employed"


def region_table(node: Any, dtype: Any = np.int64) -> Array:
    """A node with one child per region (at an instant) as an array indexed like Region (reads every region)."""
    return np.array([node[name] for name in REGION_NAMES], dtype=dtype)


def keyed_values(node: Any, index: Any, names: Sequence[str], dtype: Any = np.int64) -> Array:
    """For each position of `index` (indices into `names`), the value of `node`'s child of that name.

    Reads only the children that occur (one read per distinct key, not per person), so that OpenFisca's
    tracer records exactly the parameters a computation used.
    """
    index = np.asarray(index).astype(np.intp).reshape(-1)
    present, inverse = np.unique(index, return_inverse=True)
    values = np.array([node[names[i]] for i in present], dtype=dtype)
    return values[inverse.reshape(-1)] if index.size else np.zeros(0, dtype=dtype)


def region_values(node: Any, regions: Any, dtype: Any = np.int64) -> Array:
    """The value of `node`'s child for each region in `regions` (an enum array of Region)."""
    return keyed_values(node, enum_index(regions), REGION_NAMES, dtype)


def enum_index(values: Any) -> Array:
    return np.asarray(values).astype(np.intp)


def as_day(value: Any) -> np.datetime64:
    return np.datetime64(str(value), "D")


def full_years(birth: Any, on: Any) -> Array:
    """Completed years of age on `on` (a person born on 29 February turns a year older on 1 March)."""
    birth = np.asarray(birth, dtype="datetime64[D]")
    by = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    bm = birth.astype("datetime64[M]").astype(np.int64) % 12
    bd = (birth - birth.astype("datetime64[M]")).astype(np.int64)
    on_d = np.datetime64(on, "D")
    oy = on_d.astype("datetime64[Y]").astype(np.int64) + 1970
    om = on_d.astype("datetime64[M]").astype(np.int64) % 12
    od = (on_d - on_d.astype("datetime64[M]")).astype(np.int64)
    before_birthday = (om < bm) | ((om == bm) & (od < bd))
    return (oy - by - before_birthday).astype(np.int64)


def mci_amount(count: Any, mci: Any) -> Array:
    """count x MCI in whole tenge, in int64 (never float32)."""
    return np.asarray(count, dtype=np.int64) * np.int64(int(mci))


def add_years(days: Any, years: int) -> Array:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(days, 12 * years)


def add_months(days: Any, months: int) -> Array:
    """The same day of the month `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    days = np.asarray(days, dtype="datetime64[D]")
    month_start = days.astype("datetime64[M]")
    day_of_month = (days - month_start).astype(np.int64)
    target_month = month_start + np.timedelta64(int(months), "M")
    next_month = target_month + np.timedelta64(1, "M")
    month_len = (next_month.astype("datetime64[D]") - target_month.astype("datetime64[D]")).astype(np.int64)
    return target_month.astype("datetime64[D]") + np.minimum(day_of_month, month_len - 1)


class Money:
    """Mixin for money variables: whole tenge stored as int64 (OpenFisca's own int is int32, its float float32).

    Use as `class x(Money, Variable)` with `value_type = int` (OpenFisca reads attributes from the class itself);
    formulas compute in int64 and never in floating point.
    """

    def __init__(self, baseline_variable: Any = None) -> None:
        super().__init__(baseline_variable)  # type: ignore[call-arg]  # the next class in the MRO is Variable
        self.dtype = np.int64
