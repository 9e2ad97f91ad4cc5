"""Every transition a state does not allow is refused: 409 naming the state and the transition, never a 500,
and the state is left as it was (a table over all states × transitions, from relocation/states.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.testing import unit
from relocation import services
from relocation.models import Application
from relocation.states import BY_APPEAL, CITIZEN, TRANSITIONS, State

pytestmark = pytest.mark.django_db

# taken by resolve_flag when the officer confirms a flag, or by an appeal's decision and the waiting list
INTERNAL = {"breach"} | BY_APPEAL
FORBIDDEN = [(state, name) for state in State.values for name, t in TRANSITIONS.items() if state not in t.sources]


@pytest.fixture
def application(citizen):
    return services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                       departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                       settlement_type="rural")


def test_the_table_has_every_state_reachable_and_every_transition_forbidden_somewhere():
    targets = {t.target for t in TRANSITIONS.values()}
    assert set(State.values) - targets == {State.DRAFT}
    assert {name for _s, name in FORBIDDEN} == set(TRANSITIONS)
    assert len(FORBIDDEN) > 100


@pytest.mark.parametrize("state, name", FORBIDDEN)
def test_a_transition_the_state_does_not_allow_is_refused_with_409(state, name, application, citizen, officer):
    Application.objects.filter(pk=application.pk).update(state=state)  # set the scene
    actor = citizen if CITIZEN in TRANSITIONS[name].by else officer
    if name in INTERNAL:
        application.refresh_from_db()
        with pytest.raises(services.Conflict) as caught:
            services._move(application, name, actor=actor)
        assert caught.value.code == "transition_not_allowed"
    else:
        c = APIClient()
        c.force_authenticate(actor)
        r = c.post(f"/api/v1/relocation/applications/{application.pk}/transitions/{name}/",
                   {"reason": "x", "ground": "applicant_is_citizen", "planned_arrival": "2026-12-20",
                    "transport": "train", "job_or_training": "job", "housing_search": "rent"}, format="json")
        assert r.status_code == 409, r.content
        body = r.json()
        assert (body["state"], body["transition"], body["code"]) == (state, name, "transition_not_allowed")
        assert str(State(state).label) in body["detail"]
    assert Application.objects.get(pk=application.pk).state == state
    assert not application.transitions.filter(name=name).exists()
