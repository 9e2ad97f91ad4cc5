"""A synthetic population shaped by the real one: persons per region in proportion to BNS population,
in families, with valid IINs. Reproducible from the seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from accounts.audit import record_bulk_create
from geo.models import PopulationCount, TerritorialUnit

from .iin import make_iin
from .models import Family, FamilyMember, Person, Relation

KAZAKH_MALE = ["Aidos", "Nurlan", "Yerlan", "Daulet", "Arman", "Bauyrzhan", "Marat", "Askar", "Timur", "Serik", "Alibek", "Dias"]
KAZAKH_FEMALE = ["Aigerim", "Dana", "Aliya", "Gulnara", "Madina", "Saule", "Zhanar", "Aruzhan", "Dinara", "Asel", "Kamila", "Ainur"]
RUSSIAN_MALE = ["Ivan", "Sergei", "Alexei", "Dmitry", "Andrei", "Pavel", "Nikolai", "Viktor"]
RUSSIAN_FEMALE = ["Elena", "Olga", "Natalia", "Irina", "Svetlana", "Tatiana", "Anna", "Yulia"]
KAZAKH_SURNAMES = ["Seitkali", "Zhaksylyk", "Nurpeisov", "Abenov", "Tokayev", "Bekov", "Omarov", "Sadykov", "Kassymov", "Amanov", "Iskakov", "Serikbayev"]
RUSSIAN_SURNAMES = ["Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Popov", "Volkov", "Fedorov", "Morozov"]
FATHER_NAMES = ["Nurlan", "Serik", "Marat", "Askar", "Bolat", "Sergei", "Ivan", "Kanat"]


def _feminine(surname: str) -> str:
    return surname + "a" if surname.endswith(("ov", "ev", "in")) else surname


def _name(rng: random.Random, sex: str, surname: str, russian: bool) -> tuple[str, str, str]:
    given = rng.choice((RUSSIAN_MALE if russian else KAZAKH_MALE) if sex == "male" else (RUSSIAN_FEMALE if russian else KAZAKH_FEMALE))
    father = rng.choice(FATHER_NAMES)
    patronymic = father + ("ovich" if sex == "male" else "ovna") if russian else father + ("uly" if sex == "male" else "kyzy")
    return (_feminine(surname) if sex == "female" else surname), given, patronymic


def population_targets(scale: float) -> dict[TerritorialUnit, int]:
    """Persons to create per current region: its latest BNS population times `scale` (at least 20)."""
    units = list(TerritorialUnit.objects.current().first_level())
    latest = PopulationCount.objects.filter(sex="total", area="total").order_by("-year").values_list("year", flat=True).first()
    counts = {}
    if latest:
        counts = dict(PopulationCount.objects.filter(year=latest, sex="total", area="total", unit__in=units)
                      .values_list("unit_id", "persons"))
    return {u: max(20, round(counts.get(u.pk, 1_000_000) * scale)) for u in units}


def seed(*, rng: random.Random, scale: float, log: Callable[[str], None]) -> None:
    today = dt.date(2026, 1, 1)
    serial = 0
    persons: list[Person] = []
    households: list[list[tuple[int, str]]] = []  # indexes into persons with relation

    def new_person(sex: str, birth: dt.date, surname: str, russian: bool, unit: TerritorialUnit) -> int:
        nonlocal serial
        serial += 1
        surname_form, given, patronymic = _name(rng, sex, surname, russian)
        persons.append(Person(
            iin=make_iin(birth, sex, serial), surname=surname_form, given_name=given, patronymic=patronymic,
            birth_date=birth, sex=sex, citizenship="KZ", home_unit=unit,
        ))
        return len(persons) - 1

    def birth_for(age: int) -> dt.date:
        return today - dt.timedelta(days=age * 365 + rng.randrange(365))

    for unit, target in population_targets(scale).items():
        made = 0
        russian_share = 0.4 if unit.code in {"KZ-59", "KZ-39", "KZ-55", "KZ-63", "KZ-11", "KZ-35"} else 0.08
        while made < target:
            russian = rng.random() < russian_share
            surname = rng.choice(RUSSIAN_SURNAMES if russian else KAZAKH_SURNAMES)
            head_sex = "male" if rng.random() < 0.7 else "female"
            head_age = rng.randint(20, 70)
            household: list[tuple[int, str]] = [
                (new_person(head_sex, birth_for(head_age), surname, russian, unit), Relation.HEAD)]
            if rng.random() < 0.7:
                spouse_age = max(18, head_age + rng.randint(-5, 3))
                household.append((new_person("female" if head_sex == "male" else "male", birth_for(spouse_age), surname, russian, unit), Relation.SPOUSE))
            if head_age < 55:
                for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
                    child_age = rng.randint(0, min(17, head_age - 18))
                    household.append((new_person(rng.choice(["male", "female"]), birth_for(child_age), surname, russian, unit), Relation.CHILD))
            households.append(household)
            made += len(household)

    Person.objects.bulk_create(persons, batch_size=2000)
    saved = {p.iin: p for p in Person.objects.filter(iin__in=[p.iin for p in persons]).only("pk", "iin")}
    for p in persons:
        p.pk = saved[p.iin].pk
    record_bulk_create(persons, reason="seed_demo")
    families = Family.objects.bulk_create([Family(head=persons[h[0][0]]) for h in households], batch_size=2000)
    if families and families[0].pk is None:  # databases that do not return ids from bulk inserts
        families = list(Family.objects.order_by("pk"))[-len(households):]
    members = [
        FamilyMember(family=family, person=persons[index], relation=relation)
        for family, household in zip(families, households, strict=True)
        for index, relation in household
    ]
    members = FamilyMember.objects.bulk_create(members, batch_size=2000)
    if members and members[0].pk is None:  # databases that do not return ids from bulk inserts
        members = list(FamilyMember.objects.order_by("pk"))[-len(members):]
    record_bulk_create(families, reason="seed_demo")
    record_bulk_create(members, reason="seed_demo")
    log(f"people: {len(persons)} persons in {len(families)} families")
