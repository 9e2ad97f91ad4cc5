"""The API's language (issue 16): Accept-Language decides, for errors and for law/evaluate's labels alike; a client
that sends none gets the documented default (settings.API_DEFAULT_LANGUAGE, English), although pages default to
Kazakh."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from law.tests.conftest import member

pytestmark = pytest.mark.django_db

URL = "/api/v1/law/evaluate"
BODY = {"date": "2026-03-01", "members": [member()], "departure_region": "KZ-61", "arrival_region": "KZ-59",
        "settlement_type": "rural"}


@pytest.fixture
def api(settings):
    settings.LANGUAGE_CODE = "kk"  # the site's default, as deployed (the test settings read English)
    cache.clear()
    return APIClient()


def _labels(response) -> list[str]:
    return [c["label"] for c in response.json()["conditions"]]


def test_law_evaluate_labels_follow_accept_language(api):
    english = _labels(api.post(URL, BODY, format="json", HTTP_ACCEPT_LANGUAGE="en"))
    russian = _labels(api.post(URL, BODY, format="json", HTTP_ACCEPT_LANGUAGE="ru"))
    kazakh = _labels(api.post(URL, BODY, format="json", HTTP_ACCEPT_LANGUAGE="kk"))
    assert "The applicant is a citizen of Kazakhstan" in english
    assert "Заявитель — гражданин Казахстана" in russian or any("гражданин" in t for t in russian), russian
    assert len({tuple(english), tuple(russian), tuple(kazakh)}) == 3


def test_a_client_that_asks_for_no_language_gets_the_documented_default_everywhere(api):
    answer = api.post(URL, BODY, format="json")
    assert answer["Content-Language"] == "en"
    assert "The applicant is a citizen of Kazakhstan" in _labels(answer)
    error = api.post(URL, {**BODY, "date": "not a date"}, format="json")
    assert error.status_code == 400 and error["Content-Language"] == "en"
    refused = api.get("/api/v1/me/")
    assert refused.status_code in (401, 403) and refused["Content-Language"] == "en"


def test_the_pages_keep_the_sites_default(client, settings):
    settings.LANGUAGE_CODE = "kk"
    assert client.get("/law/")["Content-Language"] == "kk"


@pytest.mark.parametrize("url", ["/relocation/report/?start=2025-01-01&end=2025-12-31&output=csv",
                                 "/geo/map/population.csv"])
def test_a_csv_download_that_asks_for_no_language_gets_the_apis_default(client, settings, url):
    """A CSV file of a page is read by programs as the API's answers are: without Accept-Language or a language
    cookie it comes in API_DEFAULT_LANGUAGE (English), not in the pages' Kazakh; asked for a language, it follows."""
    from accounts.roles import Role
    from accounts.testing import a_user

    settings.LANGUAGE_CODE = "kk"
    client.force_login(a_user(Role.MINISTRY))
    plain = client.get(url)
    assert plain.status_code == 200 and plain["Content-Type"].startswith("text/csv")
    assert plain["Content-Language"] == "en"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    assert client.get(url)["Content-Language"] == "kk"


def test_the_page_beside_a_csv_keeps_the_sites_default(client, settings):
    from accounts.roles import Role
    from accounts.testing import a_user

    settings.LANGUAGE_CODE = "kk"
    client.force_login(a_user(Role.MINISTRY))
    assert client.get("/relocation/report/?start=2025-01-01&end=2025-12-31")["Content-Language"] == "kk"
