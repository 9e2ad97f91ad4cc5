"""The row report: every rejected row's line, field and reason, stored per chunk and read back as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from registry.models import ImportBatch, ImportRejection

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


def store_rejections(batch: ImportBatch, rejected: list[tuple[int, str, str, str]]) -> int:
    """Write the rejections (line, field, code, reason; an empty reason is the code's); returns the rows."""
    ImportRejection.objects.bulk_create(
        [ImportRejection(batch=batch, line=line, field=field[:40], reason=(reason or str(REASONS[code]))[:300])
         for line, field, code, reason in sorted(rejected)], batch_size=5000)
    return len({line for line, *_rest in rejected})


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
