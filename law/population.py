"""What the law costs over a whole population: the relocation rules run in one vectorised simulation over
arrays of families, optionally under a reform (a parameter changed from a day), with the difference in tenge."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from openfisca_core import periods
from openfisca_core.reforms import Reform

from law.inputs import LAW_END, LAW_START, LawInputError, date_field, in_range
from law.parameters import parameter_node
from law.rules import rules_version, tax_benefit_system
from law.rules.common import REGION_CODES, REGION_NAMES
from law.rules.simulate import build, period_of

POPULATION_OUTPUTS = ("relocation_subsidy", "rent_compensation_total", "housing_certificate")


def _reformed_system(reform: Mapping[str, Any], on: dt.date) -> Reform:
    """The baseline with `reform` applied from `on`; the same scenario reuses one system (OpenFisca memoises
    parameters per system, so a new system per call would keep growing that memo)."""
    try:
        key = tuple(sorted((str(k), float(v)) for k, v in reform.items()))
    except (TypeError, ValueError):
        raise LawInputError("reform", _("values must be numbers")) from None
    return _reformed_system_cached(key, on)


@functools.lru_cache(maxsize=16)
def _reformed_system_cached(key: tuple[tuple[str, float], ...], on: dt.date) -> Reform:
    reform = {path: (int(v) if float(v).is_integer() else v) for path, v in key}
    for path in reform:
        try:
            parameter_node(path)
        except KeyError:
            raise LawInputError(f"reform.{path}", _("unknown parameter")) from None

    class _Scenario(Reform):
        name = "Scenario: " + ", ".join(f"{k}={v}" for k, v in reform.items())

        def apply(self) -> None:
            def modify(parameters: Any) -> Any:
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

    def person(name: str, default: Any) -> np.ndarray:
        value = families.get(name)
        return np.full(n_persons, default) if value is None else np.asarray(value)

    def family(name: str, default: Any) -> np.ndarray:
        value = families.get(name)
        return np.full(n_families, default) if value is None else np.asarray(value)

    def regions(name: str, default: str) -> np.ndarray:
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


def _population_totals(sim: Any, on: dt.date) -> dict[str, Any]:
    period = period_of(on)
    eligible = np.asarray(sim.calculate("relocation_eligible", period), dtype=bool)
    sizes = np.asarray(sim.calculate("family_size", period), dtype=np.int64)
    totals = {name: int(np.asarray(sim.calculate(name, period), dtype=np.int64).sum()) for name in POPULATION_OUTPUTS}
    totals["total"] = sum(totals.values())
    return {"eligible_families": int(eligible.sum()), "eligible_persons": int(sizes[eligible].sum()),
            "totals_kzt": totals}


def simulate_population(*, on: dt.date, families: dict[str, Any], reform: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the relocation rules over a whole population in one vectorised simulation, optionally under a reform.

    `families` holds numpy arrays. Either per person: family_id (0-based), is_head; or per family: members
    (counts; also accepted as family_size or size). Optional per person: birth_date (datetime64[D]; default age 30), citizen (bool), status
    (job_seeker/unemployed/employed/none), months_registered. Optional per family: departure_region,
    arrival_region (ISO codes), settlement_type (rural/town/city), housing_price.
    `reform` maps parameter paths to new values from `on`, e.g. {"relocation.subsidy_mci_per_member": 100}.
    Returns plain numbers: families, persons, baseline totals, and with a reform the reform totals and the
    difference (reform - baseline) in whole tenge.
    """
    on = date_field(on, "date")
    in_range(on, "date", LAW_START, LAW_END)
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
