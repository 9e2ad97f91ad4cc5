"""In a real browser, in Russian: a citizen applies for the family, the officer of the receiving region forwards,
approves and signs the agreement; the citizen sees the decision with its articles and downloads the PDF."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.testing import PASSWORD, an_officer_of

from .conftest import a_family, a_quota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_family_applies_is_approved_and_downloads_its_agreement_in_russian(reference_units, browser, offline_page,
                                                                                log_in, live_server):
    citizen = a_family(children=1)
    officer = an_officer_of("KZ-59")
    a_quota(places=50, year=timezone.localdate().year)
    page = offline_page
    page.context.set_extra_http_headers({"Accept-Language": "ru"})
    log_in(page, citizen.username, PASSWORD)
    page.goto(f"{live_server.url}/relocation/")
    page.click("text=Подать заявку за семью")
    page.select_option("#id_departure_region", "KZ-61")
    page.fill("#id_departure_settlement", "Туркестан")
    page.select_option("#id_receiving_region", "KZ-59")
    page.select_option("#id_settlement_type", "city")
    page.click("text=Создать заявку")
    page.wait_for_selector("#state")
    assert page.inner_text("#state") == "черновик"
    assert "Члены семьи" in page.content()
    page.click("button[value=submit]")
    page.wait_for_selector("text=Выполнено")
    application_url = page.url

    officer_context = browser.new_context(extra_http_headers={"Accept-Language": "ru"})
    officer_page = officer_context.new_page()
    log_in(officer_page, officer.username, PASSWORD)
    officer_page.goto(application_url)
    officer_page.click("button[value=forward]")
    officer_page.wait_for_selector("button[value=approve]")
    officer_page.click("button[value=approve]")
    officer_page.wait_for_selector("input[name=planned_arrival]")
    assert officer_page.inner_text("#state") == "одобрена"
    officer_page.fill("input[name=planned_arrival]", (timezone.localdate() + dt.timedelta(days=20)).isoformat())
    officer_page.fill("input[name=transport]", "поезд")
    officer_page.fill("input[name=job_or_training]", "сварщик на заводе в Петропавловске")
    officer_page.fill("input[name=housing_search]", "аренда квартиры")
    officer_page.click("text=Подписать соглашение")
    officer_page.wait_for_selector("text=соглашение подписано")
    officer_context.close()

    page.goto(application_url)
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "Семья соответствует условиям." in text
    assert "ст. 6(1) «Субсидия на переезд»" in text
    assert "ст. 10(1)" in text
    link = page.locator("a", has_text="ст. 6(1) «Субсидия на переезд»").first.get_attribute("href")
    assert link == "/law/acts/model-law/#model-law-art-6-p-1"
    with page.expect_download() as info:
        page.click("#agreement-pdf")
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"
    assert page.outside == []
