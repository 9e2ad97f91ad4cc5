"""On PostgreSQL, with real concurrent connections: an import never blocks the register (a single registration
is answered within a second while a large file is being imported), an import interrupted between chunks and run
again stores each row once, and simultaneous uploads of one file get one batch and no server error."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count

from accounts.audit import acting_as
from accounts.testing import an_officer_of
from registry import importer
from registry.models import BatchStatus, ImportBatch, MigrationEvent, Registration
from registry.services import register

from .bulk import make_persons, write_file
from .conftest import a_request, adult, region
from .test_api import api_for

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

CODES = ["KZ-59", "KZ-55", "KZ-71", "KZ-10", "KZ-31"]


@pytest.fixture
def big_file(tmp_path):
    for code in CODES:
        region(code)
    iins = make_persons(40_000, region("KZ-61").pk)
    return write_file(tmp_path / "big.csv", iins, CODES), len(iins)


def test_a_single_registration_is_answered_within_a_second_while_a_large_file_imports(big_file, monkeypatch):
    path, rows = big_file
    monkeypatch.setattr(importer.batches, "CHUNK", 5000)
    # What a registration takes on this machine without an import (a shared machine can be slow by itself)
    started = time.perf_counter()
    register(a_request(adult("KZ-61"), "KZ-55"))
    baseline = time.perf_counter() - started
    batch = importer.start_batch(path).batch
    errors = []

    def run():
        try:
            with acting_as("test import"):
                importer.run_batch(batch, path)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    while ImportBatch.objects.get(pk=batch.pk).processed_rows == 0 and worker.is_alive():
        time.sleep(0.05)
    person = adult("KZ-61")
    started = time.perf_counter()
    outcome = register(a_request(person, "KZ-59"))
    answered = time.perf_counter() - started
    during = ImportBatch.objects.get(pk=batch.pk)
    worker.join()
    assert not errors
    # within a second (beyond what the same registration takes here without an import): never waiting for it
    assert outcome.registration.pk and answered < 1.0 + baseline, (answered, baseline)
    assert during.status == BatchStatus.RUNNING and during.processed_rows < rows  # the import was still running
    assert ImportBatch.objects.get(pk=batch.pk).stored_rows == rows


def test_an_import_interrupted_between_chunks_and_run_again_stores_each_row_once(big_file, monkeypatch):
    path, rows = big_file
    monkeypatch.setattr(importer.batches, "CHUNK", 7000)
    chunks = {"n": 0}

    def interrupt(batch, chunk):
        chunks["n"] += 1
        if chunks["n"] == 3:
            raise KeyboardInterrupt("the worker was stopped")

    monkeypatch.setattr(importer.batches, "after_chunk", interrupt)
    batch = importer.start_batch(path).batch
    with pytest.raises(KeyboardInterrupt):
        importer.run_batch(batch, path)
    batch.refresh_from_db()
    assert batch.stored_rows == 21_000 and batch.resume_line == 21_001
    # the worker died without marking the batch: it is still "running" until it looks stale
    assert batch.status == BatchStatus.RUNNING
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=batch.heartbeat_at - ImportBatch.STALE_AFTER * 2)
    monkeypatch.setattr(importer.batches, "after_chunk", None)
    importer.run_batch(ImportBatch.objects.get(pk=batch.pk), path)
    batch.refresh_from_db()
    assert (batch.status, batch.stored_rows, batch.duplicate_rows, batch.rejected_rows) == ("done", rows, 0, 0)
    assert Registration.objects.filter(batch=batch).count() == rows
    assert not Registration.objects.values("natural_key").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert MigrationEvent.objects.filter(registration__batch=batch).count() == rows


def test_ten_simultaneous_uploads_of_one_file_get_one_batch_and_no_server_error(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for code in CODES:
        region(code)
    data = write_file(tmp_path / "one.csv", make_persons(10, region("KZ-61").pk), ["KZ-59"]).read_bytes()
    officer = an_officer_of("KZ-59")
    statuses, barrier = [], threading.Barrier(10)

    def upload():
        try:
            client = api_for(officer)
            barrier.wait()
            statuses.append(client.post("/api/v1/registry/imports/", {"file": SimpleUploadedFile("one.csv", data)},
                                        format="multipart").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 10 and set(statuses) <= {200, 202}
    assert ImportBatch.objects.count() == 1


def test_the_chunks_foreign_keys_are_checked_set_based_and_a_missing_one_fails_the_chunk():
    """The import switches the per-row foreign-key triggers off for its writes and checks every key after loading:
    a row referring to a registration that does not exist is refused, and nothing of the chunk stays."""
    import datetime as dt

    import polars as pl
    from django.db import IntegrityError, transaction

    from registry.importer import storing
    from registry.models import Violation

    assert storing.fast_checks()  # the test database's role may, and every guard fires always (migration 0012)
    row = pl.DataFrame({"id": [10**9], "registration_id": [10**9], "days_late": [3], "outcome": ["warning"],
                        "amount_kzt": [0], "article": ["art. 1"],
                        "created_at": [dt.datetime(2026, 1, 9, tzinfo=dt.UTC)]})
    with pytest.raises(IntegrityError), transaction.atomic(), storing.Writer().bulk() as written:
        written.insert(Violation, row)
    assert not Violation.objects.filter(pk=10**9).exists()
    with connection.cursor() as cur:
        cur.execute("SHOW session_replication_role")
        assert cur.fetchone()[0] == "origin"
