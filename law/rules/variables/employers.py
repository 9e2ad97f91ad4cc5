"""Employers' courses (model law art. 14(2)), oversight of migrants' employment (art. 15) and the preferential
registration of internally displaced persons (art. 13(2))."""

from datetime import date

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import Array, Parameters, Period, Population, add_months
from law.rules.entities import Person


class hired_on(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = DateUnit.DAY
    label = "Day an internal migrant started work under the employment contract"
    reference = ["model-law/art-14/p-2"]


class course_enrolment_due_date(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.DAY
    label = "Last day for the employer to enrol the migrant in state-language and legal-literacy courses"
    reference = ["model-law/art-14/p-2"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 14(2): within 6 months of hiring an internal migrant the employer enrols the
        migrant, at its own expense, in a state-language course and a legal-literacy course. The last day
        is the same day of the month 6 months later (the month's last day where it is shorter)."""
        months = int(parameters(period).employers.course_enrolment_months)
        return add_months(person("hired_on", period), months)


class has_registered_contract(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.DAY
    label = "The person has an employment contract entered in the ЕСУТД on the day"
    reference = ["model-law/art-15/p-1", "model-law/art-14/p-1"]


class employment_alert_date(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.DAY
    label = "Day from which a resettler without a registered employment contract raises an oversight alert"
    reference = ["model-law/art-15/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 15(1): a resettler of working age without a registered employment contract 30
        days after arrival is offered help; the alert is due from the day after arrival + 30 days."""
        days = int(parameters(period).oversight.days_without_contract_alert)
        return np.asarray(person("arrival_date", period), dtype="datetime64[D]") + np.timedelta64(days, "D")


class employment_alert(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.DAY
    label = "An adult resettler has no registered employment contract after the oversight period"
    reference = ["model-law/art-15/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 15(1): the career centre compares registrations with the ЕСУТД; an adult
        resettler (18 or older, art. 10(1)) with no registered contract after the oversight period raises
        an alert."""
        day = np.datetime64(period.start.date, "D")
        due = np.asarray(person("employment_alert_date", period), dtype="datetime64[D]")
        adult = person("age", period) >= parameters(period).relocation.eligibility.min_applicant_age
        return adult & ~person("has_registered_contract", period) & (day > due)


class displaced_registration_end(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.DAY
    label = "Last day of the temporary registration of an internally displaced person"
    reference = ["model-law/art-13/p-2"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 13(2): an internally displaced person is registered temporarily, on a decision
        of the local executive body, for up to one year (12 months) from registration."""
        months = int(parameters(period).registration.displaced_person_max_months)
        return add_months(person("registration_date", period), months)
