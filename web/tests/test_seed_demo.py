"""The demo data set: reproducible from its seed, shaped by the real population, one user per role."""

import random

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts import demo as accounts_demo
from accounts.models import User
from accounts.roles import Role
from geo import demo as geo_demo
from people import demo as people_demo
from people.iin import parse_iin
from people.models import Family, Person

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _people_with(seed: int) -> list[tuple[str, str, int | None]]:
    rows: list[tuple[str, str, int | None]] = []
    try:
        with transaction.atomic():
            people_demo.seed(rng=random.Random(seed), scale=0.0001, log=lambda *_: None)
            rows = list(Person.objects.order_by("iin").values_list("iin", "surname", "home_unit_id"))
            raise Rollback
    except Rollback:
        pass
    return rows


@pytest.fixture
def population():
    geo_demo.seed(rng=random.Random(1), scale=0.0001, log=lambda *_: None)


def test_the_same_seed_makes_the_same_population(population):
    assert _people_with(7) == _people_with(7)
    assert _people_with(7) != _people_with(8)


def test_every_demo_iin_is_valid_and_regions_follow_the_real_population(population):
    people_demo.seed(rng=random.Random(1), scale=0.0001, log=lambda *_: None)
    for iin in Person.objects.values_list("iin", flat=True):
        parse_iin(iin)
    per_region = {code: Person.objects.filter(home_unit__code=code).count() for code in ("KZ-61", "KZ-62")}
    assert per_region["KZ-61"] > 3 * per_region["KZ-62"]  # Turkistan ~2.1 M people, Ulytau ~0.2 M
    assert Family.objects.count() > 0
    assert all(f.members.filter(relation="head").count() == 1 for f in Family.objects.all()[:50])


def test_there_is_one_demo_user_per_role_with_the_demo_password(population, settings):
    accounts_demo.seed(rng=random.Random(1), scale=0.0001, log=lambda *_: None)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    officer = User.objects.get(username="officer")
    assert officer.scope_unit.code == "KZ-59"
    assert User.objects.get(username="analyst").scope_unit.code == "KZ-61"
    assert officer.check_password(settings.DEMO_PASSWORD)
    assert User.objects.get(username="citizen").person is not None


def test_seed_demo_if_empty_leaves_a_used_database_alone(population):
    User.objects.create(username="someone")
    call_command("seed_demo", "--if-empty")
    assert not Person.objects.exists()
