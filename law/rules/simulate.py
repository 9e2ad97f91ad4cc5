"""Build one vectorised OpenFisca simulation from plain arrays (no JSON, no per-person Python objects).

`build(on=..., family_of_person=..., is_head=..., person_inputs=..., family_inputs=...)` is used both for a
single family (law.services) and for a million persons (bench, stats' reform scenarios).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import Simulation, SimulationBuilder

from law.rules import tax_benefit_system


def build(
    *,
    on: dt.date,
    family_of_person: np.ndarray,
    is_head: np.ndarray,
    person_inputs: Mapping[str, np.ndarray] | None = None,
    family_inputs: Mapping[str, np.ndarray] | None = None,
    eternal_inputs: Mapping[str, np.ndarray] | None = None,
    system: Any = None,
    trace: bool = False,
) -> Simulation:
    """A simulation of `len(family_of_person)` persons in `family_of_person.max() + 1` families, on day `on`.

    family_of_person: int array, 0-based family index of each person (families numbered 0..F-1, none empty).
    is_head: bool array, exactly one head per family.
    Inputs are arrays for the day `on`; `eternal_inputs` (birth_date) hold for every period.
    trace: record every variable computed and every parameter read (law.parameters.traced_parameters).
    """
    system = system or tax_benefit_system()
    family_of_person = np.asarray(family_of_person, dtype=np.int64)
    n_persons = family_of_person.shape[0]
    n_families = int(family_of_person.max()) + 1 if n_persons else 0
    builder = SimulationBuilder()
    builder.create_entities(system)
    persons = builder.populations["person"]
    persons.ids = np.arange(n_persons)
    persons.count = n_persons
    families = builder.populations["family"]
    families.ids = np.arange(n_families)
    families.count = n_families
    families.members_entity_id = family_of_person
    roles = np.array(families.entity.flattened_roles, dtype=object)  # [head, member]
    families.members_role = roles[np.where(np.asarray(is_head, dtype=bool), 0, 1)]
    simulation = builder.build(system)
    simulation.trace = trace
    period = periods.period(on.isoformat())
    for name, values in (person_inputs or {}).items():
        simulation.set_input(name, period, values)
    for name, values in (family_inputs or {}).items():
        simulation.set_input(name, period, values)
    for name, values in (eternal_inputs or {}).items():
        simulation.set_input(name, periods.period("eternity"), values)
    return simulation


def period_of(on: dt.date) -> Any:
    return periods.period(on.isoformat())
