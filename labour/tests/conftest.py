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


def occupation(code: str):
    from labour.models import Occupation

    return Occupation.objects.get(code=code)


def an_employer_in(code: str, name: str = "Kyzyl-Zhar Grain LLP", serial: int = 1, user=None):
    from accounts.testing import a_user
    from labour.bin import make_bin
    from labour.services import register_employer

    return register_employer(bin=make_bin(2015, 3, serial), name=name, region=region(code), sector="A",
                             users=[user or a_user("employer")])


def a_vacancy(employer, *, code: str | None = None, occupation_code: str = "72", places: int = 2,
              wage_kzt: int = 300_000, housing: str = "none", housing_rooms=None,
              starts_on: dt.date = dt.date(2026, 12, 1), closes_on: dt.date = dt.date(2026, 12, 20),
              today: dt.date = dt.date(2026, 11, 20)):
    from labour.services import post_vacancy

    return post_vacancy(employer=employer, title="Welder", region=region(code) if code else employer.region,
                        settlement="Petropavl", occupation=occupation(occupation_code), places=places,
                        wage_kzt=wage_kzt, housing=housing, housing_rooms=housing_rooms, starts_on=starts_on,
                        closes_on=closes_on, actor=employer.users.first(), today=today)
