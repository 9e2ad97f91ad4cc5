"""Storing the valid rows of one chunk, set-based, inside the chunk's transaction.

For each chunk: the rows already in the register (by their natural key) are counted and skipped; the persons'
active permanent registrations are ended (one change record each); the registrations, their migration events and
violations are written in one statement per table (PostgreSQL: `COPY` of a CSV the frame writes; SQLite: one
executemany); each new registration gets ONE change record naming the batch, the actor and every field written
(the event's and the violation's included); the movers' home region moves on the person row (one record each).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import polars as pl
from django.db import IntegrityError, connection, models
from django.utils.translation import gettext

from accounts.audit import bulk_creation_records
from accounts.models import ChangeRecord
from law.penalties import late_registration_penalties
from people.models import Person
from registry import rules
from registry.models import MigrationEvent, Registration, Violation

from .trace import phase

C = pl.col


class Writer:
    """The few statements that differ between PostgreSQL and SQLite."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.raw: Any = None
        if self.pg:
            # The driver's own connection, taken in the chunk's thread: Django's `connection` is per thread, and
            # the thread that writes while the change records are built (`Written.in_background`) must write in
            # the chunk's transaction
            connection.ensure_connection()
            self.raw = connection.connection
            self.errors = connection.wrap_database_errors  # the driver's errors raised as Django's, as before

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[Any]:
        """PostgreSQL: a cursor of the chunk's connection (from any thread); SQLite: Django's cursor."""
        if not self.pg:
            with connection.cursor() as cur:
                yield cur
            return
        with self.errors, self.raw.cursor() as cur:
            yield cur

    def new_ids(self, table: str, n: int) -> list[int] | range:
        """`n` fresh primary keys of `table` (PostgreSQL: from its sequence; SQLite: after the highest id ever
        given, under the write lock the chunk's transaction already holds)."""
        if n == 0:
            return []
        with connection.cursor() as cur:
            if self.pg:
                # One row back, not n: the range when the sequence gave it whole (nearly always), else the ids
                cur.execute("""SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL
                                                           ELSE array_agg(v ORDER BY v) END
                               FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS v
                                     FROM generate_series(1, %s)) s""", [table, n])
                low, high, ids = cur.fetchone()
                return ids if ids is not None else range(low, high + 1)
            cur.execute(f"""SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0),
                                       coalesce((SELECT max(id) FROM {table}), 0))""")
            start = cur.fetchone()[0] + 1
        return range(start, start + n)

    def insert(self, table: str, frame: pl.DataFrame) -> None:
        if frame.height == 0:
            return
        cols = ", ".join(frame.columns)
        with self._cursor() as cur:
            if self.pg:
                buffer = io.BytesIO()  # one copy of the chunk's rows, sent in blocks
                copy_text(frame).write_csv(buffer, include_header=False, separator="\t", quote_style="never",
                                           null_value="\\N", datetime_format="%Y-%m-%dT%H:%M:%S%.f%z")
                buffer.seek(0)
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    while block := buffer.read(1 << 20):
                        copy.write(block)
            else:
                frame = frame.with_columns(pl.col(pl.Datetime("us", "UTC")).dt.replace_time_zone(None))
                marks = ", ".join(["%s"] * len(frame.columns))
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", frame.rows())

    def update(self, table: str, sets: str, frame: pl.DataFrame) -> None:
        """UPDATE `table` SET `sets` (naming v.<column>) for each row of `frame`, matched on its `id`."""
        if frame.height == 0:
            return
        names = frame.columns
        with self._cursor() as cur:
            if self.pg:
                types: dict[pl.DataType | type[pl.DataType], str] = {
                    pl.Int64: "bigint", pl.Date: "date", pl.Utf8: "text", pl.Boolean: "boolean"}
                arrays = ", ".join(f"%s::{types[frame.schema[n]]}[]" for n in names)
                cur.execute(f"UPDATE {table} t SET {sets} FROM unnest({arrays}) AS v({', '.join(names)}) "
                            f"WHERE t.id = v.id", [frame.get_column(n).to_list() for n in names])
            else:
                assignments = sets
                for n in names:
                    assignments = assignments.replace(f"v.{n}", f"%({n})s")
                cur.executemany(f"UPDATE {table} SET {assignments} WHERE id = %(id)s", list(frame.iter_rows(named=True)))

    @contextlib.contextmanager
    def bulk(self) -> Iterator[Written]:
        """The chunk's writes. On PostgreSQL, when this role may (`fast_checks`), the per-row foreign-key triggers
        are off for them (`session_replication_role = replica`, this transaction only) and every foreign key of
        every row written is checked set-based after loading instead — one statement per key, which also locks
        the rows referred to as the per-row check would (FOR KEY SHARE) — so the chunk commits only rows whose
        references exist, as before; a missing one fails the chunk (IntegrityError), as the deferred check did."""
        fast = self.pg and fast_checks()
        written = Written(self)
        if fast:
            with connection.cursor() as cur:
                cur.execute("SET LOCAL session_replication_role = replica")
        try:
            yield written
            if fast:
                with phase("w.references"):
                    written.check_references()
        finally:
            if fast:
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL session_replication_role = origin")

    def existing_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        with connection.cursor() as cur:
            for start in range(0, len(keys), 5000):
                part = keys[start:start + 5000]
                if self.pg:
                    cur.execute("SELECT natural_key FROM registry_registration WHERE natural_key = ANY(%s)", [part])
                else:
                    cur.execute(f"SELECT natural_key FROM registry_registration WHERE natural_key IN "
                                f"({', '.join(['%s'] * len(part))})", part)
                found.update(r[0] for r in cur.fetchall())
        return found

    def lock_persons(self, person_ids: list[int]) -> None:
        """Registrations of these persons wait for this chunk (services.register locks the person row too)."""
        if self.pg and person_ids:
            with connection.cursor() as cur:
                cur.execute("SELECT id FROM people_person WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [sorted(person_ids)])


def copy_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame's text cells escaped for COPY's text format (a backslash doubled; tab, newline and carriage
    return as \\t, \\n, \\r), to be written tab-separated, unquoted, with \\N for null. The text format rather
    than CSV: the change records' JSON is full of double quotes, each of which CSV doubles and the server undoes
    (measured: COPY of 200,000 change records 5.2-5.5 s as text against 6.5-8.9 s as CSV)."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.Utf8]
    if not texts:
        return frame
    escaped = []
    for name in texts:
        cell = C(name)
        for raw, shown in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
            cell = cell.str.replace_all(raw, shown, literal=True)
        escaped.append(cell)
    return frame.with_columns(escaped)


# The tables an import writes: every trigger on them other than the foreign keys' must fire ALWAYS (migration
# 0012), else the import keeps the per-row foreign-key checks (a trigger that would not fire is never skipped).
WRITTEN = ("registry_registration", "registry_migrationevent", "registry_violation", "people_person",
           "accounts_changerecord")


@functools.cache
def _fast_checks(alias: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("""SELECT (current_setting('is_superuser') = 'on'
                               OR has_parameter_privilege('session_replication_role', 'SET'))
                              AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[])
                                              AND NOT tgisinternal AND tgenabled <> 'A')""", [list(WRITTEN)])
        return bool(cur.fetchone()[0])


def fast_checks() -> bool:
    """Whether the chunk's foreign keys are checked set-based (PostgreSQL: the role may set
    session_replication_role — a superuser, or `GRANT SET ON PARAMETER session_replication_role` — and every
    other trigger on the written tables fires always), rather than by a deferred trigger per row and key."""
    return connection.vendor == "postgresql" and _fast_checks(connection.alias)


class Written:
    """The rows a chunk writes, by model, so that their foreign keys can be checked set-based after loading."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.frames: list[tuple[type[models.Model], pl.DataFrame]] = []
        self.new_ids: dict[str, set[int]] = {}

    def insert(self, model: type[models.Model], frame: pl.DataFrame) -> None:
        with phase(f"w.{model._meta.db_table}"):
            self.w.insert(model._meta.db_table, frame)
        self.frames.append((model, frame))
        if frame.height and "id" in frame.columns:
            self.new_ids.setdefault(model._meta.db_table, set()).update(frame.get_column("id").to_list())

    def update(self, model: type[models.Model], sets: str, frame: pl.DataFrame) -> None:
        with phase(f"w.update_{model._meta.db_table}"):
            self.w.update(model._meta.db_table, sets, frame)
        self.frames.append((model, frame))

    @contextlib.contextmanager
    def in_background(self, *writes: tuple[str, type[models.Model], Any]) -> Iterator[None]:
        """Run `writes` — ("insert", model, frame) or ("update", model, (sets, frame)), in order — while the body
        runs (the body must not use the database), and wait for them at its end; an error in them is raised there.
        PostgreSQL: in a thread, on the chunk's own connection and transaction (the driver releases the GIL while
        the server works, and Polars while it builds the change records), so Python's work and the server's
        overlap on two cores. SQLite: one after the other, before the body."""

        def run() -> None:
            for how, model, what in writes:
                if how == "insert":
                    self.insert(model, what)
                else:
                    self.update(model, *what)

        if not self.w.pg:
            run()
            yield
            return
        failed: list[BaseException] = []

        def work() -> None:
            try:
                run()
            except BaseException as exc:  # raised in the chunk's thread below
                failed.append(exc)

        thread = threading.Thread(target=work, name="koshi-import-writes")
        thread.start()
        try:
            yield
        finally:
            thread.join()
        if failed:
            raise failed[0]

    def check_references(self) -> None:
        """Every foreign key of the rows written refers to a row that exists: the distinct values of each key,
        looked up (and locked FOR KEY SHARE) in one statement; rows this chunk wrote itself need no lookup."""
        wanted: dict[tuple[str, str], set[Any]] = {}
        for model, frame in self.frames:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not getattr(field, "db_constraint", False) or field.column not in frame.columns:
                    continue
                target = field.related_model._meta  # type: ignore[union-attr]  # a foreign key's model
                values = set(frame.get_column(field.column).drop_nulls().unique().to_list())
                values -= self.new_ids.get(target.db_table, set())
                if values:
                    key = (target.db_table, field.target_field.column)  # type: ignore[attr-defined]  # a foreign key
                    wanted.setdefault(key, set()).update(values)
        with connection.cursor() as cur:
            for (table, column), values in wanted.items():
                cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = ANY(%s) FOR KEY SHARE) x",
                            [sorted(values)])
                if cur.fetchone()[0] != len(values):
                    raise IntegrityError(f"the import refers to rows of {table} that do not exist")


def store(frame: pl.DataFrame, *, batch: Any, user: Any, label: str, now: dt.datetime) -> tuple[int, int]:
    """Write the chunk's valid rows; returns (stored, already in the register)."""
    w = Writer()
    if frame.height == 0:
        return 0, 0
    with phase("s.existing"):
        existing = w.existing_keys(frame.get_column("natural_key").to_list())
    duplicates = 0
    if existing:
        before = frame.height
        frame = frame.filter(~C("natural_key").is_in(list(existing)))
        duplicates = before - frame.height
    if frame.height == 0:
        return 0, duplicates
    perm = C("kind") == "permanent"
    frame = frame.sort(["person_id", "kind", "registered_on", "row"]).with_columns(
        next_on=pl.when(perm).then(C("registered_on").shift(-1).over(["person_id", "kind"])),
        seq=pl.when(perm).then(pl.int_range(1, pl.len() + 1).over(["person_id", "kind"])),
        lag_region=pl.when(perm).then(C("region_id").shift(1).over(["person_id", "kind"])),
        lag_district=pl.when(perm).then(C("district_id").shift(1).over(["person_id", "kind"])),
    )
    frame = frame.with_columns(reg_id=pl.Series(w.new_ids("registry_registration", frame.height), dtype=pl.Int64))
    reason_text = f"import batch {batch.pk}: {batch.file_name}"[:300]
    actor_id = getattr(user, "pk", None)

    # 1. End the active permanent registrations these rows supersede (from the first new one's day)
    firsts = frame.filter(perm & (C("seq") == 1) & C("active_id").is_not_null())
    ended = firsts.select(id=C("active_id"), ended_on=C("registered_on"))
    ended_parts = firsts.select(reg_id=C("reg_id"), part=pl.concat_str([
        pl.lit('"registry.registration#'), C("active_id").cast(pl.Utf8),
        pl.lit('":{"is_active":[true,false],"ended_on":[null,"'), C("registered_on").cast(pl.Utf8),
        pl.lit('"],"end_reason":["","superseded"]}')]))

    # 2. Migration events: from the previous row of this chunk, else the active registration, else the declared
    #    previous region, else the person's home region, else abroad when the row says so (services._event_for)
    first = C("seq") == 1
    home = pl.when(first & ~C("from_abroad")).then(C("home_unit_id"))
    origin_region = pl.coalesce(C("lag_region"), pl.when(first).then(C("active_region_id")), C("prev_region_id"), home)
    origin_district = (pl.when(C("lag_region").is_not_null()).then(C("lag_district"))
                       .when(first & C("active_region_id").is_not_null()).then(C("active_district_id"))
                       .when(C("prev_region_id").is_not_null()).then(C("prev_district_id")))
    moves = frame.filter(perm).with_columns(o_region=origin_region, o_district=origin_district).filter(
        (C("o_region").is_not_null() | C("from_abroad"))
        & (C("o_region").is_null() | (pl.coalesce(C("o_district"), C("o_region"))
                                      != pl.coalesce(C("district_id"), C("region_id")))))
    events = moves.select(
        id=pl.Series(w.new_ids("registry_migrationevent", moves.height), dtype=pl.Int64),
        person_id=C("person_id"), event_date=C("registered_on"),
        kind=pl.when(C("o_region").is_null()).then(pl.lit("international_arrival")).otherwise(pl.lit("internal")),
        origin_region_id=C("o_region"), origin_district_id=C("o_district"), destination_region_id=C("region_id"),
        destination_district_id=C("district_id"), age=rules.age_on(C("registered_on"), C("birth_date")),
        sex=C("sex"), reason=C("reason"), recorded_in_id=C("region_id"), registration_id=C("reg_id"),
        corrects_id=pl.lit(None, dtype=pl.Int64), annulled=pl.lit(False), correction_reason=pl.lit(""),
        created_at=pl.lit(now, dtype=pl.Datetime("us", "UTC")))

    # 3. Violations: the law's outcome for each distinct (arrival, registration) pair later than the deadline
    late = frame.filter((C("registered_on") - C("arrival_date")).dt.total_days() > C("deadline"))
    violations = _violations(late, w, now)

    # 4. The registrations, with their events and violations
    body = pl.when(C("procedure") == "simplified").then(
        pl.coalesce(C("registering_body"), C("employer_name"))).otherwise(pl.lit(""))
    frame = frame.with_columns(employer_name=_employer_names(frame))
    registrations = frame.select(
        id=C("reg_id"), person_id=C("person_id"), kind=C("kind"), procedure=C("procedure"), region_id=C("region_id"),
        district_id=C("district_id"), settlement=C("settlement"), street=C("street"), building=C("building"),
        flat=C("flat"), premises=C("premises"), arrival_date=C("arrival_date"), registered_on=C("registered_on"),
        valid_until=pl.when(C("kind") == "temporary").then(C("valid_until")),
        is_active=(C("kind") == "temporary") | C("next_on").is_null(), ended_on=C("next_on"),
        end_reason=pl.when(C("next_on").is_null()).then(pl.lit("")).otherwise(pl.lit("superseded")),
        from_abroad=C("from_abroad"), previous_region_id=C("prev_region_id"),
        previous_district_id=C("prev_district_id"), reason=C("reason"),
        owner_iin=pl.when(C("procedure") == "standard").then(C("owner_iin")).otherwise(pl.lit("")),
        owner_consent_at=pl.when(C("procedure") == "standard").then(C("consent_at")),
        contract_id=pl.when(C("procedure") == "simplified").then(C("contract_id")),
        registering_body=body.fill_null("").str.slice(0, 200),
        decision_number=pl.when(C("procedure") == "preferential").then(C("decision_number")).otherwise(pl.lit("")),
        decision_date=pl.when(C("procedure") == "preferential").then(C("decision_date")),
        source=pl.lit("import"), registered_by_id=pl.lit(actor_id, dtype=pl.Int64),
        batch_id=pl.lit(batch.pk, dtype=pl.Int64), natural_key=C("natural_key"),
        created_at=pl.lit(now, dtype=pl.Datetime("us", "UTC")))
    # 5. The movers' home region follows their last permanent registration of the chunk
    movers = frame.filter(perm & C("next_on").is_null() & (C("home_unit_id").is_null()
                                                           | (C("home_unit_id") != C("region_id"))))
    homes = movers.select(id=C("person_id"), home_unit_id=C("region_id"))
    person_parts = movers.select(reg_id=C("reg_id"), part=pl.concat_str([
        pl.lit('"people.person#'), C("person_id").cast(pl.Utf8), pl.lit('":{"home_unit_id":['),
        C("home_unit_id").cast(pl.Utf8).fill_null("null"), pl.lit(","), C("region_id").cast(pl.Utf8), pl.lit("]}")]))

    # 6. ONE change record per row stored (issue 12): the registration's create record, every field written in
    #    the single path's representation (accounts.audit.bulk_creation_records), holding under
    #    "<kind>#<id>" the other rows this row wrote — its event, its violation, the registration it ended, the
    #    person's home region — each with every changed field (accounts.audit.BUNDLED explains the form).
    #    Built while the rows themselves are written (PostgreSQL: the server writes while Python builds)
    with phase("s.write"), w.bulk() as written:
        with written.in_background(
                ("update", Registration, ("is_active = FALSE, ended_on = v.ended_on, end_reason = 'superseded'", ended)),
                ("insert", Registration, registrations), ("insert", MigrationEvent, events),
                ("insert", Violation, violations), ("update", Person, ("home_unit_id = v.home_unit_id", homes))):
            with phase("s.records"):
                changes = _change_records(registrations, events, violations, ended_parts, person_parts,
                                          reason_text=reason_text, now=now, user=user, label=label)
        written.insert(ChangeRecord, changes)
    return registrations.height, duplicates


def _change_records(registrations: pl.DataFrame, events: pl.DataFrame, violations: pl.DataFrame,
                    ended_parts: pl.DataFrame, person_parts: pl.DataFrame, *, reason_text: str, now: dt.datetime,
                    user: Any, label: str) -> pl.DataFrame:
    """The chunk's change records, one per registration written (Polars only: no database)."""
    kinds = dict(Registration._meta.get_field("kind").flatchoices)
    made = {"reason": reason_text, "at": now, "actor": user, "label": label}

    def named() -> pl.Expr:
        """Registration.__str__ (its kind — its address) in the active language, called once per language."""
        before, after = (gettext("flat %(flat)s").split("%(flat)s", 1) + [""])[:2]
        parts = [pl.when(C(c) != "").then(C(c)) for c in ("settlement", "street", "building")]
        flat = pl.when(C("flat") != "").then(pl.concat_str([pl.lit(before), C("flat"), pl.lit(after)]))
        return pl.concat_str([C("kind").replace_strict({k: str(v) for k, v in kinds.items()}, default=C("kind")),
                              pl.lit(" — "), pl.concat_str([*parts, flat], separator=", ", ignore_nulls=True)],
                             ignore_nulls=True)

    created = bulk_creation_records(Registration, registrations, **made, object_repr=named)
    parts = pl.concat([ended_parts, _bundled(MigrationEvent, events, made), _bundled(Violation, violations, made),
                       person_parts]).group_by("reg_id", maintain_order=True).agg(C("part").str.join(","))
    return created.with_columns(reg_id=C("object_id").cast(pl.Int64)).join(
        parts, on="reg_id", how="left", maintain_order="left").select(
        *[c for c in created.columns if c != "changes"],
        changes=pl.concat_str([C("changes").str.strip_suffix("}"), C("part")], separator=",", ignore_nulls=True)
        + pl.lit("}"))


def _bundled(model: type[models.Model], rows: pl.DataFrame, made: dict[str, Any]) -> pl.DataFrame:
    """(reg_id, part): each row's create record as a `"<kind>#<id>": {changes}` member of its registration's
    record."""
    if rows.height == 0:
        return pl.DataFrame(schema={"reg_id": pl.Int64, "part": pl.Utf8})
    records = bulk_creation_records(model, rows, **made, object_repr=pl.lit(""))
    return pl.DataFrame({"reg_id": rows.get_column("registration_id")}).with_columns(part=pl.concat_str([
        pl.lit('"'), records.get_column("kind"), pl.lit("#"), records.get_column("object_id"), pl.lit('":'),
        records.get_column("changes")]))


def _employer_names(frame: pl.DataFrame) -> pl.Series:
    ids = frame.get_column("contract_id").drop_nulls().unique().to_list()
    if not ids:
        return pl.Series([None] * frame.height, dtype=pl.Utf8)
    from labour.models import EmploymentContract

    names = dict(EmploymentContract.objects.filter(pk__in=ids).values_list("id", "employer__name"))
    return frame.get_column("contract_id").replace_strict(names, default=None, return_dtype=pl.Utf8)


def _violations(late: pl.DataFrame, w: Writer, now: dt.datetime) -> pl.DataFrame:
    schema: dict[str, pl.DataType | type[pl.DataType]] = {"id": pl.Int64, "registration_id": pl.Int64, "days_late": pl.Int64, "outcome": pl.Utf8,
              "amount_kzt": pl.Int64, "article": pl.Utf8, "created_at": pl.Datetime("us", "UTC")}
    if late.height == 0:
        return pl.DataFrame(schema=schema)
    pairs = late.select("arrival_date", "registered_on").unique()
    p = late_registration_penalties(np.array(pairs.get_column("arrival_date").to_list(), dtype="datetime64[D]"),
                                        np.array(pairs.get_column("registered_on").to_list(), dtype="datetime64[D]"))
    penalties = pairs.with_columns(days_late=pl.Series(p.days_late, dtype=pl.Int64), outcome=pl.Series(p.outcome),
                                   amount_kzt=pl.Series(p.amount_kzt, dtype=pl.Int64),
                                   article=pl.Series(p.article).str.slice(0, 200))
    found = late.join(penalties, on=["arrival_date", "registered_on"]).filter(C("outcome") != "none")
    return found.select(
        id=pl.Series(w.new_ids("registry_violation", found.height), dtype=pl.Int64), registration_id=C("reg_id"),
        days_late=C("days_late"), outcome=C("outcome"), amount_kzt=C("amount_kzt"), article=C("article"),
        created_at=pl.lit(now, dtype=pl.Datetime("us", "UTC")))



def carriers() -> dict[str, Any]:
    """For the auditor's search of one row (accounts.auditing.CARRIERS): the import records that may hold it as a
    member — an event's and a violation's, their registration's; an ended registration's, the imported one that
    superseded it (the person's, from the day it ended); a person's, their imported registrations'."""

    def of_registration(field: str, model: type[models.Model]) -> Any:
        return lambda pk: {"registry.registration": list(
            model._default_manager.filter(pk=pk).exclude(**{field: None}).values_list(field, flat=True))}

    def superseding(pk: int) -> dict[str, list[Any]]:
        ended = Registration.objects.filter(pk=pk).values("person_id", "ended_on").first()
        if ended is None or ended["ended_on"] is None:
            return {}
        return {"registry.registration": list(Registration.objects.filter(
            person_id=ended["person_id"], batch__isnull=False, registered_on=ended["ended_on"]).values_list("id", flat=True))}

    return {
        "registry.migrationevent": of_registration("registration_id", MigrationEvent),
        "registry.violation": of_registration("registration_id", Violation),
        "registry.registration": superseding,
        "people.person": lambda pk: {"registry.registration": list(
            Registration.objects.filter(person_id=pk, batch__isnull=False).values_list("id", flat=True))},
    }
