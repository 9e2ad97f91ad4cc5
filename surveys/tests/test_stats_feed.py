"""The survey's estimate reaches the statistics dashboard, labelled as a survey estimate with its interval."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user
from surveys.selectors import stay_intention_by_region

from .conftest import answers

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_share_intending_to_stay_by_region_with_its_interval(client, survey, enumerator):
    api = APIClient()
    api.force_authenticate(enumerator)
    for stay in ("yes", "yes", "yes", "no"):
        api.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": answers(stay_5y=stay)}, format="json")
    ministry = a_user(Role.MINISTRY)
    estimate = stay_intention_by_region("en", ministry)
    [row] = estimate["rows"]
    assert row["domain"] == "KZ-59" and row["estimate"] == pytest.approx(0.75) and row["n"] == 4
    client.login(username=ministry.username, password=PASSWORD)
    body = client.get("/stats/").content.decode()
    assert 'id="survey-stay"' in body and "Survey estimate" in body and "95% confidence interval" in body
    assert "North Kazakhstan Region" in body and "75.0" in body


def test_no_block_without_interviews_the_reader_may_see(survey, enumerator):
    assert stay_intention_by_region("en", a_user(Role.CITIZEN)) is None


def test_the_kept_dashboard_follows_new_interviews_and_each_readers_scope(client, survey, enumerator,
                                                                        django_assert_max_num_queries):
    """The survey's section is kept with the dashboard's figures (stats.dashboard.page_cached) under the
    interviews' version figures and the reader's scope: a new interview is on the next visit, and an analyst
    of another territory never gets the section of the interviews they may not read."""
    api = APIClient()
    api.force_authenticate(enumerator)

    def interview(stay: str) -> None:
        api.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": answers(stay_5y=stay)}, format="json")

    for stay in ("yes", "yes", "yes", "no"):
        interview(stay)
    ministry, south = a_user(Role.MINISTRY), a_user(Role.ANALYST, scope="KZ-55")
    def section() -> str:
        return client.get("/stats/").content.decode().partition('id="survey-stay"')[2].partition("</section>")[0]

    client.login(username=ministry.username, password=PASSWORD)
    assert "75.0" in section()  # 3 of 4
    with django_assert_max_num_queries(6):  # session, user, grants, the versions of figures and survey at once,
        # and the request's transaction (a savepoint in tests)
        assert "75.0" in section()
    interview("no")
    assert "60.0" in section() and "75.0" not in section()  # 3 of 5
    client.login(username=south.username, password=PASSWORD)
    assert 'id="survey-stay"' not in client.get("/stats/").content.decode()  # no interview in their territory
