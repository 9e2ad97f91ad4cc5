"""Bulk import of registrations from CSV or XLSX: staged, validated and stored set-based, never row by row.

1. The file's SHA-256 names the batch: a file already imported adds nothing.
2. Rows go into a temporary staging table: on PostgreSQL the file's bytes stream through `COPY` (a file that
   COPY cannot parse, e.g. a row with too many fields, is re-read row by row in Python and its ragged rows
   are rejected); on SQLite rows are inserted in chunks.
3. Names of units and the law's dated rules are looked up once per distinct value (geo.selectors,
   law.services), into small temporary tables.
4. Every rule is checked by SQL over the whole staging table; each failure becomes a rejection with the
   row's line, the field and the reason. A row whose content (its natural key) is already in the register
   is counted as a duplicate and skipped, so re-importing the same rows adds nothing.
5. The valid rows are inserted in one transaction, with the tables locked against concurrent registrations:
   earlier permanent registrations are ended, migration events and violations are derived, Person.home_unit
   moves, and the change history gets one record per created registration, event and violation.

KOSHI_IMPORT_TRACE=1 in the environment prints each statement's and each phase's time (bench/registry_import.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from django.conf import settings
from django.db import DataError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from psycopg import errors as pg_errors

from accounts.audit import acting_as, current_actor
from geo.selectors import find_unit
from law.deadlines import registration_rules
from law.inputs import LawInputError
from law.penalties import late_registration_penalties
from people.iin import FIRST_WEIGHTS, SECOND_WEIGHTS

from . import models
from .models import BatchStatus, ImportBatch
from .services import add_months

COLUMNS = [
    "iin", "kind", "procedure", "region", "district", "settlement", "street", "building", "flat", "premises",
    "arrival_date", "registered_on", "valid_until", "reason", "from_abroad", "previous_region",
    "previous_district", "owner_iin", "owner_consent_at", "employer_bin", "registering_body",
    "decision_number", "decision_date",
]
REQUIRED = ["iin", "kind", "procedure", "region", "settlement", "street", "building", "premises",
            "arrival_date", "registered_on"]
NATURAL_KEY = ["iin", "kind", "region", "district", "settlement", "street", "building", "flat",
               "arrival_date", "registered_on", "valid_until"]

STAGE = "koshi_import_stage"
TRACE = bool(os.environ.get("KOSHI_IMPORT_TRACE"))
CHUNK = 5000
PROGRESS_EVERY = 20000

# Reasons, translatable; {x} placeholders are filled from the row's data in SQL.
REASONS = {
    "missing": _("Required field is empty."),
    "iin_format": _("The IIN must be 12 digits."),
    "iin_checksum": _("The check digit of the IIN does not match: the number is mistyped."),
    "unknown_person": _("No person with this IIN in the register of persons."),
    "kind": _("Unknown kind: use permanent or temporary."),
    "procedure": _("Unknown procedure: use standard, simplified or preferential."),
    "premises": _("Unknown type of premises."),
    "reason": _("Unknown reason for moving."),
    "flag": _("Use true or false."),
    "date": _("Not a real date (YYYY-MM-DD)."),
    "datetime": _("Not a real date and time (YYYY-MM-DD HH:MM)."),
    "unknown_region": _("Unknown region."),
    "unknown_district": _("Unknown district, or it does not lie in the region."),
    "arrival_after": _("The date of arrival is after the date of registration."),
    "future": _("The date of registration is in the future."),
    "no_law": _("Koshi holds no registration rules for that date."),
    "too_young": _("Below the minimum age for registration on that date."),
    "needs_until": _("A temporary registration needs the end of the stay."),
    "short_stay": _("A temporary stay must be longer than the minimum the law sets; registration refused."),
    "until_permanent": _("A permanent registration has no end date."),
    "owner_iin": _("The owner's IIN is missing or not valid."),
    "consent": _("The owner's consent (date and time) is required."),
    "no_contract": _("The simplified procedure needs an employment contract in force in the contract register."),
    "contract_place": _("The simplified procedure registers at the place of work: the region differs from the contract's."),
    "decision": _("The preferential procedure needs the local executive body's decision number and date."),
    "decision_after": _("The decision is dated after the registration."),
    "displaced": _("A displaced person is registered temporarily, for no longer than the law allows."),
    "duplicate": _("Duplicate of an earlier row of this file."),
    "same_day": _("A second permanent registration of the same person on the same day."),
    "older": _("Older than the person's active permanent registration."),
    "columns": _("The row does not have the file's number of fields."),
}


class ImportFailed(Exception):
    pass


@dataclass
class Result:
    batch: ImportBatch
    already_imported: bool


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def start_batch(path: Path, *, name: str | None = None, user: Any = None) -> Result:
    """Create the batch for a file, or return the earlier batch of the very same file."""
    digest = file_hash(path)
    existing = ImportBatch.objects.filter(file_hash=digest).first()
    if existing is not None:
        return Result(existing, True)
    batch = ImportBatch.objects.create(
        file_name=(name or Path(path).name)[:255], file_hash=digest,
        uploaded_by=user if getattr(user, "pk", None) else None,
        scope_unit=getattr(user, "scope_unit", None),
    )
    return Result(batch, False)


def import_file(path: Path | str, *, name: str | None = None, user: Any = None,
                progress: Callable[[int], None] | None = None) -> Result:
    """Import a CSV or XLSX file of registrations; see the module's docstring."""
    path = Path(path)
    result = start_batch(path, name=name, user=user)
    if result.already_imported:
        return result
    run_batch(result.batch, path, progress=progress)
    result.batch.refresh_from_db()
    return result


def run_batch(batch: ImportBatch, path: Path, *, progress: Callable[[int], None] | None = None) -> None:
    batch.status = BatchStatus.RUNNING
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at"])
    try:
        Importer(batch, Path(path), progress).run()
    except Exception as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise


def run_in_background(batch: ImportBatch, path: Path) -> threading.Thread:
    """Run the import in a thread (the upload page polls the batch's status); the file is removed after."""
    actor = batch.uploaded_by or "import"

    def work():
        try:
            with acting_as(actor):
                run_batch(batch, path)
        except Exception:  # noqa: BLE001 - recorded on the batch
            pass
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
            connection.close()

    thread = threading.Thread(target=work, name=f"import-{batch.pk}", daemon=True)
    thread.start()
    return thread


