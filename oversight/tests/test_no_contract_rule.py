"""Rule 1 (model law art. 15(1)): a migrant in a receiving region without a contract for more than 30 days.

Expected dates are counted by hand from the article's 30 days: arriving on 2 March 2026, the 30 days run
out on 1 April (2 March + 30 days); the alert is due from 2 April, not on 1 April.
"""

from __future__ import annotations

import datetime as dt

import pytest

from oversight import services
from oversight.models import Alert, Rule

from .conftest import employer_in, hire, move, person_from

pytestmark = pytest.mark.django_db

ARRIVAL = dt.date(2026, 3, 2)
LAST_QUIET_DAY = dt.date(2026, 4, 1)  # 2 March + 30 days
FIRST_ALERT_DAY = dt.date(2026, 4, 2)


def scan(on: dt.date):
    return services.scan(on=on, actor="test", only=[Rule.NO_CONTRACT])


def test_a_migrant_without_a_contract_raises_nothing_on_the_30th_day_after_arrival():
    move(person_from("KZ-61"), "KZ-59", arrival=ARRIVAL)
    assert scan(LAST_QUIET_DAY).raised == {}
    assert not Alert.objects.exists()


def test_a_migrant_without_a_contract_raises_an_alert_on_the_31st_day_after_arrival():
    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=ARRIVAL, registered_on=ARRIVAL + dt.timedelta(days=1))
    assert scan(FIRST_ALERT_DAY).raised == {"no_contract": 1}
    alert = Alert.objects.get()
    assert (alert.person, alert.unit.code, alert.rule) == (person, "KZ-59", "no_contract")
    assert (alert.period_start, alert.due_date) == (ARRIVAL, LAST_QUIET_DAY)
    assert alert.article == "model-law/art-15/p-1"
    ev = alert.evidence
    assert ev["days_without_contract"] == 31 and ev["threshold_days"] == 30
    assert ev["registration"]["arrival_date"] == "2026-03-02" and ev["registration"]["region"] == "KZ-59"
    assert ev["came_from"] == "KZ-61" and ev["event"]["date"] == "2026-03-03"
    assert ev["receiving"] == {"region": "KZ-59", "on": "2026-03-02", "parameter": "regions.receiving.KZ_59",
                               "article": "model-law/art-4/p-3"}
    assert ev["last_contract"] is None


def test_a_migrant_with_a_contract_in_force_raises_nothing():
    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=ARRIVAL)
    hire(person, employer_in("KZ-59"), start=dt.date(2026, 3, 20))
    assert scan(dt.date(2026, 6, 1)).raised == {}


def test_the_days_without_a_contract_run_again_from_the_day_after_the_contract_ended():
    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=ARRIVAL)
    hire(person, employer_in("KZ-59"), start=dt.date(2026, 3, 5), end=dt.date(2026, 5, 31))
    # Without a contract from 1 June: 30 days run out on 1 July, the alert is due from 2 July
    assert scan(dt.date(2026, 7, 1)).raised == {}
    assert scan(dt.date(2026, 7, 2)).raised == {"no_contract": 1}
    alert = Alert.objects.get()
    assert (alert.period_start, alert.due_date) == (dt.date(2026, 6, 1), dt.date(2026, 7, 1))
    assert alert.evidence["last_contract"]["end_date"] == "2026-05-31"
    assert alert.evidence["days_without_contract"] == 31


def test_a_terminated_contract_counts_from_the_day_of_termination():
    from labour.services import terminate_contract

    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=ARRIVAL)
    contract = hire(person, employer_in("KZ-59"), start=dt.date(2026, 3, 5))
    terminate_contract(contract, event_date=dt.date(2026, 5, 15), registered_on=dt.date(2026, 5, 15))
    # Not in force from 15 May: 30 days run out on 14 June
    assert scan(dt.date(2026, 6, 14)).raised == {}
    assert scan(dt.date(2026, 6, 15)).raised == {"no_contract": 1}
    assert Alert.objects.get().period_start == dt.date(2026, 5, 15)


def test_a_move_into_a_region_that_is_not_receiving_raises_nothing():
    move(person_from("KZ-55"), "KZ-61", arrival=ARRIVAL)  # Turkistan is a sending region
    assert scan(dt.date(2026, 6, 1)).raised == {}


def test_a_region_counts_as_receiving_only_from_the_day_the_law_lists_it():
    """Akmola is a receiving region from 1 January 2020 (regions.receiving.KZ_11)."""
    before, after = person_from("KZ-61"), person_from("KZ-61")
    move(before, "KZ-11", arrival=dt.date(2019, 12, 20))
    move(after, "KZ-11", arrival=dt.date(2020, 1, 6))
    employer = employer_in("KZ-11")
    for person in (before, after):
        hire(person, employer, start=dt.date(2020, 10, 1), end=dt.date(2021, 3, 31))
    assert scan(dt.date(2021, 5, 3)).raised == {"no_contract": 1}
    assert Alert.objects.get().person == after


def test_a_move_within_a_region_is_not_a_migration():
    person = person_from("KZ-59")
    move(person, "KZ-59", arrival=ARRIVAL)
    assert scan(dt.date(2026, 6, 1)).raised == {}


def test_a_minor_raises_nothing():
    person = person_from("KZ-61", birth_date=dt.date(2009, 1, 10))  # 17 on 2 April 2026
    move(person, "KZ-59", arrival=ARRIVAL)
    assert scan(FIRST_ALERT_DAY).raised == {}


def test_a_temporary_stay_from_another_region_counts_and_one_in_the_home_region_does_not():
    visitor, local = person_from("KZ-61"), person_from("KZ-59")
    move(visitor, "KZ-59", arrival=ARRIVAL, kind="temporary", valid_until=dt.date(2026, 9, 30))
    move(local, "KZ-59", arrival=ARRIVAL, kind="temporary", valid_until=dt.date(2026, 9, 30))
    assert scan(FIRST_ALERT_DAY).raised == {"no_contract": 1}
    alert = Alert.objects.get()
    assert alert.person == visitor and alert.evidence["came_from"] == "KZ-61"


def test_a_stay_that_has_ended_raises_nothing():
    move(person_from("KZ-61"), "KZ-59", arrival=dt.date(2026, 2, 20), kind="temporary",
         valid_until=dt.date(2026, 3, 31))
    assert scan(FIRST_ALERT_DAY).raised == {}


def test_an_alert_is_raised_once_however_often_the_scan_runs():
    move(person_from("KZ-61"), "KZ-59", arrival=ARRIVAL)
    assert scan(FIRST_ALERT_DAY).raised == {"no_contract": 1}
    again = scan(FIRST_ALERT_DAY)
    later = scan(dt.date(2026, 5, 20))
    assert again.raised == {} and later.raised == {}
    assert again.due == {"no_contract": 1} and later.due == {"no_contract": 1}
    assert Alert.objects.count() == 1


def test_a_new_gap_after_a_new_contract_is_a_new_alert():
    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=ARRIVAL)
    assert scan(FIRST_ALERT_DAY).raised == {"no_contract": 1}
    hire(person, employer_in("KZ-59"), start=dt.date(2026, 4, 10), end=dt.date(2026, 6, 30))
    assert scan(dt.date(2026, 6, 30)).raised == {}
    assert scan(dt.date(2026, 8, 1)).raised == {"no_contract": 1}  # from 1 July: due after 31 July
    assert sorted(Alert.objects.values_list("period_start", flat=True)) == [ARRIVAL, dt.date(2026, 7, 1)]
