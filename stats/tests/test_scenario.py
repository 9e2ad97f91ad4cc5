"""The subsidy scenario runs as an OpenFisca reform over applicant families in sending regions."""

import pytest

from accounts.testing import a_person_in
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


def test_the_scenario_page_shows_cost_and_flows_labelled_as_a_model_estimate(client, shipped):
    from accounts.roles import Role
    from accounts.testing import a_user

    a_person_in("KZ-31")
    client.force_login(a_user(Role.MINISTRY))
    html = client.get("/stats/scenario/", {"subsidy_mci": 100}).content.decode()
    assert 'id="scenario-cost"' in html and 'id="scenario-flows"' in html
    assert "model estimate" in html and "elasticity" in html
