"""Registration of residence: who must register, by when, and the liability for registering late."""

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import Array, Money, Parameters, Period, Population, mci_amount
from law.rules.entities import Person


class PenaltyOutcome(Enum):
    none = "No liability"
    warning = "Warning (Administrative Code art. 492)"
    fine = "Fine (Administrative Code art. 492)"


class registration_required(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.DAY
    label = "The person is old enough to be registered in their own right"
    reference = ["model-law/art-12/p-1", "migration-law/art-51/p-2"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 12(1) (Law No. 477-IV art. 51(2); Rules No. 1427): persons from the age of 14
        are registered in their own right (from birth before 4 February 2020; the age is a dated
        parameter)."""
        return person("age", period) >= parameters(period).registration.min_age_years


class registration_deadline(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.DAY
    label = "Last day on which the residence may be registered without liability"
    reference = ["model-law/art-12/p-1", "migration-law/art-51/p-2"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 12(1) (Rules No. 1427): a person who arrives at a new place of residence
        registers within 10 calendar days of arrival; the deadline is arrival + the days in force."""
        days = int(parameters(period).registration.deadline_days)
        return np.asarray(person("arrival_date", period), dtype="datetime64[D]") + np.timedelta64(days, "D")


class registration_days_without(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Days between arrival and registration"
    reference = ["koap/art-492"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Administrative Code art. 492: liability counts the days lived at the new place without
        registration, from arrival to registration (never negative: registering before arrival is not
        late)."""
        arrival = np.asarray(person("arrival_date", period), dtype="datetime64[D]")
        registered = np.asarray(person("registration_date", period), dtype="datetime64[D]")
        return np.maximum((registered - arrival).astype(np.int64), 0)


class registration_days_late(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Days by which the registration missed its deadline (0 when on time)"
    reference = ["model-law/art-12/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 12(1): the calendar days by which registration missed the deadline of art.
        12(1); 0 when on time."""
        registered = np.asarray(person("registration_date", period), dtype="datetime64[D]")
        deadline = np.asarray(person("registration_deadline", period), dtype="datetime64[D]")
        return np.maximum((registered - deadline).astype(np.int64), 0)


class registration_penalty(Variable):
    value_type = Enum
    possible_values = PenaltyOutcome
    default_value = PenaltyOutcome.none
    entity = Person
    definition_period = DateUnit.DAY
    label = "Liability for living without registration: none, warning, or fine"
    reference = ["koap/art-492", "model-law/art-12/p-3"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Administrative Code art. 492 and model law art. 12(3): living without registration from the
        11th to the 30th day after arrival is punished by a warning, for more than one month by a fine."""
        p = parameters(period).fines.art_492
        days = person("registration_days_without", period)
        return np.select(
            [days > p.fine_after_days, days > p.warning_after_days],
            [PenaltyOutcome.fine, PenaltyOutcome.warning],
            PenaltyOutcome.none,
        )


class registration_fine(Money, Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Fine for living without registration, whole tenge (general MCI on the day)"
    reference = ["koap/art-492", "model-law/art-12/p-3"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Administrative Code art. 492 and model law art. 12(3): the fine for living without registration
        for more than a month is 7 MCI, at the general MCI in force on the day of registration (the MCI
        for fines, not for social payments, art. 1(10))."""
        p = parameters(period)
        fined = person("registration_penalty", period) == PenaltyOutcome.fine
        return np.where(fined, mci_amount(np.ones(person.count), p.mci.general) * int(p.fines.art_492.fine_mci), 0)


class owner_fine_min(Money, Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Lowest fine on an owner who lets a person live without registration, whole tenge"
    reference = ["koap/art-493", "model-law/art-12/p-3"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Administrative Code art. 493 and model law art. 12(3): an owner who lets people live in the
        premises without registration is fined; the lowest fine in MCI times the general MCI on the day."""
        p = parameters(period)
        return mci_amount(np.full(person.count, int(p.fines.art_493.min_mci)), p.mci.general)


class owner_fine_max(Money, Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Highest fine on an owner who lets a person live without registration, whole tenge"
    reference = ["koap/art-493", "model-law/art-12/p-3"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Administrative Code art. 493 and model law art. 12(3): the highest fine on an owner who lets
        people live without registration, in MCI times the general MCI on the day."""
        p = parameters(period)
        return mci_amount(np.full(person.count, int(p.fines.art_493.max_mci)), p.mci.general)
