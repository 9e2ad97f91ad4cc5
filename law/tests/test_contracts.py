"""ЕСУТД deadlines, counted on Kazakhstan's working-day calendar from the `holidays` package."""

import datetime as dt

import holidays
import pytest

from law.deadlines import (
    contract_entry_deadline,
    contract_entry_lateness,
    course_enrolment_deadline,
    employment_alert_date,
    registration_rules,
)
from law.inputs import LawInputError


def working_days_after(day, n):
    kz = holidays.country_holidays("KZ", years=range(day.year, day.year + 2))
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in kz:
            n -= 1
    return day


@pytest.mark.parametrize("kind, n", [("new", 5), ("termination", 3)])
def test_working_day_deadlines_skip_weekends_and_public_holidays(kind, n):
    for start in (dt.date(2026, 3, 20), dt.date(2025, 12, 12), dt.date(2024, 5, 3), dt.date(2026, 2, 2)):
        assert contract_entry_deadline(kind=kind, event_date=start).due_date == working_days_after(start, n)


def test_a_new_contract_signed_before_nauryz_is_due_on_1_april_2026():
    deadline = contract_entry_deadline(kind="new", event_date=dt.date(2026, 3, 20))
    assert deadline.due_date == dt.date(2026, 4, 1)
    assert deadline.article == "model-law/art-14/p-1"


def test_a_change_is_due_15_calendar_days_later():
    assert contract_entry_deadline(kind="change", event_date=dt.date(2026, 3, 20)).due_date == dt.date(2026, 4, 4)


def test_lateness_is_zero_on_the_due_day_and_counts_calendar_days_after():
    event = dt.date(2026, 3, 20)
    assert contract_entry_lateness(kind="new", event_date=event, registered_on=dt.date(2026, 4, 1)) == 0
    assert contract_entry_lateness(kind="new", event_date=event, registered_on=dt.date(2026, 4, 3)) == 2
    assert contract_entry_lateness(kind="new", event_date=event, registered_on=event) == 0


def test_an_unknown_kind_is_refused_naming_the_field():
    with pytest.raises(LawInputError) as info:
        contract_entry_deadline(kind="renewal", event_date=dt.date(2026, 1, 5))
    assert info.value.field == "kind"


def test_an_employer_has_six_months_to_enrol_a_migrant_in_courses():
    d = course_enrolment_deadline(hired_on=dt.date(2026, 8, 31))
    assert (d.due_date, d.article) == (dt.date(2027, 2, 28), "model-law/art-14/p-2")


def test_an_oversight_alert_falls_due_thirty_days_after_arrival():
    d = employment_alert_date(arrival=dt.date(2026, 3, 1))
    assert (d.due_date, d.article) == (dt.date(2026, 3, 31), "model-law/art-15/p-1")


def test_displaced_persons_are_registered_temporarily_for_at_most_twelve_months():
    assert registration_rules(dt.date(2026, 1, 1)).displaced_person_max_months == 12


@pytest.mark.parametrize("kind, path", [("new", "contracts.new_working_days"),
                                        ("change", "contracts.change_calendar_days"),
                                        ("termination", "contracts.termination_working_days")])
def test_a_contract_deadline_names_only_the_parameter_of_its_kind(kind, path):
    deadline = contract_entry_deadline(kind=kind, event_date=dt.date(2025, 3, 3))
    assert [p.path for p in deadline.parameters] == [path]
