"""A matching run from the register: proposals explain their score, officers decide, people answer offers."""

import datetime as dt

import pytest

from accounts.testing import a_person_in, a_user
from labour.models import JobOffer, MatchProposal, OfferStatus, ProposalStatus, VacancyStatus
from labour.selectors import matching_candidates, proposals_to_review, receiving_regions
from labour.services import Conflict, answer_offer, decide_proposal, register_job_seeker, run_matching

from .conftest import a_vacancy, an_employer_in, occupation, region

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)


def a_seeker(code="KZ-61", occ="72", wage=200_000, family=1, prefs=("KZ-59",), since=dt.date(2026, 1, 10)):
    person = a_person_in(code)
    seeker = register_job_seeker(person, unit=region(code), registered_on=since)
    seeker.occupation = occupation(occ)
    seeker.previous_wage_kzt = wage
    seeker.family_size = family
    seeker.preferred_regions = list(prefs)
    seeker.save()
    return person


def test_north_kazakhstan_receives_and_turkistan_does_not_on_the_run_date():
    regions = receiving_regions(DAY)
    assert "KZ-59" in regions and "KZ-61" not in regions


def test_a_run_proposes_the_best_assignment_and_explains_each_score():
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer, occupation_code="72", places=1, wage_kzt=250_000)
    welder = a_seeker(occ="72", wage=200_000)
    a_seeker(occ="74", wage=200_000)
    officer = a_user("officer", scope="KZ-59")
    run = run_matching(on=DAY, region=region("KZ-59"), actor=officer)
    proposal = MatchProposal.objects.get(run=run)
    assert proposal.person == welder and proposal.vacancy == vacancy
    # same sub-major 40, 250,000/200,000 = 1.25 -> 25, single person without housing 0, first preference 20
    assert proposal.parts == {"occupation": 40, "wage": 25, "housing": 0, "region": 20}
    assert proposal.score == 85 == run.objective


def test_vacancies_of_a_region_that_is_not_receiving_on_the_date_are_left_out():
    south = an_employer_in("KZ-61", name="Shymkent Textile", serial=3)
    vacancy = a_vacancy(south, code="KZ-61")
    a_seeker(prefs=())
    run = run_matching(on=DAY, region=None, actor=a_user("ministry"))
    assert run.excluded == [vacancy.pk]
    assert not MatchProposal.objects.filter(run=run).exists()


def test_accepting_a_proposal_makes_an_offer_and_an_accepted_offer_takes_a_place():
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer, places=1)
    person = a_seeker()
    citizen = a_user("citizen", person=person)
    officer = a_user("officer", scope="KZ-59")
    run_matching(on=DAY, region=region("KZ-59"), actor=officer)
    proposal = proposals_to_review(officer).get()
    decide_proposal(proposal, accept=True, actor=officer)
    offer = JobOffer.objects.get(person=person)
    assert offer.status == OfferStatus.PENDING
    with pytest.raises(Conflict) as caught:
        decide_proposal(proposal, accept=False, actor=officer)
    assert caught.value.state == ProposalStatus.ACCEPTED
    answer_offer(offer, accept=True, actor=citizen)
    vacancy.refresh_from_db()
    assert vacancy.places_filled == 1 and vacancy.status == VacancyStatus.FILLED
    with pytest.raises(Conflict):
        answer_offer(offer, accept=False, actor=citizen)


def test_a_declined_offer_leaves_the_place_free_for_the_next_run():
    employer = an_employer_in("KZ-59")
    vacancy = a_vacancy(employer, places=1)
    person = a_seeker()
    officer = a_user("officer", scope="KZ-59")
    run_matching(on=DAY, region=region("KZ-59"), actor=officer)
    decide_proposal(proposals_to_review(officer).get(), accept=True, actor=officer)
    # while the offer waits, the place is held: a second run proposes nobody for it
    assert not MatchProposal.objects.filter(run=run_matching(on=DAY, region=region("KZ-59"), actor=officer)).exists()
    answer_offer(JobOffer.objects.get(person=person), accept=False, actor=a_user("citizen", person=person))
    vacancy.refresh_from_db()
    assert vacancy.places_filled == 0 and vacancy.status == VacancyStatus.OPEN


def test_provider_candidates_and_quota_caps_join_the_run(settings):
    employer = an_employer_in("KZ-59")
    a_vacancy(employer, places=3)
    participants = [a_person_in("KZ-61") for _ in range(3)]
    calls = []

    def provider(*, on, region):
        calls.append((on, region))
        return {"candidates": [{"key": str(p.pk), "occupation": "72", "family_size": 3,
                                "preferred_regions": ["KZ-59"], "source": "relocation"} for p in participants],
                "quotas": {"KZ-59": 2}}

    import sys
    import types

    module = types.ModuleType("labour_test_provider")
    module.provider = provider
    sys.modules["labour_test_provider"] = module
    settings.KOSHI_LABOUR_MATCHING_PROVIDERS = ["labour_test_provider.provider"]
    candidates, quotas, sources = matching_candidates(on=DAY, region=region("KZ-59"))
    assert len(candidates) == 3 and quotas == {"KZ-59": 2} and calls == [(DAY, "KZ-59")]
    run = run_matching(on=DAY, region=region("KZ-59"), actor=a_user("officer", scope="KZ-59"))
    proposals = MatchProposal.objects.filter(run=run)
    assert proposals.count() == 2  # three places, three people, a quota of two
    assert {p.source for p in proposals} == {"relocation"}


def test_an_employer_sees_only_the_candidates_of_its_own_vacancies():
    mine = an_employer_in("KZ-59")
    other = an_employer_in("KZ-59", name="Petropavl Heavy Machinery", serial=2)
    a_vacancy(mine, places=1)
    a_vacancy(other, places=1)
    a_seeker()
    a_seeker()
    run_matching(on=DAY, region=region("KZ-59"), actor=a_user("officer", scope="KZ-59"))
    seen = MatchProposal.objects.visible_to(mine.users.first())
    assert seen.count() == 1 and seen.get().vacancy.employer == mine
    assert MatchProposal.objects.visible_to(a_user("officer", scope="KZ-55")).count() == 0


def test_whether_a_regions_vacancies_enter_the_run_follows_the_receiving_list_on_the_runs_date():
    # Akmola (KZ-11) receives resettlers from 1 January 2020 (regions/receiving.yaml; Enbek programme)
    from accounts.testing import unit
    from labour.services import post_vacancy

    akmola = unit("KZ-11")
    employer = an_employer_in("KZ-59")
    vacancy = post_vacancy(employer=employer, title="Tractor driver", region=akmola, settlement="Kokshetau",
                           occupation=occupation("83"), places=1, wage_kzt=150_000, starts_on=dt.date(2020, 1, 15),
                           closes_on=dt.date(2020, 2, 1), actor=employer.users.first(), today=dt.date(2019, 12, 1))
    a_seeker(occ="83", prefs=(), since=dt.date(2019, 6, 1))
    ministry = a_user("ministry")
    before = run_matching(on=dt.date(2019, 12, 31), region=None, actor=ministry)
    assert before.excluded == [vacancy.pk] and not MatchProposal.objects.filter(run=before).exists()
    after = run_matching(on=dt.date(2020, 1, 1), region=None, actor=ministry)
    assert after.excluded == [] and MatchProposal.objects.get(run=after).vacancy == vacancy
