"""The seam test: every page a demo user can reach reads in Kazakh and in Russian without English or raw codes.

For each demo user (accounts/demo.py) and each of kk and ru, the test logs in with Django's test client, starts
at the home page and follows, breadth first, every same-host link of the pages it reads (the menu, the home
page's cards and work queue, and the links on those pages), a bounded number of pages per user. Pages that
rooms add later are covered without editing this test; one page per URL shape (digits stand for ids) is read.

A page fails on visible text (text nodes, and title/placeholder/aria-label/alt) that is:

- an English catalogue string left untranslated: a text node equal to a msgid of one of the project's
  catalogues (each room's locale/{kk,ru}/LC_MESSAGES/django.po), or made only of words that occur in those
  msgids (English vocabulary), e.g. "day", "internal", "Family of 12";
- a raw code: an article id (``model-law/art-10/p-1``, ``koap/art-492``), a parameter path (``regions.sending``),
  a snake_case enum code (``temporary_stay``), a boolean (``True``/``False``/``None``) or a foreign key shown
  as a number in a change (``∅ → 17``).

How to fix what it reports (at the root, never by allow-listing the text here):

- an English string: wrap it in gettext / {% translate %} and add its kk and ru translations to the .po of the
  room that owns the template or the code (then ``manage.py compile_translations``); a string that comes from
  data (a YAML description, a unit) needs a translated label where it is shown (a dict of gettext_lazy labels
  keyed by the code, or the model field's ``choices``);
- an enum code or a boolean: render ``get_FOO_display`` / the choice label (``lib.labels``), not the value;
- an article id: render it with ``{% article_ref ref %}`` (web/templatetags/koshi.py), which prints
  "Model law, Art. 10(1)" in the reader's language linked to the article's text;
- a parameter path: show the parameter's translated label (law/labels or the room's labels), not its path;
- a foreign key in a change history: the history shows the related object's name (for readers allowed to see
  it) and field verbose names (accounts/history_labels.py).

Only text that is genuinely the same in every language (product names, codes citizens know: KZ-59, IIN) is in
``SAME_IN_EVERY_LANGUAGE``; person names in Latin script are data, and are not English words.
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from accounts.demo import DEMO_USERS
from accounts.models import User

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru")
PAGES_PER_USER = 60  # read per user and language; the first pages are the menu's and the home page's
SKIP_PATHS = ("/admin/", "/api/", "/i18n/", "/accounts/logout", "/static/", "/media/")

# Words and texts that are the same in every language: names of things, not interface text.
SAME_IN_EVERY_LANGUAGE = {
    "koshi", "api", "csv", "pdf", "json", "xlsx", "openapi", "openfisca", "swagger", "redoc", "iin", "id",
    "english", "kz", "utc", "egov", "gps", "sms", "email", "e-mail", "ok", "url", "http", "https", "www",
}

ARTICLE_ID = re.compile(r"\b[a-z][a-z-]*/art-\d+[a-z]?(?:/p-\d+)*\b")
PARAMETER_PATH = re.compile(r"(?<![\w./@-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w/@-])")
FILE_NAME = re.compile(r"\.(?:md|py|csv|pdf|yaml|yml|json|po|txt|html|js|css|kz|com|org|svg|png)$")
SNAKE_CODE = re.compile(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w/-])")
BOOLEAN = re.compile(r"(?<![\w])(?:True|False|None)(?![\w])")
FOREIGN_KEY = re.compile(r"∅\s*→\s*\d+\b(?![.,]\d)|\b\d+\s*→\s*∅")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# addresses (a site's name, "gov.kz/article/17157", reads the same in every language), paths and file names
NOT_WORDS = re.compile(r"https?://\S+|\b(?:[\w-]+\.)+(?:kz|ru|com|info|org|net)\b(?:/\S*)?"
                       r"|(?<!\w)/[\w/.?=&%-]*|\b[\w-]+\.(?:csv|xlsx|xls|pdf|json|yaml|md|png|svg)\b"
                       r"|\b\d+(?:\.\d+){3}\b|\bKZ-\d+\b")
SEPARATORS = re.compile(r"\s*(?:[:;·—|()«»\"{}\[\]]|,\s|\s[-–/]\s)\s*")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
HIDDEN_TAGS = ("script", "style", "template", "noscript")
# Code shown as code on purpose (an import file's column names, a library's own messages in <samp>). A cited
# source (<cite>) is held to the same rule as any text: law.sources gives it in the reader's language.
CODE_TAGS = ("code", "kbd", "samp", "pre", "textarea")  # a textarea holds a field's value


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS or tag in CODE_TAGS:
            self._hidden += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("hidden") is None and not self._hidden:
            self.parts += [" ".join(v.split()) for k, v in attrs if k in ("title", "placeholder", "aria-label", "alt")
                           and v and v.strip()]

    def handle_endtag(self, tag):
        if (tag in HIDDEN_TAGS or tag in CODE_TAGS) and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


@cache
def _catalogue() -> tuple[frozenset[str], frozenset[str]]:
    """English msgids of the project's catalogues (placeholders removed) and the English words they use."""
    msgids: set[str] = set()
    for po in Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            for msgid in (entry.msgid, entry.msgid_plural):
                if msgid and LATIN_WORD.search(msgid):
                    msgids.add(" ".join(msgid.split()))
    words = {w.lower() for m in msgids for w in LATIN_WORD.findall(re.sub(r"%\(\w+\)[sd]|\{\w*\}|%[sd]", " ", m))}
    return frozenset(msgids), frozenset(w for w in words if len(w) > 1) - SAME_IN_EVERY_LANGUAGE


