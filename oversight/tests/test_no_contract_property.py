"""Property (hypothesis): for any arrival, any contracts and any day, rule 1 raises an alert exactly when a
day-by-day count, written here without the code under test, says the person has been without a contract for
more than the article's 30 days (model law art. 15(1))."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight import rules

from .conftest import employer_in, hire, move, person_from

pytestmark = pytest.mark.django_db

THRESHOLD_DAYS = 30  # model law art. 15(1)
FIRST = dt.date(2025, 1, 6)


def expected(arrival: dt.date, contracts: list[tuple[dt.date, dt.date | None]], on: dt.date) -> dt.date | None:
    """The start of the gap if an alert is due on `on`, else None: walk back day by day from `on`."""
    def employed(day: dt.date) -> bool:
        return any(start <= day and (end is None or day <= end) for start, end in contracts)

    if employed(on):
        return None
    day = on
    while day > arrival and not employed(day - dt.timedelta(days=1)):
        day -= dt.timedelta(days=1)
    return day if (on - day).days > THRESHOLD_DAYS else None


contract = st.tuples(st.integers(0, 300), st.one_of(st.none(), st.integers(31, 200)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrival_offset=st.integers(0, 200), spans=st.lists(contract, max_size=2), scan_offset=st.integers(0, 400))
def test_the_alert_is_due_exactly_when_the_day_by_day_count_says(db, arrival_offset, spans, scan_offset):
    arrival = FIRST + dt.timedelta(days=arrival_offset)
    on = arrival + dt.timedelta(days=scan_offset)
    with transaction.atomic():
        person = person_from("KZ-61")
        move(person, "KZ-59", arrival=arrival)
        employer = employer_in("KZ-59")
        contracts = []
        for start_offset, length in spans:
            start = FIRST + dt.timedelta(days=start_offset)
            end = None if length is None else start + dt.timedelta(days=length)
            hire(person, employer, start=start, end=end)
            contracts.append((start, end))
        found = [c for c in rules.no_contract_candidates(on) if c.person_id == person.pk]
        want = expected(arrival, [c for c in contracts if c[0] <= on], on)
        assert [c.period_start for c in found] == ([want] if want else [])
        transaction.set_rollback(True)
