"""Each role lands on its own home page, in Kazakh, Russian and English."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import PASSWORD, a_citizen, a_user

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": {Role.OFFICER: "Employment-centre officer", Role.AUDITOR: "Auditor"},
    "ru": {Role.OFFICER: "Сотрудник центра занятости", Role.AUDITOR: "Аудитор"},
    "kk": {Role.OFFICER: "Жұмыспен қамту орталығының қызметкері", Role.AUDITOR: "Аудитор"},
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("role", [Role.OFFICER, Role.AUDITOR])
def test_a_role_sees_its_home_page_in_each_language(client, role, language):
    client.force_login(a_user(role, scope="KZ-59" if role == Role.OFFICER else None))
    client.cookies["django_language"] = language
    page = client.get(reverse("web:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert HEADINGS[language][role] in html


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_every_role_has_a_home_page_with_tasks(client, role):
    user = a_citizen() if role == Role.CITIZEN else a_user(role)
    client.force_login(user)
    page = client.get(reverse("web:home"))
    assert page.status_code == 200
    assert page.content.decode().count('class="card"') >= 1


def test_the_kazakh_page_has_no_english_interface_words(client):
    client.force_login(a_user(Role.AUDITOR))
    client.cookies["django_language"] = "kk"
    html = client.get(reverse("web:home")).content.decode()
    for english in ("Log out", "Change history", "Access log", "Your territory"):
        assert english not in html


def test_logging_in_leads_home_and_logging_out_leads_to_login(client):
    a_user(Role.MINISTRY, username="minister")
    response = client.post(reverse("web:login"), {"username": "minister", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302


def test_a_visitor_sees_the_public_tools(client):
    html = client.get(reverse("web:home")).content.decode()
    assert 'data-role="visitor"' in html


@pytest.mark.parametrize("language, figure", [("kk", "1\xa0234"), ("ru", "1\xa0234"), ("en", "1,234")])
def test_the_home_pages_figures_are_grouped_in_the_locales_format(client, language, figure):
    """The auditor's count of failed logins: 1 234 in Kazakh and Russian, 1,234 in English (it read 1234)."""
    from accounts.models import AccessLog

    AccessLog.objects.bulk_create(AccessLog(actor_label="x", event="login_failed") for _ in range(1234))
    client.force_login(a_user(Role.AUDITOR))
    client.cookies["django_language"] = language
    html = client.get(reverse("web:home")).content.decode()
    assert f'<span class="value">{figure}</span>' in html


def test_the_home_pages_figures_are_counted_afresh_on_every_request(client, django_assert_num_queries):
    """Only how to count is kept (lib.work_queue.compiled_count), per the user's scope and day: a failed login
    after the first page is in the second page's count, and the count is one query either way."""
    from accounts.models import AccessLog
    from accounts.permissions import scope_key
    from lib.work_queue import compiled_count

    auditor = a_user(Role.AUDITOR)
    client.force_login(auditor)
    client.cookies["django_language"] = "en"
    AccessLog.objects.bulk_create(AccessLog(actor_label="x", event="login_failed") for _ in range(1233))
    assert '<span class="value">1,233</span>' in client.get(reverse("web:home")).content.decode()
    AccessLog.objects.create(actor_label="x", event="login_failed")
    assert '<span class="value">1,234</span>' in client.get(reverse("web:home")).content.decode()
    builds = []

    def build():
        builds.append(1)
        return AccessLog.objects.visible_to(auditor).filter(event="login_failed")

    key = ("test.failed", scope_key(auditor))
    assert compiled_count(key, build) == 1234
    with django_assert_num_queries(1):
        assert compiled_count(key, build) == 1234
    assert compiled_count(("test.none", scope_key(auditor)), AccessLog.objects.none) == 0
    assert len(builds) == 1


def test_a_link_made_once_per_page_is_the_one_reverse_makes():
    """lib.work_queue.url_by_id writes each row's id into a URL reversed once: the same string as reverse()."""
    from lib.work_queue import url_by_id

    for name in ("relocation:application", "labour:run", "labour:duty", "appeals:appeal", "oversight:detail"):
        url = url_by_id(name)
        assert [url(pk) for pk in (0, 7, 1234567)] == [reverse(name, args=[pk]) for pk in (0, 7, 1234567)]
