"""Checking a chunk of rows: typing the cells, finding persons and units, the uploader's scope, and the
registration rules (registry.rules, the same module `services.check` applies to one request)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings

from geo.selectors import find_unit
from people.models import Person
from registry import facts, rules

from . import staging
from .staging import COLUMNS, NATURAL_KEY, Chunk

# Cells that must be there before a row can be read as a request at all (the rules check the rest).
NEEDED = ["iin", "region", "arrival_date", "registered_on"]
DATE_COLUMNS = ["arrival_date", "registered_on", "valid_until", "decision_date"]
DATE_FORMAT = "%Y-%m-%d"
DATETIME_COLUMNS = ["owner_consent_at"]
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")  # "T" between the day and the time is read as a space


def column_formats() -> dict[str, str]:
    """How each dated column is written, as the import page's help shows it (from the formats read above, so the
    help cannot say what the parser refuses)."""
    shown = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH", "%M": "MM", "%S": "SS"}

    def words(fmt: str) -> str:
        for code, word in shown.items():
            fmt = fmt.replace(code, word)
        return fmt

    return {**{c: words(DATE_FORMAT) for c in DATE_COLUMNS},
            **{c: words(DATETIME_FORMATS[-1]) for c in DATETIME_COLUMNS}}
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")

# The rules' fields that are not a column of the file, and the column that holds them
IN_FILE = {"person": "iin", "contract": "employer_bin"}

# line, field, reason's code (reports.REASONS or registry.rules.TEXTS) and its parameters (reports.reason_text)
Rejection = tuple[int, str, str, dict[str, Any]]


@dataclass
class Checked:
    valid: pl.DataFrame  # the rows that may be stored, with every column storing needs
    rejected: list[Rejection]
    duplicates: int = 0


class UnitCache:
    """Units by the text of a cell (code or name), looked up once per distinct text for the whole file."""

    def __init__(self) -> None:
        self.units: dict[str, Any] = {}

    def columns(self, texts: list[str | None]) -> pl.DataFrame:
        rows = []
        for text in texts:
            if text is None:
                continue
            if text not in self.units:
                self.units[text] = find_unit(text)
            unit = self.units[text]
            rows.append((text, *((unit.pk, unit.kind, unit.path, unit.valid_from, unit.valid_to) if unit else
                                 (None,) * 5)))
        return pl.DataFrame(rows, schema={"text": pl.Utf8, "id": pl.Int64, "kind": pl.Utf8, "path": pl.Utf8,
                                          "from": pl.Date, "to": pl.Date}, orient="row")


def raw_frame(chunk: Chunk) -> tuple[pl.DataFrame, list[Rejection]]:
    """The chunk's rows as a frame of the COLUMNS (trimmed text, null when empty), with each row's line and
    natural key; and the rows with a cell longer than the register holds (rejected, per row)."""
    header = chunk.header
    assert header is not None
    columns = list(zip(*chunk.rows, strict=True)) or [() for _ in range(header.width)]  # by column: built faster
    raw = pl.DataFrame({f"_{i}": pl.Series(values, dtype=pl.Utf8) for i, values in enumerate(columns)})
    cells = []
    for name in COLUMNS:
        pos = header.positions.get(name)
        text = pl.col(f"_{pos}").str.strip_chars() if pos is not None else pl.lit(None, dtype=pl.Utf8)
        cells.append(pl.when(text == "").then(None).otherwise(text).alias(name))
    frame = raw.select(*cells).with_columns(row=pl.Series(chunk.lines, dtype=pl.Int64))
    key = pl.concat_str([pl.col(c).fill_null("") for c in NATURAL_KEY], separator="|")
    frame = frame.with_columns(natural_key=key.map_batches(
        lambda texts: pl.Series([hashlib.md5(t.encode()).hexdigest() for t in texts.to_list()], dtype=pl.Utf8),  # noqa: S324
        return_dtype=pl.Utf8))
    bounds = staging.limits()
    long = frame.select(pl.col("row"), *[(pl.col(c).str.len_chars() > bounds[c]).fill_null(False).alias(c)
                                         for c in COLUMNS])
    long = long.filter(pl.any_horizontal(pl.exclude("row")))
    rejected: list[Rejection] = []
    if long.height:
        for flags in long.iter_rows(named=True):
            rejected += [(flags["row"], c, "too_long", {}) for c in COLUMNS if flags[c]]
        frame = frame.join(long.select("row"), on="row", how="anti")
    return frame, rejected


def _datetime(col: str) -> pl.Expr:
    text = pl.col(col).str.replace("T", " ")
    parsed = pl.coalesce(*[text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in DATETIME_FORMATS])
    return parsed.dt.replace_time_zone(settings.TIME_ZONE, ambiguous="earliest", non_existent="null"
                                       ).dt.convert_time_zone("UTC")


def typed(frame: pl.DataFrame, units: UnitCache) -> tuple[pl.DataFrame, list[Rejection]]:
    """The rows as a requests frame (registry.rules' columns and those storing needs), and the rows whose cells
    cannot be read: missing, not a date, unknown person or unit, a flag that is neither true nor false."""
    frame = frame.with_columns(
        *[pl.col(c).str.strptime(pl.Date, DATE_FORMAT, strict=False).alias(f"{c}_d") for c in DATE_COLUMNS],
        consent_at=_datetime(DATETIME_COLUMNS[0]),
        abroad=pl.col("from_abroad").fill_null("").str.to_lowercase(),
    )
    persons = pl.DataFrame(
        list(Person.objects.filter(iin__in=facts.one_of(frame.get_column("iin").drop_nulls().unique().to_list(), "text"))
             .values_list("iin", "id", "birth_date", "sex", "home_unit_id", "surname", "given_name")),
        schema={"iin": pl.Utf8, "person_id": pl.Int64, "birth_date": pl.Date, "sex": pl.Utf8, "home_unit_id": pl.Int64,
                "surname": pl.Utf8, "given_name": pl.Utf8}, orient="row")
    frame = frame.join(persons, on="iin", how="left")
    texts = pl.concat([frame.get_column(c) for c in ("region", "district", "previous_region", "previous_district")])
    found = units.columns(texts.unique().to_list())
    for col, prefix in (("region", "region"), ("district", "district"), ("previous_region", "prev_region"),
                        ("previous_district", "prev_district")):
        names = {"id": f"{prefix}_id", "kind": f"{prefix}_kind", "path": f"{prefix}_path", "from": f"{prefix}_from",
                 "to": f"{prefix}_to"}
        frame = frame.join(found.rename({"text": col, **names}), on=col, how="left")
    c = pl.col
    filled = {name: c(name).is_not_null() for name in COLUMNS}
    checks: list[tuple[str, str, pl.Expr]] = [
        *[(name, "missing", ~filled[name]) for name in NEEDED],
        ("iin", "iin_format", filled["iin"] & ~c("iin").str.contains(r"^[0-9]{12}$")),
        ("iin", "unknown_person", c("iin").str.contains(r"^[0-9]{12}$") & c("person_id").is_null()),
        *[(name, "date", filled[name] & c(f"{name}_d").is_null()) for name in DATE_COLUMNS],
        ("owner_consent_at", "datetime", filled["owner_consent_at"] & c("consent_at").is_null()),
        ("from_abroad", "flag", ~c("abroad").is_in(TRUE + FALSE)),
        ("region", "unknown_region", filled["region"] & c("region_id").is_null()),
        ("district", "unknown_district", filled["district"] & c("district_id").is_null()),
        ("previous_region", "unknown_region", filled["previous_region"] & c("prev_region_id").is_null()),
        ("previous_district", "unknown_district", filled["previous_district"] & (
            c("prev_district_id").is_null() | c("prev_region_id").is_null()
            | ~c("prev_district_path").str.starts_with(c("prev_region_path")))),
    ]
    flags = frame.select(c("row"), *[cond.fill_null(False).alias(f"_c{i}") for i, (_f, _k, cond) in enumerate(checks)])
    bad = flags.filter(pl.any_horizontal(pl.exclude("row")))
    rejected: list[Rejection] = []
    for flag_row in bad.iter_rows(named=True):
        for i, (field, code, _cond) in enumerate(checks):
            if flag_row[f"_c{i}"]:
                rejected.append((flag_row["row"], field, code, {}))
    if rejected:
        iin_bad = [r for r in rejected if r[2] == "unknown_person"]
        if iin_bad:  # a number that cannot be an IIN at all says so, rather than "no such person"
            iins = dict(frame.filter(c("row").is_in([r[0] for r in iin_bad])).select("row", "iin").iter_rows())
            rejected = [(r[0], r[1], "iin_checksum", {}) if r[2] == "unknown_person" and not rules.iin_is_valid(
                iins.get(r[0])) else r for r in rejected]
        frame = frame.join(bad.select("row"), on="row", how="anti")
    frame = frame.with_columns(
        arrival_date=c("arrival_date_d"), registered_on=c("registered_on_d"), valid_until=c("valid_until_d"),
        decision_date=c("decision_date_d"), owner_consent=c("consent_at").is_not_null(),
        from_abroad=c("abroad").is_in(TRUE), owner_iin=c("owner_iin").fill_null(""),
        reason=c("reason").fill_null(""), flat=c("flat").fill_null(""),
    ).drop([f"{n}_d" for n in DATE_COLUMNS] + ["abroad"])
    return frame, rejected


def scope(frame: pl.DataFrame, user: Any) -> tuple[pl.DataFrame, list[Rejection]]:
    """Only rows the uploader may register, by the single form's check (registry.access.may_register); the
    others are rejected naming the region. An import without a user (the command line) is the operator's."""
    if user is None or frame.height == 0:
        return frame, []
    from geo.models import TerritorialUnit
    from registry.access import may_register

    allowed = {}
    for region_id, procedure, day in frame.select("region_id", "procedure", "registered_on").unique().iter_rows():
        region = TerritorialUnit.objects.get(pk=region_id)
        allowed[(region_id, procedure, day)] = may_register(user, None, region, procedure or "", day)[0]
    keys = frame.select(ok=pl.struct("region_id", "procedure", "registered_on").map_elements(
        lambda s: allowed[(s["region_id"], s["procedure"], s["registered_on"])], return_dtype=pl.Boolean))
    ok = keys.get_column("ok")
    refused = frame.filter(~ok)
    return frame.filter(ok), [(line, "region", "scope", {}) for line in refused.get_column("row").to_list()]


def check_chunk(frame: pl.DataFrame, *, today: dt.date) -> tuple[pl.DataFrame, list[Rejection]]:
    """The registration rules (registry.rules) over the typed rows, with the facts read now (inside the chunk's
    transaction, after the persons are locked): the valid rows, and a rejection per broken rule."""
    if frame.height == 0:
        return frame, []
    frame = rules.prepare(facts.with_active(facts.with_contracts(frame)))
    broken = rules.evaluate(frame, today=today, set_rules=True, prepared=True)
    rejected: list[Rejection] = [
        (row, IN_FILE.get(field, field), text, {**json.loads(params), **({"article": article} if article else {})})
        for row, field, article, text, params in broken.select("row", "field", "article", "text", "params").iter_rows()]
    if rejected:
        frame = frame.join(broken.select("row").unique(), on="row", how="anti")
    return frame, rejected
