"""Places for the labour room's tests: regions from geo's reference data, made if the database has none."""

from __future__ import annotations

import datetime as dt

from geo.models import TerritorialUnit, UnitKind

NAMES = {"KZ-59": "North Kazakhstan", "KZ-55": "Pavlodar", "KZ-61": "Turkistan", "KZ-31": "Jambyl"}


def region(code: str) -> TerritorialUnit:
    unit = TerritorialUnit.objects.filter(code=code, valid_to__isnull=True).first()
    if unit is None:
        name = NAMES[code]
        unit = TerritorialUnit.objects.create(code=code, kind=UnitKind.REGION, name_kk=name, name_ru=name,
                                              name_en=name, path=f"/{code}/", valid_from=dt.date(1990, 1, 1))
    return unit
