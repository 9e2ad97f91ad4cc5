"""The ministry and analysts download the bulletin from the statistics pages: built in the background as a task
on the job queue, its progress shown, and built once per data version (issue 16: only the command built it)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import a_citizen, a_user, an_analyst_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


def test_the_ministry_builds_the_bulletin_on_the_queue_and_downloads_the_pdf(client, shipped, queue):
    client.force_login(a_user(Role.MINISTRY))
    dashboard = client.get(reverse("stats:dashboard")).content.decode()
    assert 'id="bulletin-link"' in dashboard
    page = client.get(reverse("stats:bulletin"), {"year": 2023}).content.decode()
    assert 'data-state="none"' in page and 'id="bulletin-build"' in page
    response = client.post(reverse("stats:bulletin") + "?year=2023")
    assert response.status_code == 302
    status = client.get(reverse("stats:bulletin"), {"year": 2023, "format": "json"}).json()
    assert status["state"] == "done" and status["done"] == status["steps"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="bulletin-download"' in page
    pdf = client.get(reverse("stats:bulletin"), {"year": 2023, "download": 1})
    body = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert len(list((queue / "bulletins").glob("*.pdf"))) == 1


def test_the_same_bulletin_is_built_once_per_data_version(client, shipped, queue, monkeypatch):
    from stats import bulletin_files

    built = []
    real = bulletin_files.to_pdf
    monkeypatch.setattr(bulletin_files, "to_pdf", lambda html: built.append(1) or real(html))
    client.force_login(an_analyst_of("KZ-61"))
    client.post(reverse("stats:bulletin") + "?year=2023")
    client.post(reverse("stats:bulletin") + "?year=2023")
    assert len(built) == 1
    monkeypatch.setattr(bulletin_files, "data_version", lambda: "another-version")
    client.post(reverse("stats:bulletin") + "?year=2023")
    assert len(built) == 2


def test_progress_is_shown_while_the_bulletin_waits_in_the_queue(client, shipped, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # enqueued, not run
    client.force_login(a_user(Role.MINISTRY))
    client.post(reverse("stats:bulletin") + "?year=2023")
    page = client.get(reverse("stats:bulletin"), {"year": 2023}).content.decode()
    assert 'data-state="queued"' in page and 'id="bulletin-progress"' in page


def test_a_citizen_may_not_download_the_bulletin_and_a_bad_year_is_a_400(client, shipped, queue):
    client.force_login(a_citizen())
    assert client.get(reverse("stats:bulletin")).status_code == 403
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(reverse("stats:bulletin"), {"year": "1700"})
    assert response.status_code == 400 and "year" in response.content.decode()
