"""Translatable names of what the citizen sees: conditions, amounts, outcomes, parameter groups.

law.rules knows no Django, so its English labels are translated here for the web and API faces.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Short names of the acts that references point to, by the first part of a record's id (law/references.py).
ACTS = {
    "model-law": _("Model law"),
    "migration-law": _("Law on Population Migration"),
    "koap": _("Code of Administrative Offences"),
    "labour-code": _("Labour Code"),
}
# Units of the parameters (law/rules/parameters/*.yaml `unit`), as the reader names them.
UNITS = {
    "MCI": _("MCI"), "currency-KZT": _("tenge"), "day": _("days"), "working-day": _("working days"),
    "month": _("months"), "year": _("years"), "percent": "%", "person": pgettext_lazy("unit", "persons"), "boolean": "",
}


def unit(code: str) -> str:
    """A parameter's unit in the reader's language (the code itself only for a unit nobody has named yet)."""
    return str(UNITS.get(code, code)) if code else ""


CONDITIONS = {
    "applicant_is_citizen": _("The applicant is a citizen of Kazakhstan"),
    "applicant_is_of_age": _("The applicant is 18 or older"),
    "applicant_is_job_seeker_or_unemployed": _("The applicant is registered at a career centre as a job seeker or unemployed"),
    "applicant_registered_long_enough": _("The applicant has held permanent registration in the region of departure long enough"),
    "departure_region_is_sending": _("The region of departure is a labour-surplus (sending) region"),
    "arrival_region_is_receiving": _("The receiving region is a labour-deficit region chosen by the Government"),
    "arrival_region_has_quota": _("The receiving region's quota has a free place for every family member"),
}
ENTITLEMENTS = {
    "relocation_subsidy": _("One-time relocation subsidy"),
    "rent_compensation_monthly": _("Rent and utility compensation, per month"),
    "rent_compensation_total": _("Rent and utility compensation, whole period"),
    "housing_certificate": _("Housing certificate (most the family can receive)"),
    "subsidy_refund": _("Refund of the relocation subsidy"),
}
STATUSES = {
    "job_seeker": _("Registered job seeker"),
    "unemployed": _("Registered unemployed"),
    "employed": _("Employed"),
    "none": _("None of these"),
}
SETTLEMENTS = {
    "rural": _("Village or aul"),
    "town": _("Town or settlement of district significance"),
    "city": _("City of regional or republican significance"),
}
RELATIONS = {
    "head": _("Applicant (head of family)"),
    "spouse": _("Spouse"),
    "child": _("Child"),
    "dependant": _("Other dependant"),
}
REGIONS = {
    "KZ-10": _("Abai region"), "KZ-11": _("Akmola region"), "KZ-15": _("Aktobe region"),
    "KZ-19": _("Almaty region"), "KZ-23": _("Atyrau region"), "KZ-27": _("West Kazakhstan region"),
    "KZ-31": _("Jambyl region"), "KZ-33": _("Jetisu region"), "KZ-35": _("Karaganda region"),
    "KZ-39": _("Kostanay region"), "KZ-43": _("Kyzylorda region"), "KZ-47": _("Mangystau region"),
    "KZ-55": _("Pavlodar region"), "KZ-59": _("North Kazakhstan region"), "KZ-61": _("Turkistan region"),
    "KZ-62": _("Ulytau region"), "KZ-63": _("East Kazakhstan region"), "KZ-71": _("Astana"),
    "KZ-75": _("Almaty"), "KZ-79": _("Shymkent"),
}
COUNTRIES = {"KZ": _("Kazakhstan"), "XX": _("Other")}
# What law.evaluation reports as a condition's value where there is no code or number to show: an applicant who
# is not a citizen, and a quota the caller did not pass in (the public calculator: art. 5(4) is then not checked).
NOT_A_CITIZEN, NO_QUOTA_GIVEN = "not KZ", "no quota"
OTHER_VALUES = {NOT_A_CITIZEN: _("Other"), NO_QUOTA_GIVEN: _("No quota given: not checked")}


def condition_value(value: object) -> str:
    """A condition's value as the reader should see it: a yes/no as ✓/✗, a status, region or country by its
    name in the reader's language, anything else as it is (the calculator and a stored decision alike)."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, str):
        return str(STATUSES.get(value) or REGIONS.get(value) or COUNTRIES.get(value) or OTHER_VALUES.get(value) or value)
    if isinstance(value, int | float):
        return number_format(value, force_grouping=True)  # 2 820 places in Kazakh and Russian, 2,820 in English
    return str(value)


