"""Every API list is paged with a capped page size; no limit, offset or cursor makes a server error.

The persons list pages by keyset (CursorPagination): `limit` is bounded the same way, and there is no offset.
Walking, deep pages and tampered cursors of every keyset list: api/tests/test_keyset_pages.py."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from accounts.testing import a_person_in, a_user
from lib.pagination import MAX_LIMIT, CursorPagination

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/persons/"


@pytest.fixture
def ministry(client):
    for n in range(3):
        a_person_in("KZ-59", surname=f"Qoshiyev{n}")
    client.force_login(a_user(Role.MINISTRY))
    return client


@pytest.mark.parametrize("query", ["limit=99999999999999999999", "offset=-1", "offset=99999999999999999999999",
                                   "limit=-5", "limit=abc&offset=x", "limit=0", "offset=1e9"])
def test_a_hostile_limit_or_offset_is_bounded_not_a_server_error(rf, query):
    from rest_framework.request import Request

    from lib.pagination import Pagination
    from people.models import Person

    for n in range(3):
        a_person_in("KZ-59", surname=f"Qoshiyev{n}")
    paginator = Pagination()
    page = paginator.paginate_queryset(Person.objects.filter(surname__startswith="Qoshiyev").order_by("pk"), Request(rf.get(f"/?{query}")))
    assert paginator.count == 3 and page is not None and len(page) <= 3


@pytest.mark.parametrize("query", ["limit=99999999999999999999", "offset=-1", "limit=-5", "limit=abc&offset=x",
                                   "limit=0", "offset=1e9"])
def test_a_hostile_limit_of_a_keyset_list_is_bounded_not_a_server_error(ministry, query):
    answer = ministry.get(f"{URL}?q=Qoshiyev&{query}")  # only this test's persons, whatever else the database holds
    assert answer.status_code == 200
    body = answer.json()
    assert "count" not in body and 1 <= len(body["results"]) <= 3  # the limit is read as 1..500; no offset


def test_the_page_size_is_capped(ministry):
    for n in range(3, 8):
        a_person_in("KZ-59", surname=f"Qoshiyev{n}")
    from lib import pagination

    assert pagination.Pagination.max_limit == MAX_LIMIT == 500
    first = ministry.get(f"{URL}?q=Qoshiyev&limit=2").json()
    page = ministry.get(first["next"]).json()
    assert len(page["results"]) == 2 and page["next"] and page["previous"]


def test_a_tampered_cursor_is_a_400_naming_the_cursor(rf):
    from rest_framework.request import Request

    from people.models import Person

    paginator = CursorPagination()
    for cursor in ("not-base64!", "cD1hYmM=", "bz0xJnA9eHg="):  # garbage; p=abc; o=1&p=xx
        request = Request(rf.get("/", {"cursor": cursor}))
        with pytest.raises(Exception) as raised:
            paginator.paginate_queryset(Person.objects.all(), request)
        assert getattr(raised.value, "status_code", None) == 400 and "cursor" in raised.value.detail
