"""The law section's links (law/_nav.html through {% law_nav %}, kept per process and language) read as the
template itself renders them, in the reader's language, whichever language asked before."""

import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

CALCULATOR_LINK = {"kk": "Қатысу құқығының калькуляторы", "ru": "Калькулятор права на участие",
                   "en": "Eligibility calculator"}
PAGES = ["/law/calculator/", "/law/", "/law/acts/model-law/", "/law/parameters/"]


def _nav(html: str) -> str:
    found = re.search(r'<nav class="subnav".*?</nav>\n', html, re.S)
    assert found, "no law section links"
    return found.group(0)


@pytest.mark.parametrize("page", PAGES)
def test_each_law_page_shows_the_section_links_as_the_template_renders_them_in_each_language_in_turn(page):
    client = Client()
    for lang in ("kk", "ru", "en", "kk"):
        html = client.get(page, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        with translation.override(lang):
            expected = Template('{% include "law/_nav.html" %}').render(Context())
        assert _nav(html) == expected
        assert f">{CALCULATOR_LINK[lang]}</a>" in expected
