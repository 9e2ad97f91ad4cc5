"""A family moving from Turkistan to North Kazakhstan, the quota that receives it, and the people who act."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from accounts.testing import a_citizen, a_person_in, an_officer_of, unit

_serials = itertools.count(1)
SUBMITTED = dt.date(2026, 3, 2)


def register_permanent(person, code: str, *, arrival: dt.date, registered_on: dt.date | None = None):
    """A permanent registration through registry's own service (standard procedure, owner's consent)."""
    from registry.services import Address, Request, register

    registered_on = registered_on or arrival + dt.timedelta(days=2)
    address = Address(region=unit(code), settlement="Petropavl" if code == "KZ-59" else "Turkistan",
                      street="Abai street", building=str(next(_serials)), flat="5", premises="flat")
    return register(Request(person=person, kind="permanent", procedure="standard", address=address,
                            arrival_date=arrival, registered_on=registered_on, owner_iin="900517300019",
                            owner_consent_at=dt.datetime(arrival.year, arrival.month, arrival.day, 9, 0,
                                                         tzinfo=dt.UTC))).registration


def a_quota(code: str = "KZ-59", places: int = 100, *, year: int = 2026, category: str = "resettlers"):
    from relocation.services import enter_quota_order

    order = enter_quota_order(actor="test", number=f"T-{next(_serials)}", signed_on=dt.date(year - 1, 12, 12),
                              act="Test order on regional quotas", year=year,
                              lines=[(unit(code), category, places)])
    a_budget(code, year=year)
    return order.quotas.get()


def a_budget(code: str = "KZ-59", amount_kzt: int = 10**12, *, year: int = 2026):
    """The receiving region's programme budget for the year (a generous one unless a test needs it tight);
    an agreement is signed in the year of its signing, so the next year gets one too."""
    from relocation.models import Budget
    from relocation.services import enter_budget

    for y in (year, year + 1):
        if not Budget.objects.filter(year=y, region=unit(code)).exists():
            enter_budget(actor="test", year=y, region=unit(code), amount_kzt=amount_kzt, reference="test budget")
    return Budget.objects.get(year=year, region=unit(code))


def a_family(citizen=None, *, children: int = 1, home: str = "KZ-61"):
    """The citizen's family: head (registered in Turkistan since 2024, a job seeker), spouse and children."""
    from labour.services import register_job_seeker
    from people.services import create_family

    citizen = citizen or a_citizen(home)
    head = citizen.person
    register_permanent(head, home, arrival=dt.date(2024, 1, 8))
    register_job_seeker(head, unit=unit(home), registered_on=dt.date(2026, 1, 12))
    spouse = a_person_in(home, surname="Seitkali", given_name="Aigerim", birth_date=dt.date(1992, 2, 3), sex="female")
    members: list[tuple[Any, str]] = [(spouse, "spouse")]  # people.Person rows (accounts.testing says Model)
    for i in range(children):
        members.append((a_person_in(home, surname="Seitkali", given_name=f"Child{i}",
                                    birth_date=dt.date(2016 + i, 6, 1), sex="male"), "child"))
    create_family(head=head, members=members)
    return citizen


@pytest.fixture
def officer(db):
    return an_officer_of("KZ-59")


@pytest.fixture
def citizen(db):
    return a_family()


@pytest.fixture
def quota(db):
    return a_quota()


@pytest.fixture
def reference_units(transactional_db):
    """Geo's reference units, loaded again where a transactional test's flush removed them."""
    from django.apps import apps

    from geo.models import TerritorialUnit
    from geo.services import load_reference_data

    if not TerritorialUnit.objects.filter(code="KZ-59").exists():
        load_reference_data(apps)
