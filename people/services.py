"""Creating persons and families: the only way people's records are written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from accounts.audit import as_actor

from .iin import parse_iin
from .models import Family, FamilyMember, Person, Relation


def register_person(*, iin: str, surname: str, given_name: str, patronymic: str = "", citizenship: str = "KZ",
                    home_unit: Any = None, actor: Any = None) -> Person:
    """Create a person; birth date and sex are taken from the IIN, which must be valid."""
    info = parse_iin(iin)
    with as_actor(actor), transaction.atomic():
        person = Person(
            iin=info.iin, surname=surname, given_name=given_name, patronymic=patronymic,
            birth_date=info.birth_date, sex=info.sex, citizenship=citizenship, home_unit=home_unit,
        )
        person.full_clean()
        person.save()
    return person


def create_family(*, head: Person, members: Sequence[tuple[Person, str]] = (), actor: Any = None) -> Family:
    """A family with its head and members (person, relation)."""
    with as_actor(actor), transaction.atomic():
        family = Family.objects.create(head=head)
        FamilyMember.objects.create(family=family, person=head, relation=Relation.HEAD)
        for person, relation in members:
            FamilyMember.objects.create(family=family, person=person, relation=relation)
    return family
