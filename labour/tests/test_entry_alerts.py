"""The labour-only oversight rule: employers whose migrant hires have late or missing contract entries."""

import datetime as dt

import pytest

from accounts.testing import a_person_in, a_user
from labour.selectors import employers_with_late_or_missing_entries
from labour.services import register_contract
from law import deadlines as law

from .conftest import an_employer_in, region

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 3)


def hire(employer, *, registered_on, fixed_until=None):
    region("KZ-61")
    return register_contract(employer=employer, employee=a_person_in("KZ-61"), position="Welder",
                             workplace_unit=employer.region, start_date=START, wage_kzt=300_000,
                             registered_on=registered_on, term="fixed" if fixed_until else "indefinite",
                             end_date=fixed_until)


def test_an_entry_made_on_its_due_date_raises_nothing_and_a_day_later_raises_an_alert_with_its_evidence():
    due = law.contract_entry_deadline(kind="new", event_date=START).due_date
    on_time = an_employer_in("KZ-59")
    hire(on_time, registered_on=due)
    late = an_employer_in("KZ-59", name="Late LLP", serial=2)
    contract = hire(late, registered_on=due + dt.timedelta(days=1))
    alerts = employers_with_late_or_missing_entries(a_user("inspector", scope="KZ-59"), due + dt.timedelta(days=30))
    assert [a.employer_id for a in alerts] == [late.pk]
    evidence = alerts[0].late[0]
    assert (evidence.contract_id, evidence.kind, evidence.due_date, evidence.days_late) == (contract.pk, "new", due, 1)


def test_a_fixed_term_contract_that_ended_without_a_termination_entry_is_missing_after_the_deadline():
    employer = an_employer_in("KZ-59")
    end = dt.date(2025, 9, 1)
    hire(employer, registered_on=START, fixed_until=end)
    due = law.contract_entry_deadline(kind="termination", event_date=end).due_date
    inspector = a_user("inspector", scope="KZ-59")
    assert employers_with_late_or_missing_entries(inspector, due) == []
    alerts = employers_with_late_or_missing_entries(inspector, due + dt.timedelta(days=1))
    assert len(alerts) == 1 and alerts[0].missing[0].kind == "termination" and alerts[0].since == due


def test_an_inspector_of_another_region_sees_no_alert():
    employer = an_employer_in("KZ-59")
    due = law.contract_entry_deadline(kind="new", event_date=START).due_date
    hire(employer, registered_on=due + dt.timedelta(days=5))
    assert employers_with_late_or_missing_entries(a_user("inspector", scope="KZ-55"), dt.date(2025, 6, 1)) == []
