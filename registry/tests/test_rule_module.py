"""registry.rules, one rule at a time over frames of requests: each article's condition on both sides.

The law's parameters (minimum age, minimum stay, the displaced person's months) are read from law.deadlines,
never restated here; the frames are built by hand, without the database.
"""

import datetime as dt

import polars as pl
import pytest

from law import deadlines as law
from registry import rules

DAY = dt.date(2025, 3, 10)
TODAY = dt.date(2025, 6, 1)
LAW = law.registration_rules(DAY)


def base(**changes) -> dict:
    row = dict(
        row=1, person_id=1, kind="permanent", procedure="standard", reason="work", registered_on=DAY,
        arrival_date=DAY - dt.timedelta(days=2), valid_until=None, birth_date=dt.date(1990, 5, 17),
        region_id=10, region_kind="region", region_path="/KZ-59/", region_from=dt.date(1990, 1, 1), region_to=None,
        district_id=None, district_path=None, district_from=None, district_to=None, settlement="Petropavl",
        street="Abai", building="1", premises="flat", owner_iin="900517300019", owner_consent=True,
        decision_number="", decision_date=None, employer_bin=None, contract_id=None, contract_employer_bin=None,
        contract_region_path=None, contract_region_kk=None, contract_region_ru=None, contract_region_en=None,
        active_registered_on=None)
    row.update(changes)
    return row


def broken(*rows: dict, set_rules: bool = False) -> set[tuple[int, str, str]]:
    frame = pl.DataFrame(list(rows), schema=rules.REQUEST_SCHEMA | ({"natural_key": pl.Utf8} if set_rules else {}))
    out = rules.evaluate(frame, today=TODAY, set_rules=set_rules)
    return {(r, code, field) for r, code, field in out.select("row", "code", "field").iter_rows()}


def codes(**changes) -> set[str]:
    return {code for _r, code, _f in broken(base(**changes))}


def test_a_complete_standard_request_breaks_no_rule():
    assert broken(base()) == set()


def test_every_rule_cites_its_article():
    assert {r.code for r in rules.RULES + rules.SET_RULES} <= set(rules.CITES)
    assert all(rules.CITES[r.code] for r in rules.RULES + rules.SET_RULES)


def test_rules_1427_age_from_the_birthday_of_the_minimum_age_not_a_day_before():
    birthday = DAY.replace(year=DAY.year - LAW.min_age_years)
    assert "too_young" not in codes(birth_date=birthday)
    assert "too_young" in codes(birth_date=birthday + dt.timedelta(days=1))


def test_the_refusal_for_age_names_the_article_of_the_day():
    frame = pl.DataFrame([base(birth_date=dt.date(2020, 1, 1))], schema=rules.REQUEST_SCHEMA)
    (article,) = rules.evaluate(frame, today=TODAY).get_column("article").to_list()
    assert article == rules._article(LAW, "min_age_years") and article


def test_model_law_art_12_p_2_a_temporary_stay_must_be_longer_than_the_minimum():
    arrival = DAY - dt.timedelta(days=1)
    exactly = arrival + dt.timedelta(days=LAW.temporary_min_stay_days)
    assert "short_stay" in codes(kind="temporary", arrival_date=arrival, valid_until=exactly)
    assert "short_stay" not in codes(kind="temporary", arrival_date=arrival, valid_until=exactly + dt.timedelta(days=1))
    assert "needs_until" in codes(kind="temporary", valid_until=None)
    assert "until_permanent" in codes(kind="permanent", valid_until=DAY + dt.timedelta(days=90))


def test_dates_arrival_not_after_registration_nor_before_birth_nor_in_year_one():
    assert "arrival_after" in codes(arrival_date=DAY + dt.timedelta(days=1))
    assert "arrival_before_birth" in codes(arrival_date=dt.date(1989, 1, 1))
    assert {"arrival_before_birth", "date_range"} <= codes(arrival_date=dt.date(1, 1, 1))
    assert "future" in codes(registered_on=TODAY + dt.timedelta(days=1), arrival_date=TODAY)
    assert "no_law" in codes(registered_on=dt.date(2016, 12, 31), arrival_date=dt.date(2016, 12, 30))


def test_the_address_is_a_first_level_unit_in_force_with_its_district_inside():
    assert "region" in codes(region_kind="district")
    assert "region_in_force" in codes(region_to=DAY - dt.timedelta(days=1))
    assert "district" in codes(district_id=11, district_path="/KZ-55/KZ-55-1/", district_from=dt.date(1990, 1, 1))
    assert "district" not in codes(district_id=11, district_path="/KZ-59/KZ-59-1/", district_from=dt.date(1990, 1, 1))
    assert "district_in_force" in codes(district_id=11, district_path="/KZ-59/KZ-59-1/",
                                        district_from=DAY + dt.timedelta(days=1))
    assert {("missing", "street")} <= {(c, f) for _r, c, f in broken(base(street="  "))}
    assert "premises" in codes(premises="castle")


def test_the_standard_procedure_needs_a_valid_owner_iin_and_consent():
    assert "owner_iin" in codes(owner_iin="900517300018")
    assert "consent" in codes(owner_consent=False)


def test_the_simplified_procedure_needs_a_contract_with_this_employer_at_the_place_of_work():
    simplified = dict(procedure="simplified", owner_iin="", owner_consent=False)
    assert "no_contract" in codes(**simplified)
    contract = dict(contract_id=5, contract_employer_bin="123456789012", contract_region_path="/KZ-59/",
                    contract_region_kk="Солтүстік Қазақстан облысы", contract_region_ru="Северо-Казахстанская область",
                    contract_region_en="North Kazakhstan region")
    assert codes(**simplified, **contract) == set()
    assert "contract_employer" in codes(**simplified, **contract, employer_bin="999999999999")
    assert "contract_place" in codes(**simplified, **{**contract, "contract_region_path": "/KZ-55/"})


def test_model_law_art_13_p_2_a_displaced_person_temporarily_for_at_most_the_laws_months():
    pref = dict(procedure="preferential", owner_iin="", owner_consent=False, decision_number="17",
                decision_date=DAY - dt.timedelta(days=3))
    limit = rules.add_months(DAY, LAW.displaced_person_max_months)
    assert codes(**pref, kind="temporary", valid_until=limit) == set()
    assert "displaced" in codes(**pref, kind="temporary", valid_until=limit + dt.timedelta(days=1))
    assert "displaced" in codes(**pref, kind="permanent")
    assert "decision" in codes(**{**pref, "decision_number": ""}, kind="temporary", valid_until=limit)
    assert "decision_after" in codes(**{**pref, "decision_date": DAY + dt.timedelta(days=1)}, kind="temporary",
                                     valid_until=limit)


def test_a_permanent_registration_does_not_go_back_before_the_active_one():
    assert "older" in codes(active_registered_on=DAY + dt.timedelta(days=1), arrival_date=DAY - dt.timedelta(days=1))
    assert "older" not in codes(active_registered_on=DAY)


def test_within_a_file_a_repeated_row_and_a_second_move_the_same_day_are_refused():
    first = base(row=1, natural_key="a")
    assert broken(first, base(row=2, natural_key="a"), set_rules=True) == {(2, "duplicate", "iin")}
    assert broken(first, base(row=2, natural_key="b"), set_rules=True) == {(2, "same_day", "registered_on")}


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)), (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2025, 3, 10), 12, dt.date(2026, 3, 10))])
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert rules.add_months(day, months) == expected
