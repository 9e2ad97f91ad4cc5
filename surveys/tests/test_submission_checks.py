"""The server checks every submission against the form's rules and refuses, naming the question."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from surveys.models import Submission

from .conftest import answers

pytestmark = pytest.mark.django_db


def post(user, survey, data, **extra):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": data, **extra}, format="json")


def test_a_complete_interview_is_kept_with_its_collector_place_and_version(survey, enumerator):
    response = post(enumerator, survey, answers())
    assert response.status_code == 201, response.json()
    submission = Submission.objects.get()
    assert submission.collector == enumerator and submission.region.code == "KZ-59"
    assert submission.settlement == "Bulaevo" and submission.version == survey.current_version
    assert submission.data["household_size"] == "2" and submission.data["formal"] == "1"


def test_a_broken_constraint_is_refused_with_the_questions_message(survey, enumerator):
    response = post(enumerator, survey, answers(age="15"))
    assert response.status_code == 400
    assert response.json()["errors"] == ["«Your age (full years)» [age]: The survey is for people aged 18 to 80"]
    assert not Submission.objects.exists()


def test_a_constraint_inside_a_repeat_names_the_member(survey, enumerator):
    response = post(enumerator, survey, answers(member=[{"member_relation": "child", "member_sex": "male",
                                                         "member_age": "140"}]))
    assert response.json()["errors"] == ["«Age» [member_age] (member #1): From 0 to 110",
                                         # and at 140 the member is old enough for the next question to apply
                                         "«Does this person work?» [member_works] (member #1): this question is "
                                         "required"]


def test_a_skipped_required_question_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(stay_5y=None))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "«Do you intend to stay here for at least five more years?» [stay_5y]: this question is required"]


def test_an_answer_to_a_question_that_does_not_apply_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(employed="no"))  # sector and contract still answered
    errors = response.json()["errors"]
    assert response.status_code == 400
    assert "«In which sector?» [sector]: answered although it does not apply" in errors
    assert "«How is your work arranged?» [contract]: answered although it does not apply" in errors


def test_an_irrelevant_question_inside_a_repeat_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(member=[{"member_relation": "child", "member_sex": "male",
                                                         "member_age": "7", "member_works": "yes"}]))
    assert response.json()["errors"] == ["«Does this person work?» [member_works] (member #1): answered although "
                                         "it does not apply"]


def test_a_choice_outside_the_filtered_list_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(settlement="kokshetau"))  # a town of Akmola, not North Kazakhstan
    assert response.json()["errors"] == ["«Settlement» [settlement]: “kokshetau” is not among the choices that "
                                         "apply to the earlier answers"]


def test_a_choice_not_in_the_list_and_a_wrong_type_are_refused(survey, enumerator):
    response = post(enumerator, survey, answers(language="klingon", age="thirty"))
    errors = response.json()["errors"]
    assert "«Your age (full years)» [age]: expects a whole number" in errors
    assert "«Which language do you speak at home?» [language]: “klingon” is not one of its choices" in errors


def test_none_with_another_support_breaks_the_constraint(survey, enumerator):
    response = post(enumerator, survey, answers(support=["none", "job"]))
    assert response.json()["errors"] == ["«What support did you receive?» [support]: \"None\" cannot be chosen with "
                                         "another answer"]


def test_an_unknown_question_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(salary="500000"))
    assert response.json()["errors"] == ["[salary]: “salary” is not a question of this form"]


def test_a_refusal_of_consent_keeps_only_the_consent(survey, enumerator):
    assert post(enumerator, survey, {"consent": "no"}).status_code == 201
    assert Submission.objects.get().data == {"consent": "no", "household_size": "1"}
    assert post(enumerator, survey, {"consent": "no", "age": "30"}).status_code == 400


def test_messages_follow_the_readers_language(survey, enumerator):
    client = APIClient()
    client.force_authenticate(enumerator)
    response = client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": answers(age="15")},
                           format="json", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.json()["errors"] == ["«Жасыңыз (толық жыл)» [age]: Сауалнама 18–80 жастағыларға арналған"]


def test_an_interview_outside_the_enumerators_territory_is_refused(survey, enumerator):
    response = post(enumerator, survey, answers(region="KZ-11", settlement="kokshetau"))
    assert response.status_code == 400
    assert "KZ-11" in response.json()["errors"][0]


def test_a_resent_submission_is_kept_once(survey, enumerator):
    same = str(uuid.uuid4())
    assert post(enumerator, survey, answers(), uuid=same).status_code == 201
    assert post(enumerator, survey, answers(), uuid=same).status_code == 201
    assert Submission.objects.count() == 1


def test_a_repeat_count_is_checked(researcher, enumerator):
    from accounts.testing import unit
    from surveys.services import assign, upload_form

    from .kobo import YES_NO, consent, lab, workbook

    survey = [consent(), {"type": "integer", "name": "n", **lab("n", "n", "n"), "required": "yes"},
              {"type": "begin_repeat", "name": "person", **lab("p", "p", "p"), "repeat_count": "${n}"},
              {"type": "integer", "name": "p_age", **lab("a", "a", "a")}, {"type": "end_repeat", "name": ""}]
    form = upload_form(actor=researcher, filename="count.xlsx", content=workbook(survey, YES_NO)).form
    assign(actor=researcher, form=form, enumerator=enumerator, unit=unit("KZ-59"))
    response = post(enumerator, form, {"consent": "yes", "n": "2", "person": [{"p_age": "3"}]})
    assert response.json()["errors"] == ["«p» [person]: expects 2 entries, has 1"]
    assert post(enumerator, form, {"consent": "yes", "n": "1", "person": [{"p_age": "3"}]}).status_code == 201


def test_the_web_form_refuses_the_same_way_and_keeps_the_answers(client, survey, enumerator):
    from accounts.testing import PASSWORD

    client.login(username=enumerator.username, password=PASSWORD)
    data = {"version": survey.current_version.pk, "submission_uuid": str(uuid.uuid4()), "consent": "yes",
            "sex": "male", "age": "15", "member[0]": "1", "member[0]/member_age": "40"}
    response = client.post(f"/surveys/{survey.pk}/collect/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "The survey is for people aged 18 to 80" in body and 'value="15"' in body
    assert 'name="member[0]/member_age" type="number" step="1" inputmode="numeric" value="40"' in body
    assert not Submission.objects.exists()
