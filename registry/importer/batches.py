"""Import batches: one per file (by its SHA-256), run chunk by chunk on the job queue, resumable.

A batch is claimed by one worker at a time; each chunk of rows is checked and stored in its own transaction,
which also moves the batch's `resume_line` to the chunk's last line, so a batch interrupted (a failure, a killed
worker) is run again from its last committed chunk and stores each row once. A file whose batch is done is not
imported again; a failed or interrupted batch can be run again (from the page, the API, or by uploading the file
again). The uploaded file is kept until its batch is done, then removed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from queue import Full, Queue
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.audit import current_actor
from registry.models import BatchStatus, ImportBatch

from . import checks, reports, staging, storing, trace
from .trace import phase as _phase

CHUNK = int(os.environ.get("KOSHI_IMPORT_CHUNK", "10000"))

# Called after each committed chunk with (batch, chunk): tests interrupt an import between chunks with it.
after_chunk: Callable[[ImportBatch, staging.Chunk], None] | None = None


@dataclass
class Result:
    batch: ImportBatch
    already_imported: bool  # the same file's batch is done: nothing to do
    in_progress: bool = False  # the same file's batch is being imported now


def upload_dir() -> Path:
    """Where uploaded files wait for their import (KOSHI_IMPORT_DIR; default a folder in the system's temp)."""
    path = Path(getattr(settings, "KOSHI_IMPORT_DIR", "") or Path(tempfile.gettempdir()) / "koshi-imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def start_batch(path: Path, *, name: str | None = None, user: Any = None) -> Result:
    """The batch of this file: a new one, or the earlier batch of the very same file (done, running, or to be run
    again). Simultaneous uploads of one file get the one batch (the unique hash decides, never a server error)."""
    digest = file_hash(path)
    existing = ImportBatch.objects.filter(file_hash=digest).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = ImportBatch.objects.create(
                    file_name=(name or Path(path).name)[:255], file_hash=digest,
                    uploaded_by=user if getattr(user, "pk", None) else None,
                    scope_unit=getattr(user, "scope_unit", None))
                return Result(existing, False)
        except IntegrityError:
            existing = ImportBatch.objects.get(file_hash=digest)
    if existing.status == BatchStatus.DONE:
        return Result(existing, True)
    return Result(existing, False, in_progress=not existing.may_run_again and existing.status == BatchStatus.RUNNING)


def import_file(path: Path | str, *, name: str | None = None, user: Any = None,
                progress: Callable[[int], None] | None = None) -> Result:
    """Import a CSV or XLSX file of registrations now, in this process (the command line and tests)."""
    path = Path(path)
    result = start_batch(path, name=name, user=user)
    if result.already_imported or result.in_progress:
        return result
    run_batch(result.batch, path, progress=progress)
    result.batch.refresh_from_db()
    return result


def _claim(batch: ImportBatch) -> bool:
    """Mark the batch running for this worker; False when it is done or another worker is running it."""
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=F("heartbeat_at"))  # SQLite: take the write lock
        current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if current.status == BatchStatus.DONE:
            return False
        if current.status == BatchStatus.RUNNING and not current.interrupted:
            return False
        now = timezone.now()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.RUNNING, started_at=current.started_at or now, heartbeat_at=now, error="")
    return True


def run_batch(batch: ImportBatch, path: Path | str | None = None, *,
              progress: Callable[[int], None] | None = None) -> None:
    """Import the batch's file from its last committed chunk; raises (after marking the batch failed) on error."""
    path = Path(path or batch.file_path)
    if not _claim(batch):
        return
    try:
        _run(batch, path, progress)
    except Exception as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    batch.refresh_from_db()
    if batch.file_path and Path(batch.file_path).parent == upload_dir():
        Path(batch.file_path).unlink(missing_ok=True)
        ImportBatch.objects.filter(pk=batch.pk).update(file_path="")


def _run(batch: ImportBatch, path: Path, progress: Callable[[int], None] | None) -> None:
    batch.refresh_from_db()
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        with open(path, "rb") as fh:  # an estimate for the progress bar: records may span lines
            lines = sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
        ImportBatch.objects.filter(pk=batch.pk).update(total_rows=max(0, lines - 1))
    header, chunks = staging.chunks(path, size=CHUNK, after_line=batch.resume_line)
    if header.notes:
        ImportBatch.objects.filter(pk=batch.pk).update(notes=" ".join(header.notes))
    user, label = current_actor()
    uploader = batch.uploaded_by
    units = checks.UnitCache()
    today = timezone.localdate()
    # The next chunk is read and framed (no database) in a thread while this one is checked and written
    with ReadAhead(chunks, _framed) as ahead:
        for chunk, framed in ahead:
            with _phase("commit"), transaction.atomic():
                if connection.vendor == "postgresql":
                    # The commit does not wait for the log's flush to disk. Never a torn or half chunk: a crash
                    # can only lose the last chunks committed before it (under a second's worth), each whole,
                    # with the batch's resume_line in the same transaction — so the batch, run again, redoes
                    # exactly the chunks lost. This transaction only; other writers keep the server's setting.
                    with connection.cursor() as cur:
                        cur.execute("SET LOCAL synchronous_commit = off")
                # The batch row first: SQLite's write lock for the whole chunk, PostgreSQL's one worker per batch
                ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
                current = ImportBatch.objects.select_for_update().only("resume_line").get(pk=batch.pk)
                if chunk.last_line <= current.resume_line:
                    continue
                stored, duplicates, rejected = _chunk(batch, chunk, framed, units, uploader, user, label, today)
                ImportBatch.objects.filter(pk=batch.pk).update(
                    processed_rows=F("processed_rows") + len(chunk), stored_rows=F("stored_rows") + stored,
                    duplicate_rows=F("duplicate_rows") + duplicates, rejected_rows=F("rejected_rows") + rejected,
                    resume_line=chunk.last_line, heartbeat_at=timezone.now())
            if progress:
                progress(len(chunk))
            if after_chunk is not None:
                after_chunk(batch, chunk)
    trace.report()
    batch.refresh_from_db()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, total_rows=batch.processed_rows, finished_at=timezone.now())


