"""Population loader: BNS rows land on the right unit versions, add up, and load once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum

from geo.models import PopulationCount
from geo.services import load_population, resolve_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def population():
    return load_population()


def _total(**filters):
    return PopulationCount.objects.filter(sex="total", area="total", **filters).aggregate(s=Sum("persons"))["s"]


@pytest.mark.parametrize("year", [2000, 2016, 2017, 2018, 2021, 2022, 2023])
def test_regions_sum_to_the_national_total(population, year):
    national = PopulationCount.objects.get(unit__code="KZ", year=year, sex="total", area="total").persons
    assert _total(year=year, unit__kind__in=["region", "city"]) == national


def test_loading_twice_creates_nothing_the_second_time(population):
    count = PopulationCount.objects.count()
    assert population == count == 2837
    assert load_population() == 0
    assert PopulationCount.objects.count() == count


def test_south_kazakhstan_rows_belong_to_the_historical_unit(population):
    old = resolve_unit("South Kazakhstan", on=dt.date(2016, 1, 1))
    assert PopulationCount.objects.get(unit=old, year=2016, sex="total", area="total").persons == 2840871
    assert not PopulationCount.objects.filter(unit=old, year__gte=2017).exists()


def test_2022_figures_are_in_the_new_borders(population):
    new_almaty = resolve_unit("Almaty Region", on=dt.date(2023, 1, 1))
    old_almaty = resolve_unit("Almaty Region", on=dt.date(2021, 1, 1))
    assert PopulationCount.objects.filter(unit=new_almaty, year=2022).exists()
    assert not PopulationCount.objects.filter(unit=old_almaty, year=2022).exists()


def test_the_command_loads_the_population(capsys):
    call_command("load_population")
    assert "2837" in capsys.readouterr().out
