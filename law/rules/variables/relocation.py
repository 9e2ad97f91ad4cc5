"""The relocation programme: each eligibility condition, the verdict, and every entitlement in whole tenge.

Each condition is its own variable and cites its paragraph of the model law (art. 10(1) lists them); an
entitlement is zero unless the family is eligible. A family is judged by the law in force on the day
of the period (the date of the application).
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import (
    Array,
    EmploymentStatus,
    GroupPopulation,
    Money,
    Parameters,
    Period,
    Population,
    SettlementType,
    enum_index,
    full_years,
    keyed_values,
    mci_amount,
    region_values,
)
from law.rules.entities import Family, Person

HEAD = Family.HEAD


class age(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Age in completed years on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-12/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1) and art. 12(1): age is counted in completed years on the day (a person
        born on 29 February turns a year older on 1 March in a common year)."""
        return full_years(person("birth_date", period), period.start.date)


class family_size(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Number of people in the family, the head included"
    reference = ["model-law/art-1/p-9", "model-law/art-7/p-3"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 1(9): the family is the applicant (head) and the spouse, children and dependants
        who move with the applicant and are named in the application; art. 7(3) counts the head."""
        return family.nb_persons()


# --- conditions (model law art. 10(1)) -------------------------------------------------------------------

class applicant_is_citizen(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant is a citizen of Kazakhstan"
    reference = ["model-law/art-10/p-1", "https://www.zakon.kz/pravo/6499033"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1)(1) (Rules for the inclusion of resettlers in the quota): the applicant is
        a citizen of the Republic of Kazakhstan."""
        return family.value_from_person(family.members("is_citizen", period), role=HEAD)


class applicant_is_of_age(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant has reached the age of majority"
    reference = ["model-law/art-10/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1)(2): the applicant is 18 or older on the date of the application."""
        minimum = parameters(period).relocation.eligibility.min_applicant_age
        return family.value_from_person(family.members("age", period), role=HEAD) >= minimum


class applicant_is_job_seeker_or_unemployed(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant is registered at a career centre as a job seeker or as unemployed"
    reference = ["model-law/art-10/p-1", "https://www.zakon.kz/pravo/6499033"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1)(3): the applicant is registered at a career centre as a job seeker or as
        unemployed."""
        status = family.members("employment_status", period)
        seeking = (status == EmploymentStatus.job_seeker) + (status == EmploymentStatus.unemployed)
        return family.value_from_person(seeking, role=HEAD)


class applicant_registered_long_enough(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant has held permanent registration in the region of departure long enough"
    reference = ["model-law/art-10/p-1", "https://insecure.zan.kz/rus/docs/V2500037453"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1)(4) (Order No. 20 and Rules No. 234 as amended on 14 November 2025, items
        14-15): the applicant has held permanent registration in the region of departure for at least the
        months in force."""
        minimum = parameters(period).relocation.eligibility.min_months_registered
        months = family.value_from_person(family.members("months_registered_in_departure_region", period), role=HEAD)
        return months >= minimum


class departure_region_is_sending(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The region of departure is a labour-surplus (sending) region on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-4/p-2"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1) and art. 4(2): the region of departure is on the Government's list of
        labour-surplus (sending) regions in force on the day, and exists on the day (art. 4(1))."""
        p = parameters(period).regions
        region = family("departure_region", period)
        return region_values(p.sending, region, bool) & region_values(p.existing, region, bool)


class arrival_region_is_receiving(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The receiving region is a labour-deficit region determined by the Government on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-4/p-3", "migration-law/art-8"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1) and art. 4(3) (Law No. 477-IV art. 8): the region of arrival is on the
        Government's list of labour-deficit (receiving) regions for resettlers in force on the day, and
        exists on the day."""
        p = parameters(period).regions
        region = family("arrival_region", period)
        return region_values(p.receiving, region, bool) & region_values(p.existing, region, bool)


class arrival_region_quota(Variable):
    value_type = int
    default_value = -1
    entity = Family
    definition_period = DateUnit.DAY
    label = ("Free places of the receiving region's quota for the family's category on the day, persons, as passed in "
             "by the relocation programme that keeps the quotas (-1 where none is passed)")
    reference = ["model-law/art-5/p-1", "model-law/art-5/p-4"]


class arrival_region_has_quota(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The receiving region's quota has a free place for every member of the family (or none is passed in)"
    reference = ["model-law/art-10/p-1", "model-law/art-5/p-4"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1) with art. 5(3)-(4): a family is admitted only while the receiving region's
        quota for the year has a free place for each of its members (the quota counts persons). The free
        places are passed in by the programme that keeps the quotas; where none are passed (the public
        calculator), or the year's distribution is not published, no quota condition applies. Assessed only
        for a receiving region: elsewhere the receiving-region condition already fails."""
        free = family("arrival_region_quota", period)
        return (free < 0) | (free >= family.nb_persons()) | ~family("arrival_region_is_receiving", period)


CONDITIONS = (
    "applicant_is_citizen",
    "applicant_is_of_age",
    "applicant_is_job_seeker_or_unemployed",
    "applicant_registered_long_enough",
    "departure_region_is_sending",
    "arrival_region_is_receiving",
    "arrival_region_has_quota",
)


class relocation_eligible(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The family may take part in the relocation programme: every condition of art. 10(1) holds"
    reference = ["model-law/art-10/p-1", "model-law/art-10/p-3"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 10(1): a family may take part when every condition of the article holds on the
        date of the application; art. 10(3): each condition is stated with its value and article."""
        result = np.ones(family.count, dtype=bool)
        for name in CONDITIONS:
            result &= family(name, period)
        return result


# --- entitlements -----------------------------------------------------------------------------------

class relocation_subsidy_per_member(Money, Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Relocation subsidy for one family member (head included), whole tenge, before eligibility"
    reference = ["model-law/art-6/p-1"]

    def formula(person: Population, period: Period, parameters: Parameters) -> Array:
        """Model law art. 6(1): a one-time relocation subsidy of 70 MCI (35 MCI before 1 January 2022) for
        the head of family and for each member, at the MCI for social payments in force on the date of the
        decision."""
        p = parameters(period)
        amount = int(p.relocation.subsidy_mci_per_member) * int(p.mci.social_payments)
        return np.full(person.count, amount, dtype=np.int64)


class relocation_subsidy(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "One-time relocation subsidy for the family, whole tenge"
    reference = ["model-law/art-6/p-1", "model-law/art-6/p-2"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 6(1) and 6(2): the family's subsidy is the sum over the head and every member;
        it is paid only to an eligible family (art. 10(1))."""
        per_member = family.members("relocation_subsidy_per_member", period).astype(np.int64)
        total = family.sum(per_member).astype(np.int64)
        return np.where(family("relocation_eligible", period), total, 0)


class rent_compensation_mci(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Monthly rent and utility compensation in MCI, from settlement type and family size"
    reference = ["model-law/art-7/p-1", "model-law/art-7/p-2", "model-law/art-7/p-3"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 7(2) and 7(3): 15 MCI a month in a rural settlement, 20 MCI in a town or
        settlement of district significance, 25 MCI in a city; a family of five or more gets 5 MCI more;
        never below 15 nor above 30 MCI."""
        p = parameters(period).relocation.rent_compensation
        settlement = enum_index(family("settlement_type", period))
        mci = keyed_values(p.base_mci, settlement, [s.name for s in SettlementType], np.int64)
        large = family("family_size", period) >= p.large_family_members
        mci = mci + np.where(large, int(p.large_family_supplement_mci), 0)
        return np.clip(mci, int(p.min_mci), int(p.max_mci))


class rent_compensation_monthly(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Monthly rent and utility compensation, whole tenge"
    reference = ["model-law/art-7/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 7(1): an eligible family receives monthly compensation of rent and utilities:
        the MCI count of art. 7(2)-(3) times the MCI for social payments in force on the day."""
        amount = mci_amount(family("rent_compensation_mci", period), parameters(period).mci.social_payments)
        return np.where(family("relocation_eligible", period), amount, 0)


class rent_compensation_months(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Number of months of rent and utility compensation"
    reference = ["model-law/art-7/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 7(1): the compensation is paid for 12 months to an eligible family."""
        months = int(parameters(period).relocation.rent_compensation.months)
        return np.where(family("relocation_eligible", period), months, 0)


class rent_compensation_total(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Rent and utility compensation over the whole period, whole tenge"
    reference = ["model-law/art-7/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 7(1): the whole compensation is the monthly amount times the number of months."""
        monthly = family("rent_compensation_monthly", period).astype(np.int64)
        return monthly * family("rent_compensation_months", period).astype(np.int64)


class housing_certificate_cap(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Highest amount of the economic mobility (housing) certificate, whole tenge"
    reference = ["model-law/art-8/p-2"]

    def formula_2023_01_01(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 8(2) (Rules No. 234, economic mobility certificate): in 2023-2024 the
        certificate is capped at 4,200,000 tenge per family. No certificate existed before 2023 (art.
        8(1))."""
        cap = int(parameters(period).relocation.housing_certificate.cap_kzt)
        return np.where(family("relocation_eligible", period), np.int64(cap), 0)

    def formula_2025_01_01(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 8(2) (Rules No. 234 as amended): from 1 January 2025 the cap is stated in MCI
        (1,160 MCI in 2025, 1,625 MCI from 1 January 2026), at the MCI for social payments in force on the
        day."""
        p = parameters(period)
        cap = int(p.relocation.housing_certificate.cap_mci) * int(p.mci.social_payments)
        return np.where(family("relocation_eligible", period), np.int64(cap), 0)


class housing_certificate(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Housing certificate: the share of the price the law pays, up to the cap (the cap when no price is given)"
    reference = ["model-law/art-8/p-1", "model-law/art-8/p-2", "model-law/art-8/p-3"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 8(1)-(3): the certificate pays the share of the housing price in force (50 % in
        2023-2025, the full price from 2026), up to the cap; the calculator shows the cap when no price is
        given (art. 8(3))."""
        share = int(parameters(period).relocation.housing_certificate.share_of_price_percent)
        cap = family("housing_certificate_cap", period).astype(np.int64)
        price = family("housing_price", period).astype(np.int64)
        paid = price * share // 100
        return np.where(price > 0, np.minimum(paid, cap), cap)


class employer_incentive(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Payment to the employer who hires the applicant permanently and helps house the family, whole tenge"
    reference = ["model-law/art-9/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 9(1): an employer in a receiving region who hires the resettler on a permanent
        contract and helps house the family receives a one-time payment (1,500,000 tenge from 2025)."""
        amount = int(parameters(period).relocation.employer_incentive_kzt)
        return np.where(family("relocation_eligible", period), np.int64(amount), 0)


ENTITLEMENTS = (
    "relocation_subsidy",
    "rent_compensation_monthly",
    "rent_compensation_total",
    "housing_certificate",
)
