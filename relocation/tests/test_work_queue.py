"""The officer's four queues of applications are read in one query (relocation.work_queue._application_queues):
each shows its oldest first, at most a page, with the queue's full count; another region's officer sees none. The
start page shows them so, and reads one query a queue however long the queues are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

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


def _page(client, user, language: str = "en") -> str:
    client.force_login(user)
    return client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_officers_start_page_shows_a_queue_oldest_first_with_its_total_and_its_labels(client, officer, quota,
                                                                                         monkeypatch):
    apps = [_application(dt.date(2026, 3, d)) for d in (4, 2, 3)]
    monkeypatch.setattr(work_queue, "SHOWN", 2)
    page = _page(client, officer, "ru")
    with translation.override("ru"):
        title = gettext("Applications to forward")
    section = page[page.index(f"<h3>{title} "):]
    section = section[:section.index("</div>")]
    # the two oldest (2 and 3 March) in that order; the newest (4 March) left for the list; all three counted
    first, second = (section.index(f"№{app.pk} ·") for app in (apps[1], apps[2]))
    assert first < second and f"№{apps[0].pk} ·" not in section
    assert section.count("<tr") == 2 and f"<h3>{title} <span class=\"muted\">(3)</span></h3>" in section
    assert f'<a href="{reverse("relocation:index")}">' in section  # the link to all three
    # each label: the number, the applicant's name and both regions' names in the reader's language; one click away
    assert (f"№{apps[1].pk} · {apps[1].applicant.full_name} · {unit('KZ-61').name_ru} → {unit('KZ-59').name_ru}"
            in section)
    assert f'href="{reverse("relocation:application", args=[apps[1].pk])}"' in section


def test_another_regions_officer_finds_none_of_these_applications_on_the_start_page(client, officer, quota):
    app = _application(dt.date(2026, 3, 2))
    assert f"№{app.pk} ·" in _page(client, officer)
    assert f"№{app.pk} ·" not in _page(client, an_officer_of("KZ-55"))


def _reads(client) -> list[str]:
    """The SELECTs of one start page (the request's savepoints aside)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_start_pages_read_one_query_a_queue_however_long_it_is(client, officer, quota, citizen):
    """The officer's page: the session and its user in one query (accounts.sessions, from a session's second
    visit; the grants kept per process: accounts.permissions), two figures and nine queues (labour 2,
    oversight 1, relocation 4, appeals 2), the same with one application waiting or three. The citizen's: the
    session and user, the job offers and the application. On PostgreSQL the figures and queues are one query's
    statements from the second visit on (lib.work_queue.reads_sent_together)."""
    together = connection.vendor == "postgresql"
    client.force_login(officer)
    _application(dt.date(2026, 3, 2))
    client.get("/")
    one = _reads(client)
    for day in (3, 4):
        _application(dt.date(2026, 3, day))
    three = _reads(client)
    assert len(three) == len(one) == (1 + 1 if together else 1 + 2 + 9)
    if together:
        assert one[-1].count("; SELECT ") == three[-1].count("; SELECT ") == 2 + 9 - 1
    services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                settlement_type="town")
    client.force_login(citizen)
    client.get("/")
    citizens = _reads(client)
    assert len(citizens) == (1 + 1 if together else 1 + 2)
    if together:
        assert citizens[-1].count("; SELECT ") == 1


def test_agreements_to_sign_wait_the_longest_approved_first_whatever_their_submission(officer, quota):
    from relocation.models import Application

    early, late = _application(dt.date(2026, 3, 2)), _application(dt.date(2026, 3, 5))
    approved = {early.pk: dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), late.pk: dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)}
    for pk, moment in approved.items():  # the moment of approval is the row's last change (updated_at)
        Application.objects.filter(pk=pk).update(state="approved", updated_at=moment)
    sign = next(s for s in work_queue.officer_sections(officer) if str(s.title) == "Agreements to sign")
    assert [i.url.rstrip("/").rsplit("/", 1)[1] for i in sign.items] == [str(late.pk), str(early.pk)]
    assert sign.total == 2


def test_the_start_page_is_read_afresh_on_every_request(client, officer, quota):
    """The queues' SQL is compiled once per officer and day (lib.work_queue.compiled_rows), their rows never kept:
    an application submitted after a first visit is on the next one, and leaves the queue once forwarded."""
    first = _application(dt.date(2026, 3, 2))
    assert f"№{first.pk} ·" in _page(client, officer)
    second = _application(dt.date(2026, 3, 3))
    assert f"№{second.pk} ·" in _page(client, officer)
    services.forward(first, actor=officer)
    with translation.override("en"):
        page = _page(client, officer)
    forward = page[page.index("<h3>Applications to forward "):]
    forward = forward[:forward.index("</div>")]
    assert f"№{second.pk} ·" in forward and f"№{first.pk} ·" not in forward
