"""Project-wide test set-up: PostgreSQL-only tests skip on SQLite; browser tests need Chromium."""

import os
import shutil
from urllib.parse import urlparse

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read English unless they ask for another language, hash passwords quickly, and log in without
    django-axes (accounts/tests/test_login_lockout.py turns it on)."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False  # the test client's login() passes no request; the lockout tests turn it on
    settings.CACHES = {**settings.CACHES,  # each test its own empty shared cache, never the files of `make run`
                       "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import caches

    caches["shared"].clear()
    caches["versions"].clear()  # what a test computed is not served to the next (its writes were rolled back)


CHROMIUM = "/usr/bin/chromium"  # Debian's package; scripts/ensure_chromium.sh installs it for `make test`


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, for browser tests (marked `browser`, transactional: a live
    server needs committed data). Request the database's fixtures before `offline_page`: ORM calls made
    inside Playwright's (greenlet) context open a connection that is never closed."""
    executable = shutil.which("chromium") or CHROMIUM
    if not os.path.exists(executable):
        pytest.skip("Debian's chromium is not installed (make test installs it where it can: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used beside Playwright's loop in this thread
    try:
        with sync_api.sync_playwright() as p:
            launched = p.chromium.launch(
                executable_path=executable, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                      "--disable-background-networking", "--disable-component-update"],
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def offline_page(browser, live_server):
    """A fresh page that may reach only the live server: every other request is refused and listed in
    `page.outside`, which a test asserts empty (nothing may be fetched from another host)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.outside = []
    local = urlparse(live_server.url).netloc

    def guard(route):
        if urlparse(route.request.url).netloc != local:
            page.outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    yield page
    context.close()


@pytest.fixture
def log_in(live_server):
    """log_in(page, username, password): through the login form, waiting for the home page."""

    def _log_in(page, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#home-heading")

    return _log_in
