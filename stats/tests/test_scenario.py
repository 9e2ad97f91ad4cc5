"""The subsidy scenario runs as an OpenFisca reform over applicant families in sending regions."""

import pytest

from accounts.roles import Role
from accounts.testing import a_person_in, a_user
from stats.scenario import run_subsidy_scenario

pytestmark = pytest.mark.django_db


def test_raising_the_subsidy_from_70_to_100_mci_raises_the_cost(shipped):
    for _ in range(3):
        a_person_in("KZ-61")
    result = run_subsidy_scenario(new_subsidy_mci=100)
    assert result["current_mci"] == 70 and result["families"] >= 3
    assert result["cost_change_kzt"] > 0
    assert result["support_change_pct"] > 0
    assert result["flows"].height > 0 and (result["flows"]["change"] >= 0).all()


def test_the_reform_changes_only_the_subsidy_by_30_mci_per_member_of_an_eligible_family(shipped):
    for _ in range(4):
        a_person_in("KZ-61")
    result = run_subsidy_scenario(new_subsidy_mci=100)
    sim = result["simulation"]
    assert sim["reform_parameters"] == {"relocation.subsidy_mci_per_member": 100}
    assert result["on"].year == 2026
    mci = 4_325  # the MCI of 2026 (law on the republican budget 2026-2028): 30 more MCI per person
    persons = sim["reform"]["eligible_persons"]
    assert persons > 0
    assert sim["difference_kzt"]["relocation_subsidy"] == 30 * mci * persons == result["cost_change_kzt"]
    assert sim["difference_kzt"]["rent_compensation_total"] == sim["difference_kzt"]["housing_certificate"] == 0
    # flows: baseline x elasticity 0.5 x relative change of support per family (stated as the model's assumption)
    flows = result["flows"]
    expected = flows["baseline"] * 0.5 * result["support_change_pct"] / 100
    assert (flows["change"] - expected).abs().max() < 1e-9 and result["elasticity"] == 0.5


def test_the_scenario_page_shows_cost_and_flows_labelled_as_a_model_estimate(client, shipped):
    a_person_in("KZ-31")
    client.force_login(a_user(Role.MINISTRY))
    html = client.get("/stats/scenario/", {"subsidy_mci": 100}).content.decode()
    assert 'id="scenario-cost"' in html and 'id="scenario-flows"' in html
    assert "model estimate" in html and "elasticity" in html
    # regions only, with their total last; the bases in words, not the names of tables
    assert "<td>KZ</td>" not in html and "All receiving regions" in html
    assert "labour.JobSeeker" not in html and "regions.sending" not in html
