"""Reading persons: scoped to the reader, pseudonymised for those who may not see identities."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import Q

from accounts.permissions import sees_identities

from .models import Person


def pseudonym(iin: str) -> str:
    """A stable pseudonym for an IIN: a keyed hash, so nobody without the server's key can reverse it."""
    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), iin.encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:16].upper()


def search_persons(user: Any, query: str = "") -> Any:
    """Persons the user may see, matching an IIN or a name (identifiers only for those who may see them)."""
    persons = Person.objects.visible_to(user).select_related("home_unit")
    if not sees_identities(user):
        persons = persons.order_by("pk")  # an order by surname would leak names through the pseudonyms
    query = (query or "").strip()
    if query:
        if not sees_identities(user):
            return persons.none() if not query.startswith("P-") else _by_pseudonym(persons, query)
        if query.isdecimal():
            persons = persons.filter(iin__startswith=query)
        else:
            for word in query.split():
                persons = persons.filter(Q(surname__icontains=word) | Q(given_name__icontains=word))
    return persons


def _by_pseudonym(persons: Any, query: str) -> Any:
    wanted = query.strip().upper()
    ids = [pk for pk, iin in persons.values_list("pk", "iin") if pseudonym(iin) == wanted]
    return persons.filter(pk__in=ids)


def person_view(user: Any, person: Person) -> dict:
    """What this user may read of a person: everything, or a pseudonymised record."""
    home = person.home_unit
    region = home.code if home is not None else None
    labels = {"sex_label": person.get_sex_display(), "region_name": home.name if home is not None else ""}
    if sees_identities(user):
        return {
            "id": person.pk, "key": str(person.pk), "iin": person.iin, "surname": person.surname, "given_name": person.given_name,
            "patronymic": person.patronymic, "birth_date": person.birth_date, "sex": person.sex,
            "citizenship": person.citizenship, "region": region, **labels,
        }
    return {  # no database id: a sequential id would link the record across roles and exports
        "key": pseudonym(person.iin), "pseudonym": pseudonym(person.iin), "birth_year": person.birth_date.year,
        "sex": person.sex, "citizenship": person.citizenship, "region": region, **labels,
    }


def person_key(user: Any, person: Person) -> str:
    """How the user's URLs name a person: the database id for those who see identities, else the pseudonym."""
    return str(person.pk) if sees_identities(user) else pseudonym(person.iin)


def person_by_key(user: Any, key: str) -> Person | None:
    """The visible person a URL names (person_key); a researcher's URL names persons by pseudonym only."""
    persons = Person.objects.visible_to(user).select_related("home_unit")
    if sees_identities(user):
        return persons.filter(pk=int(key)).first() if key.isdecimal() and len(key) < 19 else None
    return _by_pseudonym(persons, key).first() if key.startswith("P-") and len(key) < 40 else None
