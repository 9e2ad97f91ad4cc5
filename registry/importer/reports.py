"""The row report: every rejected row's line, field and reason, stored per chunk and read back as CSV.

A reason is stored as its code and parameters and worded when read (`reason_text`), so that a rejection
recorded while the uploader's page was in Kazakh reads in English to an English reader, on the import's page,
in the CSV and through the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lib.texts import word
from registry.models import ImportBatch, ImportRejection
from registry.rules import TEXTS

# Reasons for rows that cannot be read as a request (the registration rules word their own: registry.rules).
REASONS = {
    "missing": _("Required field is empty."),
    "iin_format": _("The IIN must be 12 digits."),
    "iin_checksum": _("The check digit of the IIN does not match: the number is mistyped."),
    "unknown_person": _("No person with this IIN in the register of persons."),
    "flag": _("Use true or false."),
    "date": _("Not a real date (YYYY-MM-DD)."),
    "datetime": _("Not a real date and time (YYYY-MM-DD HH:MM)."),
    "unknown_region": _("Unknown region."),
    "unknown_district": _("Unknown district, or it does not lie in the region."),
    "columns": _("The row does not have the file's number of fields."),
    "too_long": _("The value is longer than the register holds for this field."),
    "nul": _("The value holds a NUL character."),
    "encoding": _("The value is not valid UTF-8 text."),
    "scope": _("You may not register in this region: it is outside your territory."),
}


def reason_text(code: str, params: dict[str, Any] | None = None, stored: str = "") -> str:
    """The reason of a rejection in the active language: the code's text (REASONS for a row that cannot be read
    as a request, registry.rules.TEXTS for a broken registration rule) with its parameters, and the article of
    law when the rule names one. A rejection stored before codes (migration 0013) and matching none reads as
    stored."""
    params = params or {}
    template = REASONS.get(code) or TEXTS.get(code)
    if template is None:
        return stored or code
    text = word(template, params)
    return f"{text} ({params['article']})" if params.get("article") else text


def first_rejections(batch: ImportBatch, limit: int = 50) -> list[dict[str, Any]]:
    """The first rejections of an import as its page shows them: line, field and reason (in the active language)."""
    return [{"line": r.line, "field": r.field, "reason": reason_text(r.code, r.params, r.reason)}
            for r in batch.rejections.order_by("line", "id")[:limit]]


def store_rejections(batch: ImportBatch, rejected: list[tuple[int, str, str, dict[str, Any]]]) -> int:
    """Write the rejections (line, field, code, parameters of the code's reason); returns the rows."""
    ImportRejection.objects.bulk_create(
        [ImportRejection(batch=batch, line=line, field=field[:40], code=code, params=params)
         for line, field, code, params in sorted(rejected, key=lambda r: r[:3])], batch_size=5000)
    return len({line for line, *_rest in rejected})


def rejections_csv(batch: ImportBatch) -> Iterator[str]:
    """The row report: every rejected row's line, field and reason, as CSV lines, worded in the language active
    now (a streamed response reads the lines after the view has returned)."""
    return _csv_lines(batch, translation.get_language() or "en")


def _csv_lines(batch: ImportBatch, language: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["line", "field", "reason"])
    yield buffer.getvalue()
    rows = batch.rejections.order_by("line", "id").values_list("line", "field", "code", "params", "reason")
    for line, field, code, params, stored in rows.iterator(5000):
        buffer.seek(0)
        buffer.truncate()
        with translation.override(language):  # not across the yield: the server's own code runs between lines
            reason = reason_text(code, params, stored)
        writer.writerow([line, field, reason])
        yield buffer.getvalue()
