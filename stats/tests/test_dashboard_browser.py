"""The dashboard's maps in a real browser (headless Chromium from Debian, driven by Playwright): the region
outlines are drawn filled, and no request leaves the machine (fixtures in the root conftest.py)."""

import pytest

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ministry(shipped):
    return a_user(Role.MINISTRY)


def test_the_dashboard_map_fills_the_20_region_outlines_offline(ministry, offline_page, log_in, live_server, tmp_path):
    page = offline_page
    log_in(page, ministry.username, PASSWORD)
    page.goto(f"{live_server.url}/stats/?year=2024")
    fills = "#chart-choropleth .scatterlayer .trace path.js-fill"
    page.wait_for_selector(fills, timeout=20000)
    drawn = page.eval_on_selector_all(fills, "els => els.filter(e => (e.getAttribute('d') || '').length > 50)"
                                             ".map(e => e.style.fill)")
    page.locator("#chart-choropleth").screenshot(path=str(tmp_path / "choropleth.png"))
    assert len(drawn) == 20 and len(set(drawn)) > 5  # filled, by value
    assert page.locator("#chart-choropleth .colorbar").count() == 1
    assert page.locator("#chart-flows .scatterlayer .trace path.js-fill").count() >= 20
    assert page.outside == []
