"""Filters for the appeal pages."""

from __future__ import annotations

from django import template

from appeals.labels import undone_in_words

register = template.Library()


@register.filter
def in_words(entries) -> list[str]:
    """What an upheld appeal annulled, one sentence per entry."""
    return [undone_in_words(e) for e in entries or []]
