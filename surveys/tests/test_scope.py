"""Who sees what: researchers read pseudonyms (never an IIN), enumerators only their own assignments."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import PASSWORD, a_user, an_analyst_of, unit
from people.iin import make_iin
from people.selectors import pseudonym
from surveys.models import Submission
from surveys.services import assign

from .conftest import answers

pytestmark = pytest.mark.django_db


def submit(user, survey, data):
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": data}, format="json")
    assert response.status_code == 201, response.json()
    return response


def test_a_researcher_sees_a_pseudonym_never_the_iin(client, survey, researcher, enumerator):
    import datetime as dt

    iin = make_iin(dt.date(1990, 5, 17), "female", 4242)
    submit(enumerator, survey, answers(iin=iin))
    submission = Submission.objects.get()
    assert submission.respondent_iin == iin and "iin" not in submission.data
    client.login(username=researcher.username, password=PASSWORD)
    pages = [f"/surveys/{survey.pk}/submissions/", f"/surveys/{survey.pk}/export.csv",
             f"/surveys/{survey.pk}/export.xlsx", f"/api/v1/surveys/forms/{survey.pk}/submissions/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        body = response.content
        assert iin.encode() not in body, page
    assert pseudonym(iin) in client.get(f"/surveys/{survey.pk}/submissions/").content.decode()
    assert not ChangeRecord.objects.filter(changes__icontains=iin).exists()


def test_the_enumerator_who_collected_does_not_read_the_iin_back_either(survey, enumerator):
    import datetime as dt

    iin = make_iin(dt.date(1985, 1, 2), "male", 77)
    body = submit(enumerator, survey, answers(iin=iin)).json()
    assert iin not in str(body) and body["respondent"] == pseudonym(iin)


def test_an_enumerator_sees_only_their_assignments_and_interviews(client, survey, researcher, enumerator):
    other = a_user(Role.ENUMERATOR, scope="KZ-11")
    assign(actor=researcher, form=survey, enumerator=other, unit=unit("KZ-11"))
    submit(enumerator, survey, answers())
    submit(other, survey, answers(region="KZ-11", settlement="kokshetau"))
    client.login(username=enumerator.username, password=PASSWORD)
    page = client.get("/surveys/").content.decode()
    assert "Солтүстік Қазақстан" in page or "North Kazakhstan" in page
    assert "Akmola" not in page
    api = APIClient()
    api.force_authenticate(enumerator)
    rows = api.get(f"/api/v1/surveys/forms/{survey.pk}/submissions/").json()
    assert [r["region"] for r in rows] == ["KZ-59"]


def test_a_survey_an_enumerator_is_not_assigned_to_answers_404(client, survey, researcher):
    stranger = a_user(Role.ENUMERATOR, scope="KZ-59")
    client.login(username=stranger.username, password=PASSWORD)
    assert client.get(f"/surveys/{survey.pk}/collect/").status_code == 404
    api = APIClient()
    api.force_authenticate(stranger)
    response = api.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": answers()}, format="json")
    assert response.status_code == 404


def test_an_enumerator_cannot_export_or_weight(client, survey, enumerator):
    client.login(username=enumerator.username, password=PASSWORD)
    assert client.get(f"/surveys/{survey.pk}/export.csv").status_code == 403
    assert client.post(f"/surveys/{survey.pk}/weights/").status_code == 403
    assert client.get(f"/surveys/{survey.pk}/results/").status_code == 403


def test_an_akimat_analyst_reads_the_interviews_of_their_territory_only(survey, researcher, enumerator):
    submit(enumerator, survey, answers())
    api = APIClient()
    api.force_authenticate(an_analyst_of("KZ-55"))
    assert api.get(f"/api/v1/surveys/forms/{survey.pk}/submissions/").json() == []
    api.force_authenticate(an_analyst_of("KZ-59"))
    assert len(api.get(f"/api/v1/surveys/forms/{survey.pk}/submissions/").json()) == 1


def test_a_citizen_sees_no_survey(client, survey):
    citizen = a_user(Role.CITIZEN)
    client.login(username=citizen.username, password=PASSWORD)
    assert client.get("/surveys/").status_code == 403
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404


def test_the_survey_list_counts_only_the_interviews_the_reader_may_see(client, survey, enumerator):
    submit(enumerator, survey, answers())
    analyst = an_analyst_of("KZ-55")
    client.login(username=analyst.username, password=PASSWORD)
    page = client.get("/surveys/").content.decode()
    assert f'href="/surveys/{survey.pk}/"' in page and '<td class="num">0</td>' in page
