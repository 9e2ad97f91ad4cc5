"""No client input makes the server fail: random answers are kept or refused (400), never a 500; a submission
resent at the same moment by two workers is kept once (PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user, unit
from surveys import services
from surveys.models import Submission

from .conftest import SHIPPED, answers

NAMES = ["consent", "sex", "age", "region", "settlement", "reasons", "reasons_other", "support", "member",
         "member_age", "employed", "sector", "household_size", "iin", "stay_5y", "nonsense"]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(NAMES), inner,
                                                                                  max_size=4), max_leaves=12)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(NAMES), JSON, max_size=8))
def test_random_answers_are_kept_or_refused_never_a_server_error(survey, enumerator, data):
    client = APIClient()
    client.force_authenticate(enumerator)
    response = client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": data}, format="json")
    assert response.status_code in (201, 400), response.content


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from([*NAMES, "member[0]", "member[0]/member_age", "member[x]",
                                               "member[99999999999]", "version"]),
                              st.one_of(st.text(max_size=12), st.sampled_from(["²", "١", "9" * 30, "0"])),
                              max_size=8))
def test_the_live_evaluation_answers_any_page(client, survey, enumerator, fields):
    client.login(username=enumerator.username, password=PASSWORD)
    response = client.post(f"/surveys/{survey.pk}/evaluate/", fields)
    asked = fields.get("version", "")
    if asked.isdecimal() and (int(asked) > 2**63 - 1 or not survey.versions.filter(pk=int(asked)).exists()):
        assert response.status_code == 404  # a version this form does not have: not found, never a 500
    else:
        assert response.status_code == 200 and "slots" in response.json()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_submission_sent_twice_at_once_is_kept_once():
    researcher = a_user(Role.RESEARCHER)
    form = services.upload_form(actor=researcher, filename=SHIPPED.name, content=SHIPPED.read_bytes()).form
    enumerator = a_user(Role.ENUMERATOR, scope="KZ-59")
    services.assign(actor=researcher, form=form, enumerator=enumerator, unit=unit("KZ-59"))
    version = form.current_version
    same = uuid.uuid4()
    barrier = threading.Barrier(4)
    kept: list[int] = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait()
            kept.append(services.submit(actor=enumerator, version=version, answers=answers(), lang="en",
                                        submission_uuid=same).pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Submission.objects.filter(uuid=same).count() == 1 and len(set(kept)) == 1 and len(kept) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["²", "9" * 30, "0"])
def test_the_live_evaluation_names_a_missing_version_not_found_never_a_server_error(client, survey, enumerator, asked):
    """A superscript digit passed str.isdigit() and then failed int() in the query (a 500); an id past the
    database's largest overflowed it; a version the form does not have is not found."""
    client.login(username=enumerator.username, password=PASSWORD)
    response = client.post(f"/surveys/{survey.pk}/evaluate/", {"version": asked})
    assert response.status_code == (200 if asked == "²" else 404)
