"""Filters for the survey pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.4567 -> '45.7' in the active language's number format."""
    if value is None:
        return "—"
    return number_format(float(value) * 100, decimal_pos=int(digits), use_l10n=True)


TITLE_LANGUAGES = ("kk", "ru", "en")  # the order of a three-language title, "Kazakh / Russian / English"


@register.filter
def in_reader_language(title: str) -> str:
    """A form's title in the reader's language. XLSForm has one form_title; the project's forms write it in the
    three languages, "Kazakh / Russian / English" (surveys/forms/build_migrants.py), and a reader wants one."""
    parts = [p.strip() for p in str(title or "").split(" / ")]
    if len(parts) != len(TITLE_LANGUAGES) or not all(parts):
        return title
    language = (get_language() or "kk")[:2]
    return parts[TITLE_LANGUAGES.index(language)] if language in TITLE_LANGUAGES else title
