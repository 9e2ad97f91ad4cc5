"""A unit's name read as `.values()` columns (name_fields / name_in) is the name its model shows, in each language,
English where the language's name is empty."""

from __future__ import annotations

import pytest
from django.utils import translation

from geo.models import TerritorialUnit


@pytest.mark.parametrize("language", ["kk", "ru", "en", "de"])
def test_a_units_name_in_a_row_is_its_name_in_the_readers_language(language):
    for unit in (TerritorialUnit(name_kk="Солтүстік", name_ru="Северная", name_en="North"),
                 TerritorialUnit(name_kk="", name_ru="Северная", name_en="North")):
        row = {column: getattr(unit, column.split("__")[1]) for column in TerritorialUnit.name_fields("region")}
        with translation.override(language):
            assert TerritorialUnit.name_in(row, "region") == unit.name
