"""Loading BNS-shaped tables: names in three languages, historical units, idempotent runs."""

import datetime as dt

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from stats.importer import SPECS, TableSpec, import_table
from stats.models import Flow, Indicator, Observation, StatisticsImport

pytestmark = pytest.mark.django_db


def test_import_statistics_loads_every_shipped_table_and_a_second_run_changes_nothing(capsys):
    call_command("import_statistics")
    first = Observation.objects.count(), Flow.objects.count()
    assert first[1] == 1900 and first[0] > 1000
    call_command("import_statistics")
    assert (Observation.objects.count(), Flow.objects.count()) == first
    assert StatisticsImport.objects.filter(rows_created=0, rows_updated=0).count() == 8
    assert "unresolved" not in capsys.readouterr().out


def test_2022_net_of_almaty_city_read_from_the_store_is_35302(shipped_all):
    rows = dict(Observation.objects.filter(unit__code="KZ-75", year=2022, coverage="all_internal",
                                           month__isnull=True).values_list("indicator", "value"))
    assert rows[Indicator.ARRIVALS] - rows[Indicator.DEPARTURES] == 35_302


def test_south_kazakhstan_rows_land_on_the_historical_unit(shipped_all):
    row = Observation.objects.get(indicator=Indicator.UNEMPLOYMENT_RATE, year=2009,
                                  unit__name_en="South Kazakhstan Region")
    assert row.unit.valid_to == dt.date(2018, 6, 18)


def test_an_xlsx_table_with_kazakh_and_russian_names_is_resolved_through_geo(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["year", "region", "arrivals", "departures"])
    sheet.append([2025, "Түркістан облысы", 100, 250])
    sheet.append([2025, "Северо-Казахстанская область", 300, 120])
    sheet.append([2025, "Atlantis", 1, 1])
    path = tmp_path / "bns.xlsx"
    book.save(path)
    spec = TableSpec("test_xlsx", path.name, "test", {"arrivals": Indicator.ARRIVALS, "departures": Indicator.DEPARTURES},
                     SPECS["interregional"].coverage)
    report = import_table(spec, path)
    assert report["created"] == 4 and report["skipped"] == 1 and report["unresolved"] == ["Atlantis"]
    codes = set(Observation.objects.filter(source="test_xlsx").values_list("unit__code", flat=True))
    assert codes == {"KZ-61", "KZ-59"}
