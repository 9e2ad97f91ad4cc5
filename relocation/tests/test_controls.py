"""Issue 17 in the programme: duplicate and repeat participation caught at submission and at approval, overrides
that need two different people, decisions and orders that replay from their snapshots, and agreements committed
against the region's budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.testing import a_person_in, an_officer_of, unit
from labour.models import JobSeeker
from law.evaluation import evaluate_relocation
from people.models import FamilyMember
from relocation import participation, services, snapshots
from relocation.models import (
    ApplicationMember,
    Budget,
    Debt,
    DecisionSnapshot,
    ParticipationOverride,
    PaymentOrder,
)
from relocation.states import State

from .conftest import SUBMITTED, a_budget, a_family, register_permanent

pytestmark = pytest.mark.django_db

MCI_2026 = 4_325  # tenge (law-facts.md §2: 70 MCI = 302,750 tenge)


def draft(citizen, settlement: str = "town"):
    return services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                       departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                       settlement_type=settlement)


def in_review(citizen, officer, settlement: str = "town"):
    app = draft(citizen, settlement)
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    return app


# --- duplicates and repeat participation ------------------------------------------------------------------

def test_a_person_on_two_open_applications_is_refused_at_submission_until_two_officers_override(officer, quota):
    first = a_family()
    in_review(first, officer)
    second = a_family()
    app = draft(second)
    spouse_of_first = ApplicationMember.objects.filter(application__applicant=first.person,
                                                       relation="spouse").get().person
    ApplicationMember.objects.create(application=app, person=spouse_of_first, relation="other")
    with pytest.raises(services.ParticipationRefused) as refused:
        services.submit(app, actor=second, on=SUBMITTED)
    assert refused.value.status == 409 and refused.value.code == "participation_refused"
    assert spouse_of_first.iin in refused.value.message and "model-law/art-10/p-1" in refused.value.message
    app.refresh_from_db()
    assert app.state == State.DRAFT
    other = an_officer_of("KZ-59")
    override = services.request_override(app, actor=officer, code="open_application", person=spouse_of_first,
                                         reason="the spouse withdrew from the first family's move; papers checked")
    with pytest.raises(services.Conflict):  # the same officer cannot approve their own request
        services.approve_override(override, actor=officer)
    with pytest.raises(services.ParticipationRefused):  # not yet in force
        services.submit(app, actor=second, on=SUBMITTED)
    services.approve_override(override, actor=other)
    services.submit(app, actor=second, on=SUBMITTED)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert app.transitions.filter(name="override", actor=other).exists()


def test_a_person_in_another_applicants_register_family_is_held_for_review_then_approved_after_override(officer,
                                                                                                         quota):
    first = a_family()
    in_review(first, officer)
    second = a_family()
    app = draft(second)
    child = ApplicationMember.objects.filter(application=app, relation="child").get().person
    # the people register also holds this child in the first applicant's family
    first_family = first.person.headed_families.get()
    FamilyMember.objects.create(family=first_family, person=child, relation="child")
    services.submit(app, actor=second, on=SUBMITTED)  # submitted, but held
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert "Held for review" in app.transitions.get(name="submit").reason
    services.forward(app, actor=officer)
    with pytest.raises(services.ParticipationRefused) as held:
        services.approve(app, actor=officer)
    assert held.value.code == "participation_held" and child.iin in held.value.message
    override = services.request_override(app, actor=officer, code="two_families", person=child,
                                         reason="custody: the child lives with the second family")
    services.approve_override(override, actor=an_officer_of("KZ-59"))
    services.approve(app, actor=officer)
    app.refresh_from_db()
    assert app.state == State.APPROVED


def test_a_family_that_breached_and_owes_a_refund_is_refused_and_one_within_its_obligations_too(officer, quota):
    citizen = a_family()
    app = in_review(citizen, officer)
    services.approve(app, actor=officer)
    services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                            job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
    register_permanent(citizen.person, "KZ-59", arrival=dt.date(2026, 4, 1))
    services.confirm_arrival(app, actor=officer)
    found = participation.findings(app, on=dt.date(2026, 6, 1))
    assert found == []  # its own application is not a duplicate of itself
    # a new application of the spouse's, while the family is under its five-year obligation
    spouse = ApplicationMember.objects.get(application=app, relation="spouse").person
    from accounts.testing import a_user

    spouse_user = a_user("citizen", person=spouse)
    other = draft(spouse_user)
    codes = {f.code for f in participation.findings(other, on=dt.date(2026, 6, 1))}
    assert "recent_participation" in codes
    # the family breaches and owes a refund
    order = PaymentOrder.objects.create(application=app, beneficiary=citizen.person, region=unit("KZ-59"),
                                        measure=PaymentOrder.Measure.REFUND, period_start=dt.date(2026, 10, 1),
                                        period_end=dt.date(2026, 10, 20), amount_kzt=100_000,
                                        article="model-law/art-11/p-2", due_on=dt.date(2026, 11, 20))
    Debt.objects.create(application=app, refund_order=order, debtor=citizen.person, region=unit("KZ-59"),
                        amount_kzt=100_000, arrival=dt.date(2026, 4, 1), departure=dt.date(2026, 10, 1),
                        days_served=183, days_owed=1826, subsidy_paid_kzt=908_250, article="model-law/art-11/p-2",
                        rules_version="test", computed_on=dt.date(2026, 10, 21), due_on=dt.date(2026, 11, 20),
                        limitation_on=dt.date(2029, 11, 20))
    found = participation.findings(other, on=dt.date(2026, 11, 1))
    assert {"recent_participation", "unpaid_refund", "receiving_measure"} <= {f.code for f in found}
    with pytest.raises(services.ParticipationRefused) as refused:
        services.submit(other, actor=spouse_user, on=dt.date(2026, 11, 1))
    assert "100000" in refused.value.message and "model-law/art-11/p-2" in refused.value.message


def test_the_database_refuses_an_override_approved_by_the_officer_who_asked_for_it(officer, quota):
    citizen = a_family()
    app = draft(citizen)
    override = services.request_override(app, actor=officer, code="two_families", person=citizen.person,
                                         reason="checked")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationOverride.objects.filter(pk=override.pk).update(
            status="approved", approved_by=officer, approved_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():  # approved without an approver
        ParticipationOverride.objects.filter(pk=override.pk).update(status="approved")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["request", "approve"]), st.integers(0, 2), st.integers(0, 2),
                                st.sampled_from(sorted(participation.CHECKS))), min_size=1, max_size=12))
def test_every_override_in_force_carries_two_distinct_users_whatever_the_sequence(officer, quota, steps):
    citizen = a_family(children=1)
    app = draft(citizen)
    officers = [officer, an_officer_of("KZ-59"), an_officer_of("KZ-59")]
    members = list(app.members.select_related("person"))
    for action, who, member, code in steps:
        person = members[member % len(members)].person
        try:
            if action == "request":
                services.request_override(app, actor=officers[who], code=code, person=person, reason="reviewed")
            else:
                o = ParticipationOverride.objects.filter(application=app, code=code, person=person).first()
                if o is not None:
                    services.approve_override(o, actor=officers[who])
        except services.Conflict:
            pass
        for o in ParticipationOverride.objects.filter(application=app):
            if o.status == ParticipationOverride.Status.APPROVED:
                assert o.approved_by_id is not None and o.approved_by_id != o.requested_by_id
            else:
                assert o.approved_by_id is None


# --- snapshots --------------------------------------------------------------------------------------------

def test_a_change_to_the_family_after_the_decision_changes_neither_the_replayed_decision_nor_the_orders(officer,
                                                                                                        quota):
    citizen = a_family(children=1)
    app = in_review(citizen, officer)
    services.approve(app, actor=officer)
    app.refresh_from_db()
    snap = DecisionSnapshot.objects.get(decision=app.decision)
    assert [m["person_id"] for m in snap.family] == list(app.members.order_by("id").values_list("person_id",
                                                                                              flat=True))
    assert snap.money["entitlements"]["relocation_subsidy"] == 3 * 70 * MCI_2026  # three members × 70 MCI
    services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                            job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
    register_permanent(citizen.person, "KZ-59", arrival=dt.date(2026, 4, 1))
    services.confirm_arrival(app, actor=officer)
    subsidy = app.payment_orders.get(measure=PaymentOrder.Measure.RELOCATION_SUBSIDY)
    assert subsidy.snapshot["snapshot"] == snap.pk and subsidy.snapshot["entitlement"] == "relocation_subsidy"
    rent = app.payment_orders.filter(measure=PaymentOrder.Measure.RENT_COMPENSATION).first()
    assert rent.snapshot["parameters"][0]["path"] == "relocation.rent_compensation.months"

    # the family changes afterwards: a new member, and the head's job-seeker record rewritten
    ApplicationMember.objects.create(application=app, person=a_person_in("KZ-61", birth_date=dt.date(1960, 1, 1)),
                                     relation="parent")
    JobSeeker.objects.filter(person=citizen.person).update(registered_on=dt.date(2026, 9, 1))
    live = evaluate_relocation(on=SUBMITTED, members=services.law_members(app), departure_region="KZ-61",
                               arrival_region="KZ-59", settlement_type="town")
    assert not live.eligible  # read from the registers today, the family would no longer qualify

    replay = snapshots.replay_decision(snap)
    assert replay.same and replay.hash_matches, replay.differences
    assert snapshots.replay_order(subsidy).same and snapshots.replay_order(subsidy).hash_matches
    subsidy.refresh_from_db()
    assert subsidy.amount_kzt == 3 * 70 * MCI_2026  # the order already computed did not change

    # a changed amount is seen: the hash no longer matches and the replay names the difference
    PaymentOrder.objects.filter(pk=subsidy.pk).update(amount_kzt=subsidy.amount_kzt + 1)
    subsidy.refresh_from_db()
    tampered = snapshots.replay_order(subsidy)
    assert not tampered.hash_matches and not tampered.same


# --- budgets ----------------------------------------------------------------------------------------------

def test_signing_commits_the_total_support_and_an_agreement_beyond_the_budget_is_refused_naming_it(officer, quota):
    Budget.objects.filter(year=2026, region=unit("KZ-59")).delete()
    first, second = in_review(a_family(children=1), officer), in_review(a_family(children=1), officer)
    services.approve(first, actor=officer)
    services.approve(second, actor=officer)
    first.refresh_from_db()
    ent = {a["name"]: a["amount_kzt"] for a in first.decision.entitlements}
    total = ent["relocation_subsidy"] + 12 * ent["rent_compensation_monthly"] + ent["housing_certificate"]
    assert ent["relocation_subsidy"] == 3 * 70 * MCI_2026
    with pytest.raises(services.Conflict) as none:
        services.sign_agreement(first, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                                job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
    assert none.value.code == "no_budget"
    budget = a_budget("KZ-59", amount_kzt=2 * total - 1, year=2026)
    agreement = services.sign_agreement(first, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                                        job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
    budget.refresh_from_db()
    assert agreement.committed_kzt == total and budget.committed_kzt == total
    with pytest.raises(services.BudgetExceeded) as exceeded:  # one tenge short
        services.sign_agreement(second, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                                job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
    assert exceeded.value.status == 409 and "North Kazakhstan" in exceeded.value.message
    assert str(total - 1) in exceeded.value.message and "2026" in exceeded.value.message
    with pytest.raises(services.Conflict):  # the ministry cannot set the budget below what is committed
        services.enter_budget(actor="test", year=2026, region=unit("KZ-59"), amount_kzt=total - 1)
    services.cancel_agreement(first, actor=officer, reason="the family stays", on=dt.date(2026, 3, 25))
    budget.refresh_from_db()
    assert budget.committed_kzt == 0
    services.sign_agreement(second, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                            job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
