"""Places and people for the registry's tests: regions (from geo's reference data), a district in each."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from accounts.testing import a_person_in
from geo.models import TerritorialUnit, UnitKind
from registry.services import Address, Request

_serials = itertools.count(500)

# ISO code -> English name, for a database that does not hold geo's reference data yet.
REGIONS = {"KZ-59": "North Kazakhstan", "KZ-55": "Pavlodar", "KZ-61": "Turkistan", "KZ-71": "Astana",
           "KZ-10": "Abai", "KZ-31": "Jambyl"}


def region(code: str) -> TerritorialUnit:
    unit = TerritorialUnit.objects.filter(code=code, valid_to__isnull=True).first()
    if unit is None:
        name = REGIONS[code]
        unit = TerritorialUnit.objects.create(
            code=code, kind=UnitKind.REGION, name_kk=name, name_ru=name, name_en=name,
            path=f"/{code}/", valid_from=dt.date(1990, 1, 1),
        )
    return unit


def district(code: str, n: int = 1) -> TerritorialUnit:
    """The n-th district (in code order) of a region in force today, made if the reference data has none."""
    parent = region(code)
    districts = list(TerritorialUnit.objects.filter(parent=parent, valid_to__isnull=True,
                                                    kind=UnitKind.DISTRICT).order_by("code")[:n])
    if len(districts) >= n:
        return districts[n - 1]
    made_code = f"{code}-T{n}"
    name = f"Test district {n} of {parent.name_en}"
    unit, _ = TerritorialUnit.objects.get_or_create(
        code=made_code, valid_from=dt.date(1990, 1, 1),
        defaults=dict(kind=UnitKind.DISTRICT, name_kk=name, name_ru=name, name_en=name, parent=parent,
                      path=f"{parent.path}{made_code}/"),
    )
    return unit


@pytest.fixture
def places(db):
    return {code: region(code) for code in REGIONS}


def adult(code: str | None = "KZ-61", *, birth_date: dt.date = dt.date(1990, 5, 17), sex: str = "male"):
    if code:
        region(code)
    return a_person_in(code, birth_date=birth_date, sex=sex, surname="Abenov")


def a_request(person, code: str = "KZ-59", *, district_n: int | None = None, procedure: str = "standard",
              kind: str = "permanent", arrival: dt.date | None = None, registered_on: dt.date | None = None, **kw):
    registered_on = registered_on or dt.date(2025, 3, 10)
    arrival = arrival or registered_on - dt.timedelta(days=2)
    address = Address(region=region(code), district=district(code, district_n) if district_n else None,
                      settlement="Petropavl", street="Abai street", building="12", flat="5", premises="flat")
    defaults: dict[str, Any] = dict(owner_iin="900517300019", owner_consent_at=dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)) \
        if procedure == "standard" else {}
    defaults.update(kw)
    return Request(person=person, kind=kind, procedure=procedure, address=address, arrival_date=arrival,
                   registered_on=registered_on, **defaults)
