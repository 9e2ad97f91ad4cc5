"""The header every page shows: the brand, the sections the reader's role may open (the open one marked) and the
language buttons are kept per process under all they depend on (web/navigation.py) — so each role and each
language still gets its own, and nothing of a user (their name) is ever kept."""

import re

import pytest

from accounts.roles import Role
from accounts.testing import a_user

pytestmark = pytest.mark.django_db


def header(client, path: str = "/law/calculator/", language: str = "en") -> str:
    client.cookies["django_language"] = language
    html = client.get(path).content.decode()
    return html[html.index('<header class="topbar">'):html.index("</header>")]


def sections(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', re.findall(r'<nav class="mainnav"[^>]*>.*?</nav>', html, re.S)[0])


def test_each_role_and_language_gets_its_own_sections_and_the_open_one_is_marked(client):
    client.force_login(a_user(Role.AUDITOR, username="aigul"))
    auditor_en = header(client)
    assert 'href="/accounts/audit/"' in auditor_en and 'href="/stats/"' not in auditor_en
    assert "aigul" in auditor_en
    client.force_login(a_user(Role.ANALYST, username="dana", scope="KZ-59"))
    analyst_en = header(client)
    assert 'href="/stats/"' in analyst_en and 'href="/accounts/audit/"' not in analyst_en
    assert "dana" in analyst_en and "aigul" not in analyst_en  # a user's name is never kept
    assert 'href="/law/" aria-current="page"' in analyst_en
    assert 'aria-current="page"' not in header(client, "/")
    analyst_ru = header(client, language="ru")
    assert "Разделы" in analyst_ru and 'aria-pressed="true" class="active">Русский' in analyst_ru
    assert 'aria-pressed="true" class="active">English' in header(client)
    assert sections(analyst_ru) == sections(analyst_en) != sections(auditor_en)


def test_a_visitor_sees_the_public_sections_only(client):
    visitor = header(client)
    assert 'href="/geo/map/"' in visitor and 'href="/stats/"' not in visitor
    assert 'href="/login/"' in visitor or "Log in" in visitor


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_base_templates_kept_urls_are_djangos_url_tag(language):
    """{% url_kept %} writes what {% url %} writes, under each URL prefix and language, though kept per process."""
    from django.template import engines
    from django.urls import get_script_prefix, set_script_prefix
    from django.utils import translation

    names = ("set_language", "web:logout", "web:login")
    django_tag = engines["django"].from_string("".join(f"{{% url '{n}' %}}|" for n in names))
    kept = engines["django"].from_string("{% load koshi %}" + "".join(f"{{% url_kept '{n}' %}}|" for n in names))
    prefix = get_script_prefix()
    try:
        with translation.override(language):
            for script_prefix in ("/", "/koshi/", "/"):
                set_script_prefix(script_prefix)
                assert kept.render({}) == django_tag.render({})
                assert kept.render({}).startswith(script_prefix)
    finally:
        set_script_prefix(prefix)
