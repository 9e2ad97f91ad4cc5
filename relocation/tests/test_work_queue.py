"""The officer's four queues of applications are read in one query (relocation.work_queue._application_queues):
each shows its oldest first, at most a page, with the queue's full count; another region's officer sees none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import an_officer_of, unit
from relocation import services, work_queue

from .conftest import a_family

pytestmark = pytest.mark.django_db


def _application(day: dt.date):
    citizen = a_family()
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="town")
    services.submit(app, actor=citizen, on=day)
    return app


def test_each_queue_shows_its_oldest_page_and_counts_them_all(officer, quota, monkeypatch):
    days = [dt.date(2026, 3, d) for d in (4, 2, 5, 3)]
    apps = [_application(day) for day in days]
    services.forward(apps[3], actor=officer)  # submitted on 3 March: now in review
    monkeypatch.setattr(work_queue, "SHOWN", 2)
    with CaptureQueriesContext(connection) as queries:
        sections = {str(s.title): s for s in work_queue.officer_sections(officer)}
    forward, decide = sections["Applications to forward"], sections["Applications to decide"]
    # to forward: submitted on 4, 2 and 5 March; the page shows the two oldest (2 and 4 March)
    assert forward.total == 3 and [i.since for i in forward.items] == [dt.date(2026, 3, 2), dt.date(2026, 3, 4)]
    assert [i.url.rstrip("/").rsplit("/", 1)[1] for i in forward.items] == [str(apps[1].pk), str(apps[0].pk)]
    assert forward.more_url is not None
    assert decide.total == 1 and len(decide.items) == 1 and f"№{apps[3].pk}" in decide.items[0].label
    assert "Agreements to sign" not in sections
    applications = [q for q in queries.captured_queries if 'FROM "relocation_application"' in q["sql"]
                    or "FROM relocation_application" in q["sql"]]
    assert len([q for q in applications if "ROW_NUMBER" in q["sql"].upper()]) == 1
    assert work_queue.officer_sections(an_officer_of("KZ-55")) == []
