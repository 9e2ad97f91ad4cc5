from urllib.parse import urlparse
from web.tests.test_phone_width import demo, phone, _overflow  # noqa
import pytest
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
START = ["/appeals/", "/appeals/report/", "/appeals/grievances/new/", "/fund/contributions/", "/fund/insurance/",
         "/fund/grants/", "/fund/refunds/", "/fund/signing-bands/", "/relocation/budgets/", "/relocation/"]
def test_new(demo, phone, log_in, live_server, settings, tmp_path):
    page = phone
    faults = []
    local = urlparse(live_server.url).netloc
    for username in ("admin", "citizen", "officer", "accountant", "ministry"):
        page.context.clear_cookies()
        log_in(page, username, settings.DEMO_PASSWORD)
        page.click('.langswitch button[data-lang="kk"]'); page.wait_for_selector('html[lang="kk"]')
        done = set()
        for start in START:
            r = page.goto(live_server.url + start)
            if r is None or r.status != 200: continue
            links = [h for h in page.evaluate("() => Array.from(document.querySelectorAll('main a')).map(a => a.href)")
                     if urlparse(h).netloc == local and any(urlparse(h).path.startswith(s) for s in START)]
            for href in [live_server.url + start] + sorted(set(links))[:8]:
                path = urlparse(href).path
                if path in done or path.endswith((".pdf", ".csv")): continue
                done.add(path)
                r = page.goto(href)
                if r is None or r.status != 200: continue
                if seen := _overflow(page):
                    faults.append(f"{username} {path}: {seen}")
                    page.screenshot(path=f"/tmp/faces2-{username}-{path.strip('/').replace('/', '-')}.png", full_page=True)
        print("USER", username, sorted(done))
    print("FAULTS", "\n".join(faults))
