"""The long lists (lib.pagination.CursorPagination): walking `next` returns every row the reader may see once and
only those; a deep page is the same query as the second (a seek in the index, no OFFSET); a tampered cursor is
a 400 naming `cursor`. On the demo data, as the demo users whose scope is narrowest for each list."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.audit import log_access
from accounts.models import AccessLog, ChangeRecord, User
from fund.models import LineStatus, PaymentLine
from labour.models import EmploymentContract, JobSeeker
from people.models import Person
from people.selectors import pseudonym
from registry.models import MigrationEvent

pytestmark = pytest.mark.django_db


def _events(user: User) -> list[Any]:
    return list(MigrationEvent.objects.visible_to(user, "view").effective()
                .order_by("-event_date", "-id").values_list("id", flat=True))


def _persons_by_pseudonym(user: User) -> list[Any]:
    return [pseudonym(iin) for iin in Person.objects.visible_to(user).order_by("id").values_list("iin", flat=True)]


LISTS: list[tuple[str, str, str, str, Callable[[User], list[Any]]]] = [
    # url, user, the row's key in the answer, the table the page reads, the rows the user may see in the list's order
    ("/api/v1/registry/events/", "officer", "id", "registry_migrationevent", _events),
    ("/api/v1/registry/events/", "researcher", "id", "registry_migrationevent", _events),
    ("/api/v1/people/persons/", "officer", "id", "people_person",
     lambda u: list(Person.objects.visible_to(u).order_by("id").values_list("id", flat=True))),
    ("/api/v1/people/persons/", "researcher", "pseudonym", "people_person", _persons_by_pseudonym),
    ("/api/v1/accounts/changes/", "auditor", "id", "accounts_changerecord",
     lambda u: list(ChangeRecord.objects.visible_to(u).order_by("-at", "-id").values_list("id", flat=True))),
    ("/api/v1/accounts/access-log/", "auditor", "id", "accounts_accesslog",
     lambda u: list(AccessLog.objects.visible_to(u).order_by("-at", "-id").values_list("id", flat=True))),
    ("/api/v1/fund/payments/", "officer", "reference", "fund_paymentline",
     lambda u: list(PaymentLine.objects.visible_to(u, "view").exclude(status=LineStatus.DROPPED)
                    .order_by("-id").values_list("reference", flat=True))),
    ("/api/v1/labour/contracts/", "officer", "id", "labour_employmentcontract",
     lambda u: list(EmploymentContract.objects.visible_to(u, "view").order_by("-id").values_list("id", flat=True))),
    ("/api/v1/labour/job-seekers/", "ministry", "id", "labour_jobseeker",
     lambda u: list(JobSeeker.objects.visible_to(u, "view").order_by("-id").values_list("id", flat=True))),
]
IDS = [f"{url.split('/')[3]}-{url.split('/')[4]}-{user}" for url, user, *_ in LISTS]


@pytest.fixture(autouse=True)
def an_access_log(demo_data, db) -> None:
    """The demo data writes no access log: a dozen views of persons by the officer."""
    officer = User.objects.get(username="officer")
    for person in Person.objects.order_by("id")[:12]:
        log_access("view", obj=person, user=officer)


def _client(username: str) -> tuple[APIClient, User]:
    user = User.objects.get(username=username)
    client = APIClient()
    client.force_authenticate(user)
    return client, user


def _page_query(queries: list[dict[str, str]], table: str) -> str:
    """The SQL that read the page's rows: the query on the list's table with a LIMIT."""
    reads = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]]
    assert len(reads) == 1, reads
    return reads[0]


def _shape(sql: str) -> str:
    """The query without its values: two pages that differ only in where they start have the same shape."""
    return re.sub(r"'[^']*'|\b\d[\d:.+ -]*\b", "?", sql)


@pytest.mark.parametrize(("url", "username", "key", "table", "expected"), LISTS, ids=IDS)
def test_walking_next_returns_every_visible_row_once_by_the_same_query(demo_data, url, username, key, table,
                                                                       expected):
    client, user = _client(username)
    visible = expected(user)
    assert len(visible) >= 4, "the demo data gives this list several pages"
    limit = max(2, len(visible) // 6)
    seen: list[Any] = []
    shapes: list[str] = []
    link: str | None = f"{url}?limit={limit}"
    while link:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(link)
        assert answer.status_code == 200, answer.content
        page = answer.json()
        assert "count" not in page and len(page["results"]) <= limit
        seen += [row[key] for row in page["results"]]
        sql = _page_query(captured.captured_queries, table)
        assert "OFFSET" not in sql.upper()
        shapes.append(_shape(sql))
        link = page["next"]
    assert seen == visible  # every row once, in the list's order, and none the reader may not see
    assert len(shapes) >= 3 and len(set(shapes[1:])) == 1  # page 2 and the deepest page: one query, one plan
    if username == "researcher":  # pseudonyms, no identity, and no person's id (the cursor is sealed too)
        assert all("iin" not in row and "person_iin" not in row for row in page["results"])
        assert url != "/api/v1/people/persons/" or all("id" not in row for row in page["results"])


@pytest.mark.parametrize(("url", "username", "key", "table", "expected"), LISTS[:1] + LISTS[2:3], ids=IDS[:1] + IDS[2:3])
def test_previous_walks_back_to_the_same_rows(demo_data, url, username, key, table, expected):
    client, _ = _client(username)
    first = client.get(f"{url}?limit=2").json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None and second["previous"]
    again = client.get(second["previous"]).json()
    assert [r[key] for r in again["results"]] == [r[key] for r in first["results"]]


def test_the_territory_narrows_the_walk(demo_data):
    """The officer of North Kazakhstan walks fewer events than the ministry: scope is applied before the seek."""
    officer, officer_user = _client("officer")
    ministry, ministry_user = _client("ministry")
    assert 0 < len(_events(officer_user)) < len(_events(ministry_user))


@pytest.mark.parametrize(("url", "username"), [(url, user) for url, user, *_ in LISTS], ids=IDS)
def test_a_tampered_cursor_is_a_400_naming_the_cursor(demo_data, url, username):
    client, _ = _client(username)
    cursor = re.search(r"cursor=([^&]+)", client.get(f"{url}?limit=1").json()["next"])
    assert cursor is not None
    sealed = cursor.group(1)
    flipped = sealed[:20] + ("A" if sealed[20] != "A" else "B") + sealed[21:]
    for bad in (flipped, sealed[:-3], "not-a-cursor!", "eyJiIjowLCJwIjpbMV19", "%%%", "A" * 3000):
        answer = client.get(url, {"cursor": bad})
        assert answer.status_code == 400 and "cursor" in answer.json(), (bad, answer.content)
