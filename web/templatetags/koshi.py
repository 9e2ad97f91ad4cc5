import datetime as dt
import functools
import re

from django import template
from django.core.signals import setting_changed
from django.template.defaultfilters import date as date_filter
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from law import references

register = template.Library()


@register.filter
def short_date(value):
    """`value|date:"SHORT_DATE_FORMAT"`, the same text, kept per day and language: a start page writes some fifty
    dates, and formatting a date walks Django's format machinery each time. A date's short form depends only on
    the day, the language and the settings (forgotten when a setting changes); anything but a date is formatted
    as the date filter does."""
    if type(value) is not dt.date:
        return date_filter(value, "SHORT_DATE_FORMAT")
    return _short_date(value, get_language())


@functools.lru_cache(maxsize=4096)
def _short_date(value: dt.date, language: str | None) -> str:
    return date_filter(value, "SHORT_DATE_FORMAT")


def _forget_short_dates(**kwargs) -> None:
    _short_date.cache_clear()


setting_changed.connect(_forget_short_dates)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagers and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def article_ref(ref):
    """A reference to the law as readers name it ("Model law, Art. 10(1)"), linked to the article's text; for
    every internal article id a page shows (law/references.py)."""
    if not ref:
        return ""
    r = references.reference(str(ref))
    if not r.url:
        return r.label
    return format_html('<a href="{}" title="{}">{}</a>', r.url, r.title, r.label)


@register.filter
def article_label(ref):
    """The reference's words without a link (for text, titles and options)."""
    return references.reference(str(ref)).label if ref else ""


_REFERENCE = re.compile(r"\b[a-z][a-z-]*/art-\d+[a-z]?(?:/p-\d+)*")


@register.filter
def link_articles(text):
    """Text of the law whose internal article ids ("see model-law/art-1") read as linked references."""
    if not text:
        return ""
    out, last = [], 0
    for m in _REFERENCE.finditer(str(text)):
        out.append(escape(text[last:m.start()]))
        out.append(article_ref(m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 -- every part is escaped or format_html
