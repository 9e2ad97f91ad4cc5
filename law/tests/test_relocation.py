"""law.services.evaluate_relocation: published figures, each condition with its article, dated law."""

import datetime as dt

import pytest

from law import services

from .conftest import DAY_2026, member


def evaluate(on=DAY_2026, members=None, dep="KZ-61", arr="KZ-59", settlement="rural", **kw):
    return services.evaluate_relocation(on=on, members=[member()] if members is None else members, departure_region=dep,
                                        arrival_region=arr, settlement_type=settlement, **kw)


def amount(result, name):
    return next(a.amount_kzt for a in result.entitlements if a.name == name)


def test_seventy_mci_per_person_is_275240_tenge_in_2025_and_302750_in_2026():
    assert amount(evaluate(on=dt.date(2025, 6, 1)), "relocation_subsidy") == 275_240
    assert amount(evaluate(), "relocation_subsidy") == 302_750


def test_the_subsidy_counts_the_head_and_every_member(family):
    assert amount(evaluate(members=family), "relocation_subsidy") == 3 * 302_750


def test_rent_compensation_in_2026_runs_from_64875_to_129750_tenge_a_month():
    small = evaluate(settlement="rural")
    large = evaluate(settlement="city", members=[member()] + [member("2010-01-01", "child", "none", 0)] * 4)
    assert amount(small, "rent_compensation_monthly") == 64_875
    assert amount(large, "rent_compensation_monthly") == 129_750
    assert amount(large, "rent_compensation_total") == 12 * 129_750


def test_the_2026_certificate_cap_is_7028125_tenge():
    assert amount(evaluate(), "housing_certificate") == 7_028_125
    assert amount(evaluate(housing_price_kzt=5_000_000), "housing_certificate") == 5_000_000


def test_the_same_family_gets_different_amounts_in_2021_2022_and_2026(family):
    amounts = [amount(evaluate(on=day, members=family), "relocation_subsidy")
               for day in (dt.date(2021, 6, 1), dt.date(2022, 6, 1), dt.date(2026, 6, 1))]
    assert amounts == [3 * 35 * 2917, 3 * 70 * 3180, 3 * 70 * 4325]


def test_amounts_are_python_ints_in_whole_tenge():
    for a in evaluate().entitlements:
        assert type(a.amount_kzt) is int


@pytest.mark.parametrize("change, failing, article", [
    ({"citizenship": "UZ"}, "applicant_is_citizen", "model-law/art-10/p-1"),
    ({"birth": "2010-01-01"}, "applicant_is_of_age", "model-law/art-10/p-1"),
    ({"status": "employed"}, "applicant_is_job_seeker_or_unemployed", "model-law/art-10/p-1"),
    ({"months": 11}, "applicant_registered_long_enough", "model-law/art-10/p-1"),
    ({"dep": "KZ-15"}, "departure_region_is_sending", "model-law/art-4/p-2"),
    ({"arr": "KZ-15"}, "arrival_region_is_receiving", "model-law/art-4/p-3"),
    ({"free": 0}, "arrival_region_has_quota", "model-law/art-5/p-1"),
])
def test_each_condition_fails_alone_with_its_article(change, failing, article):
    head = {k: v for k, v in change.items() if k in ("citizenship", "birth", "status", "months")}
    result = evaluate(members=[member(**head)], dep=change.get("dep", "KZ-61"), arr=change.get("arr", "KZ-59"),
                      quota_free_places=change.get("free"))
    failed = [c for c in result.conditions if not c.passed]
    assert [c.name for c in failed] == [failing]
    assert failed[0].article == article
    assert result.eligible is False
    assert all(a.amount_kzt == 0 for a in result.entitlements)


def test_every_condition_and_amount_names_an_article_of_the_acts():
    from law import acts

    result = evaluate()
    for item in result.conditions + result.entitlements:
        assert acts.get(item.article) is not None, item


def test_the_parameters_read_carry_value_effective_date_and_reference():
    result = evaluate()
    by_path = {p.path: p for p in result.parameters}
    subsidy = by_path["relocation.subsidy_mci_per_member"]
    assert (subsidy.value, subsidy.effective_from) == (70, dt.date(2022, 1, 1))
    assert subsidy.reference["href"]
    assert by_path["mci.social_payments"].value == 4325
    assert "regions.receiving.KZ_59" in by_path


def test_a_decision_after_a_parameters_last_confirmation_is_flagged():
    result = evaluate(on=dt.date(2026, 12, 1))
    assert any(f.startswith("parameter registration") or "not confirmed after" in f for f in result.flags)
    assert "parameter relocation.subsidy_mci_per_member not confirmed after 2025-12-30" in result.flags


@pytest.mark.parametrize("kwargs, field", [
    ({"arr": "KZ-99"}, "arrival_region"),
    ({"dep": "Turkistan"}, "departure_region"),
    ({"on": dt.date(2016, 12, 31)}, "date"),
    ({"on": dt.date(2027, 1, 1)}, "date"),
    ({"arr": "KZ-10", "on": dt.date(2022, 6, 7)}, "arrival_region"),
    ({"settlement": "metropolis"}, "settlement_type"),
    ({"members": []}, "members"),
    ({"members": [member(relation="spouse")]}, "members"),
    ({"members": [member(), member(relation="head")]}, "members"),
    ({"members": [member(birth="1990-13-01")]}, "members[0].birth_date"),
    ({"members": [member(), member(birth="2030-01-01", relation="child")]}, "members[1].birth_date"),
    ({"members": [member(status="retired")]}, "members[0].status"),
    ({"members": [member(months=-1)]}, "members[0].months_registered_in_departure_region"),
    ({"members": [member(citizenship="")]}, "members[0].citizenship"),
    ({"housing_price_kzt": -5}, "housing_price_kzt"),
])
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(services.LawInputError) as info:
        evaluate(**kwargs)
    assert info.value.field == field


def test_results_are_frozen():
    result = evaluate()
    with pytest.raises(AttributeError):
        result.eligible = False  # type: ignore[misc]
