"""A family: one head and members with their relation, written through the service and audited."""

import pytest
from django.db import IntegrityError, transaction

from accounts.audit import acting_as
from accounts.models import ChangeRecord
from accounts.testing import a_person_in, an_officer_of
from people.models import Family, FamilyMember, Relation
from people.services import create_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    head = a_person_in("KZ-59", surname="Ivanov", given_name="Pyotr")
    wife = a_person_in("KZ-59", surname="Ivanova", given_name="Olga", sex="female")
    son = a_person_in("KZ-59", surname="Ivanov", given_name="Ilya")
    return head, wife, son


def test_a_family_has_its_head_and_each_member_with_the_relation(household):
    head, wife, son = household
    family = create_family(head=head, members=[(wife, Relation.SPOUSE), (son, Relation.CHILD)])
    relations = {m.person: m.relation for m in family.members.all()}
    assert relations == {head: Relation.HEAD, wife: Relation.SPOUSE, son: Relation.CHILD}
    assert family.head == head and list(head.headed_families.all()) == [family]


def test_a_family_has_only_one_head(household):
    head, wife, _ = household
    family = create_family(head=head)
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyMember.objects.create(family=family, person=wife, relation=Relation.HEAD)


def test_a_person_is_a_member_of_a_family_once(household):
    head, wife, _ = household
    family = create_family(head=head, members=[(wife, Relation.SPOUSE)])
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyMember.objects.create(family=family, person=wife, relation=Relation.OTHER)


def test_a_family_that_cannot_be_made_whole_is_not_made_at_all(household):
    head, wife, _ = household
    with pytest.raises(IntegrityError):
        create_family(head=head, members=[(wife, Relation.SPOUSE), (wife, Relation.SIBLING)])
    assert not Family.objects.exists() and not FamilyMember.objects.exists()


def test_creating_a_family_is_in_the_change_history(household):
    head, wife, _ = household
    officer = an_officer_of("KZ-59")
    with acting_as(officer):
        family = create_family(head=head, members=[(wife, Relation.SPOUSE)])
    assert ChangeRecord.objects.get(kind="people.family", object_id=str(family.pk)).actor == officer
    assert ChangeRecord.objects.filter(kind="people.familymember", actor=officer).count() == 2


def test_a_family_is_visible_in_its_heads_region_only(household):
    family = create_family(head=household[0])
    assert list(Family.objects.visible_to(an_officer_of("KZ-59"))) == [family]
    assert not Family.objects.visible_to(an_officer_of("KZ-55")).exists()


def test_a_family_is_named_in_the_readers_language(household):
    from django.utils import translation

    head, wife, son = household
    family = create_family(head=head, members=[(wife, Relation.SPOUSE)])
    with translation.override("kk"):
        kazakh = str(family)
    with translation.override("ru"):
        russian = str(family)
    assert "Family of" not in kazakh and "Family of" not in russian
    assert kazakh.endswith("отбасы") and russian.startswith("Семья")
