"""The main screens in a real browser: headless Chromium (Debian's package) driven by Playwright.

Logs in as each demo user (one per role, as seed_demo makes them), reads its home page in Kazakh, Russian and English, and sees the region
map drawn; no request may leave the machine. The browser, the offline page and log_in are in the root conftest.py.
"""

import random

import pytest

from accounts.demo import DEMO_USERS
from accounts.demo import seed as seed_demo_users
from accounts.roles import Role
from geo.services import load_population

# A live server needs committed data: transactional tests (after each, a flush; post_migrate then restores
# the reference data: regions and default grants).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_WORDS = {  # a word of each language's home page that the others do not have
    "kk": "Шығу",
    "ru": "Выйти",
    "en": "Log out",
}


@pytest.fixture
def demo_users(transactional_db):
    seed_demo_users(rng=random.Random(1), scale=0.0, log=lambda _: None)


@pytest.fixture
def population(transactional_db):
    load_population()


def test_every_role_has_a_demo_user():
    assert sorted(role for role, _ in DEMO_USERS.values()) == sorted(Role.values)


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_each_demo_user_logs_in_and_reads_its_home_page_in_three_languages(demo_users, offline_page, log_in,
                                                                          settings, username):
    """The README's demo users (seed_demo's), with the demo password."""
    page = offline_page
    log_in(page, username, settings.DEMO_PASSWORD)
    assert page.get_attribute("#home-heading", "data-role") == DEMO_USERS[username][0]
    for language in ("kk", "ru", "en"):
        page.click(f'.langswitch button[data-lang="{language}"]')
        page.wait_for_selector(f'html[lang="{language}"]')
        assert HOME_WORDS[language] in page.inner_text("header")
        assert page.locator(".card").count() >= 1
    assert page.outside == []


def test_the_region_map_is_drawn_offline(population, offline_page, live_server, tmp_path):
    page = offline_page
    page.goto(f"{live_server.url}/geo/map/")
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=20000)
    page.screenshot(path=str(tmp_path / "map.png"))
    assert page.locator(".js-plotly-plot .choroplethlayer path").count() >= 20
    assert page.outside == []


def test_the_maps_scale_reads_numbers_in_the_pages_language(population, offline_page, live_server):
    """Kazakh and Russian group thousands with a space (1 500 000), not an English comma (1,500,000)."""
    page = offline_page
    page.context.set_extra_http_headers({"Accept-Language": "ru"})
    page.goto(f"{live_server.url}/geo/map/", wait_until="domcontentloaded", timeout=90000)
    page.wait_for_selector(".js-plotly-plot .colorbar .cbaxis text", timeout=60000)
    ticks = [t for t in page.locator(".js-plotly-plot .colorbar .cbaxis text").all_text_contents() if t and t.strip()]
    assert ticks and not any("," in t for t in ticks), ticks
    assert any("\u00a0" in t or " " in t for t in ticks), ticks
