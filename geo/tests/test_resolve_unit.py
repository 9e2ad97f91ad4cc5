"""resolve_unit: numeric and letter ISO codes, aliases in three languages, and refusal on a date; find_unit."""

import datetime as dt

import pytest
from django.utils import translation

from geo.models import TerritorialUnit
from geo.selectors import candidates, current_units, find_unit, normalize, unit_codes, unit_labels
from geo.services import UnknownUnit, resolve_unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["KZ-59", "kz-59", "KZ-SEV", "North Kazakhstan", "North Kazakhstan Region",
                                  "Северо-Казахстанская область", "СКО", "Солтүстік Қазақстан облысы"])
def test_every_code_and_name_of_north_kazakhstan_resolves_to_it(text):
    assert resolve_unit(text).code == "KZ-59"


@pytest.mark.parametrize(("text", "code"), [
    ("Aqmola", "KZ-11"), ("Qaraganda", "KZ-35"), ("Qostanay", "KZ-39"), ("Qyzylorda", "KZ-43"),
    ("Zhambyl", "KZ-31"), ("Jambyl", "KZ-31"), ("Zhetysu", "KZ-33"), ("Jetisu", "KZ-33"), ("Abay", "KZ-10"),
    ("Ulutay", "KZ-62"), ("Nur-Sultan", "KZ-71"), ("Нұр-Сұлтан", "KZ-71"), ("Almaty (city)", "KZ-75"),
    ("Almaty Region", "KZ-19"), ("Astana (city)", "KZ-71"), ("Shymkent (city)", "KZ-79"),
    ("Алматинская область", "KZ-19"), ("Алматы облысы", "KZ-19"), ("Алматы", "KZ-75"), ("область Ұлытау", "KZ-62"),
])
def test_common_spellings_resolve(text, code):
    assert resolve_unit(text).code == code


def test_a_code_resolves_to_the_version_in_force_on_the_date():
    before = resolve_unit("KZ-19", on=dt.date(2020, 1, 1))
    after = resolve_unit("KZ-19", on=dt.date(2023, 1, 1))
    assert before.valid_to == dt.date(2022, 6, 7) and before.centre_en == "Taldykorgan"
    assert after.valid_from == dt.date(2022, 6, 8) and after.centre_en == "Konaev"


def test_the_letter_code_of_south_kazakhstan_names_turkistan_after_2018():
    assert resolve_unit("KZ-YUZ", on=dt.date(2015, 1, 1)).name_en == "South Kazakhstan Region"
    assert resolve_unit("KZ-YUZ", on=dt.date(2019, 1, 1)).name_en == "Turkistan Region"
    assert resolve_unit("South Kazakhstan", on=dt.date(2010, 5, 1)).valid_to == dt.date(2018, 6, 18)
    assert resolve_unit("Южно-Казахстанская область", on=dt.date(2010, 5, 1)).code == "KZ-61"


def test_a_unit_that_did_not_exist_yet_is_refused_with_its_dates():
    with pytest.raises(UnknownUnit, match=r"KZ-62 \(Ulytau Region\) did not exist on 2020-01-01; "
                                          r"it exists from 2022-06-08"):
        resolve_unit("KZ-62", on=dt.date(2020, 1, 1))


def test_a_unit_that_no_longer_exists_is_refused_with_its_dates():
    with pytest.raises(UnknownUnit, match="it existed from 1997-05-03 to 2018-06-18"):
        resolve_unit("South Kazakhstan", on=dt.date(2020, 1, 1))


def test_shymkent_as_a_city_did_not_exist_before_june_2018():
    with pytest.raises(UnknownUnit, match="KZ-79"):
        resolve_unit("Shymkent (city)", on=dt.date(2018, 6, 18))
    assert resolve_unit("Shymkent (city)", on=dt.date(2018, 6, 19)).kind == "city"


def test_an_unknown_name_is_refused():
    with pytest.raises(UnknownUnit, match="No territorial unit is known as 'Atlantis'"):
        resolve_unit("Atlantis")
    assert issubclass(UnknownUnit, ValueError)


def test_there_are_twenty_current_units_seventeen_regions_and_three_cities():
    units = list(current_units())
    assert len(units) == 20
    assert sorted(u.code for u in units if u.kind == "city") == ["KZ-71", "KZ-75", "KZ-79"]
    assert all(u.path == f"KZ/{u.code}" and u.parent.code == "KZ" for u in units)
    assert all(u.name_kk and u.name_ru and u.name_en and u.centre_en for u in units)


def test_before_2018_there_were_sixteen_first_level_units():
    assert current_units(on=dt.date(2010, 1, 1)).count() == 16
    assert current_units(on=dt.date(2020, 1, 1)).count() == 17


def test_normalize_drops_punctuation_case_and_yo():
    assert normalize("  Almaty  (city) ") == "almaty city"
    assert normalize("Семёновка") == "семеновка"


