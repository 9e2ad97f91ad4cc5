"""The main screens in a real browser: headless Chromium (Debian's package) driven by Playwright.

Logs in as each demo role, reads its home page in Kazakh, Russian and English, and sees the region
map drawn; no request may leave the machine.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

from accounts.roles import Role
from accounts.testing import PASSWORD, a_citizen, a_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A live server needs committed data: transactional tests (after each, a flush; post_migrate then restores
# the reference data: regions and default grants).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGE_BUTTON_TEXT = {"kk": "Қазақ", "ru": "Русский", "en": "English"}
HOME_WORDS = {  # a word of each language's home page that the others do not have
    "kk": "Шығу",
    "ru": "Выйти",
    "en": "Log out",
}


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it where it can: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used beside Playwright's loop in this thread
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _page(browser, live_server, outside):
    context = browser.new_context()
    page = context.new_page()
    local = urlparse(live_server.url).netloc

    def guard(route):
        if urlparse(route.request.url).netloc != local:
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    return context, page


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#home-heading")


@pytest.mark.parametrize("role", list(Role.values))
def test_each_role_logs_in_and_reads_its_home_page_in_three_languages(browser, live_server, role):
    user = a_citizen() if role == Role.CITIZEN else a_user(role, scope="KZ-59" if role == Role.OFFICER else None)
    outside: list[str] = []
    context, page = _page(browser, live_server, outside)
    try:
        _login(page, live_server, user.username)
        assert page.get_attribute("#home-heading", "data-role") == role
        for language in ("kk", "ru", "en"):
            page.click(f'.langswitch button[data-lang="{language}"]')
            page.wait_for_selector(f'html[lang="{language}"]')
            assert HOME_WORDS[language] in page.inner_text("header")
            assert page.locator(".card").count() >= 1
    finally:
        context.close()
    assert outside == []


def test_the_region_map_is_drawn_offline(browser, live_server, tmp_path):
    from geo.services import load_population

    load_population()
    outside: list[str] = []
    context, page = _page(browser, live_server, outside)
    try:
        page.goto(f"{live_server.url}/geo/map/")
        page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=20000)
        regions = page.locator(".js-plotly-plot .choroplethlayer path").count()
        page.screenshot(path=str(tmp_path / "map.png"))
    finally:
        context.close()
    assert regions >= 20
    assert outside == []
