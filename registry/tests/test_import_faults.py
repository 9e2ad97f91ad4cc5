"""Hostile and broken input to the import and the registry's API: per-row failure on both databases (a long
street, a NUL byte, a bad byte), Excel date cells, stray columns, a failed or interrupted batch run again from the
API and the page, temporary files removed, change records for what an import ends, bounded API parameters."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import ChangeRecord
from accounts.selectors import change_history
from accounts.testing import a_user, an_officer_of, audit_gaps
from people.models import Person
from registry import importer
from registry.importer import storing
from registry.models import ImportBatch, MigrationEvent, Registration, Violation
from registry.services import register

from .conftest import a_request, adult, region
from .test_api import api_for, body
from .test_import import HEADER, row, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    for code in ("KZ-59", "KZ-55", "KZ-61"):
        region(code)
    return [adult("KZ-61", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(6)]


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_200_character_street_or_a_nul_byte_rejects_its_row_and_the_rest_are_stored(tmp_path, people):
    a, b, c, d = people[:4]
    path = write(tmp_path, [row(a), row(b, street="x" * 200), row(c, settlement="Petro\x00pavl"), row(d)])
    batch = importer.import_file(path).batch
    assert (batch.status, batch.stored_rows, batch.rejected_rows) == ("done", 2, 2)
    reasons = {(r.line, r.field): importer.reason_text(r.code, r.params) for r in batch.rejections.all()}
    assert "longer than" in reasons[(3, "street")] and "NUL" in reasons[(4, "settlement")]


def test_a_byte_that_is_not_utf8_rejects_its_row_only(tmp_path, people):
    path = write(tmp_path, [row(people[0]), row(people[1], street="STREET")])
    path.write_bytes(path.read_bytes().replace(b"STREET", b"Abai \xff\xfe"))
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 1 and {(r.line, r.field) for r in batch.rejections.all()} == {(3, "street")}


def test_excel_date_cells_are_dates_and_a_column_without_a_header_is_ignored_with_a_note(tmp_path, people):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, None])
    for person in people[:2]:
        cells = row(person)
        cells[HEADER.index("arrival_date")] = dt.datetime(2025, 3, 1)  # noqa: DTZ001 — an Excel cell holds a naive date-time
        cells[HEADER.index("registered_on")] = dt.date(2025, 3, 3)
        sheet.append([*cells, "a stray note"])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    batch = importer.import_file(path).batch
    assert (batch.status, batch.stored_rows, batch.rejected_rows) == ("done", 2, 0), list(batch.rejections.values())
    assert "without a header" in batch.notes and str(len(HEADER) + 1) in batch.notes
    assert Registration.objects.filter(batch=batch, arrival_date=dt.date(2025, 3, 1)).count() == 2


def _failing_store(fail_on: set[int]):
    calls = {"n": 0}
    real = storing.store

    def store(frame, **kwargs):
        calls["n"] += 1
        if calls["n"] in fail_on:
            raise RuntimeError("the database went away")
        return real(frame, **kwargs)
    return store


def test_a_failed_upload_runs_again_from_the_api_stores_each_row_once_and_removes_its_file(
        tmp_path, people, queue, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(importer.batches, "CHUNK", 2)
    monkeypatch.setattr(storing, "store", _failing_store({2}))
    officer = an_officer_of("KZ-59")
    data = write(tmp_path, [row(p) for p in people]).read_bytes()
    client = api_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/v1/registry/imports/", {"file": SimpleUploadedFile("r.csv", data)}, format="multipart")
    batch = ImportBatch.objects.get(pk=first.json()["id"])
    assert batch.status == "failed" and batch.stored_rows == 2 and batch.resume_line == 3
    kept = Path(batch.file_path)
    assert kept.is_file()
    # The same file again is not "already imported": its batch failed. The API runs it again instead.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/registry/imports/{batch.pk}/run/")
    assert again.status_code == 202
    batch.refresh_from_db()
    assert (batch.status, batch.stored_rows, batch.rejected_rows) == ("done", 6, 0)
    assert Registration.objects.filter(batch=batch).count() == 6
    assert not kept.exists() and batch.file_path == ""
    # Done: a run again is a 409 naming the state, and the same file is now "already imported"
    refused = client.post(f"/api/v1/registry/imports/{batch.pk}/run/")
    assert refused.status_code == 409 and refused.json()["status"] == "done"
    dup = client.post("/api/v1/registry/imports/", {"file": SimpleUploadedFile("r.csv", data)}, format="multipart")
    assert dup.status_code == 200 and dup.json()["already_imported"] is True


def test_uploading_a_failed_file_again_resumes_its_batch(tmp_path, people, queue, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    monkeypatch.setattr(importer.batches, "CHUNK", 3)
    monkeypatch.setattr(storing, "store", _failing_store({2}))
    officer = an_officer_of("KZ-59")
    data = write(tmp_path, [row(p) for p in people]).read_bytes()
    client = api_for(officer)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/v1/registry/imports/", {"file": SimpleUploadedFile("r.csv", data)},
                                   format="multipart")
        assert response.status_code == 202
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.stored_rows) == ("done", 6)


def test_an_interrupted_batch_runs_again_from_the_page(tmp_path, people, queue, client, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    from django.utils import timezone

    officer = an_officer_of("KZ-59")
    path = importer.upload_dir() / "interrupted-test.csv"
    path.write_bytes(write(tmp_path, [row(p) for p in people[:2]]).read_bytes())
    batch = importer.start_batch(path, user=officer).batch
    # a worker killed mid-run: running, no chunk committed for longer than the batch waits
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", file_path=str(path),
                                                   heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(officer)
    page = client.get(reverse("registry:import_detail", args=[batch.pk]))
    assert b"Run the import again" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_run_again", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.stored_rows) == ("done", 2) and not path.exists()
    assert client.post(reverse("registry:import_run_again", args=[batch.pk])).status_code == 409


def test_an_imported_row_has_one_change_record_telling_every_row_it_wrote(tmp_path, people):
    person = people[0]
    earlier = register(a_request(person, "KZ-55", registered_on=dt.date(2025, 1, 10))).registration
    home_before = Person.objects.get(pk=person.pk).home_unit_id
    before = set(ChangeRecord.objects.values_list("id", flat=True))
    batch = importer.import_file(write(tmp_path, [row(person, "KZ-59")])).batch
    written = ChangeRecord.objects.exclude(id__in=before).exclude(kind="registry.importbatch")
    assert written.count() == 1  # one record for the one row (issue 12), besides the batch's own
    earlier.refresh_from_db()
    assert not earlier.is_active and earlier.end_reason == "superseded"
    new = Registration.objects.get(batch=batch)
    event = MigrationEvent.objects.get(registration=new)
    record = ChangeRecord.objects.get(kind="registry.registration", object_id=str(new.pk), action="create")
    assert f"batch {batch.pk}" in record.reason and record.actor_label
    assert record.changes["street"] == [None, "Abai"]
    assert record.changes[f"registry.registration#{earlier.pk}"]["is_active"] == [True, False]
    assert record.changes[f"registry.migrationevent#{event.pk}"]["registration_id"] == [None, new.pk]
    home_after = Person.objects.get(pk=person.pk).home_unit_id
    assert record.changes[f"people.person#{person.pk}"] == {"home_unit_id": [home_before, home_after]}
    # The import's record replays to the rows as stored, in the single path's representation (date-times too)
    assert audit_gaps([Registration, MigrationEvent, Violation, Person]) == []


def test_the_auditor_searching_one_row_an_import_wrote_finds_the_record_that_holds_it(tmp_path, people):
    person = people[0]
    earlier = register(a_request(person, "KZ-55", registered_on=dt.date(2025, 1, 10))).registration
    batch = importer.import_file(write(tmp_path, [row(person, "KZ-59")])).batch
    new = Registration.objects.get(batch=batch)
    event = MigrationEvent.objects.get(registration=new)
    auditor = a_user("auditor")
    held = ChangeRecord.objects.get(kind="registry.registration", object_id=str(new.pk))
    for kind, pk in (("registry.migrationevent", event.pk), ("registry.registration", earlier.pk),
                     ("people.person", person.pk)):
        found = list(change_history(auditor, {"kind": kind, "object_id": str(pk)}))
        assert held in found, kind
    # the earlier registration's own records are found as before (its creation by the single form)
    assert ChangeRecord.objects.get(kind="registry.registration", object_id=str(earlier.pk), action="create") in \
        change_history(auditor, {"kind": "registry.registration", "object_id": str(earlier.pk)})
    client = Client()
    client.force_login(auditor)
    page = client.get(reverse("accounts:audit"), {"kind": "registry.migrationevent", "object_id": str(event.pk)},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and f"#{event.pk}:".encode() in page.content


def test_the_events_list_answers_400_for_a_bad_date_and_pages_by_cursor(people):
    for i, person in enumerate(people):
        register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10 + i % 2)))
    client = api_for(a_user("ministry"))
    assert client.get("/api/v1/registry/events/?start=x").status_code == 400
    assert client.get("/api/v1/registry/events/?end=0001-01-01").status_code == 400
    assert len(client.get("/api/v1/registry/events/?limit=99999999999999999999").json()["results"]) == 6  # read as 500
    assert client.get("/api/v1/registry/events/?cursor=%%%").status_code == 400
    seen, link = [], "/api/v1/registry/events/?limit=4"
    while link:
        page = client.get(link).json()
        seen += [e["id"] for e in page["results"]]
        link = page["next"]
    everything = list(MigrationEvent.objects.order_by("-event_date", "-id").values_list("id", flat=True))
    assert seen == everything and len(seen) == 6


@pytest.mark.parametrize(("field", "value"), [("street", "x" * 200), ("building", "1" * 21), ("flat", "9" * 21),
                                              ("settlement", "s" * 121), ("decision_number", "n" * 61),
                                              ("arrival_date", "0001-01-01")])
def test_registration_fields_beyond_their_columns_or_years_are_a_400_naming_the_field(people, field, value):
    response = api_for(an_officer_of("KZ-59")).post("/api/v1/registry/registrations/",
                                                    body(people[0], **{field: value}), format="json")
    assert response.status_code == 400 and field in response.json()


def test_an_arrival_before_the_persons_birth_is_refused(people):
    response = api_for(an_officer_of("KZ-59")).post("/api/v1/registry/registrations/",
                                                    body(people[0], arrival_date="1979-12-31"), format="json")
    assert response.status_code == 422
    assert {r["field"] for r in response.json()["refusals"]} == {"arrival_date"}


def test_the_flows_api_counts_by_the_database_scoped_and_without_small_cells_for_researchers(people):
    for person in people[:5]:
        register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10)))
    register(a_request(people[5], "KZ-55", registered_on=dt.date(2025, 3, 10)))
    ministry = api_for(a_user("ministry")).get("/api/v1/registry/flows/", {"grain": "year"}).json()["results"]
    assert sorted((r["origin"], r["destination"], r["persons"]) for r in ministry) == [
        ("KZ-61", "KZ-55", 1), ("KZ-61", "KZ-59", 5)]
    officer = api_for(an_officer_of("KZ-55")).get("/api/v1/registry/flows/").json()["results"]
    assert [(r["origin"], r["destination"], r["period"]) for r in officer] == [("KZ-61", "KZ-55", 2025)]
    researcher = api_for(a_user("researcher")).get("/api/v1/registry/flows/?grain=month").json()["results"]
    assert [(r["destination"], r["period"], r["persons"]) for r in researcher] == [("KZ-59", "2025-03", 5)]
    assert api_for(a_user("ministry")).get("/api/v1/registry/flows/?grain=week").status_code == 400
    assert api_for(a_user("citizen")).get("/api/v1/registry/flows/").status_code == 403