def _framed(chunk: staging.Chunk) -> tuple[Any, list[checks.Rejection]] | None:
    """The chunk's cells as a frame (checks.raw_frame: no database, so it runs ahead in ReadAhead's thread)."""
    return checks.raw_frame(chunk) if chunk.rows else None


class ReadAhead:
    """Iterate (item, work(item)) over `items`, with the next item taken and worked on in a thread while the
    caller handles this one (one item ahead: memory stays one chunk more, whatever the file's size). `work` must
    not use the database. An error in the thread is raised to the caller at that item; leaving the `with` early
    (an error in the caller, or an interruption between chunks) stops the thread and closes `items`."""

    _END = object()

    def __init__(self, items: Iterator[Any], work: Callable[[Any], Any]) -> None:
        self.items, self.work = items, work
        self.pending: Queue[Any] = Queue(maxsize=1)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="koshi-import-read", daemon=True)

    def __enter__(self) -> Iterator[tuple[Any, Any]]:
        self.thread.start()
        return self._iterate()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.pending.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for item in self.items:
                with _phase("read"):
                    done = (item, self.work(item))
                if not self._put(done):
                    return
            self._put(self._END)
        except BaseException as exc:  # raised in the caller's thread by _iterate
            self._put(exc)
        finally:
            close = getattr(self.items, "close", None)
            if close is not None:
                close()

    def _iterate(self) -> Iterator[tuple[Any, Any]]:
        while True:
            item = self.pending.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


def _chunk(batch: ImportBatch, chunk: staging.Chunk, framed: tuple[Any, list[checks.Rejection]] | None,
           units: checks.UnitCache, uploader: Any, user: Any, label: str, today: Any) -> tuple[int, int, int]:
    rejected: list[checks.Rejection] = [(line, field, code, {}) for line, field, code in chunk.rejected]
    stored = duplicates = 0
    if chunk.rows:
        assert framed is not None
        with _phase("typed"):
            frame, bad = framed
            rejected += bad
            frame, bad = checks.typed(frame, units)
        rejected += bad
        with _phase("scope"):
            frame, bad = checks.scope(frame, uploader)
        rejected += bad
        with _phase("lock"):
            storing.Writer().lock_persons(frame.get_column("person_id").unique().to_list())
        with _phase("rules"):
            frame, bad = checks.check_chunk(frame, today=today)
        rejected += bad
        with _phase("store"):
            stored, duplicates = storing.store(frame, batch=batch, user=user, label=label, now=timezone.now())
    with _phase("report"):
        return stored, duplicates, reports.store_rejections(batch, rejected)


def keep_upload(upload: Any) -> Path:
    """Save an uploaded file where its batch's worker reads it."""
    suffix = Path(upload.name).suffix.lower() or ".csv"
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        suffix = ".csv"
    with tempfile.NamedTemporaryFile(delete=False, suffix=suffix, prefix="upload-", dir=upload_dir()) as fh:
        for block in upload.chunks():
            fh.write(block)
        return Path(fh.name)


def queue(batch: ImportBatch, path: Path) -> None:
    """Give the batch its file and put it on the job queue after the request commits."""
    from registry.tasks import run_import

    old = batch.file_path
    ImportBatch.objects.filter(pk=batch.pk).update(file_path=str(path), status=BatchStatus.PENDING,
                                                   heartbeat_at=timezone.now(), error="")
    if old and old != str(path) and Path(old).parent == upload_dir():
        Path(old).unlink(missing_ok=True)
    transaction.on_commit(lambda: run_import.enqueue(batch.pk))


def start_upload(user: Any, upload: Any) -> tuple[ImportBatch, bool]:
    """Keep an uploaded file and queue its import: (batch, already imported). A file whose batch failed or was
    interrupted runs that batch again from its last committed chunk."""
    path = keep_upload(upload)
    started = start_batch(path, name=upload.name, user=user)
    if started.already_imported or started.in_progress:
        path.unlink(missing_ok=True)
        return started.batch, started.already_imported
    queue(started.batch, path)
    started.batch.refresh_from_db()
    return started.batch, False


class CannotRunAgain(Exception):
    def __init__(self, batch: ImportBatch):
        super().__init__(batch.status)
        self.batch = batch


def run_again(batch: ImportBatch) -> ImportBatch:
    """Queue a failed or interrupted batch again, from its last committed chunk; CannotRunAgain otherwise (or when
    its file is gone: upload the file again)."""
    if not batch.may_run_again or not batch.file_path or not Path(batch.file_path).is_file():
        raise CannotRunAgain(batch)
    queue(batch, Path(batch.file_path))
    batch.refresh_from_db()
    return batch
