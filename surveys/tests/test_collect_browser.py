"""A respondent's interview in Kazakh in a real browser (headless Chromium, phone-sized, nothing fetched from
another host): the shipped questionnaire with a skip, a cascading select and a household member; then the
researcher finds the interview and its results."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user, unit
from surveys.models import Submission
from surveys.services import assign, upload_form

from .conftest import SHIPPED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people_and_survey(db):
    researcher = a_user(Role.RESEARCHER)
    enumerator = a_user(Role.ENUMERATOR, scope="KZ-59")
    form = upload_form(actor=researcher, filename=SHIPPED.name, content=SHIPPED.read_bytes()).form
    assign(actor=researcher, form=form, enumerator=enumerator, unit=unit("KZ-59"))
    return researcher, enumerator, form


def sign_in(page, live_server, username: str) -> None:
    """Through the login form; waits for the redirect, not for the start page's content (which composes
    every room's work queue and is tested in web/)."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def settled(page) -> None:
    """Wait until the page's latest round trip to the engine has been applied."""
    page.wait_for_timeout(50)
    before = page.get_attribute("#survey-form", "data-evaluated")
    # a function, not an expression string: Playwright evaluates a string with eval(), which the page's
    # Content-Security-Policy (no 'unsafe-eval') refuses
    page.wait_for_function("(before) => document.querySelector('#survey-form').getAttribute('data-evaluated') !== before",
                           arg=before, timeout=10000)


def test_a_respondent_fills_the_questionnaire_in_kazakh_with_a_skip_and_a_repeat(
        people_and_survey, offline_page, live_server, tmp_path):
    researcher, enumerator, form = people_and_survey
    page = offline_page
    sign_in(page, live_server, enumerator.username)
    page.goto(f"{live_server.url}/surveys/")
    page.click("button[data-lang=kk]")
    page.wait_for_selector("html[lang=kk]")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/surveys/{form.pk}/collect/")
    page.wait_for_selector("#survey-form[data-evaluated]")
    assert page.is_hidden("[data-path=respondent]")  # nothing but consent until the respondent agrees
    assert "келісесіз бе" in page.inner_text("[data-path=consent]")
    page.check("input[name=consent][value=yes]")
    page.wait_for_selector("[data-path=respondent]:not([hidden])")
    page.check("input[name=sex][value=female]")
    page.fill("input[name=age]", "34")
    page.select_option("select[name=origin]", "KZ-61")
    page.check("input[name=region][value=KZ-59]")
    settled(page)
    shown = page.eval_on_selector_all("select[name=settlement] option[data-choice]",
                                      "options => options.filter(o => !o.hidden).map(o => o.value)")
    assert shown == ["petropavl", "bulaevo", "mamlyutka", "taiynsha"]  # the cascading select: North Kazakhstan's
    page.select_option("select[name=settlement]", "bulaevo")
    assert page.input_value("input[name=moved_year]") == "2024"  # the default
    page.check("input[name=reasons][value=work]")
    page.check("input[name=support][value=subsidy]")
    page.click("[data-add=member]")  # a household member (the repeat)
    page.check("input[name='member[0]/member_relation'][value=child]")
    page.check("input[name='member[0]/member_sex'][value=male]")
    page.fill("input[name='member[0]/member_age']", "7")
    settled(page)
    assert page.is_hidden("[data-path='member[0]/member_works']")  # a child of 7 is not asked about work
    page.check("input[name=employed][value=no]")
    settled(page)
    assert page.is_hidden("[data-path=sector]") and page.is_hidden("[data-path=contract]")  # the skip
    page.fill("input[name=age]", "15")
    settled(page)
    assert "18–80" in page.inner_text("[data-path=age] .sv-error")  # the constraint, live, in Kazakh
    page.fill("input[name=age]", "34")
    page.check("input[name=language][value=kazakh]")
    page.check("input[name=satisfaction][value='4']")
    page.check("input[name=stay_5y][value=yes]")
    settled(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
    page.screenshot(path=str(tmp_path / "collect.png"), full_page=True)
    page.click("#submit-interview")
    page.wait_for_selector(".messages li.success")
    assert page.outside == []

    submission = Submission.objects.get()
    assert submission.collector == enumerator and submission.region.code == "KZ-59"
    assert submission.data["member"] == [{"member_relation": "child", "member_sex": "male", "member_age": 7}]
    assert submission.data["employed"] == "no" and "sector" not in submission.data
    assert submission.data["household_size"] == "2"

    page.context.clear_cookies()
    sign_in(page, live_server, researcher.username)
    page.goto(f"{live_server.url}/surveys/")
    page.click("button[data-lang=kk]")
    page.wait_for_selector("html[lang=kk]")
    page.goto(f"{live_server.url}/surveys/{form.pk}/submissions/")
    assert page.locator("#submissions tbody tr").count() == 1
    assert "Bulaevo" in page.inner_text("#submissions")
    page.goto(f"{live_server.url}/surveys/{form.pk}/results/?q=stay_5y")
    page.wait_for_selector("[data-chart=estimates-chart] .main-svg")
    assert "Солтүстік Қазақстан облысы" in page.inner_text("#estimates")
    assert page.outside == []
