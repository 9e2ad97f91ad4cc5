"""Employers' course duties: the law's enrolment deadline on both sides, attendance, completion, certificate."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.testing import a_person_in, a_user
from labour.models import CourseDuty, EnrolmentStatus
from labour.selectors import overdue_course_duties
from labour.services import (
    Conflict,
    add_course,
    add_course_provider,
    complete_enrolment,
    enrol,
    record_attendance,
    register_contract,
)

from .conftest import an_employer_in, region

pytestmark = pytest.mark.django_db

HIRED = dt.date(2025, 3, 3)
# model law art. 14(2): six months from hiring (law/rules/parameters/employers/course_enrolment_months.yaml)
DUE = dt.date(2025, 9, 3)


@pytest.fixture
def hired():
    employer = an_employer_in("KZ-59")
    region("KZ-61")
    contract = register_contract(employer=employer, employee=a_person_in("KZ-61"), position="Welder",
                                 workplace_unit=employer.region, start_date=HIRED, wage_kzt=300_000,
                                 registered_on=HIRED)
    return contract


@pytest.fixture
def course():
    officer = a_user("officer", scope="KZ-59")
    provider = add_course_provider(name="Petropavl Language Centre", region=region("KZ-59"), actor=officer)
    return add_course(provider=provider, kind="state_language", title="Kazakh A1", hours=4, format="in_person",
                      actor=officer)


def test_hiring_a_migrant_from_another_region_creates_both_course_duties_with_the_laws_deadline(hired):
    duties = CourseDuty.objects.filter(contract=hired)
    assert {d.kind for d in duties} == {"state_language", "legal_literacy"}
    assert {d.due_date for d in duties} == {DUE}
    assert hired.internal_migrant


def test_a_local_hire_owes_no_courses():
    employer = an_employer_in("KZ-59")
    contract = register_contract(employer=employer, employee=a_person_in("KZ-59"), position="Welder",
                                 workplace_unit=employer.region, start_date=HIRED, wage_kzt=300_000,
                                 registered_on=HIRED)
    assert not contract.internal_migrant and not CourseDuty.objects.filter(contract=contract).exists()


def test_a_duty_is_not_overdue_on_its_deadline_and_is_overdue_the_day_after(hired):
    employer_user = hired.employer.users.first()
    inspector = a_user("inspector", scope="KZ-59")
    assert overdue_course_duties(employer_user, DUE).count() == 0
    assert overdue_course_duties(employer_user, DUE + dt.timedelta(days=1)).count() == 2
    assert overdue_course_duties(inspector, DUE + dt.timedelta(days=1)).count() == 2
    assert overdue_course_duties(a_user("inspector", scope="KZ-55"), DUE + dt.timedelta(days=1)).count() == 0


def test_enrolment_by_the_deadline_meets_the_duty(hired, course):
    duty = CourseDuty.objects.get(contract=hired, kind="state_language")
    enrol(duty, course=course, enrolled_on=DUE, actor=hired.employer.users.first())
    overdue = overdue_course_duties(hired.employer.users.first(), DUE + dt.timedelta(days=30))
    assert [d.kind for d in overdue] == ["legal_literacy"]


def test_a_course_of_the_other_kind_does_not_meet_a_duty(hired, course):
    duty = CourseDuty.objects.get(contract=hired, kind="legal_literacy")
    with pytest.raises(ValidationError):
        enrol(duty, course=course, enrolled_on=HIRED, actor=hired.employer.users.first())


def test_completion_needs_the_hours_and_gives_a_certificate_in_the_persons_language(hired, course):
    from labour.certificates import certificate_pdf

    user = hired.employer.users.first()
    enrolment = enrol(CourseDuty.objects.get(contract=hired, kind="state_language"), course=course,
                      enrolled_on=HIRED, actor=user)
    record_attendance(enrolment, on=HIRED + dt.timedelta(days=1), hours=3, actor=user)
    with pytest.raises(ValidationError):
        complete_enrolment(enrolment, on=HIRED + dt.timedelta(days=2), actor=user)
    record_attendance(enrolment, on=HIRED + dt.timedelta(days=2), hours=1, actor=user)
    done = complete_enrolment(enrolment, on=HIRED + dt.timedelta(days=2), actor=user)
    assert done.status == EnrolmentStatus.COMPLETED and done.certificate_number
    with pytest.raises(Conflict):
        record_attendance(done, on=HIRED + dt.timedelta(days=3), hours=1, actor=user)
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(certificate_pdf(done, lang="ru"))).pages[0].extract_text()
    assert "Сертификат" in text and done.certificate_number in text and "Kazakh A1" in text
    text_kk = PdfReader(BytesIO(certificate_pdf(done, lang="kk"))).pages[0].extract_text()
    assert "Сертификат" in text_kk and "сағат" in text_kk
