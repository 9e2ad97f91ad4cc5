"""Rule 2 (model law art. 14(1)): an employer whose migrant hires have late or missing contract entries.

Deadlines counted by hand from the article: a new contract within 5 working days of signing (signed Monday
2 February 2026: 3, 4, 5, 6 and 9 February, so due on 9 February); a termination within 3 working days
(a contract ending on Tuesday 30 June 2026: 1, 2 and 3 July, so due on Friday 3 July). No public holiday
falls in either span.
"""

from __future__ import annotations

import datetime as dt

import pytest

from oversight import services
from oversight.models import Alert, Rule

from .conftest import employer_in, hire, move, person_from

pytestmark = pytest.mark.django_db

SIGNED = dt.date(2026, 2, 2)
NEW_DUE = dt.date(2026, 2, 9)


def scan(on: dt.date):
    return services.scan(on=on, actor="test", only=[Rule.CONTRACT_ENTRIES])


def migrant(code: str = "KZ-61"):
    """A person of another region who moved to North Kazakhstan in January 2026."""
    person = person_from(code)
    move(person, "KZ-59", arrival=dt.date(2026, 1, 12))
    return person


def test_a_new_contract_entered_on_the_5th_working_day_raises_nothing():
    hire(migrant(), employer_in(), start=SIGNED, registered_on=NEW_DUE)
    assert scan(dt.date(2026, 3, 1)).raised == {}


def test_a_new_contract_entered_a_day_after_the_deadline_raises_an_alert_on_the_employer():
    employer = employer_in()
    person = migrant()
    contract = hire(person, employer, start=SIGNED, registered_on=NEW_DUE + dt.timedelta(days=1))
    assert scan(dt.date(2026, 3, 1)).raised == {"contract_entries": 1}
    alert = Alert.objects.get()
    assert (alert.employer, alert.person, alert.unit.code) == (employer, None, "KZ-59")
    assert (alert.period_start, alert.due_date, alert.article) == (dt.date(2026, 2, 1), NEW_DUE,
                                                                   "model-law/art-14/p-1")
    (finding,) = alert.evidence["findings"]
    assert finding == {"finding": "late", "contract": contract.pk, "person": person.pk, "hire": "moved",
                       "entry": contract.entries.get().pk, "kind": "new", "event_date": "2026-02-02",
                       "due_date": "2026-02-09", "registered_on": "2026-02-10", "days_late": 1,
                       "article": "model-law/art-14/p-1"}
    assert alert.evidence["late"] == 1 and alert.evidence["missing"] == 0


def test_a_late_entry_for_a_local_hire_is_not_a_migrant_hire():
    hire(person_from("KZ-59"), employer_in(), start=SIGNED, registered_on=dt.date(2026, 2, 20))
    assert scan(dt.date(2026, 3, 1)).raised == {}


def test_a_hire_long_after_the_move_is_not_a_migrant_hire():
    person = person_from("KZ-61")
    move(person, "KZ-59", arrival=dt.date(2024, 1, 10))
    hire(person, employer_in(), start=SIGNED, registered_on=dt.date(2026, 2, 20))
    assert scan(dt.date(2026, 3, 1)).raised == {}


def test_a_migrant_registered_by_the_simplified_procedure_is_a_migrant_hire():
    employer = employer_in()
    person = person_from("KZ-61")
    hire(person, employer, start=SIGNED, registered_on=dt.date(2026, 2, 12))
    move(person, "KZ-59", arrival=SIGNED, registered_on=dt.date(2026, 2, 3), procedure="simplified",
         employer=employer)
    assert scan(dt.date(2026, 3, 1)).raised == {"contract_entries": 1}
    assert Alert.objects.get().evidence["findings"][0]["hire"] == "simplified"


def test_an_ended_fixed_term_contract_without_a_termination_entry_is_missing_after_3_working_days():
    employer = employer_in()
    contract = hire(migrant(), employer, start=SIGNED, end=dt.date(2026, 6, 30))
    assert scan(dt.date(2026, 7, 3)).raised == {}
    assert scan(dt.date(2026, 7, 4)).raised == {"contract_entries": 1}
    alert = Alert.objects.get()
    assert (alert.period_start, alert.due_date) == (dt.date(2026, 7, 1), dt.date(2026, 7, 3))
    (finding,) = alert.evidence["findings"]
    assert (finding["finding"], finding["kind"], finding["contract"]) == ("missing", "termination", contract.pk)
    assert (finding["event_date"], finding["due_date"], finding["registered_on"]) == ("2026-06-30", "2026-07-03",
                                                                                    None)
    assert finding["days_late"] == 1


def test_a_termination_entered_on_time_is_not_missing():
    from labour.services import terminate_contract

    contract = hire(migrant(), employer_in(), start=SIGNED, end=dt.date(2026, 6, 30))
    terminate_contract(contract, event_date=dt.date(2026, 6, 30), registered_on=dt.date(2026, 7, 3))
    assert scan(dt.date(2026, 7, 20)).raised == {}


def test_findings_of_one_employer_in_one_month_make_one_alert_raised_once():
    employer = employer_in()
    hire(migrant(), employer, start=SIGNED, registered_on=dt.date(2026, 2, 11))
    hire(migrant("KZ-31"), employer, start=dt.date(2026, 2, 3), registered_on=dt.date(2026, 2, 16))
    other = employer_in(name="Esil Agro LLP")
    hire(migrant(), other, start=SIGNED, registered_on=dt.date(2026, 2, 11))
    assert scan(dt.date(2026, 3, 1)).raised == {"contract_entries": 2}
    mine = Alert.objects.get(employer=employer)
    assert mine.evidence["late"] == 2 and len(mine.evidence["findings"]) == 2
    assert scan(dt.date(2026, 3, 1)).raised == {}
    assert scan(dt.date(2026, 3, 2)).raised == {}
    assert Alert.objects.count() == 2


def test_a_later_finding_of_the_same_month_refreshes_the_open_alert_instead_of_raising_another():
    from accounts.models import ChangeRecord

    employer = employer_in()
    hire(migrant(), employer, start=SIGNED, registered_on=dt.date(2026, 2, 11))
    assert scan(dt.date(2026, 2, 12)).raised == {"contract_entries": 1}
    hire(migrant(), employer, start=dt.date(2026, 2, 3), registered_on=dt.date(2026, 2, 20))
    result = scan(dt.date(2026, 2, 21))
    assert result.raised == {} and result.refreshed == 1
    alert = Alert.objects.get()
    assert alert.evidence["late"] == 2
    assert ChangeRecord.objects.filter(kind="oversight.alert", object_id=str(alert.pk), action="update").exists()
