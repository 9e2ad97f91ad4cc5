"""What every gunicorn worker would otherwise build on its first requests, built once in the arbiter before it
forks (koshi/gunicorn.conf.py's pre_fork): each worker, and the one that replaces a killed or recycled worker,
then starts warm and shares these pages with the arbiter instead of building its own copy while it serves.

Only what is the same for every request of every user is built here: the URLconf, Django's compiled templates
(the cached loader's), the kk/ru/en translation catalogues and formats, and what a room declares in its
AppConfig's `warm_up()` (the law's rules and source texts, for one). Nothing per user or per data version: those
caches are keyed by user or by lib.data_versions tokens and are built where they are asked for. A step that
fails is logged and skipped: a worker then builds that part on its first request, as it would without this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Files the template engines are asked to compile: the site's pages, e-mails and fragments.
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")

log = logging.getLogger(__name__)


def _namespaces(resolver: Any, outer: str = "") -> list[str]:
    """Every namespace of the URLconf ('law', 'api', ...), nested ones as 'outer:inner'."""
    found = []
    for namespace, (_prefix, namespaced) in resolver.namespace_dict.items():
        path = f"{outer}:{namespace}" if outer else namespace
        found += [path, *_namespaces(namespaced, path)]
    return found


def _reverse_dicts(resolver: Any) -> None:
    """The active language's URL names: the root's, and a reverse() in every namespace, which builds (once per
    namespace) and fills (once per language) the resolver Django keeps for reversing names in it."""
    from django.urls import NoReverseMatch, reverse

    resolver.reverse_dict  # noqa: B018 (the property builds the active language's names -> patterns)
    for namespace in _namespaces(resolver):
        try:
            reverse(f"{namespace}:koshi-warm-up")  # no such name: only the namespace's resolver is wanted
        except NoReverseMatch:
            pass


def _urls_and_floor() -> None:
    """Import every view (resolving the URLconf imports every room's urls) and answer the trivial view once, so
    that the request path itself (middleware, DRF's settings and renderers) is imported and set up. Then the
    URL names of every namespace in each language: Django builds them per language on the first reverse() (the
    navigation's), some 200 ms of a fresh worker's first page."""
    from django.conf import settings
    from django.test import Client
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (resolving the property imports every room's urls and views)
    Client().get("/api/v1/")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _reverse_dicts(resolver)


def _catalogues() -> None:
    """Each language's merged gettext catalogue (every room's .mo files) and its date and number formats."""
    from django.conf import settings
    from django.utils import formats, timezone, translation

    today = timezone.localdate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Kazakh")
            formats.date_format(today, "SHORT_DATE_FORMAT")
            formats.date_format(today)
            formats.number_format(1234567.5, force_grouping=True)


def _compile_templates(engine: object, names: list[str]) -> int:
    compiled = 0
    for name in names:
        try:
            engine.get_template(name)  # type: ignore[attr-defined]
            compiled += 1
        except Exception:  # noqa: BLE001 (a template only some other engine can compile: left to its first use)
            log.debug("warm-up: template %s not compiled", name, exc_info=True)
    return compiled


def _template_names(directory: Path, under: str = "") -> list[str]:
    root = directory / under if under else directory
    return sorted(str(p.relative_to(directory)) for p in root.rglob("*")
                  if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)


def _templates() -> None:
    """Every template of the template engines compiled into their cached loaders, their context processors
    imported, and the form widgets' templates compiled into the form renderer's own engine (the calculator's
    and every form page's widgets)."""
    from django.forms.renderers import get_default_renderer
    from django.template import engines

    for engine in engines.all():
        for directory in engine.template_dirs:
            _compile_templates(engine, _template_names(Path(directory)))
        inner = getattr(engine, "engine", None)  # a Django engine's context processors, imported on first use
        if inner is not None:
            inner.template_context_processors  # noqa: B018
    forms_engine = getattr(get_default_renderer(), "engine", None)
    if forms_engine is not None:
        for directory in forms_engine.template_dirs:
            if (Path(directory) / "django" / "forms").is_dir():
                _compile_templates(forms_engine, _template_names(Path(directory), "django/forms"))


def steps() -> list[tuple[str, Callable[[], None]]]:
    """The warm-up's steps in order: Django's own, then each room's `warm_up()` (AppConfig), in INSTALLED_APPS
    order."""
    from django.apps import apps

    found: list[tuple[str, Callable[[], None]]] = [
        ("urls", _urls_and_floor), ("catalogues", _catalogues), ("templates", _templates)]
    for config in apps.get_app_configs():
        warm = getattr(config, "warm_up", None)
        if callable(warm):
            found.append((config.label, warm))
    return found


def warm_up(logger: logging.Logger | None = None) -> dict[str, float]:
    """Run every step, each in its own try: a failure is logged with its traceback and the rest still run (the
    server starts either way). Every database connection a step opened is closed after it, before any fork.
    Returns each step's seconds (a failed step's as -1)."""
    from django.db import connections

    logger = logger or log
    took: dict[str, float] = {}
    for name, step in steps():
        started = time.monotonic()
        try:
            step()
            took[name] = round(time.monotonic() - started, 3)
        except Exception:
            logger.exception("warm-up: %s failed; each worker builds it on its first requests instead", name)
            took[name] = -1.0
        finally:
            connections.close_all()
    return took
