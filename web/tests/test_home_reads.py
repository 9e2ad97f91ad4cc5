"""The start page's reads are sent together (lib.work_queue.reads_sent_together): one round trip on PostgreSQL for
all a user's figures and queues from the second visit on, and every visit still reads afresh."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import AccessLog
from accounts.permissions import scope_key
from accounts.roles import Role
from accounts.testing import a_user
from lib.work_queue import compiled_count, compiled_rows, reads_sent_together

pytestmark = pytest.mark.django_db


def test_reads_sent_together_are_read_afresh_each_time(django_assert_num_queries):
    auditor = a_user(Role.AUDITOR)
    key = scope_key(auditor)

    def failed():
        return AccessLog.objects.visible_to(auditor).filter(event="login_failed")

    def page():
        with reads_sent_together(("test.page", key)):
            return (compiled_count(("test.count", key), failed),
                    compiled_rows(("test.rows", key), lambda: failed().values("actor_label").order_by("id")))

    AccessLog.objects.create(actor_label="a", event="login_failed")
    assert page() == (1, [{"actor_label": "a"}])  # compiled (the count by the ORM), and their list kept
    AccessLog.objects.create(actor_label="b", event="login_failed")
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert page() == (2, [{"actor_label": "a"}, {"actor_label": "b"}])
    AccessLog.objects.create(actor_label="c", event="login")  # not a failed login: in neither
    AccessLog.objects.create(actor_label="d", event="login_failed")
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert page() == (3, [{"actor_label": "a"}, {"actor_label": "b"}, {"actor_label": "d"}])
    # a read the page no longer makes is fetched ahead once more, then forgotten; one it makes anew is read alone
    # (by the ORM, the first time), then with the others
    with reads_sent_together(("test.page", key)):
        assert compiled_count(("test.count", key), failed) == 3
    with django_assert_num_queries(2):  # the count fetched ahead; the new one by the ORM
        with reads_sent_together(("test.page", key)):
            assert compiled_count(("test.count", key), failed) == 3
            assert compiled_count(("test.other", key), failed) == 3
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        with reads_sent_together(("test.page", key)):
            assert compiled_count(("test.count", key), failed) == 3
            assert compiled_count(("test.other", key), failed) == 3


def test_a_reads_rows_are_only_for_the_page_that_fetched_them():
    """Rows fetched ahead are taken by the read of the same page; outside a page every read runs alone."""
    auditor = a_user(Role.AUDITOR)
    key = scope_key(auditor)
    AccessLog.objects.create(actor_label="a", event="login_failed")

    def failed():
        return AccessLog.objects.visible_to(auditor).filter(event="login_failed")

    for _ in range(3):
        with reads_sent_together(("test.page", key)):
            assert compiled_count(("test.count", key), failed) == 1
    AccessLog.objects.create(actor_label="b", event="login_failed")
    assert compiled_count(("test.count", key), failed) == 2


def test_the_auditors_start_page_counts_afresh_with_its_reads_sent_together(client, django_assert_max_num_queries):
    auditor = a_user(Role.AUDITOR)
    client.force_login(auditor)
    client.cookies["django_language"] = "en"
    for expected in (1, 2, 3, 4):
        AccessLog.objects.create(actor_label="x", event="login_failed")
        with django_assert_max_num_queries(8):
            html = client.get(reverse("web:home")).content.decode()
        assert f'<span class="value">{expected}</span><span class="label">Failed logins</span>' in html
