"""In a real browser: an employer posts a vacancy, an officer runs a matching and accepts the proposal, and the
person sees the offer and accepts it (headless Chromium, fixtures in the root conftest.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import PASSWORD, a_person_in, a_user
from labour.models import Occupation, Vacancy
from labour.services import register_job_seeker

from .conftest import an_employer_in, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast():
    employer = an_employer_in("KZ-59")
    person = a_person_in("KZ-61", surname="Seitkali", given_name="Aidos")
    seeker = register_job_seeker(person, unit=region("KZ-61"), registered_on=dt.date(2026, 1, 5))
    seeker.occupation = Occupation.objects.get(code="72")
    seeker.preferred_regions = ["KZ-59"]
    seeker.save()
    return {"employer": employer.users.first(), "officer": a_user(Role.OFFICER, scope="KZ-59"),
            "citizen": a_user(Role.CITIZEN, person=person), "welders": Occupation.objects.get(code="72").pk,
            "north": region("KZ-59").pk}


def test_a_vacancy_posted_matched_accepted_and_answered_in_the_browser(cast, offline_page, log_in, live_server,
                                                                       tmp_path):
    page = offline_page
    today = timezone.localdate()
    log_in(page, cast["employer"].username, PASSWORD)
    page.goto(f"{live_server.url}/labour/vacancies/new/")
    page.fill("#id_title", "Welder")
    page.select_option("#id_occupation", str(cast["welders"]))
    page.select_option("#id_region", str(cast["north"]))
    page.fill("#id_settlement", "Petropavl")
    page.fill("#id_places", "2")
    page.fill("#id_wage_kzt", "320000")
    page.select_option("#id_housing", "dormitory")
    page.fill("#id_starts_on", (today + dt.timedelta(days=20)).isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=40)).isoformat())
    page.click("button.primary[type=submit]")
    page.wait_for_selector("text=The vacancy is posted.")
    page.context.clear_cookies()

    log_in(page, cast["officer"].username, PASSWORD)
    page.goto(f"{live_server.url}/labour/matching/")
    page.fill("#id_on", today.isoformat())
    page.click("button.primary[type=submit]")
    page.wait_for_selector("text=Seitkali Aidos")
    assert "occupation 40" in page.content()
    page.click("button[value=accept]")
    page.wait_for_selector("text=the offer is sent to the person")
    page.context.clear_cookies()

    log_in(page, cast["citizen"].username, PASSWORD)
    page.wait_for_selector("text=Welder")  # the start page's queue shows the offer
    page.goto(f"{live_server.url}/labour/offers/")
    page.screenshot(path=str(tmp_path / "offers.png"))
    page.click("button[value=accept]")
    page.wait_for_selector("text=Your answer is recorded.")
    assert Vacancy.objects.get().places_filled == 1
    assert page.outside == []
