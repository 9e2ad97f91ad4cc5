"""The pages of vacancies, matching, offers, courses and notices: each role sees its part, others get 404."""

import datetime as dt

import pytest

from accounts.testing import PASSWORD, a_person_in, a_user
from labour.models import CourseDuty, JobOffer, MatchProposal, Vacancy
from labour.services import (
    add_course,
    add_course_provider,
    complete_enrolment,
    record_attendance,
    register_contract,
    register_job_seeker,
)

from .conftest import a_vacancy, an_employer_in, occupation, region

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world():
    employer = an_employer_in("KZ-59")
    person = a_person_in("KZ-61")
    seeker = register_job_seeker(person, unit=region("KZ-61"), registered_on=dt.date(2026, 1, 5))
    seeker.occupation = occupation("72")
    seeker.preferred_regions = ["KZ-59"]
    seeker.save()
    return {"employer": employer, "employer_user": employer.users.first(), "person": person,
            "citizen": a_user("citizen", person=person), "officer": a_user("officer", scope="KZ-59")}


def test_an_employer_posts_a_vacancy_through_the_page_and_a_low_wage_is_refused(client, world):
    logged_in(client, world["employer_user"])
    form = {"employer": world["employer"].pk, "title": "Welder", "occupation": occupation("72").pk,
            "region": region("KZ-59").pk, "settlement": "Petropavl", "places": 2, "wage_kzt": 50_000,
            "housing": "dormitory", "starts_on": "2026-12-15", "closes_on": "2026-12-31"}
    response = client.post("/labour/vacancies/new/", form)
    assert response.status_code == 200 and "minimum monthly wage" in response.content.decode()
    form["wage_kzt"] = 320_000
    response = client.post("/labour/vacancies/new/", form)
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/labour/vacancies/{vacancy.pk}/"
    assert client.get("/labour/vacancies/").status_code == 200


def test_the_officer_runs_a_matching_accepts_and_the_citizen_answers_the_offer(client, world):
    vacancy = a_vacancy(world["employer"], places=1)
    logged_in(client, world["officer"])
    response = client.post("/labour/matching/", {"on": "2026-11-25", "region": region("KZ-59").pk})
    assert response.status_code == 302
    proposal = MatchProposal.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "occupation 40" in page
    client.post(f"/labour/proposals/{proposal.pk}/decide/", {"decision": "accept"})
    offer = JobOffer.objects.get()
    client.logout()
    logged_in(client, world["citizen"])
    assert vacancy.title in client.get("/labour/offers/").content.decode()
    client.post("/labour/offers/", {"offer": offer.pk, "answer": "accept"})
    vacancy.refresh_from_db()
    assert vacancy.places_filled == 1
    assert client.post("/labour/offers/", {"offer": "x"}).status_code == 404


def test_an_officer_of_another_region_gets_404_for_a_proposal_and_a_vacancy_decision(client, world):
    a_vacancy(world["employer"], places=1)
    logged_in(client, world["officer"])
    client.post("/labour/matching/", {"on": "2026-11-25", "region": region("KZ-59").pk})
    proposal = MatchProposal.objects.get()
    client.logout()
    logged_in(client, a_user("officer", scope="KZ-55"))
    assert client.post(f"/labour/proposals/{proposal.pk}/decide/", {"decision": "accept"}).status_code == 404
    assert client.get(f"/labour/matching/{proposal.run_id}/").status_code == 404


def test_course_pages_show_duties_and_the_certificate_is_a_pdf_for_the_person(client, world):
    contract = register_contract(employer=world["employer"], employee=world["person"], position="Welder",
                                 workplace_unit=region("KZ-59"), start_date=dt.date(2025, 3, 3), wage_kzt=300_000,
                                 registered_on=dt.date(2025, 3, 3))
    provider = add_course_provider(name="Tіl Centre", region=region("KZ-59"), actor=world["officer"])
    course = add_course(provider=provider, kind="legal_literacy", title="Rights at work", hours=2,
                        format="online", actor=world["officer"])
    duty = CourseDuty.objects.get(contract=contract, kind="legal_literacy")
    logged_in(client, world["employer_user"])
    assert client.get("/labour/courses/").status_code == 200
    assert "overdue" in client.get("/labour/courses/?show=overdue").content.decode()
    response = client.post(f"/labour/course-duties/{duty.pk}/", {"step": "enrol", "course": course.pk,
                                                                 "enrolled_on": "2025-04-01"})
    assert response.status_code == 302
    enrolment = duty.__class__.objects.get(pk=duty.pk).enrolment
    record_attendance(enrolment, on=dt.date(2025, 4, 2), hours=2, actor=world["employer_user"])
    complete_enrolment(enrolment, on=dt.date(2025, 4, 2), actor=world["employer_user"])
    client.logout()
    logged_in(client, world["citizen"])
    response = client.get(f"/labour/enrolments/{enrolment.pk}/certificate.pdf?lang=ru")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.logout()
    logged_in(client, a_user("employer"))
    assert client.get(f"/labour/enrolments/{enrolment.pk}/certificate.pdf").status_code == 404


def test_notices_pages_for_the_officer_and_the_employer(client, world):
    logged_in(client, world["officer"])
    response = client.post("/labour/notices/", {"region": region("KZ-59").pk, "kind": "fair", "title": "Fair",
                                                 "body": "Come", "fair_date": "2026-12-10",
                                                 "fair_place": "Petropavl"})
    assert response.status_code == 302
    notice_url = response["Location"]
    client.logout()
    logged_in(client, world["employer_user"])
    vacancy = a_vacancy(world["employer"])
    response = client.post(notice_url, {"step": "reply", "body": "We come", "attends_fair": "on",
                                        "vacancies": [vacancy.pk]})
    assert response.status_code == 302
    assert vacancy.title in client.get(notice_url).content.decode()
    client.logout()
    pavlodar = an_employer_in("KZ-55", name="Irtysh", serial=5)
    logged_in(client, pavlodar.users.first())
    assert client.get(notice_url).status_code == 404
