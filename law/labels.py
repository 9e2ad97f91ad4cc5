"""Translatable names of what the citizen sees: conditions, amounts, outcomes, parameter groups.

law.rules knows no Django, so its English labels are translated here for the web and API faces.
"""

from django.utils.translation import gettext_lazy as _

CONDITIONS = {
    "applicant_is_citizen": _("The applicant is a citizen of Kazakhstan"),
    "applicant_is_of_age": _("The applicant is 18 or older"),
    "applicant_is_job_seeker_or_unemployed": _("The applicant is registered at a career centre as a job seeker or unemployed"),
    "applicant_registered_long_enough": _("The applicant has held permanent registration in the region of departure long enough"),
    "departure_region_is_sending": _("The region of departure is a labour-surplus (sending) region"),
    "arrival_region_is_receiving": _("The receiving region is a labour-deficit region chosen by the Government"),
    "arrival_region_has_quota": _("The receiving region has a resettler quota this year"),
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
