"""The arbiter's warm-up (koshi/warmup.py, from gunicorn's pre_fork): it builds what every worker shares, a step
that fails is logged and skipped, the server starts whatever fails, and no database connection crosses a fork."""

import importlib.util
import logging
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connections
from django.template import engines
from django.utils import timezone

from koshi import warmup

CONFIG = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
pytestmark = pytest.mark.django_db


def _config():
    spec = importlib.util.spec_from_file_location("koshi_gunicorn_conf_under_test", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Server:
    def __init__(self):
        self.log = logging.getLogger("test.gunicorn")


def test_every_step_runs_and_the_law_is_built_in_each_language():
    from law import api, rules

    caches["default"].clear()
    took = warmup.warm_up()
    assert {"urls", "catalogues", "templates", "law"} <= set(took)
    assert all(seconds >= 0 for seconds in took.values()), took
    assert rules.tax_benefit_system.cache_info().currsize == 1
    assert {language for (cls, language) in api._PROTOTYPES if cls is api.LawEvaluateRequestSerializer} >= {
        "kk", "ru", "en"}
    day = timezone.localdate().isoformat()
    for language in ("kk", "ru", "en"):  # the calculator's blank form, kept per language and day
        assert caches["default"].get(f"law.calculator.form:{language}:{day}")


def test_the_connections_are_closed_after_every_step(monkeypatch):
    """Closed after each step, a failed one too: a forked worker must never share the arbiter's connection (in a
    test the test's transaction keeps it open, so the closing is counted, not looked at)."""
    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    monkeypatch.setattr(warmup, "steps", lambda: [("one", lambda: None), ("broken", lambda: 1 / 0)])
    warmup.warm_up()
    assert closed == [True, True]


def test_the_templates_are_compiled_before_any_request():
    warmup.warm_up()
    engine = engines["django"].engine
    loader = engine.template_loaders[0]
    compiled = set(loader.get_template_cache)
    assert {"web/base.html", "law/calculator.html", "law/_calculator_form.html"} <= compiled


def test_a_failing_step_is_logged_and_the_others_still_run(monkeypatch, caplog):
    ran = []

    def broken():
        raise RuntimeError("no catalogue")

    monkeypatch.setattr(warmup, "steps", lambda: [("broken", broken), ("next", lambda: ran.append("next"))])
    with caplog.at_level(logging.ERROR):
        took = warmup.warm_up()
    assert took["broken"] == -1.0 and took["next"] >= 0 and ran == ["next"]
    assert "warm-up: broken failed" in caplog.text and "no catalogue" in caplog.text


def test_the_server_starts_when_the_warm_up_fails_and_freezes_once(monkeypatch, caplog):
    config = _config()
    frozen = []
    monkeypatch.setattr(config.gc, "freeze", lambda: frozen.append(True))

    def broken(logger=None):
        raise RuntimeError("the warm-up broke")

    monkeypatch.setattr(warmup, "warm_up", broken)
    with caplog.at_level(logging.ERROR):
        config.pre_fork(_Server(), worker=None)
        config.pre_fork(_Server(), worker=None)  # the next worker's fork: nothing is built or frozen again
    assert "Warm-up failed" in caplog.text and "the warm-up broke" in caplog.text
    assert frozen == [True]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_url_name_is_worked_out_again_after_the_warm_up(monkeypatch, language):
    """Django builds a namespace's URL names per language on the first reverse() in it (the navigation's, on a
    fresh worker's first page: some 200 ms); after the warm-up none is built again."""
    from django.urls import resolvers, reverse
    from django.utils import translation

    warmup.warm_up()
    built = []
    original = resolvers.URLResolver._populate
    monkeypatch.setattr(resolvers.URLResolver, "_populate", lambda self: built.append(self) or original(self))
    with translation.override(language):
        assert reverse("law:calculator") == "/law/calculator/"
        reverse("stats:dashboard")
        reverse("web:home")
    assert built == []
