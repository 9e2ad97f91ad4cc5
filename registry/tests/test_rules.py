"""The law's rules on both sides of each threshold: age, length of a temporary stay, lateness and its fine.

Every figure is worked out here from the article and the published MCI, never by calling the law's code:
- model law art. 12(1) (Rules No. 1427): registration within 10 calendar days of arrival; persons from 14 register
  in their own right; art. 12(2): a stay longer than 30 days needs temporary registration;
- Administrative Code art. 492: from the 11th to the 30th day without registration a warning, after that a fine of
  7 MCI at the general MCI on the day of registration: 3,932 tenge in 2025 (Law on the republican budget
  2025-2027), so 7 x 3,932 = 27,524 tenge; 4,325 tenge in 2026, so 30,275 tenge.
"""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from registry.models import Violation
from registry.services import RegistrationRefused, register

from .conftest import a_request, adult

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 10)


def birthday_years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


MIN_AGE = 14  # model law art. 12(1), since 4 February 2020
MIN_STAY_DAYS = 30  # model law art. 12(2)


def test_a_person_registers_on_the_day_they_reach_the_minimum_age():
    age = MIN_AGE
    person = adult("KZ-61", birth_date=birthday_years_before(DAY, age))
    assert register(a_request(person, "KZ-59", registered_on=DAY)).registration.pk


def test_a_person_a_day_short_of_the_minimum_age_is_refused_with_the_article():
    age = MIN_AGE
    person = adult("KZ-61", birth_date=birthday_years_before(DAY, age) + dt.timedelta(days=1))
    with pytest.raises(RegistrationRefused) as caught:
        register(a_request(person, "KZ-59", registered_on=DAY))
    (refusal,) = caught.value.refusals
    assert refusal.field == "person" and str(age) in refusal.message


def test_a_temporary_stay_of_the_minimum_length_is_refused_with_the_reason():
    days = MIN_STAY_DAYS
    person = adult("KZ-61")
    arrival = DAY - dt.timedelta(days=1)
    with pytest.raises(RegistrationRefused) as caught:
        register(a_request(person, "KZ-59", kind="temporary", arrival=arrival, registered_on=DAY,
                           valid_until=arrival + dt.timedelta(days=days)))
    (refusal,) = caught.value.refusals
    assert refusal.field == "valid_until" and str(days) in refusal.message


def test_a_temporary_stay_one_day_longer_is_registered_without_moving_the_home_region():
    days = MIN_STAY_DAYS
    person = adult("KZ-61")
    arrival = DAY - dt.timedelta(days=1)
    outcome = register(a_request(person, "KZ-59", kind="temporary", arrival=arrival, registered_on=DAY,
                                 valid_until=arrival + dt.timedelta(days=days + 1)))
    assert outcome.registration.valid_until and outcome.event is None
    person.refresh_from_db()
    assert person.home_unit.code == "KZ-61"


# (days from arrival to registration on DAY, outcome, fine in tenge, days past the 10-day deadline)
LATENESS = [
    (0, "none", 0, 0),
    (10, "none", 0, 0),          # the 10th day: within the deadline
    (11, "warning", 0, 1),       # the 11th day: a warning
    (30, "warning", 0, 20),      # the 30th day: still a warning
    (31, "fine", 27_524, 21),    # more than a month: 7 x 3,932 tenge
    (400, "fine", 27_524, 390),  # however late, the same fine
]


@pytest.mark.parametrize("gap, outcome, fine, days_late", LATENESS)
def test_late_registration_on_both_sides_of_each_threshold(gap, outcome, fine, days_late):
    person = adult("KZ-61")
    registered = register(a_request(person, "KZ-59", arrival=DAY - dt.timedelta(days=gap), registered_on=DAY))
    if outcome == "none":
        assert registered.violation is None
        assert not Violation.objects.filter(registration=registered.registration).exists()
    else:
        v = registered.violation
        assert v is not None
        assert (v.outcome, v.amount_kzt, v.days_late) == (outcome, fine, days_late)
        assert v.article


def test_the_fine_is_at_the_general_mci_of_the_day_of_registration():
    day = dt.date(2026, 3, 2)  # MCI 4,325 tenge from 1 January 2026: 7 x 4,325 = 30,275 tenge
    registered = register(a_request(adult("KZ-61"), "KZ-59", arrival=day - dt.timedelta(days=31), registered_on=day))
    assert registered.violation is not None
    assert (registered.violation.outcome, registered.violation.amount_kzt) == ("fine", 30_275)


def test_a_violation_reads_in_the_readers_language_with_the_amount_grouped():
    person = adult("KZ-61")
    violation = register(a_request(person, "KZ-59", arrival=DAY - dt.timedelta(days=31), registered_on=DAY)).violation
    with translation.override("ru"):
        html = render_to_string("registry/_violation.html", {"violation": violation})
    assert "просрочка 21 дн.: штраф 27\u00a0524 тенге" in html and "fine" not in html
