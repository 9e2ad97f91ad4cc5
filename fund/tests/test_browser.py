"""In a real browser: the accountant prepares a batch, the controller approves it, the citizen sees the payment.
Headless Chromium (Debian's package) driven by Playwright; nothing may be fetched from another host."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from accounts.demo import seed as seed_demo_users
from accounts.models import User
from relocation.models import PaymentOrder

from .helpers import a_participant, an_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def citizen_owed_a_subsidy(transactional_db):
    seed_demo_users(rng=random.Random(1), scale=0.0, log=lambda _: None)
    person = User.objects.get(username="citizen").person
    a_participant(person=person)
    today = timezone.localdate()
    return an_order(person, region="KZ-59", amount_kzt=276_800, period_start=today, due_on=today)


def test_the_accountant_prepares_the_controller_approves_and_the_citizen_sees_the_payment(
        citizen_owed_a_subsidy, offline_page, log_in, live_server, settings):
    page = offline_page
    log_in(page, "accountant", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/fund/batches/")
    page.click("#prepare-form button[type=submit]")
    page.wait_for_selector("#batch-status")
    assert "276,800.00" in page.inner_text("main")
    assert page.locator("#four-eyes").count() == 1 and page.locator("#approve-form").count() == 0
    batch_url = page.url
    page.click("text=Log out")

    log_in(page, "controller", settings.DEMO_PASSWORD)
    page.goto(batch_url)
    page.click("#approve-form button[type=submit]")
    page.wait_for_selector("#batch-status")
    assert page.inner_text("#batch-status") == "approved"
    citizen_owed_a_subsidy.refresh_from_db()
    assert citizen_owed_a_subsidy.status == PaymentOrder.Status.PAID
    page.click("text=Log out")

    log_in(page, "citizen", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/fund/")
    table = page.inner_text("table.payments")
    assert "276,800.00" in table and "sent to the bank" in table
    assert page.outside == []


def test_the_accountant_insures_a_family_the_controller_pays_the_claim_and_the_citizen_sees_it(
        transactional_db, offline_page, log_in, live_server, settings):
    import datetime as dt

    from .helpers import a_participant_family, an_ended_contract

    seed_demo_users(rng=random.Random(1), scale=0.0, log=lambda _: None)
    person = User.objects.get(username="citizen").person
    a_participant_family(person, state="arrived")  # the fund insures families taking part in the programme
    today = timezone.localdate()
    an_ended_contract(person, ended_on=today - dt.timedelta(days=3))
    page = offline_page
    log_in(page, "accountant", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/fund/insurance/")
    page.fill("#id_holder_iin", person.iin)
    page.fill("#id_premium", "15000")
    page.fill("#id_cover", "300000")
    page.fill("#id_starts_on", (today - dt.timedelta(days=30)).isoformat())
    page.fill("#id_ends_on", (today + dt.timedelta(days=335)).isoformat())
    page.click("#policy-form button[type=submit]")
    page.wait_for_selector("#evidence")
    assert "Kyzylzhar Agro LLP" in page.inner_text("#evidence")
    page.click("#claim-form button[type=submit]")
    page.wait_for_selector(".messages")
    policy_url = page.url
    page.click("text=Log out")

    log_in(page, "controller", settings.DEMO_PASSWORD)
    page.goto(policy_url)
    page.select_option(".decide-claim select[name=decision]", "approve")
    page.fill(".decide-claim input[name=reason]", "The contract was terminated in the first year")
    page.click(".decide-claim button[type=submit]")
    page.wait_for_selector(".messages")
    assert "300,000.00" in page.inner_text("#claims")
    page.click("text=Log out")

    log_in(page, "citizen", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/fund/")
    claims = page.inner_text("#my-claims")
    assert "300,000.00" in claims and "approved and paid" in claims
    assert page.outside == []
