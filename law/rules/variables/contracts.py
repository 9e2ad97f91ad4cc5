"""Employment contracts in the ЕСУТД: the deadline for each entry, counted on Kazakhstan's working days."""

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.calendar import add_working_days
from law.rules.common import Array, Parameters, Period, Population
from law.rules.entities import Person


class ContractEventKind(Enum):
    new = "New contract"
    change = "Change of the contract"
    termination = "Termination of the contract"


class contract_event_kind(Variable):
    value_type = Enum
    possible_values = ContractEventKind
    default_value = ContractEventKind.new
    entity = Person
    definition_period = DateUnit.DAY
    label = "What happened to the employment contract"
    reference = ["model-law/art-14/p-1", "labour-code/art-16"]


class contract_event_date(Variable):
    value_type = date
    default_value = date(2020, 9, 18)
    entity = Person
    definition_period = DateUnit.DAY
    label = "Day the contract was signed, changed or terminated"
    reference = ["model-law/art-14/p-1"]


class contract_registered_on(Variable):
    value_type = date
    default_value = date(2020, 9, 18)
    entity = Person
    definition_period = DateUnit.DAY
    label = "Day the entry was made in the ЕСУТД"
    reference = ["model-law/art-14/p-1"]


class contract_entry_due_date(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.DAY
    label = "Last day for the ЕСУТД entry: working days for new and terminated contracts, calendar days for changes"
    reference = ["model-law/art-14/p-1", "labour-code/art-16", "https://adilet.zan.kz/eng/docs/V2000021173"]

    def formula_2020_09_18(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 14(1) (Labour Code art. 16; Order No. 353 of 3 September 2020, in force 18
        September 2020): the employer enters a new contract in the ЕСУТД within 5 working days of signing,
        a change within 15 calendar days and a termination within 3 working days; working days follow
        Kazakhstan's working-day calendar. No ЕСУТД duty existed before 18 September 2020."""
        p = parameters(period).contracts
        kind = person("contract_event_kind", period)
        event = np.asarray(person("contract_event_date", period), dtype="datetime64[D]")
        due = event.copy()
        # Each kind's deadline is read only where that kind occurs, so the trace names exactly what applied.
        new = kind == ContractEventKind.new
        termination = kind == ContractEventKind.termination
        change = ~(new | termination)
        if new.any():
            due[new] = add_working_days(event[new], int(p.new_working_days))
        if termination.any():
            due[termination] = add_working_days(event[termination], int(p.termination_working_days))
        if change.any():
            due[change] = event[change] + np.timedelta64(int(p.change_calendar_days), "D")
        return due


class contract_entry_days_late(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Calendar days by which the ЕСУТД entry missed its deadline (0 when on time)"
    reference = ["model-law/art-14/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 14(1): an entry made after its due day is late by the calendar days between the
        two; an entry on or before the due day is on time (0)."""
        due = np.asarray(person("contract_entry_due_date", period), dtype="datetime64[D]")
        registered = np.asarray(person("contract_registered_on", period), dtype="datetime64[D]")
        return np.maximum((registered - due).astype(np.int64), 0)
