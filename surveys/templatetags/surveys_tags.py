"""Filters for the survey pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.4567 -> '45.7' in the active language's number format."""
    if value is None:
        return "—"
    return number_format(float(value) * 100, decimal_pos=int(digits), use_l10n=True)
