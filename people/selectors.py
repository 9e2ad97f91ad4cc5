"""Reading persons: scoped to the reader, pseudonymised for those who may not see identities."""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import Q

from accounts.permissions import sees_identities
from geo.selectors import LABELS_VERSION, labels_version, unit_labels
from lib import data_versions

from .models import Person, Sex


def pseudonym(iin: str) -> str:
    """A stable pseudonym for an IIN: a keyed hash, so nobody without the server's key can reverse it."""
    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), iin.encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:16].upper()


def search_persons(user: Any, query: str = "", rows: Any = None) -> Any:
    """Persons the user may see, matching an IIN or a name (identifiers only for those who may see them), read
    from `rows` (by default Person.objects with each one's home unit; `person_values()` for a list of values)."""
    persons = (rows if rows is not None else Person.objects.select_related("home_unit")).visible_to(user)
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


# What a person's record is made of, as `.values()` names it: a list reads exactly these (no model instances)
PERSON_COLUMNS = ("id", "iin", "surname", "given_name", "patronymic", "birth_date", "sex", "citizenship",
                  "home_unit_id")


@functools.cache
def person_values() -> Any:
    """Every person as the values of PERSON_COLUMNS, a queryset built once per process: each request chains its
    scope, search and page onto it (a clone; this one is never evaluated), cheaper than building it anew."""
    return Person.objects.values(*PERSON_COLUMNS, **{LABELS_VERSION: labels_version()})


def person_view(user: Any, person: Person) -> dict:
    """What this user may read of a person: everything, or a pseudonymised record (`person_views` of one, the
    region read from the person's home unit)."""
    home = person.home_unit
    units = {home.pk: (home.code, home.name)} if home is not None else {}
    return person_views(user, [{name: getattr(person, name) for name in PERSON_COLUMNS}], units=units)[0]


def person_views(user: Any, rows: list[dict], units: dict[int, tuple[str, str]] | None = None) -> list[dict]:
    """What this user may read of each person, from their PERSON_COLUMNS (`rows`, e.g. a page of `.values()`):
    everything, or a pseudonymised record. The region's code and name come from `units` (unit id -> code and
    name), by default geo's kept unit labels (geo.selectors.unit_labels)."""
    if not rows:
        return []
    if units is None:
        units = (unit_labels(rows[0].get(LABELS_VERSION, data_versions.MISSING))
                 if any(row["home_unit_id"] is not None for row in rows) else {})
    sexes = {value: str(label) for value, label in Sex.choices}  # get_sex_display, once per list
    identities = sees_identities(user)
    views = []
    for row in rows:
        region, region_name = units[row["home_unit_id"]] if row["home_unit_id"] is not None else (None, "")
        labels = {"sex_label": sexes.get(row["sex"], row["sex"]), "region_name": region_name}
        if identities:
            views.append({
                "id": row["id"], "key": str(row["id"]), "iin": row["iin"], "surname": row["surname"],
                "given_name": row["given_name"], "patronymic": row["patronymic"], "birth_date": row["birth_date"],
                "sex": row["sex"], "citizenship": row["citizenship"], "region": region, **labels,
            })
        else:  # no database id: a sequential id would link the record across roles and exports
            views.append({
                "key": pseudonym(row["iin"]), "pseudonym": pseudonym(row["iin"]), "birth_year": row["birth_date"].year,
                "sex": row["sex"], "citizenship": row["citizenship"], "region": region, **labels,
            })
    return views


def person_key(user: Any, person: Person) -> str:
    """How the user's URLs name a person: the database id for those who see identities, else the pseudonym."""
    return str(person.pk) if sees_identities(user) else pseudonym(person.iin)


def person_by_key(user: Any, key: str) -> Person | None:
    """The visible person a URL names (person_key); a researcher's URL names persons by pseudonym only."""
    persons = Person.objects.visible_to(user).select_related("home_unit")
    if sees_identities(user):
        return persons.filter(pk=int(key)).first() if key.isdecimal() and len(key) < 19 else None
    return _by_pseudonym(persons, key).first() if key.startswith("P-") and len(key) < 40 else None