@pytest.mark.parametrize("text", [None, "", "   ", "Atlantis", "KZ-62 but longer"])
def test_find_unit_answers_none_for_empty_or_unknown_text(text):
    assert find_unit(text) is None


def test_find_unit_answers_what_resolve_unit_answers_for_any_known_spelling():
    assert getattr(find_unit("  kz-sev "), "code", None) == "KZ-59"
    assert getattr(find_unit("Солтүстік Қазақстан облысы"), "code", None) == "KZ-59"
    assert find_unit("KZ-62", on=dt.date(2020, 1, 1)) is None
    assert getattr(find_unit("KZ-19", on=dt.date(2020, 1, 1)), "centre_en", None) == "Taldykorgan"


def test_the_kept_unit_codes_and_names_follow_every_write_of_the_units():
    """unit_codes and unit_labels are kept per the geo room's data version: a unit renamed or recoded is read anew
    by the next request, in each language."""
    unit = TerritorialUnit.objects.get(code="KZ-59", valid_to__isnull=True)
    with translation.override("ru"):
        assert unit_labels()[unit.pk] == ("KZ-59", unit.name_ru)
    assert unit_codes([unit.pk, None]) == {unit.pk: "KZ-59"}
    TerritorialUnit.objects.filter(pk=unit.pk).update(code="KZ-590", name_ru="Переименованная")
    assert unit_codes([unit.pk]) == {unit.pk: "KZ-590"}
    with translation.override("ru"):
        assert unit_labels()[unit.pk] == ("KZ-590", "Переименованная")
    with translation.override("en"):
        assert unit_labels()[unit.pk] == ("KZ-590", unit.name_en)
    assert unit_codes([]) == {}


def test_naming_a_unit_reads_one_token_and_gives_instances_of_its_own(django_assert_num_queries):
    """The names are kept per the geo room's data version: after the first, a name costs the token's query; each
    call gets its own instances, so a caller changing one changes nothing for the next."""
    find_unit("KZ-59")
    with django_assert_num_queries(1):
        first = find_unit("kz-sev")
    assert first is not None
    first.name_en = "changed"
    again = find_unit("KZ-59")
    assert again is not None and again is not first and again.name_en == "North Kazakhstan Region" and again.pk == first.pk


def test_a_new_alias_and_a_new_version_are_found_at_once():
    """A write to the units or their aliases is a new data version: the next name is resolved from the new data."""
    from geo.models import UnitAlias

    unit = resolve_unit("KZ-59")
    assert find_unit("Petropavl Oblast") is None
    UnitAlias.objects.create(unit=unit, alias="Petropavl Oblast", normalized=normalize("Petropavl Oblast"))
    found = find_unit("Petropavl Oblast")
    assert found is not None and found.pk == unit.pk
    versions = list(TerritorialUnit.objects.filter(code="KZ-59").order_by("valid_from"))
    assert [(u.pk, u.valid_from) for u in candidates("kz-59")] == [(u.pk, u.valid_from) for u in versions]


def test_the_kept_labels_are_found_by_the_version_read_with_a_lists_rows(django_assert_num_queries):
    """unit_labels(known=): the labels kept for the geo version a list read with its rows (labels_version) are
    found without a query; an unknown version (none kept for it) reads the version afresh and builds."""
    from geo.selectors import labels_version

    unit = TerritorialUnit.objects.get(code="KZ-59", valid_to__isnull=True)
    token = TerritorialUnit.objects.values_list(labels_version(), flat=True)[:1].get()
    unit_labels()
    with django_assert_num_queries(0):
        assert unit_labels(token)[unit.pk][0] == "KZ-59"
        assert unit_codes([unit.pk], known=token) == {unit.pk: "KZ-59"}
    TerritorialUnit.objects.filter(pk=unit.pk).update(code="KZ-590")
    with django_assert_num_queries(2):  # the version, then the units
        assert unit_labels(-1)[unit.pk][0] == "KZ-590"


def test_a_unit_is_named_by_the_version_read_with_a_callers_rows(django_assert_num_queries):
    """find_unit(known=): the names kept for the geo version the caller read with its own rows are used without a
    query; a version none are kept for (a stale or unknown one) reads the version afresh, so a new alias is seen."""
    from geo.models import UnitAlias
    from geo.selectors import labels_version

    token = TerritorialUnit.objects.values_list(labels_version(), flat=True)[:1].get()
    find_unit("KZ-59")
    with django_assert_num_queries(0):
        found = find_unit("kz-sev", known=token)
    assert found is not None and found.code == "KZ-59"
    UnitAlias.objects.create(unit=found, alias="Petropavl Oblast", normalized=normalize("Petropavl Oblast"))
    with django_assert_num_queries(4):  # the version, then the units (twice) and the aliases
        again = find_unit("Petropavl Oblast", known=-1)
    assert again is not None and again.pk == found.pk
