"""Many persons and a file of their registrations, for the PostgreSQL tests of large imports (setup, not tested)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import connection

from people.iin import make_iin

HEADER = ["iin", "kind", "procedure", "region", "settlement", "street", "building", "flat", "premises",
          "arrival_date", "registered_on", "reason", "owner_iin", "owner_consent_at"]


def make_persons(n: int, home_id: int) -> list[str]:
    """n persons with valid, distinct IINs, written with COPY (PostgreSQL)."""
    iins: list[str] = []
    seen: set[str] = set()
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cur, cur.cursor.copy(
            "COPY people_person (iin, surname, given_name, patronymic, birth_date, sex, citizenship, home_unit_id, "
            "created_at) FROM STDIN") as copy:
        serial = 0
        while len(iins) < n:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=serial // 9000 * 7)
            serial += 1
            iin = make_iin(birth, "male", serial % 9000)
            if iin in seen:
                continue
            seen.add(iin)
            iins.append(iin)
            copy.write_row((iin, "Bulk", "Person", "", birth, "male", "KZ", home_id, now))
    return iins


def write_file(path: Path, iins: list[str], codes: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n, iin in enumerate(iins):
            writer.writerow([iin, "permanent", "standard", codes[n % len(codes)], "Settlement", f"Street {n % 500}",
                             str(n % 200 + 1), str(n % 90), "flat", "2025-03-01", "2025-03-03", "work",
                             "900517300019", "2025-03-01 10:00"])
    return path
