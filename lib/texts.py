"""Sentences stored as a key and its parameters, worded when read, in the reader's language.

A sentence written into the database in the language active at that moment (an import's rejection reason, a
journal entry's memo) reads in that language to every later reader. Koshi stores the sentence's key and
parameters instead, and each room words them with one function of its own (registry.importer.reports.reason_text,
fund.memos.memo_text) built on `word`. A text that is a name rather than a sentence (a change record's label,
made by a model's __str__) is kept worded in each language instead, and read with `localized`. `parser` goes the other way, for the migrations that convert the sentences
stored before: it finds which template, in which language, a stored text was made from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils import translation

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def word(template: Any, params: Mapping[str, Any]) -> str:
    """The template (a lazy msgid) in the active language with `params` filled in. A parameter given as a
    mapping of language to text (a region's names) reads in the active language (else English); one missing
    from `params` (a template changed since the row was written) is left as its placeholder, never an error."""
    text = str(template)
    return PLACEHOLDER.sub(lambda m: localized(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def localized(value: Any) -> str:
    """A text kept in each language (a mapping of language to text: a region's names, a change record's label)
    in the active language, else English; any other value as text."""
    if isinstance(value, Mapping):
        language = (translation.get_language() or "en")[:2]
        return str(value.get(language) or value.get("en") or next(iter(value.values()), ""))
    return str(value)


def parser(templates: Mapping[str, str], languages: Iterable[str], *, numbers: Iterable[str] = (),
           first: Iterable[str] = ()) -> Callable[[str], tuple[str, dict[str, str]] | None]:
    """A function giving the (key, parameters) of the template that words a text in one of `languages`, or None.

    `templates` maps a key to its msgid (English), translated here once through each language's catalogue. A
    placeholder named in `numbers` matches digits only, any other any text; the templates of the keys in
    `first` are tried first (one that words another template's text around it, as a reversal cites the entry
    it reverses), then the others, the wording with the most literal text first (it is the most specific)."""
    digits, early = set(numbers), list(first)
    candidates: list[tuple[int, int, str, re.Pattern[str]]] = []
    for language in languages:
        with translation.override(language):
            for key, msgid in templates.items():
                wording = translation.gettext(msgid)
                rank = early.index(key) if key in early else len(early)
                candidates.append((rank, -len(PLACEHOLDER.sub("", wording)), key,
                                   re.compile(_pattern(wording, digits), re.DOTALL)))
    candidates.sort(key=lambda c: c[:2])

    def parse(text: str) -> tuple[str, dict[str, str]] | None:
        for _rank, _literal, key, pattern in candidates:
            found = pattern.fullmatch(text)
            if found:
                return key, dict(found.groupdict())
        return None

    return parse


def _pattern(wording: str, digits: set[str]) -> str:
    parts, seen, last = [], set(), 0
    for m in PLACEHOLDER.finditer(wording):
        parts.append(re.escape(wording[last:m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>\\d+)" if name in digits else f"(?P<{name}>.*?)")
        seen.add(name)
        last = m.end()
    parts.append(re.escape(wording[last:]))
    return "".join(parts)
