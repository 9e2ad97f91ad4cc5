"""The start page's reads are sent together (lib.work_queue.reads_sent_together): one round trip on PostgreSQL for
all a user's figures and queues from the second visit on, and every visit still reads afresh."""

import datetime as dt

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


def test_a_kept_reads_columns_are_converted_as_the_orm_converts_them_each_time():
    """The converters of a compiled read's columns are found once per connection and read, and follow the read:
    the same key compiled anew (its entries forgotten) with its columns in another order converts each column."""
    from lib import work_queue

    auditor = a_user(Role.AUDITOR)
    key = ("test.converted", scope_key(auditor))
    AccessLog.objects.create(actor_label="a", event="login_failed", detail={"tries": 3})

    def rows(*columns):
        return compiled_rows(key, lambda: AccessLog.objects.visible_to(auditor).values(*columns).order_by("id"))

    for _ in range(2):  # compiled, then kept
        (row,) = rows("detail", "at")
        assert row["detail"] == {"tries": 3} and isinstance(row["at"], dt.datetime)
    work_queue._COMPILED.clear()
    for _ in range(2):
        (row,) = rows("at", "detail", "actor_label")
        assert row["detail"] == {"tries": 3} and isinstance(row["at"], dt.datetime) and row["actor_label"] == "a"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_links_of_a_queues_rows_follow_the_script_prefix(language):
    """url_by_id is kept per process under the script prefix (and URLconf and language) it was made with."""
    from django.urls import get_script_prefix, set_script_prefix
    from django.utils import translation

    from lib.work_queue import url_by_id

    prefix = get_script_prefix()
    try:
        with translation.override(language):
            assert url_by_id("appeals:appeal")(7) == "/appeals/7/"
            set_script_prefix("/koshi/")
            assert url_by_id("appeals:appeal")(7) == "/koshi/appeals/7/"
            assert url_by_id("appeals:appeal")(12) == "/koshi/appeals/12/"
            set_script_prefix("/")
            assert url_by_id("appeals:appeal")(12) == "/appeals/12/"
    finally:
        set_script_prefix(prefix)


def test_the_scope_key_is_the_users_scope_and_follows_its_changes():
    """scope_key keeps the grants' frozenset per user object, as long as the object holds the same grants; what
    else it names is read each time. Expected values from the grants table itself."""
    from django.utils.functional import SimpleLazyObject

    from accounts.models import Permission
    from accounts.testing import unit

    officer = a_user(Role.OFFICER, scope="KZ-59")
    grants = frozenset(((p.action, p.kind), p.scope) for p in Permission.objects.filter(role=Role.OFFICER))
    area = unit("KZ-59")
    expected = (officer.pk, True, "officer", grants, area.pk, area.path, None)
    assert scope_key(officer) == expected
    assert scope_key(officer) == expected
    assert scope_key(SimpleLazyObject(lambda: officer)) == expected
    other = unit("KZ-55")
    officer.scope_unit = other
    assert scope_key(officer) == (officer.pk, True, "officer", grants, other.pk, other.path, None)
    officer.is_active = False
    assert scope_key(officer)[1] is False
    officer._koshi_grants = {("view", "*"): "country"}  # another grants dict on the object: its own key
    assert scope_key(officer)[3] == frozenset({(("view", "*"), "country")})
