"""On a phone (390 px wide), every main page fits the screen: tables scroll inside their own box, the header
band stretches, and nothing makes the page wider than the screen. For each demo user, the pages linked from
the navigation and from the home page's cards and work queue are discovered from the page itself, so pages that
rooms add later are covered without editing this test."""

import time
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# What overflows: the document wider than the window, and the elements that stick out past its right edge.
OVERFLOW = """() => {
  const width = %d;  // the phone's width, not innerWidth (which can widen to fit)
  const culprits = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        let inside = false;  // a descendant of a box that scrolls is not the page's overflow
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { inside = true; break; }
        }
        if (!inside) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                                  + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, culprits: culprits.slice(0, 5)};
}"""

# Lines the menu takes: distinct tops of its links.
NAV_LINES = """() => new Set(Array.from(document.querySelectorAll('nav.mainnav a'))
  .map(a => Math.round(a.getBoundingClientRect().top))).size"""

# The menu, the home cards, and the first item of each work-queue section (one of a kind is enough).
LINKS = """() => Array.from(document.querySelectorAll('nav.mainnav a, .cards a, #work-queue .work-section tr:first-child a'))
  .map(a => a.href)"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0.00005", "--seed", "7", stdout=open("/dev/null", "w"))


@pytest.fixture
def phone(browser, live_server):
    # Not is_mobile: a mobile layout viewport widens to fit the content, which would hide the very overflow sought.
    context = browser.new_context(viewport=PHONE)
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


def _overflow(page) -> dict | None:
    page.wait_for_load_state("load")
    time.sleep(0.2)  # charts draw after load
    seen = page.evaluate(OVERFLOW % PHONE["width"])
    return seen if seen["scroll"] > seen["width"] else None


def test_every_main_page_of_every_demo_user_fits_a_phone(demo, phone, log_in, live_server, settings, tmp_path):
    page = phone
    faults: list[str] = []
    visited = 0
    for username in DEMO_USERS:
        page.context.clear_cookies()
        log_in(page, username, settings.DEMO_PASSWORD)
        for language in ("ru", "kk"):  # the Kazakh menu is the longest: the pages are then read in Kazakh
            page.click(f'.langswitch button[data-lang="{language}"]')
            page.wait_for_selector(f'html[lang="{language}"]')
            if seen := _overflow(page):
                faults.append(f"{username} {language} home: {seen}")
                page.screenshot(path=str(tmp_path / f"{username}-{language}-home.png"), full_page=True)
        if (nav := page.evaluate(NAV_LINES)) > 1:
            faults.append(f"{username} kk: the menu wraps onto {nav} lines")
        local = urlparse(live_server.url).netloc
        links = sorted({href.split("#")[0] for href in page.evaluate(LINKS) if urlparse(href).netloc == local})
        for href in links:
            response = page.goto(href)
            visited += 1
            if response is None or response.status != 200:
                continue  # this test is about width; links and errors are other tests' business
            if seen := _overflow(page):
                faults.append(f"{username} {urlparse(href).path}: {seen}")
                page.screenshot(path=str(tmp_path / f"{username}-{urlparse(href).path.strip('/').replace('/', '-')}.png"),
                                full_page=True)
    assert visited >= len(DEMO_USERS)
    assert faults == [], "\n".join(faults) + f"\n(screenshots in {tmp_path})"
    assert page.outside == []
