"""People, moves and contracts for the oversight tests, made through the registers' own services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from geo.models import TerritorialUnit

_bins = itertools.count(1)


# ISO code -> English name, for a database that no longer holds geo's reference data (a transactional test
# flushes what the migrations loaded).
NAMES = {"KZ-59": "North Kazakhstan", "KZ-55": "Pavlodar", "KZ-61": "Turkistan", "KZ-31": "Jambyl",
         "KZ-11": "Akmola"}


def region(code: str) -> TerritorialUnit:
    """The unit in force today with this ISO code (geo's reference data, loaded by its migration), made if the
    database has none."""
    from geo.models import UnitKind

    unit = TerritorialUnit.objects.filter(code=code, valid_to__isnull=True).first()
    if unit is None:
        name = NAMES[code]
        unit = TerritorialUnit.objects.create(code=code, kind=UnitKind.REGION, name_kk=name, name_ru=name,
                                              name_en=name, path=f"/{code}/", valid_from=dt.date(1990, 1, 1))
    return unit


def person_from(code: str = "KZ-61", *, birth_date: dt.date = dt.date(1990, 5, 17), surname: str = "Abenov"):
    from accounts.testing import a_person_in

    return a_person_in(code, birth_date=birth_date, surname=surname)


def move(person, to: str = "KZ-59", *, arrival: dt.date, registered_on: dt.date | None = None,
         kind: str = "permanent", valid_until: dt.date | None = None, procedure: str = "standard",
         employer=None, previous: str | None = None):
    """Register `person` at an address in region `to` (a move from their home region)."""
    from registry.services import Address, Request, register

    registered_on = registered_on or arrival
    address = Address(region=region(to), settlement="Petropavl", street="Abai street", building="12", flat="5",
                      premises="flat")
    extra: dict[str, Any] = {}
    if procedure == "standard":
        extra = dict(owner_iin="900517300019",
                     owner_consent_at=dt.datetime.combine(registered_on, dt.time(10), tzinfo=dt.UTC))
    return register(Request(person=person, kind=kind, procedure=procedure, address=address, arrival_date=arrival,
                            registered_on=registered_on, valid_until=valid_until, employer=employer,
                            previous_region=region(previous) if previous else None, reason="work", **extra))


def employer_in(code: str = "KZ-59", name: str = "Kyzyl-Zhar Grain LLP", users=()):
    from labour.bin import make_bin
    from labour.services import register_employer

    return register_employer(bin=make_bin(2010, 3, 700 + next(_bins)), name=name, region=region(code), sector="A",
                             users=users)


def hire(person, employer, *, start: dt.date, end: dt.date | None = None, registered_on: dt.date | None = None,
         where: str | None = None):
    from labour.services import register_contract

    return register_contract(employer=employer, employee=person, position="Welder",
                             workplace_unit=region(where) if where else employer.region, start_date=start,
                             term="fixed" if end else "indefinite", end_date=end, wage_kzt=350_000,
                             registered_on=registered_on or start)


@pytest.fixture
def inspector(db):
    from accounts.testing import a_user

    return a_user("inspector", scope="KZ-59")


ARRIVAL = dt.date(2026, 3, 2)
SCAN_DAY = dt.date(2026, 4, 20)


@pytest.fixture
def alerts(db):
    """Two migrants without a contract (North Kazakhstan and Pavlodar) and an employer of North Kazakhstan with
    a late entry, scanned on 20 April 2026: {"north": alert, "pavlodar": alert, "employer": alert}."""
    from oversight import services
    from oversight.models import Alert

    north = person_from("KZ-61", surname="Nurgaliev")
    move(north, "KZ-59", arrival=ARRIVAL)
    pavlodar = person_from("KZ-61", surname="Pavlov")
    move(pavlodar, "KZ-55", arrival=ARRIVAL)
    worker = person_from("KZ-31", surname="Zhambylov")
    move(worker, "KZ-59", arrival=dt.date(2026, 1, 12))
    employer = employer_in("KZ-59")
    hire(worker, employer, start=dt.date(2026, 2, 2), registered_on=dt.date(2026, 2, 16))
    services.scan(on=SCAN_DAY, actor="test")
    return {"north": Alert.objects.get(person=north), "pavlodar": Alert.objects.get(person=pavlodar),
            "employer": Alert.objects.get(employer=employer)}
