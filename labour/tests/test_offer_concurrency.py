"""On PostgreSQL: people accepting offers for the same vacancy at once never fill more places than it has."""

import datetime as dt

import pytest

from accounts.testing import a_person_in, a_user
from labour.models import JobOffer, MatchProposal, MatchRun, Vacancy, VacancyStatus
from labour.services import Conflict, answer_offer, decide_proposal
from lib.testing import at_once

from .conftest import a_vacancy, an_employer_in

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_twelve_simultaneous_acceptances_of_three_places_fill_exactly_three():
    vacancy = a_vacancy(an_employer_in("KZ-59"), places=3)
    officer = a_user("officer", scope="KZ-59")
    run = MatchRun.objects.create(on=dt.date(2026, 11, 25), region=vacancy.region)
    people = [a_person_in("KZ-61") for _ in range(12)]
    for person in people:
        proposal = MatchProposal.objects.create(run=run, vacancy=vacancy, person=person, score=50,
                                                parts={"occupation": 40, "wage": 10, "housing": 0, "region": 0})
        decide_proposal(proposal, accept=True, actor=officer)
    offers = list(JobOffer.objects.filter(vacancy=vacancy))

    def accept(offer) -> str:
        try:
            answer_offer(offer, accept=True, actor="test")
        except Conflict as exc:
            return f"refused:{exc.state}"
        return "accepted"

    outcomes = at_once(accept, offers)
    vacancy.refresh_from_db()
    assert outcomes.count("accepted") == 3
    assert all(o.startswith("refused:") for o in outcomes if o != "accepted"), outcomes
    assert vacancy.places_filled == 3 and vacancy.status == VacancyStatus.FILLED
    assert Vacancy.objects.filter(places_filled__gt=3).count() == 0
