"""The registry's pages: the citizen's two steps, the employer's simplified form, the officer's history, imports."""

import csv
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from labour.bin import make_bin
from labour.services import register_contract, register_employer
from registry import importer
from registry.models import Registration
from registry.services import register

from .conftest import a_request, adult, region

pytestmark = pytest.mark.django_db


def address(**kw):
    data = {"a-kind": "permanent", "a-procedure": "standard", "a-region": region("KZ-59").pk, "a-settlement": "Petropavl",
            "a-street": "Abai", "a-building": "4", "a-flat": "1", "a-premises": "flat",
            "a-arrival_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(), "a-reason": "work"}
    data.update(kw)
    return data


def test_the_start_page_answers_every_role(client):
    for user in (a_user(Role.CITIZEN, person=adult("KZ-61")), an_officer_of("KZ-59"), a_user(Role.EMPLOYER),
                 a_user(Role.MINISTRY), a_user(Role.RESEARCHER)):
        client.force_login(user)
        assert client.get(reverse("registry:index")).status_code == 200


def test_a_citizen_registers_in_two_steps_with_the_owners_consent(client):
    person = adult("KZ-61")
    client.force_login(a_user(Role.CITIZEN, person=person))
    step1 = client.post(reverse("registry:register"), address(step="address"))
    assert step1.status_code == 200 and b'name="c-owner_iin"' in step1.content
    assert not Registration.objects.exists()
    done = client.post(reverse("registry:register"), {**address(step="consent"), "step": "consent",
                                                      "c-owner_iin": "900517300019", "c-owner_consent": "on"})
    assert done.status_code == 302
    reg = Registration.objects.get()
    assert reg.owner_iin == "900517300019" and reg.owner_consent_at is not None


def test_without_the_owners_consent_the_citizen_stays_on_the_consent_step(client):
    person = adult("KZ-61")
    client.force_login(a_user(Role.CITIZEN, person=person))
    response = client.post(reverse("registry:register"), {**address(), "step": "consent",
                                                          "c-owner_iin": "900517300019"})
    assert response.status_code == 200 and not Registration.objects.exists()


def test_an_employer_registers_an_employee_by_the_simplified_form(client):
    user = a_user(Role.EMPLOYER)
    employer = register_employer(bin=make_bin(2015, 3, 1), name="Kyzyl-Zhar Grain", region=region("KZ-59"),
                                 sector="A", users=[user])
    person = adult("KZ-61")
    register_contract(employer=employer, employee=person, position="Driver", workplace_unit=employer.region,
                      start_date=timezone.localdate() - dt.timedelta(days=30), wage_kzt=300_000)
    client.force_login(user)
    data = {k[2:]: v for k, v in address().items()}
    data.update(iin=person.iin, premises="service")
    response = client.post(reverse("registry:simplified"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Registration.objects.get().contract.employer == employer


def test_the_officer_opens_a_history_and_the_view_is_logged(client):
    person = adult("KZ-59")
    register(a_request(person, "KZ-59", registered_on=dt.date(2024, 1, 10)))
    client.force_login(an_officer_of("KZ-59"))
    response = client.get(reverse("registry:history_search"), {"iin": person.iin})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and person.iin in page.content.decode()
    assert AccessLog.objects.filter(event="view", object_id=str(person.pk)).exists()


def test_the_import_page_shows_progress_and_offers_the_report(client, tmp_path):
    people = [adult("KZ-61") for _ in range(2)]
    region("KZ-59")
    path = tmp_path / "f.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["iin", "kind", "procedure", "region", "settlement", "street", "building", "premises",
                    "arrival_date", "registered_on", "owner_iin", "owner_consent_at"])
        for p, day in zip(people, ["2025-03-03", "2025-13-03"], strict=True):
            w.writerow([p.iin, "permanent", "standard", "KZ-59", "Petropavl", "Abai", "1", "flat", "2025-03-01", day,
                        "900517300019", "2025-03-01 10:00"])
    officer = an_officer_of("KZ-59")
    batch = importer.import_file(path, user=officer).batch
    client.force_login(officer)
    assert client.get(reverse("registry:imports")).status_code == 200
    assert b"<progress" in client.get(reverse("registry:import_detail", args=[batch.pk])).content
    status = client.get(reverse("registry:import_status", args=[batch.pk])).json()
    assert status["finished"] and status["stored_rows"] == 1 and status["rejected_rows"] == 1
    report = b"".join(client.get(reverse("registry:import_report", args=[batch.pk])).streaming_content).decode()
    assert report.splitlines()[1].startswith("3,registered_on,")


def test_an_upload_is_imported_by_the_job_queue_after_the_request(client, django_capture_on_commit_callbacks,
                                                                    settings):
    from pathlib import Path

    from registry.models import ImportBatch

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(an_officer_of("KZ-59"))
    upload = SimpleUploadedFile("r.csv", b"iin,kind\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("registry:imports"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == "pending" and len(callbacks) == 1
    callbacks[0]()  # the request has committed: the worker runs the task
    batch.refresh_from_db()
    assert batch.status == "failed" and "missing columns" in batch.error
    assert batch.may_run_again and Path(batch.file_path).is_file()  # kept, so that it can be run again