def _faults_in(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """What is wrong with one visible text of a kk or ru page ([] if nothing); `data` holds texts that people
    typed or imported (names, addresses, titles), which are shown as they were written."""
    msgids, english = _catalogue()
    if text in data or not LATIN_WORD.search(text):
        return []
    if text in msgids and text.lower() not in SAME_IN_EVERY_LANGUAGE and sum(c.isupper() for c in text) < 2:
        return [f"English catalogue string: {text!r}"]
    found = []
    for rule, pattern in (("article id", ARTICLE_ID), ("boolean", BOOLEAN), ("foreign key", FOREIGN_KEY)):
        if m := pattern.search(text):
            found.append(f"raw {rule} {m.group(0)!r} in {text!r}")
    words_only = NOT_WORDS.sub(" ", text)
    for segment in SEPARATORS.split(words_only):
        segment = segment.strip(" .,!?")
        if not segment or segment in data or not LATIN_WORD.search(segment):
            continue
        if segment in msgids and segment.lower() not in SAME_IN_EVERY_LANGUAGE and sum(c.isupper() for c in segment) < 2:
            found.append(f"English catalogue string {segment!r} in {text!r}")
            continue
        codes = [m.group(0) for m in PARAMETER_PATH.finditer(segment) if not FILE_NAME.search(m.group(0))]
        codes += [m.group(0) for m in SNAKE_CODE.finditer(segment)]
        if codes:
            found.append(f"raw code {codes[0]!r} in {text!r}")
            continue
        # acronyms and product names (PNG, IBAN, XLSForm) are the same in every language
        words = [w for w in LATIN_WORD.findall(ARTICLE_ID.sub(" ", segment))
                 if w.lower() not in SAME_IN_EVERY_LANGUAGE and w not in data and sum(c.isupper() for c in w) < 2]
        words = [w for w in words if len(w) > 2]
        known = [w for w in words if all(part in english for part in re.split(r"['’-]", w.lower()) if part)]
        # English: a mostly Latin-script run whose words are mostly the catalogue's English words (names are not)
        if known and len(known) * 2 >= len(words) and len(words) > len(CYRILLIC_WORD.findall(segment)):
            found.append(f"English text {segment!r} in {text!r}")
    return found


@cache
def _data() -> frozenset[str]:
    """Texts people typed or imported (free-text fields, not codes with choices), and their Latin words."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields)[:20000]:
            for value in row:
                if value and LATIN_WORD.search(value) and " ".join(value.split()) not in _catalogue()[0]:
                    text = " ".join(value.split())
                    values.add(text)
                    values.update(s.strip(" .,") for s in SEPARATORS.split(text) if s.strip(" .,"))
                    values.update(w for w in LATIN_WORD.findall(text) if w[0].isupper())  # names
    return frozenset(values)


def _is_page(path: str) -> bool:
    return not any(path.startswith(p) for p in SKIP_PATHS)


def _shape(path: str) -> str:
    return re.sub(r"\d+", "0", path)


def _crawl(client, username: str, language: str, seen_shapes: set[str]) -> tuple[dict[str, list[str]], int]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = _data()
    queue: deque[str] = deque(["/"])
    faults: dict[str, list[str]] = {}
    read = 0
    while queue and read < PAGES_PER_USER:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read += 1
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, (username, url, language)
        parser = _VisibleText()
        parser.feed(html)
        for text in dict.fromkeys(parser.parts):
            if problems := _faults_in(text, data):
                faults.setdefault(url, []).extend(problems)
        for href in parser.links:
            target = urlparse(urljoin(url, href))
            if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            shape = _shape(target.path) + ("?" if target.query else "")
            if _is_page(target.path) and shape not in seen_shapes and len(queue) < PAGES_PER_USER * 2:
                seen_shapes.add(shape)
                queue.append(path)
    return faults, read


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "0.00005", "--seed", "7", stdout=open("/dev/null", "w"))


def _report(faults: dict[str, dict[str, list[str]]]) -> str:
    lines = []
    for where, by_url in faults.items():
        for url, problems in by_url.items():
            for problem in dict.fromkeys(problems):
                lines.append(f"{where} {url}: {problem}")
    return "\n".join(lines)


def test_every_page_of_every_demo_user_reads_in_kazakh_and_russian_without_seams(demo, client):
    faults: dict[str, dict[str, list[str]]] = {}
    seen = {language: set() for language in LANGUAGES}  # a page shape read for one user is not read again
    # The administrator sees nearly every page shape; read last, so that each role's own view of a shape
    # (the citizen's application, the officer's queue) is the one read, and the administrator adds the rest.
    for username in sorted(DEMO_USERS, key=lambda name: name == "admin"):
        client.logout()
        client.force_login(User.objects.get(username=username))
        for language in LANGUAGES:
            found, read = _crawl(client, username, language, seen[language])
            assert read >= 1, f"{username} {language}: no page read"
            if found:
                faults[f"{username} {language}"] = found
    assert not faults, "\n" + _report(faults)


@pytest.mark.parametrize("text", [
    "model-law/art-10/p-1", "see koap/art-492", "law: regions.sending / regions.receiving", "region: ∅ → 17",
    "True", "temporary_stay", "day", "working-day", "internal", "Family of 12",
    "No definition was found in law-facts.md",
    "Laws on the republican budget, article setting the MCI and minimum wage",
    "Reported by the MIA; an older version (2015) had 5 MCI, date of change unknown",
])
def test_the_seam_rules_catch_the_faults_people_met(text):
    assert _faults_in(text), text


@pytest.mark.parametrize("text", [
    "Abenov Nurlan", "KZ-59", "Koshi", "1 250 000 ₸", "29.11.2026", "Үлгілік заң, 10-бап (1)",
    "citizen", "API", "Закон, ст. 10 (1)", "2020 → 2021", "gov.kz/article/17157", "kaztag.info (23 июня 2022 года)",
    "eGov: временная регистрация",
])
def test_the_seam_rules_leave_names_data_and_translations_alone(text):
    assert _faults_in(text, frozenset({"citizen", "Abenov Nurlan"})) == [], text
