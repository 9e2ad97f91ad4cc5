import datetime as dt
import functools
import html
import re

from django import template
from django.core.signals import setting_changed
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from law import references
from lib.reversing import reversing_key
from web.home import tasks_of
from web.navigation import depends_on

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


@register.simple_tag
def url_kept(name):
    """`{% url name %}` of a URL without arguments (the base template's forms), the same text, reversed once per
    process for each language, URL prefix and URLconf (all reversing reads besides the name): every page reversed
    them afresh, each a walk of the resolver."""
    return _reversed(name, *reversing_key())


@functools.lru_cache(maxsize=256)
def _reversed(name: str, language: str | None, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def _forget_reversed(**kwargs) -> None:
    _reversed.cache_clear()
    _task_cards.cache_clear()


setting_changed.connect(_forget_reversed)


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


# --- The start page's lists, written in Python -------------------------------------------------------------------
# A start page writes up to a hundred work-queue rows and a dozen task cards; through the template engine each row
# cost some twenty nodes (ifs, variables, filters, escapes), half of the officer's page. The HTML below is the very
# text web/home.html wrote with those nodes (pinned by web/tests/test_home_html.py against the template it
# replaced): texts escaped as a template escapes variables, translated literals as the template's own (unescaped).


OVERDUE_ROW = ' class="overdue"'


def _escaped(value) -> str:
    """conditional_escape(value), as a template escapes a variable: a plain string straight through html.escape
    (what django.utils.html.escape does to it, without its lazy-argument wrapper: some two hundred a page)."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


@register.simple_tag
def work_queue(sections):
    """The "Your work" section of the start page: each WorkSection's rows, oldest first (web.home.work_queue_for)."""
    overdue = f" <strong>{gettext('overdue')}</strong>"
    open_word = mark_safe(gettext("Open"))  # as {% translate %}: the catalogue's text, not escaped
    language = get_language()
    out = ['<section id="work-queue" aria-labelledby="work-queue-heading">\n'
           f'  <h2 id="work-queue-heading">{gettext("Your work")}</h2>\n  ']
    for section in sections:
        total = _escaped(localize(section.total))
        out.append(f'\n  <div class="work-section">\n    <h3>{_escaped(section.title)} '
                   f'<span class="muted">({total})</span></h3>\n    <table class="work-items">\n      <tbody>\n      ')
        for item in section.items:
            since = (_short_date(item.since, language) if type(item.since) is dt.date
                     else date_filter(item.since, "SHORT_DATE_FORMAT"))
            out.append(f'\n        <tr{OVERDUE_ROW if item.overdue else ""}>\n'
                       f'          <td>{_escaped(since)}</td>\n'
                       f'          <td>{_escaped(item.label)}{overdue if item.overdue else ""}</td>\n'
                       f'          <td><a class="button" href="{_escaped(item.url)}">'
                       f'{_escaped(item.action or open_word)}</a></td>\n        </tr>\n      ')
        more = (f'<p><a href="{_escaped(section.more_url)}">{gettext("All")} ({total})</a></p>'
                if section.more_url and section.total > len(section.items) else "")
        out.append(f"\n      </tbody>\n    </table>\n    {more}\n  </div>\n  ")
    out.append("\n</section>")
    return mark_safe("".join(out))  # noqa: S308 - every value above escaped


@register.simple_tag
def task_cards(user):
    """The cards of the tasks the user's role comes for (web.home.TASKS), the same for every user of the role in a
    language (and URL prefix and URLconf): written once per process for each (web.navigation's key)."""
    return _task_cards(*depends_on(user))


@functools.lru_cache(maxsize=256)
def _task_cards(role, language, prefix, urlconf):
    out = []
    for card in tasks_of(role, urlconf):
        title = conditional_escape(card["title"])
        heading = f'<a href="{conditional_escape(card["url"])}">{title}</a>' if card["url"] else title
        soon = "" if card["url"] else f'<p class="muted">{gettext("Coming soon.")}</p>'
        out.append(f'\n  <section class="card">\n    <h2>{heading}</h2>\n    <p>{conditional_escape(card["text"])}</p>'
                   f"\n    {soon}\n  </section>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above escaped
