"""The law section's template tags."""

from __future__ import annotations

import functools

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lib.reversing import reversing_key

register = template.Library()


@register.simple_tag
def law_nav() -> SafeString:
    """The law section's links (law/_nav.html), the same on every law page for every reader of a language: kept
    per process, language, URL prefix and URLconf (its six reversed URLs and seven translations were rendered
    anew on every calculator page)."""
    return _nav(*reversing_key())


@functools.lru_cache(maxsize=64)
def _nav(language: str, prefix: str, urlconf: str | None) -> SafeString:
    """law/_nav.html in the active `language`: the arguments are the key, never read for the text (the template
    reverses and translates in the active ones, which they name)."""
    return mark_safe(render_to_string("law/_nav.html"))  # noqa: S308 (our own template, escaped as it renders)
