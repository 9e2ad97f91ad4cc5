"""The labour sections of the start page: oldest first, each item one click from the page that does it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.testing import a_user
from labour.services import publish_notice
from labour.work_queue import sections

from .conftest import an_employer_in, region

pytestmark = pytest.mark.django_db


def test_an_employers_unanswered_notices_wait_oldest_first_each_linking_to_its_answer_page():
    employer = an_employer_in("KZ-59")
    officer = a_user("officer", scope="KZ-59")
    today = timezone.localdate()
    newer = publish_notice(region=region("KZ-59"), kind="news", title="Quota left: 40 places", body="...",
                           published_on=today - dt.timedelta(days=2), actor=officer)
    older = publish_notice(region=region("KZ-59"), kind="news", title="Programme news", body="...",
                           published_on=today - dt.timedelta(days=9), actor=officer)
    notices = next(s for s in sections(employer.users.first()) if s.more_url == reverse("labour:notices"))
    assert [(i.label, i.since) for i in notices.items] == [("Programme news", today - dt.timedelta(days=9)),
                                                          ("Quota left: 40 places", today - dt.timedelta(days=2))]
    assert [i.url for i in notices.items] == [reverse("labour:notice", args=[older.pk]),
                                              reverse("labour:notice", args=[newer.pk])]
    assert notices.total == 2


def test_a_queue_is_read_and_counted_in_one_query_whether_shorter_or_longer_than_a_page(django_assert_num_queries):
    from labour.models import Notice
    from lib.work_queue import first_and_total

    officer = a_user("officer", scope="KZ-59")
    today = timezone.localdate()
    for day in range(12):
        publish_notice(region=region("KZ-59"), kind="news", title=f"News {day}", body="...",
                       published_on=today - dt.timedelta(days=day), actor=officer)
    notices = Notice.objects.order_by("published_on", "id")
    with django_assert_num_queries(1):
        rows, total = first_and_total(notices, 20)
    assert (len(rows), total) == (12, 12)
    with django_assert_num_queries(1):  # the total is a window of the same query
        rows, total = first_and_total(notices, 10)
    assert (len(rows), total) == (10, 12)
    with django_assert_num_queries(1):
        assert first_and_total(notices.filter(title="none such"), 10) == ([], 0)
    with django_assert_num_queries(2):  # a DISTINCT queryset is counted apart when the page is full
        rows, total = first_and_total(notices.distinct(), 10)
    assert (len(rows), total) == (10, 12)
    assert [n.title for n in rows][:2] == ["News 11", "News 10"]


def test_a_compiled_read_is_built_once_for_its_key_and_run_afresh_every_time():
    """lib.work_queue.compiled_rows keeps how to ask, never the answer: a notice published after the first read is
    in the second, though the queryset was built once; dates come back as dates on either database."""
    from accounts.permissions import scope_key
    from labour.models import Notice
    from lib.work_queue import compiled_first_and_total

    officer = a_user("officer", scope="KZ-59")
    today = timezone.localdate()
    builds = []

    def build():
        builds.append(1)
        return Notice.objects.filter(region=region("KZ-59")).values("title", "published_on").order_by("published_on")

    key = ("test.notices", scope_key(officer), today)
    assert compiled_first_and_total(key, build, 10) == ([], 0)
    publish_notice(region=region("KZ-59"), kind="news", title="Programme news", body="...", published_on=today,
                   actor=officer)
    rows, total = compiled_first_and_total(key, build, 10)
    assert [(r["title"], r["published_on"]) for r in rows] == [("Programme news", today)] and total == 1
    assert len(builds) == 1
    another = a_user("officer", scope="KZ-59")  # the same territory, another user: a key of their own
    assert scope_key(another) != scope_key(officer)
