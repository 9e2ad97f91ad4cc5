"""Vacancies: the minimum wage from law/, closing by date or when filled, search with the same filters."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.testing import a_citizen, a_user
from labour.models import EconomicActivity, Occupation, Vacancy, VacancyStatus
from labour.selectors import search_vacancies
from labour.services import close_expired_vacancies, set_employer_activity, withdraw_vacancy

from .conftest import a_vacancy, an_employer_in, region

pytestmark = pytest.mark.django_db


def test_the_classifications_ship_oked_sections_and_divisions_and_isco_groups_in_three_languages():
    assert EconomicActivity.objects.filter(level="section").count() == 21
    assert EconomicActivity.objects.filter(level="division").count() == 88
    assert Occupation.objects.filter(level="major").count() == 10
    assert Occupation.objects.filter(level="sub-major").count() == 43
    welders = Occupation.objects.get(code="72")
    assert welders.parent.code == "7"
    assert welders.title_ru.startswith("Рабочие металлообработки") and welders.title_kk and welders.title_en


def test_an_employer_carries_its_oked_division_and_section():
    employer = an_employer_in("KZ-59")
    set_employer_activity(employer, activity=EconomicActivity.objects.get(code="10"), actor=employer.users.first())
    employer.refresh_from_db()
    assert employer.activity.code == "10" and employer.sector == "C"


def test_a_wage_below_the_minimum_wage_in_force_is_refused():
    employer = an_employer_in("KZ-59")
    # minimum monthly wage 85,000 tenge from 1 January 2024 (Law on the republican budget for 2024)
    with pytest.raises(ValidationError) as caught:
        a_vacancy(employer, wage_kzt=84_999)
    assert "wage_kzt" in caught.value.message_dict
    assert a_vacancy(employer, wage_kzt=85_000).wage_kzt == 85_000


def test_a_service_flat_needs_its_rooms_and_only_a_flat_has_rooms():
    employer = an_employer_in("KZ-59")
    with pytest.raises(ValidationError) as caught:
        a_vacancy(employer, housing="service_flat")
    assert "housing_rooms" in caught.value.message_dict
    with pytest.raises(ValidationError):
        a_vacancy(employer, housing="dormitory", housing_rooms=2)
    assert a_vacancy(employer, housing="service_flat", housing_rooms=2).housing_rooms == 2


def test_a_vacancy_closes_by_itself_after_its_closing_date():
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer, closes_on=dt.date(2026, 12, 20))
    assert close_expired_vacancies(on=dt.date(2026, 12, 20)) == 0  # open through its closing date
    assert close_expired_vacancies(on=dt.date(2026, 12, 21)) == 1
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.EXPIRED and vacancy.closed_on == dt.date(2026, 12, 21)


def test_the_close_vacancies_command_runs_the_task(settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer, closes_on=dt.date(2026, 11, 25))
    call_command("close_vacancies", "--date", "2026-11-26")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.EXPIRED


def test_a_withdrawn_vacancy_cannot_be_withdrawn_again():
    from labour.services import Conflict

    employer = an_employer_in("KZ-59")
    vacancy = withdraw_vacancy(a_vacancy(employer), actor=employer.users.first())
    with pytest.raises(Conflict) as caught:
        withdraw_vacancy(vacancy, actor=employer.users.first())
    assert caught.value.state == "withdrawn"


def test_search_filters_by_region_occupation_wage_and_housing():
    north = an_employer_in("KZ-59")
    pavlodar = an_employer_in("KZ-55", name="Irtysh", serial=2)
    a = a_vacancy(north, occupation_code="72", wage_kzt=300_000, housing="dormitory")
    b = a_vacancy(pavlodar, occupation_code="83", wage_kzt=200_000)
    citizen = a_citizen()
    day = dt.date(2026, 11, 25)
    assert set(search_vacancies(citizen, on=day)) == {a, b}
    assert list(search_vacancies(citizen, on=day, region=region("KZ-55"))) == [b]
    assert list(search_vacancies(citizen, on=day, occupation=Occupation.objects.get(code="7"))) == [a]
    assert list(search_vacancies(citizen, on=day, min_wage=250_000)) == [a]
    assert list(search_vacancies(citizen, on=day, housing="any")) == [a]
    assert list(search_vacancies(citizen, on=dt.date(2026, 12, 21))) == []


def test_an_employer_sees_only_its_own_vacancies_and_an_officer_only_its_territory():
    north = an_employer_in("KZ-59")
    pavlodar = an_employer_in("KZ-55", name="Irtysh", serial=2)
    a = a_vacancy(north)
    b = a_vacancy(pavlodar)
    assert list(Vacancy.objects.visible_to(north.users.first())) == [a]
    assert list(Vacancy.objects.visible_to(a_user("officer", scope="KZ-55"))) == [b]
