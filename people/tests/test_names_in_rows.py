"""A person's full name read as `.values()` columns (name_fields / full_name_in) is the one the model shows."""

from __future__ import annotations

from people.models import Person


def test_a_persons_full_name_in_a_row_is_their_full_name():
    for person in (Person(surname="Seitkali", given_name="Aidos", patronymic="Maratuly"),
                   Person(surname="Volkov", given_name="Ivan", patronymic="")):
        row = {column: getattr(person, column.split("__")[1]) for column in Person.name_fields("applicant")}
        assert Person.full_name_in(row, "applicant") == person.full_name
