"""The law's rules on both sides of each threshold: age, length of a temporary stay, lateness and its fine.

The thresholds are read from law.services, never restated here.
"""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from law.deadlines import registration_rules
from law.penalties import late_registration_penalty
from registry.models import Violation
from registry.services import RegistrationRefused, register

from .conftest import a_request, adult

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 10)


def birthday_years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


def test_a_person_registers_on_the_day_they_reach_the_minimum_age():
    age = registration_rules(DAY).min_age_years
    person = adult("KZ-61", birth_date=birthday_years_before(DAY, age))
    assert register(a_request(person, "KZ-59", registered_on=DAY)).registration.pk


def test_a_person_a_day_short_of_the_minimum_age_is_refused_with_the_article():
    age = registration_rules(DAY).min_age_years
    person = adult("KZ-61", birth_date=birthday_years_before(DAY, age) + dt.timedelta(days=1))
    with pytest.raises(RegistrationRefused) as caught:
        register(a_request(person, "KZ-59", registered_on=DAY))
    (refusal,) = caught.value.refusals
    assert refusal.field == "person" and str(age) in refusal.message


def test_a_temporary_stay_of_the_minimum_length_is_refused_with_the_reason():
    days = registration_rules(DAY).temporary_min_stay_days
    person = adult("KZ-61")
    arrival = DAY - dt.timedelta(days=1)
    with pytest.raises(RegistrationRefused) as caught:
        register(a_request(person, "KZ-59", kind="temporary", arrival=arrival, registered_on=DAY,
                           valid_until=arrival + dt.timedelta(days=days)))
    (refusal,) = caught.value.refusals
    assert refusal.field == "valid_until" and str(days) in refusal.message


def test_a_temporary_stay_one_day_longer_is_registered_without_moving_the_home_region():
    days = registration_rules(DAY).temporary_min_stay_days
    person = adult("KZ-61")
    arrival = DAY - dt.timedelta(days=1)
    outcome = register(a_request(person, "KZ-59", kind="temporary", arrival=arrival, registered_on=DAY,
                                 valid_until=arrival + dt.timedelta(days=days + 1)))
    assert outcome.registration.valid_until and outcome.event is None
    person.refresh_from_db()
    assert person.home_unit.code == "KZ-61"


def _outcomes():
    """(days after arrival, penalty) for each gap where the law's outcome or amount changes."""
    changes = []
    previous = None
    for gap in range(0, 800):
        p = late_registration_penalty(arrival=DAY - dt.timedelta(days=gap), registered=DAY)
        key = (p.outcome, p.amount_kzt)
        if key != previous:
            changes.append((gap, p))
            previous = key
    return changes


def test_the_law_has_at_least_one_lateness_threshold():
    changes = _outcomes()
    assert changes[0][1].outcome == "none" and len(changes) >= 2


@pytest.mark.parametrize("side", ["before", "after"])
def test_late_registration_on_both_sides_of_each_threshold(side):
    for n, (gap, penalty) in enumerate(_outcomes()[1:]):
        used_gap = gap - 1 if side == "before" else gap
        expected = late_registration_penalty(arrival=DAY - dt.timedelta(days=used_gap), registered=DAY)
        person = adult("KZ-61", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=n))
        outcome = register(a_request(person, "KZ-59", arrival=DAY - dt.timedelta(days=used_gap), registered_on=DAY))
        if expected.outcome == "none":
            assert outcome.violation is None
            assert not Violation.objects.filter(registration=outcome.registration).exists()
        else:
            v = outcome.violation
            assert (v.outcome, v.amount_kzt, v.days_late) == (expected.outcome, expected.amount_kzt, expected.days_late)
            assert v.article
        if side == "after":
            assert outcome.violation is not None and outcome.violation.outcome == penalty.outcome


def test_a_violation_reads_in_the_readers_language_with_the_amount_grouped():
    gap, penalty = next((g, p) for g, p in _outcomes() if p.outcome == "fine")
    person = adult("KZ-61")
    violation = register(a_request(person, "KZ-59", arrival=DAY - dt.timedelta(days=gap), registered_on=DAY)).violation
    with translation.override("ru"):
        html = render_to_string("registry/_violation.html", {"violation": violation})
    amount = f"{violation.amount_kzt:,}".replace(",", "\u00a0")
    assert f"просрочка {violation.days_late} дн.: штраф {amount} тенге" in html and "fine" not in html
