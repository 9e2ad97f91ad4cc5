"""The register of employment contracts: BIN, dated entries and their deadlines (worked out by hand from the law)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.testing import a_person_in, a_user
from labour.bin import InvalidBIN, make_bin, parse_bin
from labour.models import ContractEntry
from labour.selectors import active_contract
from labour.services import (
    change_contract,
    end_job_seeking,
    register_contract,
    register_employer,
    register_job_seeker,
    terminate_contract,
)

from .conftest import region

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 3)


def test_a_bin_is_checked_with_the_iins_check_digit():
    good = make_bin(2015, 3, 1)
    assert parse_bin(good) == good
    wrong = good[:11] + str((int(good[11]) + 1) % 10)
    for bad, part in [(wrong, "checksum"), (good[:11], "length"), ("12345678901a", "digits")]:
        with pytest.raises(InvalidBIN) as caught:
            parse_bin(bad)
        assert caught.value.part == part


def test_an_employer_with_a_mistyped_bin_is_refused():
    good = make_bin(2015, 3, 1)
    with pytest.raises(ValidationError) as caught:
        register_employer(bin=good[:11] + str((int(good[11]) + 1) % 10), name="X", region=region("KZ-59"), sector="C")
    assert "bin" in caught.value.message_dict


@pytest.fixture
def employer():
    return register_employer(bin=make_bin(2015, 3, 1), name="Kyzyl-Zhar Grain", region=region("KZ-59"), sector="A",
                             users=[a_user("employer")])


@pytest.fixture
def worker():
    region("KZ-61")
    return a_person_in("KZ-61")


def contract(employer, worker, registered_on):
    return register_contract(employer=employer, employee=worker, position="Agronomist", workplace_unit=employer.region,
                             start_date=START, wage_kzt=420_000, registered_on=registered_on)


# Worked out by hand from model law art. 14(1) (Order No. 353 of 2020) for an event on Monday 3 March 2025:
# a new contract within 5 working days: 4, 5, 6, 7 March, then Monday 10 March is a holiday (International Women's
# Day, 8 March, moved), so the 5th working day is Tuesday 11 March; a termination within 3 working days: Thursday
# 6 March; a change within 15 calendar days: 18 March. An entry a day after its due day is 1 day late.
DUE = {"new": dt.date(2025, 3, 11), "termination": dt.date(2025, 3, 6), "change": dt.date(2025, 3, 18)}


@pytest.mark.parametrize("kind", ["new", "change", "termination"])
def test_an_entry_on_its_due_date_is_on_time_and_a_day_later_is_late(employer, worker, kind):
    due = DUE[kind]
    later = due + dt.timedelta(days=1)
    for registered_on, late in [(due, 0), (later, 1)]:
        if kind == "new":
            entry = contract(employer, worker, registered_on).entries.get()
        else:
            c = contract(employer, worker, START)
            if kind == "change":
                entry = change_contract(c, event_date=START, registered_on=registered_on, wage_kzt=500_000)
            else:
                entry = terminate_contract(c, event_date=START, registered_on=registered_on)
        assert (entry.kind, entry.due_date, entry.days_late, entry.is_late) == (kind, due, late, late > 0)
        assert entry.article


def test_a_change_is_kept_as_a_dated_entry_with_old_and_new_values(employer, worker):
    c = contract(employer, worker, START)
    entry = change_contract(c, event_date=dt.date(2025, 6, 1), registered_on=dt.date(2025, 6, 2), wage_kzt=480_000,
                            position="Chief agronomist")
    assert entry.changes == {"wage_kzt": [420_000, 480_000], "position": ["Agronomist", "Chief agronomist"]}
    c.refresh_from_db()
    assert c.wage_kzt == 480_000
    assert list(ContractEntry.objects.filter(contract=c).values_list("kind", flat=True)) == ["new", "change"]


def test_the_active_contract_is_the_one_in_force_on_the_day(employer, worker):
    c = contract(employer, worker, START)
    assert active_contract(worker, START - dt.timedelta(days=1)) is None
    assert active_contract(worker, START) == c
    terminate_contract(c, event_date=dt.date(2025, 9, 1), registered_on=dt.date(2025, 9, 1))
    assert active_contract(worker, dt.date(2025, 8, 31)) == c
    assert active_contract(worker, dt.date(2025, 9, 1)) is None


def test_a_terminated_contract_cannot_be_changed_or_terminated_again(employer, worker):
    c = contract(employer, worker, START)
    terminate_contract(c, event_date=dt.date(2025, 9, 1), registered_on=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError):
        terminate_contract(c, event_date=dt.date(2025, 9, 2))
    with pytest.raises(ValidationError):
        change_contract(c, event_date=dt.date(2025, 9, 2), wage_kzt=1)


def test_a_wage_is_a_positive_whole_number_of_tenge(employer, worker):
    with pytest.raises(ValidationError) as caught:
        register_contract(employer=employer, employee=worker, position="X", workplace_unit=employer.region,
                          start_date=START, wage_kzt=0, registered_on=START)
    assert "wage_kzt" in caught.value.message_dict


def test_a_person_has_one_open_job_seeker_record(worker):
    seeker = register_job_seeker(worker, unit=region("KZ-61"), registered_on=dt.date(2025, 1, 10), status="unemployed")
    with pytest.raises(ValidationError):
        register_job_seeker(worker, unit=region("KZ-61"), registered_on=dt.date(2025, 2, 1))
    end_job_seeking(seeker, on=dt.date(2025, 3, 1))
    assert register_job_seeker(worker, unit=region("KZ-61"), registered_on=dt.date(2025, 3, 2)).pk
