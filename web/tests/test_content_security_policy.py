"""Every page is served with a Content-Security-Policy, and the pages work under it in a real browser: the
map, the statistics dashboard (Plotly), the law's parameter charts and the API docs draw with no violation."""

from __future__ import annotations

import random

import pytest

from accounts.demo import seed as seed_demo_users


def test_a_page_carries_a_policy_that_allows_scripts_only_from_koshi_or_with_the_pages_nonce(client, db):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    script = directives["script-src"].split()
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and "'self'" in script
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.fixture
def site_data(transactional_db):
    from geo.services import load_population
    from stats.importer import import_shipped

    seed_demo_users(rng=random.Random(1), scale=0.0, log=lambda _: None)
    load_population()
    import_shipped(["interregional", "monthly_all_internal", "od", "resettlement", "quota"])


PAGES = [  # (path, what shows the page's scripts ran)
    ("/geo/map/", ".js-plotly-plot .choroplethlayer path"),
    ("/stats/", ".js-plotly-plot .main-svg"),
    ("/law/parameters/", ".js-plotly-plot .main-svg"),
    ("/api/docs/", ".swagger-ui .opblock"),
    ("/", "#home-heading"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_with_charts_work_under_the_policy_with_no_violation(site_data, offline_page, log_in, live_server,
                                                                       settings):
    page = offline_page
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    log_in(page, "ministry", settings.DEMO_PASSWORD)
    for path, drawn in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(drawn, timeout=30000)
        page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.outside == []
