"""The statistics room's jobs on the queue (django-tasks, settings.TASKS): building a bulletin's PDF in the
background for the statistics pages, with its progress, cached per data version (stats.bulletin_files)."""

from __future__ import annotations

from django_tasks import task

from . import bulletin_files


@task()
def build_bulletin_pdf(*, year: int, region: str | None, lang: str, version: str) -> str:
    """Build the PDF unless this data version's is already there; returns the file's name."""
    return bulletin_files.build(year=year, region=region, lang=lang, version=version).name
