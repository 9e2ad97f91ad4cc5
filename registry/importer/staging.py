"""Reading a file into chunks of rows: the header, per-row shape, and each cell's bytes, length and NUL checks.

Every check here is per row: a row with a cell that is too long, holds a NUL byte or is not UTF-8 is rejected
with its line and field, and the other rows go on. CSV is read as text with undecodable bytes kept as
surrogates (so one bad byte rejects its row, not the file); XLSX cells holding Excel dates become ISO dates;
columns without a header are ignored, with a note on the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

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

BAD_CHARS = re.compile("[\x00\udc80-\udcff]")


def limits() -> dict[str, int]:
    """The longest text each column may hold: the register's column where the cell is stored, else a bound
    that no valid value reaches (a code, a date, a flag)."""
    from registry.models import Registration

    stored = {f.name: f.max_length for f in Registration._meta.fields if f.max_length}
    bounds = {c: 120 for c in COLUMNS}  # names of units, codes, dates
    bounds.update({c: stored[c] for c in ("settlement", "street", "building", "flat", "registering_body",
                                          "decision_number", "owner_iin")})
    bounds.update({"iin": 12, "employer_bin": 12})
    return bounds


class ImportFailed(Exception):
    """The file cannot be read at all (no usable header)."""


@dataclass
class Header:
    positions: dict[str, int]  # column -> its position in the file's rows
    width: int
    notes: list[str]


@dataclass
class Chunk:
    """Rows of the file: `lines[i]` is the line of `rows[i]` (the file's cells, as wide as its header);
    `rejected` holds (line, field, code) of the rows refused while reading."""

    header: Header | None = None
    lines: list[int] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)  # as in the file: header.width cells
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    last_line: int = 0

    def __len__(self) -> int:
        return len(self.rows) + len({line for line, _f, _c in self.rejected})


def read_header(raw: list[Any]) -> Header:
    names = [str(h or "").strip().lower().lstrip("\ufeff") for h in raw]
    blank = [i + 1 for i, h in enumerate(names) if h == ""]
    unknown = [h for h in names if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    if unknown or missing:
        raise ImportFailed(
            str(_("The header does not fit: unknown columns %(unknown)s; missing columns %(missing)s.")
                % {"unknown": ", ".join(unknown) or "-", "missing": ", ".join(missing) or "-"}))
    notes = []
    if blank:
        notes.append(str(_("Columns without a header were ignored: %(columns)s.")
                         % {"columns": ", ".join(str(n) for n in blank)}))
    return Header({h: i for i, h in enumerate(names) if h}, len(raw), notes)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(path: Path) -> tuple[list[Any], Iterator[list[Any]]]:
    """The header and the rows of a CSV or XLSX file (cells as text, None for empty XLSX cells)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        try:
            header = list(next(rows))
        except StopIteration:
            header = []
        return header, ([_cell(c) for c in row] for row in rows)
    fh = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")  # noqa: SIM115 - closed by the generator
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        header = []

    def csv_rows() -> Iterator[list[Any]]:
        try:
            yield from reader
        finally:
            fh.close()
    return header, csv_rows()


def chunks(path: Path, *, size: int, after_line: int = 1) -> tuple[Header, Iterator[Chunk]]:
    """The file's header, and its rows in chunks of `size`, skipping lines up to `after_line` (already committed).
    Line 1 is the header; each record after it is the next line (as the row report counts them)."""
    raw_header, rows = _rows(Path(path))
    header = read_header(raw_header)
    return header, _chunked(header, rows, size, after_line)


def _chunked(header: Header, rows: Iterable[list[Any]], size: int, after_line: int) -> Iterator[Chunk]:
    width = header.width
    names = {pos: name for name, pos in header.positions.items()}
    chunk = Chunk(header=header)
    for line, row in enumerate(rows, start=2):
        chunk.last_line = line
        if line > after_line:
            _take(chunk, line, row, width, names)
        if len(chunk) >= size:
            yield chunk
            chunk = Chunk(header=header, last_line=line)
    if len(chunk) or chunk.last_line > after_line:
        yield chunk


def _take(chunk: Chunk, line: int, row: list[Any], width: int, names: dict[int, str]) -> None:
    """Keep a row as it is (its cells are typed and measured per column, set-based, in checks.raw_frame); only
    its shape and its bytes are looked at here, once per row."""
    if not any(row):
        return  # an empty line
    if len(row) != width:
        if len(row) < width or any(row[width:]):
            chunk.rejected.append((line, "*", "columns"))
            return
        row = row[:width]
    if BAD_CHARS.search("\x1f".join(c for c in row if c)):
        for pos, value in enumerate(row):
            if value and BAD_CHARS.search(value) and pos in names:
                chunk.rejected.append((line, names[pos], "nul" if "\x00" in value else "encoding"))
                return
        row = [None if c and BAD_CHARS.search(c) else c for c in row]  # only in an ignored column: dropped
    chunk.lines.append(line)
    chunk.rows.append(row)
