"""Bulk import: valid rows stored, every bad row reported with line, field and reason, nothing imported twice."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from accounts.models import ChangeRecord
from registry import importer
from registry.models import ImportBatch, MigrationEvent, Registration
from registry.services import register

from .conftest import a_request, adult, district, region

pytestmark = pytest.mark.django_db

HEADER = ["iin", "kind", "procedure", "region", "district", "settlement", "street", "building", "flat", "premises",
          "arrival_date", "registered_on", "valid_until", "reason", "owner_iin", "owner_consent_at",
          "decision_number", "decision_date", "from_abroad"]


def row(person, code="KZ-59", **kw):
    values = dict(iin=person.iin, kind="permanent", procedure="standard", region=code, district="",
                  settlement="Petropavl", street="Abai", building="1", flat="2", premises="flat",
                  arrival_date="2025-03-01", registered_on="2025-03-03", valid_until="", reason="work",
                  owner_iin="900517300019", owner_consent_at="2025-03-01 10:00", decision_number="",
                  decision_date="", from_abroad="")
    values.update(kw)
    return [values[h] for h in HEADER]


def write(tmp_path, rows, name="registrations.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def people():
    for code in ("KZ-59", "KZ-55", "KZ-61"):
        region(code)
    return [adult("KZ-61", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(6)]


def rejected(batch):
    return {(r.line, r.field) for r in batch.rejections.all()}


def test_a_file_with_malformed_rows_stores_exactly_the_valid_rows_and_reports_every_bad_one(tmp_path, people):
    a, b, c, d, e, f = people
    rows = [
        row(a),                                            # line 2: valid, between regions
        row(b, "KZ-55", district=district("KZ-55").code),  # line 3: valid, with a district
        row(c, iin="900517300018"),                        # line 4: bad IIN (check digit)
        row(d, region="Atlantis"),                         # line 5: unknown region
        row(e, registered_on="2025-02-30"),                # line 6: impossible date
        row(f, settlement=""),                             # line 7: missing field
        row(a),                                            # line 8: duplicate of line 2
        row(c, kind="temporary", valid_until="2025-03-10"),  # line 9: a stay too short
    ]
    path = write(tmp_path, rows)
    result = importer.import_file(path)
    batch = result.batch
    assert (batch.status, batch.total_rows, batch.stored_rows, batch.rejected_rows) == ("done", 8, 2, 6)
    assert rejected(batch) == {(4, "iin"), (5, "region"), (6, "registered_on"), (7, "settlement"), (8, "iin"),
                               (9, "valid_until")}
    stored = Registration.objects.filter(batch=batch)
    assert {r.person for r in stored} == {a, b}
    a.refresh_from_db()
    assert a.home_unit.code == "KZ-59"
    report = "".join(importer.rejections_csv(batch))
    lines = list(csv.reader(io.StringIO(report)))
    assert lines[0] == ["line", "field", "reason"] and len(lines) == 7
    assert lines[1][:2] == ["4", "iin"] and "check digit" in lines[1][2]


def test_importing_the_same_file_again_adds_nothing(tmp_path, people):
    path = write(tmp_path, [row(p) for p in people[:3]])
    first = importer.import_file(path)
    again = importer.import_file(path)
    assert again.already_imported and again.batch == first.batch
    assert Registration.objects.count() == 3


def test_the_same_rows_in_another_file_are_counted_as_already_registered(tmp_path, people):
    importer.import_file(write(tmp_path, [row(p) for p in people[:3]], "one.csv"))
    batch = importer.import_file(write(tmp_path, [row(p) for p in people[:4]] + [[""] * len(HEADER)], "two.csv")).batch
    assert (batch.stored_rows, batch.duplicate_rows) == (1, 3)
    assert Registration.objects.count() == 4


def test_imported_moves_yield_migration_events_and_audit_records(tmp_path, people):
    a, b = people[:2]
    path = write(tmp_path, [
        row(a, "KZ-59", registered_on="2025-03-03"),
        row(a, "KZ-55", arrival_date="2025-04-01", registered_on="2025-04-02"),
        row(b, "KZ-59", from_abroad="true"),
    ])
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 3
    active = Registration.objects.get(person=a, is_active=True)
    assert active.region.code == "KZ-55"
    assert Registration.objects.get(person=a, is_active=False).ended_on == dt.date(2025, 4, 2)
    kinds = sorted(MigrationEvent.objects.values_list("kind", "origin_region__code", "destination_region__code"))
    # a's first move starts from the home region the register of persons knows (KZ-61)
    assert kinds == [("internal", "KZ-59", "KZ-55"), ("internal", "KZ-61", "KZ-59"),
                     ("international_arrival", None, "KZ-59")]
    assert ChangeRecord.objects.filter(kind="registry.registration", action="create").count() == 3


def test_an_import_continues_from_a_registration_already_in_the_register(tmp_path, people):
    a = people[0]
    register(a_request(a, "KZ-61", registered_on=dt.date(2025, 1, 10)))
    importer.import_file(write(tmp_path, [row(a, "KZ-59")]))
    assert Registration.objects.filter(person=a, is_active=True).get().region.code == "KZ-59"
    event = MigrationEvent.objects.get(person=a)
    assert (event.origin_region.code, event.destination_region.code) == ("KZ-61", "KZ-59")


def test_a_ragged_row_is_reported_and_the_rest_imported(tmp_path, people):
    path = write(tmp_path, [row(people[0]), row(people[1]) + ["extra"], row(people[2])])
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 2 and rejected(batch) == {(3, "*")}


def test_an_xlsx_file_is_imported_too(tmp_path, people):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(row(people[0]))
    sheet.append(row(people[1], registered_on="yesterday"))
    path = tmp_path / "registrations.xlsx"
    book.save(path)
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 1 and rejected(batch) == {(3, "registered_on")}


def test_the_command_prints_counts_and_writes_the_report(tmp_path, people):
    path = write(tmp_path, [row(people[0]), row(people[1], premises="tent")])
    out = io.StringIO()
    call_command("import_registrations", str(path), stdout=out, verbosity=0)
    assert "1 stored" in out.getvalue() and "1 rejected" in out.getvalue()
    report = (tmp_path / "registrations.csv.rejected.csv").read_text()
    assert "3,premises," in report
    assert ImportBatch.objects.count() == 1


def test_a_late_imported_row_gets_the_violation_the_law_gives(tmp_path, people):

    # 56 days from 6 January to 3 March 2025: 46 past the 10-day deadline, more than a month, so the fine of
    # Administrative Code art. 492, 7 MCI x 3,932 tenge (the 2025 general MCI) = 27,524 tenge.
    arrival, registered = dt.date(2025, 1, 6), dt.date(2025, 3, 3)
    importer.import_file(write(tmp_path, [row(people[0], arrival_date=arrival.isoformat(),
                                              registered_on=registered.isoformat()), row(people[1])]))
    late = Registration.objects.get(person=people[0])
    assert (late.violation.outcome, late.violation.amount_kzt, late.violation.days_late) == ("fine", 27_524, 46)
    assert not hasattr(Registration.objects.get(person=people[1]), "violation")


def test_an_under_age_or_simplified_without_contract_row_is_rejected(tmp_path, people):

    young = adult("KZ-61", birth_date=dt.date(2011, 3, 4))  # 14 on 4 March 2025: a day short on 3 March
    path = write(tmp_path, [row(young), row(people[0], procedure="simplified", owner_iin="", owner_consent_at="")])
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 0 and {(r.line, r.field) for r in batch.rejections.all()} == {
        (2, "iin"), (3, "employer_bin")}


def test_a_displaced_persons_row_is_temporary_and_within_the_laws_months(tmp_path, people):
    idp = dict(procedure="preferential", owner_iin="", owner_consent_at="", decision_number="5/12",
               decision_date="2025-03-01")
    path = write(tmp_path, [
        row(people[0], kind="temporary", valid_until="2025-09-01", **idp),   # line 2: valid
        row(people[1], **idp),                                               # line 3: permanent
        row(people[2], kind="temporary", valid_until="2027-03-04", **idp),   # line 4: too long
    ])
    batch = importer.import_file(path).batch
    assert batch.stored_rows == 1
    assert {(r.line, r.field) for r in batch.rejections.all()} == {(3, "kind"), (4, "valid_until")}
    assert Registration.objects.get().decision_number == "5/12"


def test_cells_with_a_tab_a_line_break_a_backslash_and_quotes_are_stored_as_written(tmp_path, people):
    # PostgreSQL's COPY reads the import's rows in its text format (storing.copy_text escapes them): each of these
    # characters means something to it, and must arrive as the file wrote it — in the row and in its change record
    a, b = people[:2]
    street = 'Abai\t"Old" \\ road\nblock \\N, 5'
    batch = importer.import_file(write(tmp_path, [row(a, street=street), row(b, building="\\.", flat="")])).batch
    assert batch.stored_rows == 2
    stored = Registration.objects.get(person=a)
    assert stored.street == street
    assert Registration.objects.get(person=b).building == "\\."
    assert Registration.objects.get(person=b).flat == ""
    record = ChangeRecord.objects.get(kind="registry.registration", object_id=str(stored.pk))
    assert record.changes["street"] == [None, street]


def test_reading_ahead_yields_every_chunk_in_order_and_raises_the_readers_error_where_it_happened():
    from registry.importer.batches import ReadAhead

    with ReadAhead(iter(range(5)), lambda n: n * n) as ahead:
        assert list(ahead) == [(0, 0), (1, 1), (2, 4), (3, 9), (4, 16)]

    def items():
        yield 1
        raise ValueError("line 3 is unreadable")

    seen = []
    with pytest.raises(ValueError, match="line 3"), ReadAhead(items(), str) as ahead:
        for item in ahead:
            seen.append(item)
    assert seen == [(1, "1")]


def test_leaving_early_stops_the_reader_and_closes_the_file():
    from registry.importer.batches import ReadAhead

    closed = []

    def items():
        try:
            yield from range(1000)
        finally:
            closed.append(True)

    reader = ReadAhead(items(), lambda n: n)
    with reader as ahead:
        assert next(ahead) == (0, 0)
    assert not reader.thread.is_alive() and closed == [True]
