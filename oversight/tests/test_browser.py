"""In a real browser: the inspector finds an alert on the start page, opens it in one click, reads its evidence
and records the resolution. No request leaves the machine."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def an_alert(transactional_db):
    from accounts.testing import a_user
    from oversight import services
    from oversight.models import Alert

    from .conftest import NAMES, move, person_from, region

    for code in NAMES:
        region(code)
    inspector = a_user("inspector", username="inspector_b", scope="KZ-59")
    move(person_from("KZ-61", surname="Tulegenov"), "KZ-59", arrival=dt.date(2026, 3, 2))
    services.scan(on=dt.date(2026, 4, 20), actor="test")
    return inspector, Alert.objects.get()


def test_the_inspector_resolves_an_alert_from_the_start_page(an_alert, offline_page, log_in):
    from accounts.testing import PASSWORD
    from oversight.models import Status

    inspector, alert = an_alert
    page = offline_page
    log_in(page, inspector.username, PASSWORD)
    page.click(f'a[href="/oversight/alerts/{alert.pk}/"]')
    page.wait_for_selector("#alert-heading")
    assert "Tulegenov" in page.inner_text("#alert-heading")
    assert "49" in page.inner_text("#evidence")  # days without a contract, 2 March to 20 April
    page.check('input[name="outcome"][value="confirmed"]')
    page.fill('textarea[name="reason"]', "Visited the address; the person works without a contract.")
    page.click("#resolve-form button[type=submit]")
    page.wait_for_selector("#resolution")
    assert page.get_attribute("#alert-status", "data-status") == "confirmed"
    assert page.outside == []
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_by) == (Status.CONFIRMED, inspector)
