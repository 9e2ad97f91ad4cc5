"""Faults a new user ran into (issue 16), each pinned by a test that failed before its fix."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.testing import a_citizen, a_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_citizens_home_speaks_of_their_own_records_not_of_a_territory(client, language):
    client.force_login(a_citizen())
    client.cookies["django_language"] = language
    html = client.get(reverse("web:home")).content.decode()
    with translation.override(language):
        whole_country = str(translation.gettext("Whole country"))
        own_records = str(translation.gettext("You see your own records."))
    assert whole_country not in html
    assert own_records in html


def test_an_officers_home_still_names_the_officers_territory(client):
    client.force_login(a_user(Role.OFFICER, scope="KZ-59"))
    html = client.get(reverse("web:home")).content.decode()
    assert "Your territory:" in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_calculators_date_comes_up_filled_in_the_form_a_date_input_reads(client, language):
    """An <input type=date> shows only an ISO date: in Russian the form wrote 29.11.2026 and the box was blank."""
    client.cookies["django_language"] = language
    html = client.get(reverse("law:calculator")).content.decode()
    field = re.search(r'<input[^>]*name="date"[^>]*>', html).group(0)
    assert 'type="date"' in field
    assert re.search(r'value="\d{4}-\d{2}-\d{2}"', field), field


def _render(language: str, source: str, **context) -> str:
    with translation.override(language):
        return Template("{% load humanize %}" + source).render(Context(context))


def test_kazakh_groups_large_numbers_in_threes():
    assert _render("kk", "{{ n|intcomma }}", n=4306078125) == "4\xa0306\xa0078\xa0125"
    assert _render("kk", "{{ n|intcomma }}", n=27524) == "27\xa0524"


def test_kazakh_dates_are_written_with_kazakh_month_names_in_kazakh_order():
    day = datetime.date(2026, 11, 29)
    assert _render("kk", "{{ d|date }}", d=day) == "2026 ж. 29 қараша"
    assert _render("kk", '{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "29.11.2026"


def test_russian_and_english_formats_are_left_as_django_writes_them():
    day = datetime.date(2026, 11, 29)
    assert _render("ru", "{{ d|date }}", d=day) == "29 ноября 2026 г."
    assert _render("ru", "{{ n|intcomma }}", n=27524) == "27\xa0524"
    assert _render("en", "{{ n|intcomma }}", n=27524) == "27,524"
