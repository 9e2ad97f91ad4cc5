"""Loading BNS-shaped tables: names in three languages, historical units, idempotent runs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
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


def test_the_command_loads_a_file_with_kazakh_russian_and_english_names_on_historical_and_current_units(
        tmp_path, capsys):
    path = tmp_path / "bns.csv"
    path.write_text(
        "year,region,arrivals_all_internal,departures_all_internal\n"
        "2015,Южно-Казахстанская область,100,300\n"  # ru, the oblast before the 2018 split
        "2010,South Kazakhstan,7,9\n"  # en, the same historical unit
        "2020,Түркістан облысы,200,400\n"  # kk, today's region
        "2020,North Kazakhstan Region,50,70\n"  # en
        "2020,Atlantis,1,1\n", encoding="utf-8")
    args = ["import_statistics", "--file", str(path), "--spec", "annual_all_internal"]
    call_command(*args)
    out = capsys.readouterr().out
    assert "8 created, 0 updated, 1 skipped (unresolved: Atlantis)" in out
    rows = {(o.unit.name_en, o.unit.valid_to, o.year, o.indicator): o.value
            for o in Observation.objects.filter(source="annual_all_internal").select_related("unit")}
    assert rows == {
        ("South Kazakhstan Region", dt.date(2018, 6, 18), 2015, Indicator.ARRIVALS): 100,
        ("South Kazakhstan Region", dt.date(2018, 6, 18), 2015, Indicator.DEPARTURES): 300,
        ("South Kazakhstan Region", dt.date(2018, 6, 18), 2010, Indicator.ARRIVALS): 7,
        ("South Kazakhstan Region", dt.date(2018, 6, 18), 2010, Indicator.DEPARTURES): 9,
        ("Turkistan Region", None, 2020, Indicator.ARRIVALS): 200,
        ("Turkistan Region", None, 2020, Indicator.DEPARTURES): 400,
        ("North Kazakhstan Region", None, 2020, Indicator.ARRIVALS): 50,
        ("North Kazakhstan Region", None, 2020, Indicator.DEPARTURES): 70,
    }
    call_command(*args)
    assert "0 created, 0 updated, 1 skipped" in capsys.readouterr().out


def test_the_command_refuses_a_file_without_its_layout(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_statistics", "--file", str(tmp_path / "x.csv"))
