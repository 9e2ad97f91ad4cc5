"""POST /api/v1/law/evaluate answers byte for byte as it did before its labels and its input's fields were kept
per process (law/api.py): the same input gives the same bytes in kk, ru and en, answers and 400s alike.

law/tests/data/evaluate_answers.json holds the answers recorded before that change; a change of the rules'
data (a parameter's value, a reference, a label) changes them on purpose: record them again with the law as it
then is and read the difference."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .conftest import member

pytestmark = pytest.mark.django_db

URL = "/api/v1/law/evaluate"
RECORDED = Path(__file__).resolve().parent / "data" / "evaluate_answers.json"


def _body(**overrides):
    data = {"date": "2026-03-01", "members": [member()], "departure_region": "KZ-61", "arrival_region": "KZ-59",
            "settlement_type": "rural"}
    data.update(overrides)
    return data


CASES = {
    "rural": _body(),
    "town": _body(settlement_type="town"),
    "city": _body(settlement_type="city", housing_price_kzt=30_000_000),
    "family_2021": _body(date="2021-07-15", departure_region="KZ-79", arrival_region="KZ-55", members=[
        member(), member("1991-02-03", "spouse", "none", 0), member("2016-09-30", "child", "none", 0),
        member("2019-01-01", "child", "none", 0), member("2020-02-02", "child", "none", 0)]),
    "not_eligible": _body(members=[member(citizenship="UZ", status="employed", months=3)]),
    "unknown_region": _body(arrival_region="KZ-99"),
    "region_not_yet": _body(date="2021-01-01", arrival_region="KZ-10"),
    "bad_birth_date": _body(members=[member(birth="01.05.1990")]),
    "bad_status": _body(members=[member(), member("2016-09-30", "child", "student", 0)]),
    "no_head": _body(members=[member(relation="child")]),
    "date_out_of_range": _body(date="2016-06-01"),
    "too_dear": _body(housing_price_kzt=10**13),
}
LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def recorded():
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def test_every_case_was_recorded_in_every_language(recorded):
    assert set(recorded) == {f"{name}:{lang}" for name in CASES for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(CASES))
def test_the_answer_is_byte_for_byte_as_recorded(recorded, name, lang):
    cache.clear()  # the throttle's history
    client = APIClient()
    status, content = recorded[f"{name}:{lang}"]
    for _ in range(2):  # the first answer builds what is kept per process, the second reads it
        response = client.post(URL, CASES[name], format="json", HTTP_ACCEPT_LANGUAGE=lang)
        assert (response.status_code, response.content.decode()) == (status, content)


def test_a_serializers_fields_are_its_own_and_equal_to_drfs_deep_copies():
    """The request serializer's fields are copies made once per language (law.api._ConstantFieldsSerializer):
    each instance's are distinct objects, bound to it, with the same settings as DRF's own deep copies."""
    from django.utils import translation
    from rest_framework import serializers

    from law.api import LawEvaluateRequestSerializer, LawMemberSerializer

    with translation.override("ru"):
        one, two = LawEvaluateRequestSerializer(), LawEvaluateRequestSerializer()
        drf = serializers.Serializer.get_fields(one)
        assert list(one.fields) == list(drf) == ["date", "members", "departure_region", "arrival_region",
                                                 "settlement_type", "housing_price_kzt"]
        for name in drf:
            assert one.fields[name] is not two.fields[name]
            assert one.fields[name].parent is one and two.fields[name].parent is two
            assert repr(one.fields[name]) == repr(drf[name])
        members_one: Any = one.fields["members"]
        members_two: Any = two.fields["members"]
        assert members_one.child is not members_two.child and members_one.child.parent is members_one
        assert isinstance(members_one.child, LawMemberSerializer)
        assert members_one.child.fields["status"] is not members_two.child.fields["status"]


@pytest.mark.parametrize("lang, expected", [
    ("ru", "Убедитесь, что это значение меньше либо равно 1500."),
    ("en", "Ensure this value is less than or equal to 1500."),
    ("kk", "Бұл мән 1500 немесе одан аз болуы керек."),
])
def test_a_bound_is_worded_in_each_language_in_turn(lang, expected):
    """A field's own validators word their message once (DRF's lazy_format): the copies of one language
    never answer in another's (the three languages in one process, each after the others)."""
    cache.clear()
    for _ in range(2):
        response = APIClient().post(URL, _body(members=[member(months=1501)]), format="json",
                                    HTTP_ACCEPT_LANGUAGE=lang)
        assert response.json() == {"field": "members[0].months_registered_in_departure_region",
                                   "detail": expected,
                                   "members[0].months_registered_in_departure_region": [expected]}
