"""Kazakh and Russian pages of the foundation carry no English interface text.

Each page is read in English, then in Kazakh and Russian; no visible text (nor title, placeholder or label)
of the English page may appear unchanged on the other two, apart from names that are the same in every language.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.audit import acting_as
from accounts.roles import Role
from accounts.testing import a_citizen, a_person_in, a_user, an_officer_of

pytestmark = pytest.mark.django_db

SAME_IN_EVERY_LANGUAGE = {"API", "English", "Koshi", "CSV"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v.strip() for k, v in attrs if k in ("title", "placeholder", "aria-label", "alt") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def _latin_texts(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    return {t for t in parser.parts if any(c.isascii() and c.isalpha() for c in t)}


def _english_left(client, url: str, data: str = r"KZ-\d+") -> dict[str, list[str]]:
    """English texts of the page still on its Kazakh and Russian versions; `data` matches texts that are data."""
    client.cookies["django_language"] = "en"
    english = {t for t in _latin_texts(client.get(url).content.decode()) - SAME_IN_EVERY_LANGUAGE
               if not re.fullmatch(data, t)}
    assert english, f"{url} shows no text in English"
    left = {}
    for language in ("kk", "ru"):
        client.cookies["django_language"] = language
        response = client.get(url)
        assert response.status_code == 200, (url, language)
        assert f'<html lang="{language}">' in response.content.decode()
        left[language] = sorted(english & _latin_texts(response.content.decode()))
    return left


@pytest.mark.parametrize("role", [*Role.values, "visitor"])
def test_every_roles_home_page_has_no_english_left_in_kazakh_and_russian(client, role):
    if role != "visitor":
        user = a_citizen() if role == Role.CITIZEN else a_user(role, scope="KZ-59" if role == Role.OFFICER else None)
        client.force_login(user)
    assert _english_left(client, reverse("web:home")) == {"kk": [], "ru": []}


def test_the_login_page_and_the_map_have_no_english_left(client):
    for url in (reverse("web:login"), reverse("geo:map")):
        assert _english_left(client, url) == {"kk": [], "ru": []}, url


def test_the_persons_pages_have_no_english_left(client):
    officer = an_officer_of("KZ-59")
    person = a_person_in("KZ-59")
    client.force_login(officer)
    for url in (reverse("people:index"), reverse("people:detail", args=[person.pk])):
        assert _english_left(client, url, data=r"Abenov Nurlan|KZ") == {"kk": [], "ru": []}, url


def test_the_audit_pages_have_no_english_left(client):
    with acting_as("seed"):
        a_person_in("KZ-59")
    client.force_login(a_user(Role.AUDITOR))
    # data, not interface: field names and values, actors, kinds and objects, addresses
    values = r": .*|[a-z_]+|[a-z]+\.[a-z]+( #\d+)?|Abenov Nurlan|auditor\d+|127\.0\.0\.1|/[\w/-]*"
    # the person's records only: other tests' data (a chart of accounts named in Kazakh) is data, not interface
    for url in (reverse("accounts:audit") + "?kind=people.person", reverse("accounts:access_log")):
        assert _english_left(client, url, data=values) == {"kk": [], "ru": []}, url
