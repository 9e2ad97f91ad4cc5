"""The law's sources in the reader's language: the acts' citations and the parameters' references (act, article,
note), and a parameter's name in words.

The data (law/acts/*.yaml ``citations``, law/rules/parameters/**/*.yaml ``reference``) records each source in
English, as it was found; its Kazakh and Russian versions are kept once per distinct text beside the data, in
law/acts/sources.yaml, because one source recurs in many places (the model law's name in 37 references, the
budget laws in 32). A text with no words to translate (an address, a site and a date, an article id) reads the
same in every language. law/tests/test_sources.py holds every source text of the data to a kk and a ru version.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from django.utils import translation

from . import acts, labels

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "acts" / "sources.yaml"
PARAMETERS = HERE / "rules" / "parameters"
TRANSLATED_FIELDS = ("act", "article", "note")  # of a parameter's reference; `date` and `href` are not words

# What reads the same in every language: addresses, sites, article ids, numbers, acronyms (MTSZN, RK), codes
_NOT_WORDS = re.compile(
    r"https?://\S+|\b[\w.-]+\.(?:kz|com|ru|info|org|net)(?:/\S*)?|\b[a-z][a-z-]*/art-\d+[a-z]?(?:/p-\d+)*\b"
    r"|\b[A-Z]{2,}[\w-]*\b|\b[A-Z]\d+\b")
_WORD = re.compile(r"[A-Za-z]{2,}")


def needs_translation(text: str) -> bool:
    """Whether a source text has words a Kazakh or Russian reader would need in their language."""
    return bool(_WORD.search(_NOT_WORDS.sub(" ", text)))


@functools.lru_cache(maxsize=1)
def _translations() -> dict[str, dict[str, str]]:
    return yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8")) or {}


def translated(text: str, lang: str | None = None) -> str:
    """A source text in the reader's language; the text as recorded where it has no words to translate, or on
    English pages."""
    if not text:
        return ""
    lang = (lang or translation.get_language() or "en")[:2]
    return (_translations().get(text) or {}).get(lang) or text


def reference(ref: Any, lang: str | None = None) -> Any:
    """A parameter's reference (one dict or a list of them, as in the YAML) with its act, article and note in the
    reader's language; the date and the address as recorded."""
    if isinstance(ref, list | tuple):
        return [reference(r, lang) for r in ref]
    if not isinstance(ref, dict):
        return ref
    return {k: translated(v, lang) if k in TRANSLATED_FIELDS and isinstance(v, str) else v for k, v in ref.items()}


def references(ref: Any, lang: str | None = None) -> list[dict[str, Any]]:
    """The references of a parameter's value as a list, each in the reader's language (for pages)."""
    translated_ref = reference(ref, lang)
    found = [translated_ref] if isinstance(translated_ref, dict) else [r for r in translated_ref or [] if isinstance(r, dict)]
    return [{**r, "date": _as_date(r["date"])} if "date" in r else r for r in found]


def _as_date(value: Any) -> Any:
    """A recorded ISO date as a date, so that a page prints it in the reader's format (2020 ж. 18 қыркүйек)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def citations(record: acts.Record, lang: str | None = None) -> list[str]:
    """An article's or paragraph's sources in the reader's language."""
    return [translated(c, lang) for c in record.citations]


def parameter_label(path: str, description: str = "") -> str:
    """A parameter's name in words in the reader's language (law.labels), its YAML description on English pages
    only where no label exists."""
    return _parameter_label(path, description, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _parameter_label(path: str, description: str, language: str | None) -> str:
    """parameter_label in the active `language`, kept for the process: it depends only on the path, the
    description and the language (the labels and the catalogues are fixed while the process runs), and every
    answer of the calculator and POST /law/evaluate asks for some sixteen of them, each a lazy translation
    resolved anew (a quarter of the evaluate request's CPU). `language` is the key, never read for the text:
    the lazy labels are resolved in the active language, which it names."""
    label = labels.PARAMETERS.get(path)
    if label:
        return str(label)
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "regions" and parts[1] in labels.REGION_GROUPS:
        region = labels.REGIONS.get(parts[2].replace("_", "-"))
        if region:
            return f"{labels.REGION_GROUPS[parts[1]]}: {region}"
    return description if (language or "en")[:2] == "en" else ""


def _reference_texts(ref: Any) -> Iterator[str]:
    for r in ref if isinstance(ref, list | tuple) else [ref]:
        if isinstance(r, dict):
            yield from (r[k] for k in TRANSLATED_FIELDS if isinstance(r.get(k), str) and r[k])


def _parameter_texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        metadata = node.get("metadata")
        if isinstance(metadata, dict):
            yield from _reference_texts(metadata.get("reference"))
        for key, child in node.items():
            if key != "metadata":
                yield from _parameter_texts(child)


def data_texts() -> set[str]:
    """Every source text the data records: the acts' citations and the parameters' references."""
    texts = {c for act in acts.acts() for record in act.records for c in record.citations}
    for path in sorted(PARAMETERS.rglob("*.yaml")):
        texts.update(_parameter_texts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return texts
