"""The pro-rata refund (model law art. 11(2)) and vectorised population runs with reforms."""

import datetime as dt

import numpy as np
import pytest

from law.evaluation import evaluate_relocation
from law.inputs import LawInputError
from law.population import simulate_population
from law.refunds import subsidy_refund


def test_leaving_halfway_refunds_half_the_subsidy_rounded_down():
    r = subsidy_refund(on=dt.date(2026, 1, 1), subsidy_kzt=605_500, arrival=dt.date(2023, 1, 1),
                                departure=dt.date(2025, 7, 2))
    assert (r.amount_kzt, r.article) == (302_750, "model-law/art-11/p-2")


def test_staying_five_years_refunds_nothing():
    r = subsidy_refund(on=dt.date(2028, 2, 1), subsidy_kzt=605_500, arrival=dt.date(2023, 1, 1),
                                departure=dt.date(2028, 1, 1))
    assert r.amount_kzt == 0


def test_a_departure_before_arrival_is_refused():
    with pytest.raises(LawInputError) as info:
        subsidy_refund(on=dt.date(2026, 1, 1), subsidy_kzt=1, arrival=dt.date(2025, 1, 2),
                                departure=dt.date(2025, 1, 1))
    assert info.value.field == "departure"


def test_a_70_to_100_mci_reform_costs_30_mci_per_eligible_person():
    sizes = np.array([1, 2, 3, 4, 5])
    out = simulate_population(on=dt.date(2026, 3, 1), families={"members": sizes},
                                       reform={"relocation.subsidy_mci_per_member": 100})
    assert out["persons"] == 15 and out["baseline"]["eligible_persons"] == 15
    assert out["baseline"]["totals_kzt"]["relocation_subsidy"] == 15 * 70 * 4325
    assert out["difference_kzt"]["relocation_subsidy"] == 15 * 30 * 4325
    assert out["difference_kzt"]["rent_compensation_total"] == 0


def test_a_population_run_agrees_with_single_family_calls():
    on = dt.date(2026, 3, 1)
    families = {"members": np.array([3, 1]), "arrival_region": np.array(["KZ-55", "KZ-15"]),
                "settlement_type": np.array(["city", "rural"])}
    out = simulate_population(on=on, families=families)
    single = evaluate_relocation(
        on=on, members=[{"birth_date": "1996-03-01", "citizenship": "KZ", "status": "job_seeker",
                         "months_registered_in_departure_region": 24, "relation": "head" if i == 0 else "child"}
                        for i in range(3)],
        departure_region="KZ-61", arrival_region="KZ-55", settlement_type="city")
    expected = sum(a.amount_kzt for a in single.entitlements if a.name != "rent_compensation_monthly")
    assert out["baseline"]["eligible_families"] == 1
    assert out["baseline"]["totals_kzt"]["total"] == expected


def test_a_reform_of_an_unknown_parameter_is_refused():
    with pytest.raises(LawInputError):
        simulate_population(on=dt.date(2026, 3, 1), families={"members": np.array([1])},
                                     reform={"relocation.nothing": 1})
