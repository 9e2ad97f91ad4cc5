"""The relocation programme: each eligibility condition, the verdict, and every entitlement in whole tenge.

Each condition is its own variable and cites its paragraph of the model law (art. 10(1) lists them); an
entitlement is zero unless the family is eligible. A family is judged by the law in force on the day
of the period (the date of the application).
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import (
    EmploymentStatus,
    Money,
    SettlementType,
    enum_index,
    full_years,
    mci_amount,
    region_table,
)
from law.rules.entities import Family, Person

HEAD = Family.HEAD


class age(Variable):
    value_type = int
    entity = Person
    definition_period = DateUnit.DAY
    label = "Age in completed years on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-12/p-1"]

    def formula(person, period, parameters):
        return full_years(person("birth_date", period), period.start.date)


class family_size(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Number of people in the family, the head included"
    reference = ["model-law/art-1/p-9", "model-law/art-7/p-3"]

    def formula(family, period, parameters):
        return family.nb_persons()


# --- conditions (model law art. 10(1)) -------------------------------------------------------------------

class applicant_is_citizen(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant is a citizen of Kazakhstan"
    reference = ["model-law/art-10/p-1", "https://www.zakon.kz/pravo/6499033"]

    def formula(family, period, parameters):
        return family.value_from_person(family.members("is_citizen", period), role=HEAD)


class applicant_is_of_age(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant has reached the age of majority"
    reference = ["model-law/art-10/p-1"]

    def formula(family, period, parameters):
        minimum = parameters(period).relocation.eligibility.min_applicant_age
        return family.value_from_person(family.members("age", period), role=HEAD) >= minimum


class applicant_is_job_seeker_or_unemployed(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant is registered at a career centre as a job seeker or as unemployed"
    reference = ["model-law/art-10/p-1", "https://www.zakon.kz/pravo/6499033"]

    def formula(family, period, parameters):
        status = family.members("employment_status", period)
        seeking = (status == EmploymentStatus.job_seeker) + (status == EmploymentStatus.unemployed)
        return family.value_from_person(seeking, role=HEAD)


class applicant_registered_long_enough(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The applicant has held permanent registration in the region of departure long enough"
    reference = ["model-law/art-10/p-1", "https://insecure.zan.kz/rus/docs/V2500037453"]

    def formula(family, period, parameters):
        minimum = parameters(period).relocation.eligibility.min_months_registered
        months = family.value_from_person(family.members("months_registered_in_departure_region", period), role=HEAD)
        return months >= minimum


class departure_region_is_sending(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The region of departure is a labour-surplus (sending) region on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-4/p-2"]

    def formula(family, period, parameters):
        p = parameters(period).regions
        table = region_table(p.sending, bool) & region_table(p.existing, bool)
        return table[enum_index(family("departure_region", period))]


class arrival_region_is_receiving(Variable):
    value_type = bool
    entity = Family
    definition_period = DateUnit.DAY
    label = "The receiving region is a labour-deficit region determined by the Government on the day"
    reference = ["model-law/art-10/p-1", "model-law/art-4/p-3", "migration-law/art-8"]

    def formula(family, period, parameters):
        p = parameters(period).regions
        table = region_table(p.receiving, bool) & region_table(p.existing, bool)
        return table[enum_index(family("arrival_region", period))]


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

    def formula(family, period, parameters):
        """Assessed only for a receiving region: elsewhere the receiving-region condition already fails."""
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

    def formula(family, period, parameters):
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

    def formula(person, period, parameters):
        p = parameters(period)
        amount = int(p.relocation.subsidy_mci_per_member) * int(p.mci.social_payments)
        return np.full(person.count, amount, dtype=np.int64)


class relocation_subsidy(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "One-time relocation subsidy for the family, whole tenge"
    reference = ["model-law/art-6/p-1", "model-law/art-6/p-2"]

    def formula(family, period, parameters):
        per_member = family.members("relocation_subsidy_per_member", period).astype(np.int64)
        total = family.sum(per_member).astype(np.int64)
        return np.where(family("relocation_eligible", period), total, 0)


class rent_compensation_mci(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Monthly rent and utility compensation in MCI, from settlement type and family size"
    reference = ["model-law/art-7/p-1", "model-law/art-7/p-2", "model-law/art-7/p-3"]

    def formula(family, period, parameters):
        p = parameters(period).relocation.rent_compensation
        base = np.array([p.base_mci[s.name] for s in SettlementType], dtype=np.int64)
        mci = base[enum_index(family("settlement_type", period))]
        large = family("family_size", period) >= p.large_family_members
        mci = mci + np.where(large, int(p.large_family_supplement_mci), 0)
        return np.clip(mci, int(p.min_mci), int(p.max_mci))


class rent_compensation_monthly(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Monthly rent and utility compensation, whole tenge"
    reference = ["model-law/art-7/p-1"]

    def formula(family, period, parameters):
        amount = mci_amount(family("rent_compensation_mci", period), parameters(period).mci.social_payments)
        return np.where(family("relocation_eligible", period), amount, 0)


class rent_compensation_months(Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Number of months of rent and utility compensation"
    reference = ["model-law/art-7/p-1"]

    def formula(family, period, parameters):
        months = int(parameters(period).relocation.rent_compensation.months)
        return np.where(family("relocation_eligible", period), months, 0)


class rent_compensation_total(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Rent and utility compensation over the whole period, whole tenge"
    reference = ["model-law/art-7/p-1"]

    def formula(family, period, parameters):
        monthly = family("rent_compensation_monthly", period).astype(np.int64)
        return monthly * family("rent_compensation_months", period).astype(np.int64)


class housing_certificate_cap(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Highest amount of the economic mobility (housing) certificate, whole tenge"
    reference = ["model-law/art-8/p-2"]

    def formula(family, period, parameters):
        p = parameters(period)
        c = p.relocation.housing_certificate
        cap = int(c.cap_kzt) + int(c.cap_mci) * int(p.mci.social_payments)
        return np.where(family("relocation_eligible", period), np.int64(cap), 0)


class housing_certificate(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Housing certificate: the share of the price the law pays, up to the cap (the cap when no price is given)"
    reference = ["model-law/art-8/p-1", "model-law/art-8/p-2", "model-law/art-8/p-3"]

    def formula(family, period, parameters):
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

    def formula(family, period, parameters):
        amount = int(parameters(period).relocation.employer_incentive_kzt)
        return np.where(family("relocation_eligible", period), np.int64(amount), 0)


ENTITLEMENTS = (
    "relocation_subsidy",
    "rent_compensation_monthly",
    "rent_compensation_total",
    "housing_certificate",
)