def rejections_csv(batch: ImportBatch) -> Iterator[str]:
    """The row report: every rejected row's line, field and reason, as CSV lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["line", "field", "reason"])
    yield buffer.getvalue()
    for line, field, reason in batch.rejections.order_by("line", "id").values_list("line", "field", "reason").iterator(5000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([line, field, reason])
        yield buffer.getvalue()


# --------------------------------------------------------------------------------------------------------------
# SQL that differs between PostgreSQL and SQLite


class Dialect:
    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def digits(self, expr: str, n: int) -> str:
        if self.pg:
            return f"({expr} ~ '^[0-9]{{{n}}}$')"
        return f"(length({expr}) = {n} AND {expr} NOT GLOB '*[^0-9]*')"

    def date_shape(self, expr: str) -> str:
        if self.pg:
            return f"({expr} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$')"
        return f"({expr} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"

    def datetime_shape(self, expr: str) -> str:
        if self.pg:
            return f"({expr} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[ T][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?$')"
        return (f"({expr} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]' OR "
                f"{expr} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]')")

    def to_date(self, expr: str) -> str:
        return f"CAST({expr} AS date)" if self.pg else expr

    def to_timestamp(self, expr: str) -> str:
        """A local (Asia/Almaty) date-time text as the database stores an aware datetime."""
        if self.pg:
            return f"(CAST(replace({expr}, 'T', ' ') AS timestamp) AT TIME ZONE '{_tz()}')"
        offset = _tz_offset_hours()
        return f"datetime(replace({expr}, 'T', ' '), '{-offset:+g} hours')"

    def days(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS integer)"

    def date_text(self, expr: str) -> str:
        return f"to_char({expr}, 'YYYY-MM-DD')" if self.pg else expr

    def md5(self, expr: str) -> str:
        return f"md5({expr})"

    def json(self, *pairs: str) -> str:
        return ("jsonb_build_object(" if self.pg else "json_object(") + ", ".join(pairs) + ")"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS text)"


def _tz() -> str:
    return settings.TIME_ZONE


def _tz_offset_hours() -> float:
    offset = dt.datetime.now(ZoneInfo(_tz())).utcoffset() or dt.timedelta()
    return offset.total_seconds() / 3600


def _valid_date_sql(d: Dialect, col: str) -> str:
    """True when the text is a real calendar date YYYY-MM-DD (checked without ever failing a cast)."""
    y = f"CAST(substr({col}, 1, 4) AS integer)"
    m = f"CAST(substr({col}, 6, 2) AS integer)"
    day = f"CAST(substr({col}, 9, 2) AS integer)"
    leap = f"(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0)"
    last = (f"CASE WHEN {m} = 2 THEN (CASE WHEN {leap} THEN 29 ELSE 28 END) "
            f"WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END")
    return (f"(CASE WHEN {d.date_shape(col)} THEN ({y} >= 1900 AND {m} BETWEEN 1 AND 12 "
            f"AND {day} BETWEEN 1 AND ({last})) ELSE FALSE END)")


def _valid_datetime_sql(d: Dialect, col: str) -> str:
    hh = f"CAST(substr({col}, 12, 2) AS integer)"
    mm = f"CAST(substr({col}, 15, 2) AS integer)"
    return (f"(CASE WHEN {d.datetime_shape(col)} THEN ({_valid_date_sql(d, f'substr({col}, 1, 10)')} "
            f"AND {hh} < 24 AND {mm} < 60) ELSE FALSE END)")


def _iin_checksum_sql(d: Dialect, col: str) -> str:
    """True when `col` is 12 digits whose last is the two-pass weighted modulo-11 check digit (people.iin)."""
    def total(weights):
        return " + ".join(f"CAST(substr({col}, {i + 1}, 1) AS integer) * {w}" for i, w in enumerate(weights))

    first = f"(({total(FIRST_WEIGHTS)}) % 11)"
    second = f"(({total(SECOND_WEIGHTS)}) % 11)"
    last = f"CAST(substr({col}, 12, 1) AS integer)"
    return (f"(CASE WHEN NOT coalesce({d.digits(col, 12)}, FALSE) THEN FALSE WHEN {first} <> 10 THEN {first} = {last} "
            f"WHEN {second} <> 10 THEN {second} = {last} ELSE FALSE END)")


def _age_sql(d: Dialect, day_text: str, birth_text: str) -> str:
    """Whole years between a birth date and a day, both as YYYY-MM-DD text."""
    return (f"(CAST(substr({day_text}, 1, 4) AS integer) - CAST(substr({birth_text}, 1, 4) AS integer) - "
            f"CASE WHEN substr({day_text}, 6, 5) < substr({birth_text}, 6, 5) THEN 1 ELSE 0 END)")


# --------------------------------------------------------------------------------------------------------------


class Importer:
    def __init__(self, batch: ImportBatch, path: Path, progress: Callable[[int], None] | None):
        self.batch = batch
        self.path = path
        self.progress = progress
        self.d = Dialect(connection.vendor)
        self.today = timezone.localdate()
        self.rows = 0
        self._side: Any = None
        self._lines: tuple[int | None, int | None] | None = None
        self._last = time.perf_counter()

    def _phase(self, name: str) -> None:
        now = time.perf_counter()
        if TRACE:
            print(f"PHASE {name}: {now - self._last:.2f}s", file=sys.stderr)
        self._last = now

    # -- running SQL ----------------------------------------------------------------------------------------
    def sql(self, statement: str, params: Iterable[Any] = ()) -> int:
        params = list(params)
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(statement, params or None)  # no parameters: '%' is SQL's modulo, not a placeholder
            count = cur.rowcount
        if TRACE:
            print(f"{time.perf_counter() - started:8.3f}s {' '.join(statement.split())[:110]}", file=sys.stderr)
        return count

    def fetch(self, statement: str, params: Iterable[Any] = ()) -> list[tuple]:
        params = list(params)
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(statement, params or None)
            rows = cur.fetchall()
        if TRACE:
            print(f"{time.perf_counter() - started:8.3f}s {' '.join(statement.split())[:110]}", file=sys.stderr)
        return rows

    def _tick(self, rows: int) -> None:
        self.rows += rows
        if self.progress:
            self.progress(rows)

    def _save_progress(self) -> None:
        """Write the rows read so far where the upload page's poller sees them at once.

        On PostgreSQL through a second connection of its own (the import's connection is busy with COPY and
        inside a transaction); on SQLite only outside a transaction.
        """
        if self.d.pg:
            if self._side is None:

                self._side = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            self._side.execute("UPDATE registry_importbatch SET processed_rows = %s WHERE id = %s",
                               (self.rows, self.batch.pk))
        elif not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch.pk).update(processed_rows=self.rows)

    def _close_side(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    # -- the steps ------------------------------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._run()
        finally:
            self._close_side()

    def _run(self) -> None:
        with open(self.path, "rb") as fh:  # an estimate for the progress bar: records may span lines
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        if self.path.suffix.lower() in (".csv", ".txt"):
            ImportBatch.objects.filter(pk=self.batch.pk).update(total_rows=max(0, lines - 1))
        if not self.d.pg:
            connection.ensure_connection()
            connection.connection.create_function(
                "md5", 1, lambda s: hashlib.md5(s.encode()).hexdigest() if s is not None else None,
                deterministic=True)
        self.sql(f"DROP TABLE IF EXISTS {STAGE}")
        cols = ", ".join(f"{c} text" for c in COLUMNS)
        if self.d.pg:
            self.sql(f"CREATE TEMP TABLE {STAGE} (line bigint GENERATED BY DEFAULT AS IDENTITY (START 2), {cols})")
        else:
            self.sql(f"CREATE TEMP TABLE {STAGE} (line integer PRIMARY KEY, {cols})")
        self.ragged: list[int] = []
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            header, rows = self._xlsx_rows()
            self._load_rows(header, rows)
        else:
            self._load_csv()
        self._save_progress()
        ImportBatch.objects.filter(pk=self.batch.pk).update(total_rows=self.rows)
        self._phase("staged")
        with transaction.atomic():
            if self.d.pg:  # sorts and hashes over the whole file stay in memory (the server's, for this transaction)
                self.sql("SET LOCAL work_mem = '64MB'")
            self._lookups()
            self._phase("looked up units and rules")
            self._typed()
            self._reject()
            self._store_rejections()
            self._phase("validated")
            stored, duplicates = self._store()
            rejected = self.fetch("SELECT count(DISTINCT line) FROM koshi_import_rejected")[0][0]
            ImportBatch.objects.filter(pk=self.batch.pk).update(
                status=BatchStatus.DONE, stored_rows=stored, duplicate_rows=duplicates, rejected_rows=rejected,
                processed_rows=self.rows, total_rows=self.rows, finished_at=timezone.now())
            self._phase("stored")
        self._phase("committed")
        for table in (STAGE, "koshi_import_typed", "koshi_import_rejected", "koshi_import_units",
                      "koshi_import_rules", "koshi_import_penalties", "koshi_import_good", "koshi_import_prev",
                      "koshi_import_events", "koshi_import_violations"):
            self.sql(f"DROP TABLE IF EXISTS {table}")

    # -- 1. staging -----------------------------------------------------------------------------------------
    def _header(self, raw: list[str]) -> list[str]:
        header = [h.strip().lower().lstrip("\ufeff") for h in raw]
        unknown = [h for h in header if h not in COLUMNS]
        missing = [c for c in REQUIRED if c not in header]
        if unknown or missing:
            raise ImportFailed(
                str(_("The header does not fit: unknown columns %(unknown)s; missing columns %(missing)s.")
                    % {"unknown": ", ".join(unknown) or "-", "missing": ", ".join(missing) or "-"}))
        return header

    def _load_csv(self) -> None:
        with open(self.path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
        header = self._header(next(csv.reader([first])))
        if self.d.pg:

            try:
                # Outside a transaction a failed COPY undoes itself and the progress stays visible to the page.
                if connection.in_atomic_block:
                    with transaction.atomic():
                        self._copy_raw(header)
                else:
                    self._copy_raw(header)
                return
            except (DataError, pg_errors.DataError):  # COPY refused the file's shape: read it row by row instead
                self.rows = 0
                self.sql(f"TRUNCATE {STAGE}")
        with open(self.path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            self._load_rows(header, reader)

    def _copy_raw(self, header: list[str]) -> None:
        """Stream the file's bytes into COPY: no Python work per row."""
        cols = ", ".join(header)
        with connection.cursor() as cur, open(self.path, "rb") as fh:
            fh.readline()
            raw = cur.cursor if hasattr(cur, "cursor") else cur
            with raw.copy(f"COPY {STAGE} ({cols}) FROM STDIN WITH (FORMAT csv, ENCODING 'UTF8')") as copy:
                pending = 0
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    copy.write(chunk)
                    n = chunk.count(b"\n")
                    self._tick(n)
                    pending += n
                    if pending >= PROGRESS_EVERY:
                        pending = 0
                        self._save_progress()
        last = self.fetch(f"SELECT count(*) FROM {STAGE}")[0][0]
        self.rows = last

    def _numbered(self, rows: Iterable[list[Any]], width: int) -> Iterator[list[Any]]:
        """[line, *cells] of each row as wide as the header (the header is line 1); a ragged row that is not
        empty is noted in self.ragged. Once exhausted, self.rows is the number of rows read."""
        line = 1
        for line, row in enumerate(rows, start=2):
            if len(row) != width:
                if any((c or "") != "" for c in row):
                    self.ragged.append(line)
                continue
            yield [line, *[_cell(c) for c in row]]
        self.rows = line - 1

    def _load_rows(self, header: list[str], rows: Iterable[list[Any]]) -> None:
        staged = self._numbered(rows, len(header))
        if self.d.pg:
            cols = ", ".join(["line", *header])
            with connection.cursor() as cur:
                raw = cur.cursor if hasattr(cur, "cursor") else cur
                with raw.copy(f"COPY {STAGE} ({cols}) FROM STDIN") as copy:
                    for row in staged:
                        copy.write_row(row)
                        if row[0] % PROGRESS_EVERY == 0:
                            self._tick(PROGRESS_EVERY)
                            self._save_progress()
        else:
            placeholders = ", ".join(["%s"] * (len(header) + 1))
            statement = f"INSERT INTO {STAGE} (line, {', '.join(header)}) VALUES ({placeholders})"
            with connection.cursor() as cur:
                chunk: list[list[Any]] = []
                for row in staged:
                    chunk.append(row)
                    if len(chunk) >= CHUNK:
                        cur.executemany(statement, chunk)
                        self._tick(len(chunk))
                        self._save_progress()
                        chunk = []
                if chunk:
                    cur.executemany(statement, chunk)
        if self.progress:
            self.progress(0)

    def _xlsx_rows(self) -> tuple[list[str], Iterator[list[Any]]]:
        book = load_workbook(self.path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = self._header([str(c or "") for c in next(rows)])
        width = len(header)

        def trimmed() -> Iterator[list[Any]]:
            for row in rows:
                cells = list(row)[:width] + [None] * max(0, width - len(row))
                if any(c not in (None, "") for c in row[width:]):
                    cells = list(row)  # extra filled cells: a ragged row
                yield cells
        return header, trimmed()

    # -- 3. lookups -----------------------------------------------------------------------------------------
    def _lookups(self) -> None:
        self.sql("DROP TABLE IF EXISTS koshi_import_units")
        self.sql("CREATE TEMP TABLE koshi_import_units (name text PRIMARY KEY, unit_id bigint, path text, kind text)")
        names = self.fetch(
            f"SELECT DISTINCT trim(region) FROM {STAGE} WHERE region IS NOT NULL UNION "
            f"SELECT DISTINCT trim(district) FROM {STAGE} WHERE district IS NOT NULL UNION "
            f"SELECT DISTINCT trim(previous_region) FROM {STAGE} WHERE previous_region IS NOT NULL UNION "
            f"SELECT DISTINCT trim(previous_district) FROM {STAGE} WHERE previous_district IS NOT NULL")
        found = []
        for (name,) in names:
            if not name:
                continue
            unit = find_unit(name)
            if unit is not None:
                found.append((name, unit.pk, unit.path, unit.kind))
        with connection.cursor() as cur:
            cur.executemany("INSERT INTO koshi_import_units VALUES (%s, %s, %s, %s)", found)

        self.sql("DROP TABLE IF EXISTS koshi_import_rules")
        self.sql("CREATE TEMP TABLE koshi_import_rules (day text PRIMARY KEY, min_age integer, min_stay integer, "
                 "deadline integer, displaced_until text)")
        days = self.fetch(f"SELECT DISTINCT registered_on FROM {STAGE} WHERE {_valid_date_sql(self.d, 'registered_on')}")
        rules = []
        for (day,) in days:
            try:
                r = registration_rules(dt.date.fromisoformat(day))
            except LawInputError:  # a date the law does not cover: the row is rejected ('no_law')
                continue
            until = add_months(dt.date.fromisoformat(day), r.displaced_person_max_months).isoformat()
            rules.append((day, r.min_age_years, r.temporary_min_stay_days, r.deadline_days, until))
        with connection.cursor() as cur:
            cur.executemany("INSERT INTO koshi_import_rules VALUES (%s, %s, %s, %s, %s)", rules)

    # -- typed rows -----------------------------------------------------------------------------------------
    def _typed(self) -> None:
        d = self.d
        vd = {c: _valid_date_sql(d, f"s.{c}") for c in ("arrival_date", "registered_on", "valid_until", "decision_date")}
        key = " || '|' || ".join(f"coalesce(trim(s.{c}), '')" for c in NATURAL_KEY)
        birth = d.date_text("p.birth_date")
        self.sql("DROP TABLE IF EXISTS koshi_import_typed")
        self.sql(f"""
            CREATE TEMP TABLE koshi_import_typed AS
            SELECT s.*,
                   {d.digits('s.iin', 12)} AS iin_shape,
                   p.id AS person_id, {birth} AS birth, p.sex AS sex, p.home_unit_id AS home_region,
                   ru.unit_id AS region_id, ru.path AS region_path, ru.kind AS region_kind,
                   du.unit_id AS district_id, du.path AS district_path,
                   pru.unit_id AS prev_region_id, pru.path AS prev_region_path,
                   pdu.unit_id AS prev_district_id, pdu.path AS prev_district_path,
                   {vd['arrival_date']} AS arrival_ok, {vd['registered_on']} AS registered_ok,
                   {vd['valid_until']} AS until_ok, {vd['decision_date']} AS decision_ok,
                   {_iin_checksum_sql(d, 's.iin')} AS iin_ok,
                   CASE WHEN {vd['arrival_date']} THEN {d.to_date('s.arrival_date')} END AS arrival_d,
                   CASE WHEN {vd['registered_on']} THEN {d.to_date('s.registered_on')} END AS registered_d,
                   CASE WHEN {vd['valid_until']} THEN {d.to_date('s.valid_until')} END AS until_d,
                   CASE WHEN {vd['decision_date']} THEN {d.to_date('s.decision_date')} END AS decision_d,
                   rl.min_age AS min_age, rl.min_stay AS min_stay, rl.deadline AS deadline,
                   rl.displaced_until AS displaced_until,
                   {d.md5(key)} AS natural_key
            FROM {STAGE} s
            LEFT JOIN people_person p ON p.iin = trim(s.iin)
            LEFT JOIN koshi_import_units ru ON ru.name = trim(s.region)
            LEFT JOIN koshi_import_units du ON du.name = trim(s.district)
            LEFT JOIN koshi_import_units pru ON pru.name = trim(s.previous_region)
            LEFT JOIN koshi_import_units pdu ON pdu.name = trim(s.previous_district)
            LEFT JOIN koshi_import_rules rl ON rl.day = s.registered_on
        """)
        if d.pg:
            self.sql("CREATE INDEX ON koshi_import_typed (line)")
            self.sql("ANALYZE koshi_import_typed (line, natural_key, person_id, kind, procedure, registered_on)")

    # -- 4. rules -------------------------------------------------------------------------------------------
    def _reject(self) -> None:
        d = self.d
        self.sql("DROP TABLE IF EXISTS koshi_import_rejected")
        self.sql("CREATE TEMP TABLE koshi_import_rejected (line bigint, field text, code text)")
        t = "koshi_import_typed t"
        e = "coalesce(trim({}), '') = ''"
        rules: list[tuple[str, str, str]] = []  # (field, code, condition on t)
        for c in REQUIRED:
            rules.append((c, "missing", e.format(f"t.{c}")))
        filled = "coalesce(trim(t.{0}), '') <> ''"
        rules += [
            ("iin", "iin_format", f"{filled.format('iin')} AND NOT t.iin_shape"),
            ("iin", "iin_checksum", "t.iin_shape AND NOT t.iin_ok"),
            ("iin", "unknown_person", "t.iin_ok AND t.person_id IS NULL"),
            ("kind", "kind", f"{filled.format('kind')} AND t.kind NOT IN ('permanent', 'temporary')"),
            ("procedure", "procedure",
             f"{filled.format('procedure')} AND t.procedure NOT IN ('standard', 'simplified', 'preferential')"),
            ("premises", "premises", f"{filled.format('premises')} AND t.premises NOT IN ({_in('Premises')})"),
            ("reason", "reason", f"{filled.format('reason')} AND t.reason NOT IN ({_in('Reason')})"),
            ("from_abroad", "flag", f"{filled.format('from_abroad')} AND lower(t.from_abroad) NOT IN "
                                    f"('true', 'false', '1', '0', 'yes', 'no')"),
            ("arrival_date", "date", f"{filled.format('arrival_date')} AND NOT t.arrival_ok"),
            ("registered_on", "date", f"{filled.format('registered_on')} AND NOT t.registered_ok"),
            ("valid_until", "date", f"{filled.format('valid_until')} AND NOT t.until_ok"),
            ("decision_date", "date", f"{filled.format('decision_date')} AND NOT t.decision_ok"),
            ("owner_consent_at", "datetime",
             f"{filled.format('owner_consent_at')} AND NOT {_valid_datetime_sql(d, 't.owner_consent_at')}"),
            ("region", "unknown_region", f"{filled.format('region')} AND (t.region_id IS NULL OR "
                                         f"t.region_kind NOT IN ('region', 'city'))"),
            ("district", "unknown_district",
             f"{filled.format('district')} AND t.region_id IS NOT NULL AND (t.district_id IS NULL OR "
             f"t.district_id = t.region_id OR substr(t.district_path, 1, length(t.region_path)) <> t.region_path)"),
            ("previous_region", "unknown_region", f"{filled.format('previous_region')} AND t.prev_region_id IS NULL"),
            ("previous_district", "unknown_district",
             f"{filled.format('previous_district')} AND (t.prev_district_id IS NULL OR t.prev_region_id IS NULL OR "
             f"substr(t.prev_district_path, 1, length(t.prev_region_path)) <> t.prev_region_path)"),
            ("arrival_date", "arrival_after", "t.arrival_d > t.registered_d"),
            ("registered_on", "future", f"t.registered_ok AND t.registered_on > '{self.today.isoformat()}'"),
            ("registered_on", "no_law", "t.registered_ok AND t.min_age IS NULL"),
            ("iin", "too_young",
             f"(CASE WHEN t.person_id IS NOT NULL AND t.registered_ok THEN "
             f"{_age_sql(d, 't.registered_on', 't.birth')} END) < t.min_age"),
            ("valid_until", "needs_until", f"t.kind = 'temporary' AND {e.format('t.valid_until')}"),
            ("valid_until", "short_stay",
             f"t.kind = 'temporary' AND {d.days('t.until_d', 't.arrival_d')} <= t.min_stay"),
            ("valid_until", "until_permanent", f"t.kind = 'permanent' AND {filled.format('valid_until')}"),
            ("owner_iin", "owner_iin",
             f"t.procedure = 'standard' AND NOT {_iin_checksum_sql(d, 't.owner_iin')}"),
            ("owner_consent_at", "consent", f"t.procedure = 'standard' AND {e.format('t.owner_consent_at')}"),
            ("decision_number", "decision", f"t.procedure = 'preferential' AND {e.format('t.decision_number')}"),
            ("decision_date", "decision", f"t.procedure = 'preferential' AND {e.format('t.decision_date')}"),
            ("decision_date", "decision_after",
             "t.procedure = 'preferential' AND t.decision_d > t.registered_d"),
            ("kind", "displaced", "t.procedure = 'preferential' AND t.kind = 'permanent'"),
            ("valid_until", "displaced", "t.procedure = 'preferential' AND t.kind = 'temporary' AND t.until_ok "
                                         "AND t.valid_until > t.displaced_until"),
            ("employer_bin", "no_contract", f"t.procedure = 'simplified' AND t.person_id IS NOT NULL AND t.registered_ok "
                                            f"AND NOT EXISTS ({self._contract_sql()})"),
            ("region", "contract_place",
             f"t.procedure = 'simplified' AND t.region_id IS NOT NULL AND t.registered_ok AND EXISTS "
             f"({self._contract_sql()}) AND NOT EXISTS ({self._contract_sql(same_region=True)})"),
        ]
        simplified = self.fetch("SELECT EXISTS (SELECT 1 FROM koshi_import_typed WHERE procedure = 'simplified')")[0][0]
        contract_rules = [r for r in rules if r[1] in ("no_contract", "contract_place")]
        rules = [r for r in rules if r not in contract_rules]
        if d.pg:
            # One pass over the rows finds those that break any rule; only those are checked rule by rule.
            checks = ",\n".join(f"(({condition}), '{field}', '{code}')" for field, code, condition in rules)
            any_rule = "\n OR ".join(f"({condition})" for _field, _code, condition in rules)
            self.sql(f"""INSERT INTO koshi_import_rejected SELECT t.line, v.field, v.code
                         FROM (SELECT * FROM {t} WHERE {any_rule}) t
                         CROSS JOIN LATERAL (VALUES {checks}) v(bad, field, code) WHERE v.bad""")
        else:
            for field, code, condition in rules:
                self.sql(f"INSERT INTO koshi_import_rejected SELECT t.line, '{field}', '{code}' FROM {t} WHERE {condition}")
        for field, code, condition in contract_rules if simplified else []:
            source = "(SELECT * FROM koshi_import_typed WHERE procedure = 'simplified') t"
            self.sql(f"INSERT INTO koshi_import_rejected SELECT t.line, '{field}', '{code}' FROM {source} WHERE {condition}")
        if self.ragged:
            with connection.cursor() as cur:
                cur.executemany("INSERT INTO koshi_import_rejected VALUES (%s, '*', 'columns')",
                                [(n,) for n in self.ragged])
        # Duplicates inside the file, then a second permanent registration of one person on one day
        self.sql("""
            INSERT INTO koshi_import_rejected
            SELECT line, 'iin', 'duplicate' FROM (
                SELECT t.line, ROW_NUMBER() OVER (PARTITION BY t.natural_key ORDER BY t.line) AS n
                FROM koshi_import_typed t
                WHERE NOT EXISTS (SELECT 1 FROM koshi_import_rejected r WHERE r.line = t.line)) x
            WHERE n > 1""")
        self.sql("""
            INSERT INTO koshi_import_rejected
            SELECT line, 'registered_on', 'same_day' FROM (
                SELECT t.line, ROW_NUMBER() OVER (PARTITION BY t.person_id, t.registered_on ORDER BY t.line) AS n
                FROM koshi_import_typed t
                WHERE t.kind = 'permanent'
                  AND NOT EXISTS (SELECT 1 FROM koshi_import_rejected r WHERE r.line = t.line)
                  AND NOT EXISTS (SELECT 1 FROM registry_registration g WHERE g.natural_key = t.natural_key)) x
            WHERE n > 1""")
        # Older than the person's active permanent registration
        self.sql("""
            INSERT INTO koshi_import_rejected
            SELECT t.line, 'registered_on', 'older' FROM koshi_import_typed t
            JOIN registry_registration a ON a.person_id = t.person_id AND a.kind = 'permanent' AND a.is_active
            WHERE t.kind = 'permanent' AND t.registered_d < a.registered_on
              AND NOT EXISTS (SELECT 1 FROM koshi_import_rejected r WHERE r.line = t.line)
              AND NOT EXISTS (SELECT 1 FROM registry_registration g WHERE g.natural_key = t.natural_key)""")
        if d.pg:
            self.sql("CREATE INDEX ON koshi_import_rejected (line)")

    def _contract_sql(self, same_region: bool = False) -> str:
        day = "t.registered_d"
        place = ""
        if same_region:
            place = ("JOIN geo_territorialunit w ON w.id = c.workplace_unit_id "
                     "AND substr(w.path, 1, length(t.region_path)) = t.region_path ")
        employer = ("AND (coalesce(trim(t.employer_bin), '') = '' OR EXISTS (SELECT 1 FROM labour_employer e "
                    "WHERE e.id = c.employer_id AND e.bin = trim(t.employer_bin)))")
        return (f"SELECT 1 FROM labour_employmentcontract c {place}WHERE c.employee_id = t.person_id "
                f"AND c.start_date <= {day} AND (c.end_date IS NULL OR c.end_date >= {day}) "
                f"AND (c.terminated_on IS NULL OR c.terminated_on > {day}) {employer}")

    # -- 5. storing -----------------------------------------------------------------------------------------
    def _store(self) -> tuple[int, int]:
        d = self.d
        if d.pg:
            # Registrations of these persons wait until the import commits (see the module's docstring).
            self.sql("LOCK TABLE people_person IN EXCLUSIVE MODE")
            self.sql("LOCK TABLE registry_registration IN SHARE ROW EXCLUSIVE MODE")
            # ... and so do new events and violations, whose ids this import takes in blocks (_new_ids)
            self.sql("LOCK TABLE registry_migrationevent IN SHARE ROW EXCLUSIVE MODE")
            self.sql("LOCK TABLE registry_violation IN SHARE ROW EXCLUSIVE MODE")
        self.sql("DROP TABLE IF EXISTS koshi_import_good")
        flag = "lower(coalesce(t.from_abroad, '')) IN ('true', '1', 'yes')"
        contract = ("CASE WHEN t.procedure = 'simplified' THEN (SELECT c.id FROM labour_employmentcontract c "
                    "WHERE c.employee_id = t.person_id AND c.start_date <= t.registered_d "
                    "AND (c.end_date IS NULL OR c.end_date >= t.registered_d) "
                    "AND (c.terminated_on IS NULL OR c.terminated_on > t.registered_d) "
                    "ORDER BY c.start_date DESC, c.id DESC LIMIT 1) END")
        window = "PARTITION BY t.person_id, t.kind ORDER BY t.registered_on, t.line"
        self.sql(f"""
            CREATE TEMP TABLE koshi_import_good AS
            SELECT g.*, {self._new_ids('registry_registration')} AS reg_id FROM (
            SELECT t.*, {flag} AS abroad, {contract} AS contract_id,
                   CASE WHEN t.kind = 'permanent' THEN LEAD(t.registered_d) OVER ({window}) END AS next_on,
                   CASE WHEN t.kind = 'permanent' THEN ROW_NUMBER() OVER ({window}) END AS seq,
                   CASE WHEN t.kind = 'permanent' THEN LAG(t.region_id) OVER ({window}) END AS lag_region,
                   CASE WHEN t.kind = 'permanent' THEN LAG(t.district_id) OVER ({window}) END AS lag_district
            FROM koshi_import_typed t
            WHERE NOT EXISTS (SELECT 1 FROM koshi_import_rejected r WHERE r.line = t.line)
              AND NOT EXISTS (SELECT 1 FROM registry_registration g WHERE g.natural_key = t.natural_key)) g""")
        good = self.fetch("SELECT count(*) FROM koshi_import_good")[0][0]
        valid = self.fetch("""SELECT count(*) FROM koshi_import_typed t
                              WHERE NOT EXISTS (SELECT 1 FROM koshi_import_rejected r WHERE r.line = t.line)""")[0][0]
        duplicates = valid - good
        if not good:
            return 0, duplicates
        if d.pg:
            self.sql("ANALYZE koshi_import_good (person_id, kind, arrival_date, registered_on, seq)")
        now = timezone.now()
        user, label = current_actor()
        # The persons' active permanent registrations before this import
        self.sql("DROP TABLE IF EXISTS koshi_import_prev")
        self.sql("""
            CREATE TEMP TABLE koshi_import_prev AS
            SELECT a.id, a.person_id, a.region_id, a.district_id FROM registry_registration a
            WHERE a.kind = 'permanent' AND a.is_active
              AND a.person_id IN (SELECT person_id FROM koshi_import_good WHERE kind = 'permanent')""")
        self.sql("""
            UPDATE registry_registration SET is_active = FALSE, ended_on = f.first_on, end_reason = 'superseded'
            FROM (SELECT person_id, min(registered_d) AS first_on FROM koshi_import_good WHERE kind = 'permanent'
                  GROUP BY person_id) f, koshi_import_prev pv
            WHERE pv.id = registry_registration.id AND f.person_id = pv.person_id""")

        batch_id = self.batch.pk
        consent = f"CASE WHEN coalesce(trim(t.owner_consent_at), '') <> '' THEN {d.to_timestamp('trim(t.owner_consent_at)')} END"
        body = ("CASE WHEN t.procedure = 'simplified' THEN coalesce(nullif(trim(t.registering_body), ''), "
                "(SELECT e.name FROM labour_employmentcontract c JOIN labour_employer e ON e.id = c.employer_id "
                "WHERE c.id = t.contract_id)) ELSE '' END")
        # Ids were drawn beforehand (koshi_import_good.reg_id): events, violations and the change history refer
        # to them without looking the new rows up again.
        self.sql(f"""
            INSERT INTO registry_registration (
                id, person_id, kind, procedure, region_id, district_id, settlement, street, building, flat, premises,
                arrival_date, registered_on, valid_until, is_active, ended_on, end_reason, from_abroad,
                previous_region_id, previous_district_id, reason, owner_iin, owner_consent_at, contract_id,
                registering_body, decision_number, decision_date, source, registered_by_id, batch_id, natural_key,
                created_at)
            SELECT t.reg_id, t.person_id, t.kind, t.procedure, t.region_id, t.district_id, trim(t.settlement),
                   trim(t.street), trim(t.building), coalesce(trim(t.flat), ''), t.premises, t.arrival_d,
                   t.registered_d, CASE WHEN t.kind = 'temporary' THEN t.until_d END,
                   t.kind = 'temporary' OR t.next_on IS NULL, t.next_on,
                   CASE WHEN t.next_on IS NULL THEN '' ELSE 'superseded' END,
                   t.abroad, t.prev_region_id, t.prev_district_id, coalesce(t.reason, ''),
                   CASE WHEN t.procedure = 'standard' THEN trim(t.owner_iin) ELSE '' END,
                   CASE WHEN t.procedure = 'standard' THEN {consent} END,
                   t.contract_id, {body},
                   CASE WHEN t.procedure = 'preferential' THEN trim(t.decision_number) ELSE '' END,
                   CASE WHEN t.procedure = 'preferential' THEN t.decision_d END,
                   'import', %s, %s, t.natural_key, %s
            FROM koshi_import_good t""", [getattr(user, "pk", None), batch_id, now])

        # Migration events: from the previous row of the file, else the active registration before the import,
        # else the declared previous region, else the person's home region, else abroad when the row says so.
        home = "CASE WHEN t.seq = 1 AND NOT t.abroad THEN t.home_region END"
        origin_region = f"coalesce(t.lag_region, pv.region_id, t.prev_region_id, {home})"
        origin_district = ("CASE WHEN t.lag_region IS NOT NULL THEN t.lag_district WHEN pv.region_id IS NOT NULL "
                           "THEN pv.district_id WHEN t.prev_region_id IS NOT NULL THEN t.prev_district_id END")
        self.sql("DROP TABLE IF EXISTS koshi_import_events")
        self.sql(f"""
            CREATE TEMP TABLE koshi_import_events AS
            SELECT e.*, {self._new_ids('registry_migrationevent')} AS id FROM (
                SELECT t.line, t.person_id, t.registered_d AS event_date,
                       CASE WHEN {origin_region} IS NULL THEN 'international_arrival' ELSE 'internal' END AS kind,
                       {origin_region} AS origin_region_id, {origin_district} AS origin_district_id,
                       t.region_id, t.district_id, {_age_sql(d, 't.registered_on', 't.birth')} AS age, t.sex,
                       coalesce(t.reason, '') AS reason, t.reg_id
                FROM koshi_import_good t
                LEFT JOIN koshi_import_prev pv ON pv.person_id = t.person_id AND t.seq = 1
                WHERE t.kind = 'permanent'
                  AND ({origin_region} IS NOT NULL OR t.abroad)
                  AND ({origin_region} IS NULL
                       OR coalesce({origin_district}, {origin_region}) <> coalesce(t.district_id, t.region_id))) e""")
        self.sql("""
            INSERT INTO registry_migrationevent (
                id, person_id, event_date, kind, origin_region_id, origin_district_id, destination_region_id,
                destination_district_id, age, sex, reason, recorded_in_id, registration_id, corrects_id, annulled,
                correction_reason, created_at)
            SELECT e.id, e.person_id, e.event_date, e.kind, e.origin_region_id, e.origin_district_id, e.region_id,
                   e.district_id, e.age, e.sex, e.reason, e.region_id, e.reg_id, NULL, FALSE, '', %s
            FROM koshi_import_events e""", [now])

        # Violations: the law's outcome for each distinct (arrival, registration) pair, then one set-based insert
        self._penalties()
        self._phase("asked the law for the late pairs")
        self.sql("DROP TABLE IF EXISTS koshi_import_violations")
        self.sql(f"""
            CREATE TEMP TABLE koshi_import_violations AS
            SELECT v.*, {self._new_ids('registry_violation')} AS id FROM (
                SELECT t.line, t.reg_id, p.days_late, p.outcome, p.amount_kzt, p.article
                FROM koshi_import_good t
                JOIN koshi_import_penalties p ON p.arrival = t.arrival_date AND p.registered = t.registered_on
                WHERE p.outcome <> 'none') v""")
        self.sql("""
            INSERT INTO registry_violation (id, registration_id, days_late, outcome, amount_kzt, article, created_at)
            SELECT v.id, v.reg_id, v.days_late, v.outcome, v.amount_kzt, v.article, %s
            FROM koshi_import_violations v""", [now])

        # Person.home_unit follows the last permanent registration of each person
        self._audit_home_units(user, label, now)
        self.sql("""
            UPDATE people_person SET home_unit_id = t.region_id FROM koshi_import_good t
            WHERE t.person_id = people_person.id AND t.kind = 'permanent' AND t.next_on IS NULL
              AND (people_person.home_unit_id IS NULL OR people_person.home_unit_id <> t.region_id)""")
        self._audit(user, label, now)
        return good, duplicates

    def _new_ids(self, table: str) -> str:
        """SQL for fresh primary keys of `table`, one per line of the file: the first free id + (line - first line).

        The ids of the whole span of lines are taken from the table's sequence at once; lines without a row
        leave gaps, as any rolled-back insert does. PostgreSQL: the table is locked against other writers for
        the rest of the import, so no one else draws from the sequence between nextval and setval.
        SQLite: after the highest id ever given (AUTOINCREMENT's sqlite_sequence); the write lock is held.
        """
        if self._lines is None:  # the staged span of lines, the same for every table
            self._lines = self.fetch(f"SELECT min(line), max(line) FROM {STAGE}")[0]
        first, last = self._lines
        if first is None:
            return "NULL"
        span = int(last or 0) - int(first) + 1
        if self.d.pg:
            self.sql(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            sequence = self.fetch("SELECT pg_get_serial_sequence(%s, 'id')", [table])[0][0]
            start = self.fetch("SELECT nextval(%s)", [sequence])[0][0]
            self.fetch("SELECT setval(%s, %s)", [sequence, int(start) + span - 1])
        else:
            start = 1 + self.fetch(f"""SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0),
                                                 coalesce((SELECT max(id) FROM {table}), 0))""")[0][0]
        return f"({int(start) - int(first)} + line)"

    def _penalties(self) -> None:
        self.sql("DROP TABLE IF EXISTS koshi_import_penalties")
        self.sql("CREATE TEMP TABLE koshi_import_penalties (arrival text, registered text, days_late integer, "
                 "outcome text, amount_kzt bigint, article text)")
        # A registration within the deadline's number of calendar days is never late (the deadline counts
        # calendar or working days, never fewer): only the other pairs are asked of the law, all at once.
        pairs = self.fetch(f"""SELECT DISTINCT arrival_date, registered_on FROM koshi_import_good
                               WHERE {self.d.days('registered_d', 'arrival_d')} > deadline""")
        if pairs:
            p = late_registration_penalties([a for a, _ in pairs], [r for _, r in pairs])
            rows = [(a, r, int(p.days_late[i]), str(p.outcome[i]), int(p.amount_kzt[i]), str(p.article[i])[:200])
                    for i, (a, r) in enumerate(pairs)]
            with connection.cursor() as cur:
                cur.executemany("INSERT INTO koshi_import_penalties VALUES (%s, %s, %s, %s, %s, %s)", rows)
        if self.d.pg:
            self.sql("CREATE INDEX ON koshi_import_penalties (arrival, registered)")
            self.sql("ANALYZE koshi_import_penalties")

    def _audit_home_units(self, user: Any, label: str, now: dt.datetime) -> None:
        d = self.d
        self.sql(f"""
            INSERT INTO accounts_changerecord (at, actor_id, actor_label, action, kind, object_id, object_repr,
                                               changes, reason)
            SELECT %s, %s, %s, 'update', 'people.person', {d.text('p.id')}, p.surname || ' ' || p.given_name,
                   {d.json("'home_unit_id'", "json_array(p.home_unit_id, t.region_id)" if not d.pg
                           else "jsonb_build_array(p.home_unit_id, t.region_id)")}, %s
            FROM koshi_import_good t JOIN people_person p ON p.id = t.person_id
            WHERE t.kind = 'permanent' AND t.next_on IS NULL
              AND (p.home_unit_id IS NULL OR p.home_unit_id <> t.region_id)""",
                 [now, getattr(user, "pk", None), label, self._reason()])

    def _reason(self) -> str:
        return f"import batch {self.batch.pk}: {self.batch.file_name}"[:300]

    def _audit(self, user: Any, label: str, now: dt.datetime) -> None:
        """One change record per created registration, event and violation, written set-based from the staged
        rows that were inserted with exactly these ids and values (no second look-up of the new rows)."""
        d = self.d
        arr = "jsonb_build_array" if d.pg else "json_array"
        params = [now, getattr(user, "pk", None), label, self._reason()]
        head = """INSERT INTO accounts_changerecord (at, actor_id, actor_label, action, kind, object_id, object_repr,
                                                     changes, reason)"""
        self.sql(f"""{head}
            SELECT %s, %s, %s, 'create', 'registry.registration', {d.text('t.reg_id')}, t.kind || ' ' || trim(t.settlement),
                   {d.json("'person_id'", f"{arr}(NULL, t.person_id)", "'region_id'", f"{arr}(NULL, t.region_id)",
                           "'registered_on'", f"{arr}(NULL, {d.text(d.to_date('t.registered_on'))})",
                           "'natural_key'", f"{arr}(NULL, t.natural_key)")}, %s
            FROM koshi_import_good t ORDER BY t.reg_id""", params)
        self.sql(f"""{head}
            SELECT %s, %s, %s, 'create', 'registry.migrationevent', {d.text('e.id')}, e.kind,
                   {d.json("'person_id'", f"{arr}(NULL, e.person_id)", "'registration_id'", f"{arr}(NULL, e.reg_id)")}, %s
            FROM koshi_import_events e ORDER BY e.id""", params)
        self.sql(f"""{head}
            SELECT %s, %s, %s, 'create', 'registry.violation', {d.text('v.id')}, v.outcome,
                   {d.json("'registration_id'", f"{arr}(NULL, v.reg_id)", "'amount_kzt'", f"{arr}(NULL, v.amount_kzt)")}, %s
            FROM koshi_import_violations v ORDER BY v.id""", params)

    def _store_rejections(self) -> None:
        """Copy the rejected rows, with their reasons in the active language, into ImportRejection."""
        cases = " ".join("WHEN %s THEN %s" for _ in REASONS)
        params: list[Any] = []
        for code, reason in REASONS.items():
            params += [code, str(reason)]
        self.sql(f"""
            INSERT INTO registry_importrejection (batch_id, line, field, reason)
            SELECT {self.batch.pk}, line, field, CASE code {cases} END FROM koshi_import_rejected
            ORDER BY line, field""", params)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _in(choices: str) -> str:
    values = getattr(models, choices).values
    return ", ".join(f"'{v}'" for v in values)
