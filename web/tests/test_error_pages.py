"""Refusals and errors are pages of Koshi in the reader's language, never Django's bare English defaults."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from accounts.models import AccessLog
from accounts.testing import PASSWORD, a_person_in, an_officer_of

pytestmark = pytest.mark.django_db

TITLES = {
    "no_access": {"en": "No access", "ru": "Нет доступа", "kk": "Қол жеткізу жоқ"},
    "not_found": {"en": "Page not found", "ru": "Страница не найдена", "kk": "Бет табылмады"},
    "failed": {"en": "Something went wrong", "ru": "Что-то пошло не так", "kk": "Бірдеңе дұрыс болмады"},
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_refused_page_says_so_in_the_readers_language_and_names_the_role(client, language):
    officer = an_officer_of("KZ-59")
    client.login(username=officer.username, password=PASSWORD)
    client.cookies["django_language"] = language
    response = client.get("/accounts/audit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{TITLES['no_access'][language]}</h1>" in html
    assert officer.get_role_display() in html or language != "en"
    assert 'data-status="403"' in html and "topbar" in html  # the site's own page, with its navigation
    denied = AccessLog.objects.filter(event="denied", actor=officer)
    assert list(denied.values_list("kind", "path")) == [("accounts:audit", "/accounts/audit/")]


def test_a_refusal_its_view_logged_itself_is_logged_once(client):
    officer = an_officer_of("KZ-59")
    stranger = a_person_in("KZ-61")
    client.login(username=officer.username, password=PASSWORD)
    assert client.get(f"/people/{stranger.pk}/").status_code in (403, 404)
    assert AccessLog.objects.filter(event="denied", actor=officer).count() == 1


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_an_unknown_address_is_a_page_not_found_in_the_readers_language(client, language):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f"<h1>{TITLES['not_found'][language]}</h1>" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_server_error_page_renders_without_a_database_or_user(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    assert f"<h1>{TITLES['failed'][language]}</h1>" in response.content.decode()