# The region lists (law/rules/parameters/regions/*.yaml): one yes/no parameter per group and region, named
# "<group>: <region>" by law.sources.parameter_label.
REGION_GROUPS = {
    "existing": _("Exists"), "sending": _("Sending"), "receiving": _("Receiving resettlers"),
    "receiving_kandas": _("Receiving kandas"),
}

PARAMETERS = {
    "appeals.deadline_months": _("Months within which a programme decision may be appealed"),
    "appeals.debt_limitation_years": _("Years after which a debt to the programme is closed by limitation"),
    "appeals.deciding_body_level": _("Body that decides appeals"),
    "appeals.decision_working_days": _("Working days to decide an appeal"),
    "appeals.grievance_answer_working_days": _("Working days to answer a grievance"),
    "contracts.change_calendar_days": _("Calendar days to enter a change of an employment contract"),
    "contracts.new_working_days": _("Working days to enter a new employment contract"),
    "contracts.termination_working_days": _("Working days to enter the termination of an employment contract"),
    "employers.course_enrolment_months": _("Months for the employer to enrol a hired migrant in courses"),
    "oversight.days_without_contract_alert": _("Days after arrival without a registered contract before an alert"),
    "registration.displaced_person_max_months": _("Longest temporary registration of a displaced person, months"),
    "fines.art_492.fine_after_days": _("Days without registration after which a fine replaces the warning"),
    "fines.art_492.fine_mci": _("Fine for living without registration, MCI"),
    "fines.art_492.warning_after_days": _("Days without registration after which a warning is given"),
    "fines.art_493.max_mci": _("Highest fine on the owner of premises, MCI"),
    "fines.art_493.min_mci": _("Lowest fine on the owner of premises, MCI"),
    "mci.general": _("Monthly calculation index (general)"),
    "mci.social_payments": _("Monthly calculation index for benefits and social payments"),
    "minimum_wage": _("Minimum monthly wage"),
    "registration.deadline_days": _("Calendar days after arrival to register"),
    "registration.min_age_years": _("Age from which a person is registered in their own right"),
    "registration.temporary_min_stay_days": _("A stay longer than this many days needs temporary registration"),
    "relocation.eligibility.min_applicant_age": _("Lowest age of the applicant"),
    "relocation.eligibility.min_months_registered": _("Months of permanent registration in the region of departure"),
    "relocation.employer_incentive_kzt": _("Payment to an employer who hires a resettler"),
    "relocation.housing_certificate.cap_kzt": _("Housing certificate cap in tenge"),
    "relocation.housing_certificate.cap_mci": _("Housing certificate cap in MCI"),
    "relocation.housing_certificate.share_of_price_percent": _("Share of the housing price the certificate pays, %"),
    "relocation.obligation_years": _("Years to live and work in the receiving region"),
    "relocation.rent_compensation.base_mci.city": _("Monthly rent compensation in a city, MCI"),
    "relocation.rent_compensation.base_mci.rural": _("Monthly rent compensation in a village, MCI"),
    "relocation.rent_compensation.base_mci.town": _("Monthly rent compensation in a town, MCI"),
    "relocation.rent_compensation.large_family_members": _("Family size that counts as a large family"),
    "relocation.rent_compensation.large_family_supplement_mci": _("Monthly supplement for a large family, MCI"),
    "relocation.rent_compensation.max_mci": _("Highest monthly rent compensation, MCI"),
    "relocation.rent_compensation.min_mci": _("Lowest monthly rent compensation, MCI"),
    "relocation.rent_compensation.months": _("Months of rent compensation"),
    "relocation.subsidy_mci_per_member": _("Relocation subsidy per family member, MCI"),
}
