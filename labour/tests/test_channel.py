"""The akimat–employer channel: notices to a region's employers, answers, fair registrations and invitations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.testing import a_person_in, a_user
from labour.models import NoticeReply
from labour.selectors import fair_vacancies, notices_for
from labour.services import invite_to_fair, publish_notice, reply_to_notice

from .conftest import a_vacancy, an_employer_in, region

pytestmark = pytest.mark.django_db


def a_fair(officer, code="KZ-59"):
    return publish_notice(region=region(code), kind="fair", title="Job fair in Petropavl", body="Bring vacancies.",
                          fair_date=dt.date(2026, 12, 10), fair_place="Petropavl, Abai St 1", actor=officer)


def test_an_employer_sees_only_the_notices_of_its_own_region():
    north = an_employer_in("KZ-59")
    an_employer_in("KZ-55", name="Irtysh", serial=2)
    mine = a_fair(a_user("officer", scope="KZ-59"))
    publish_notice(region=region("KZ-55"), kind="news", title="Pavlodar news", body="...",
                   actor=a_user("officer", scope="KZ-55"))
    assert list(notices_for(north.users.first())) == [mine]
    assert list(notices_for(a_user("officer", scope="KZ-59"))) == [mine]


def test_a_fair_needs_a_date_and_a_place():
    with pytest.raises(ValidationError) as caught:
        publish_notice(region=region("KZ-59"), kind="fair", title="Fair", body="", actor=a_user("officer"))
    assert "fair_date" in caught.value.message_dict


def test_an_employer_registers_for_a_fair_with_its_vacancies_and_the_fair_lists_them_and_the_invited():
    officer = a_user("officer", scope="KZ-59")
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer)
    fair = a_fair(officer)
    reply_to_notice(fair, employer=employer, body="We come.", attends_fair=True, vacancies=[vacancy],
                    actor=employer.users.first())
    person = a_person_in("KZ-61")
    invite_to_fair(fair, person=person, actor=officer)
    invite_to_fair(fair, person=person, actor=officer)  # once only
    assert list(fair_vacancies(fair)) == [vacancy]
    assert [i.person for i in fair.invitations.all()] == [person]
    # answering again updates the one answer
    reply_to_notice(fair, employer=employer, body="Two of us.", attends_fair=True, vacancies=[vacancy],
                    actor=employer.users.first())
    assert NoticeReply.objects.get(notice=fair).body == "Two of us."


def test_an_employer_of_another_region_cannot_answer_and_news_takes_no_registration():
    officer = a_user("officer", scope="KZ-59")
    fair = a_fair(officer)
    other = an_employer_in("KZ-55", name="Irtysh", serial=2)
    with pytest.raises(ValidationError):
        reply_to_notice(fair, employer=other, attends_fair=True, actor=other.users.first())
    news = publish_notice(region=region("KZ-59"), kind="news", title="Quota", body="", actor=officer)
    employer = an_employer_in("KZ-59", serial=3)
    with pytest.raises(ValidationError):
        reply_to_notice(news, employer=employer, attends_fair=True, actor=employer.users.first())
