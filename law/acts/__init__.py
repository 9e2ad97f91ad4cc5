"""The texts of the acts Koshi applies, as structured data: one record per article and paragraph.

Ids look like "migration-law/art-51", "model-law/art-12/p-1", "koap/art-492". Texts are in ru and en, kk where
available; `text(record, lang)` falls back to English, then Russian.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
FILES = ("model-law.yaml", "migration-law.yaml", "other-acts.yaml")
LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True)
class Record:
    id: str
    kind: str  # "article" | "paragraph"
    act: str
    number: str
    title: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    parent: str = ""
    chapter: dict[str, str] = field(default_factory=dict)
    citations: tuple[str, ...] = ()
    decides: bool = False
    note: dict[str, str] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        return self.parent or self.id


@dataclass(frozen=True)
class Act:
    id: str
    title: dict[str, str]
    meta: dict[str, Any]
    records: tuple[Record, ...]


def pick(texts: dict[str, str] | None, lang: str) -> str:
    texts = texts or {}
    lang = (lang or "en")[:2]
    return texts.get(lang) or texts.get("en") or texts.get("ru") or ""


@functools.lru_cache(maxsize=1)
def acts() -> tuple[Act, ...]:
    out = []
    for name in FILES:
        data = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
        meta = data["act"]
        records = tuple(
            Record(id=r["id"], kind=r["kind"], act=meta["id"], number=str(r.get("number", "")),
                   title=r.get("title") or {}, text=r.get("text") or {}, parent=r.get("parent", ""),
                   chapter=r.get("chapter") or {}, citations=tuple(r.get("citations") or ()),
                   decides=bool(r.get("decides", False)), note=r.get("note") or {})
            for r in data["records"]
        )
        out.append(Act(id=meta["id"], title=meta["title"], meta=meta, records=records))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def records() -> dict[str, Record]:
    return {r.id: r for act in acts() for r in act.records}


def get(record_id: str) -> Record | None:
    return records().get(record_id)


def articles() -> list[Record]:
    return [r for r in records().values() if r.kind == "article"]


def paragraphs_of(article_id: str) -> list[Record]:
    return [r for r in records().values() if r.parent == article_id]
