"""Bulletins built for download: one PDF per (year, region, language, data version) under
settings.VAR_DIR/bulletins, with a small JSON beside it saying how far the build has gone. A new import of
statistics changes the data version, so the next request builds afresh; the same request again is served the
file already built. Files, not rows: a built bulletin is a cache of published figures, not domain state."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from .bulletin import SECTIONS, build_bulletin, to_pdf
from .models import Flow, Observation, StatisticsImport

STEPS = len(SECTIONS) + 1  # each section, then the PDF


def data_version() -> str:
    """A short fingerprint of the statistics loaded: imports, observations and flows."""
    parts = [StatisticsImport.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("imported_at")),
             Observation.objects.aggregate(n=Count("id"), last=Max("id")),
             Flow.objects.aggregate(n=Count("id"), last=Max("id"))]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:16]


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "bulletins"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stem(*, year: int, region: str | None, lang: str, version: str) -> str:
    return f"bulletin-{year}-{region or 'KZ'}-{lang}-{version}"


def pdf_path(**key) -> Path:
    return directory() / f"{stem(**key)}.pdf"


def status(**key) -> dict:
    """{'state': 'none'|'queued'|'running'|'done'|'failed', 'done': steps done, 'steps': STEPS, ...}"""
    if pdf_path(**key).exists():
        return {"state": "done", "done": STEPS, "steps": STEPS}
    progress = directory() / f"{stem(**key)}.json"
    if progress.exists():
        return json.loads(progress.read_text())
    return {"state": "none", "done": 0, "steps": STEPS}


def _write_status(key: dict, **value) -> None:
    path = directory() / f"{stem(**key)}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"steps": STEPS, **value}))
    tmp.replace(path)  # a reader never sees half a file


def mark_queued(**key) -> None:
    _write_status(key, state="queued", done=0)


def build(*, year: int, region: str | None, lang: str, version: str) -> Path:
    key = {"year": year, "region": region, "lang": lang, "version": version}
    target = pdf_path(**key)
    if target.exists():
        return target
    done = 0

    def step(section: str) -> None:
        nonlocal done
        done += 1
        _write_status(key, state="running", done=done, section=section)

    _write_status(key, state="running", done=0)
    try:
        pdf = to_pdf(build_bulletin(year=year, region=region, lang=lang, progress=step))
    except Exception as exc:
        _write_status(key, state="failed", done=done, error=str(exc))
        raise
    tmp = target.with_suffix(".part")
    tmp.write_bytes(pdf)
    tmp.replace(target)
    _write_status(key, state="done", done=STEPS)
    return target
