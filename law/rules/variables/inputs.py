"""Facts given to the law: who the people are and what happened. Each input cites the article that uses it."""

from datetime import date

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import EmploymentStatus, Money, Region, SettlementType
from law.rules.entities import Family, Person


class birth_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = DateUnit.ETERNITY
    label = "Date of birth"
    reference = ["model-law/art-10/p-1", "model-law/art-12/p-1"]


class is_citizen(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = DateUnit.DAY
    label = "Citizen of the Republic of Kazakhstan"
    reference = ["model-law/art-10/p-1"]


class employment_status(Variable):
    value_type = Enum
    possible_values = EmploymentStatus
    default_value = EmploymentStatus.none
    entity = Person
    definition_period = DateUnit.DAY
    label = "Status at the career centre: registered job seeker, registered unemployed, employed or none"
    reference = ["model-law/art-10/p-1"]


class months_registered_in_departure_region(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Whole months of permanent registration in the region of departure on the date of the application"
    reference = ["model-law/art-10/p-1"]


class departure_region(Variable):
    value_type = Enum
    possible_values = Region
    default_value = Region.KZ_61
    entity = Family
    definition_period = DateUnit.DAY
    label = "Region of departure (ISO 3166-2:KZ)"
    reference = ["model-law/art-4/p-2", "model-law/art-10/p-1"]


class arrival_region(Variable):
    value_type = Enum
    possible_values = Region
    default_value = Region.KZ_59
    entity = Family
    definition_period = DateUnit.DAY
    label = "Receiving region (ISO 3166-2:KZ)"
    reference = ["model-law/art-4/p-3", "model-law/art-10/p-1"]


class settlement_type(Variable):
    value_type = Enum
    possible_values = SettlementType
    default_value = SettlementType.rural
    entity = Family
    definition_period = DateUnit.DAY
    label = "Type of the settlement of arrival: rural, town or city"
    reference = ["model-law/art-7/p-2"]


class housing_price(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Price of the dwelling bought or built with the certificate, whole tenge (0 = not chosen yet)"
    reference = ["model-law/art-8/p-2"]


class arrival_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = DateUnit.DAY
    label = "Date of arrival at the new place of residence"
    reference = ["model-law/art-12/p-1"]


class registration_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = DateUnit.DAY
    label = "Date on which the residence was registered"
    reference = ["model-law/art-12/p-1", "koap/art-492"]


class subsidy_paid(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Relocation subsidy actually paid to the family, whole tenge"
    reference = ["model-law/art-11/p-2"]


class programme_arrival_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Family
    definition_period = DateUnit.DAY
    label = "Date the family arrived in the receiving region under the programme"
    reference = ["model-law/art-11/p-1"]


class programme_departure_date(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Family
    definition_period = DateUnit.DAY
    label = "Date the family left the receiving region"
    reference = ["model-law/art-11/p-2"]
