"""The demo leaves the fund alive: contributions, a paid batch, a batch awaiting approval, statements with figures."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import a_person_in, a_user
from fund import demo, reports, selectors
from fund.models import BatchStatus, Contribution, PaymentBatch
from fund.selectors import Span

from .helpers import a_family_of, a_participant_family, an_ended_contract, an_order

pytestmark = pytest.mark.django_db


def test_the_demo_pays_one_batch_and_leaves_one_for_the_controller():
    a_user(Role.ACCOUNTANT, username="accountant")
    a_user(Role.CONTROLLER, username="controller")
    today = timezone.localdate()
    for i in range(6):  # relocation's demo leaves orders due; these have no bank account yet
        an_order(a_person_in("KZ-61"), amount_kzt=276_800 + i, period_start=today - dt.timedelta(days=20 + i),
                 due_on=today - dt.timedelta(days=10))
    lines: list[str] = []
    demo.seed(rng=random.Random(1), scale=0.001, log=lines.append)
    assert Contribution.objects.count() >= 4
    assert PaymentBatch.objects.filter(status=BatchStatus.APPROVED).count() == 1
    assert PaymentBatch.objects.filter(status=BatchStatus.PREPARED).count() == 1
    span = Span(today.replace(month=1, day=1) if today.month > 2 else dt.date(today.year - 1, 10, 1), today)
    assert selectors.trial_balance(span).rows and selectors.trial_balance(span).difference == 0
    assert reports.flows(span).rows
    assert "fund:" in lines[-1]


def test_the_demo_insures_only_participant_families_and_pays_a_claim_on_the_labour_register():
    from fund.models import InsuranceClaim, InsurancePolicy

    a_user(Role.ACCOUNTANT, username="accountant")
    a_user(Role.CONTROLLER, username="controller")
    today = timezone.localdate()
    # relocation's demo leaves families under follow-up (one member's contract ended) and families outside
    lost_job = a_person_in("KZ-59")
    a_participant_family(lost_job, state="follow_up")
    an_ended_contract(lost_job, ended_on=today - dt.timedelta(days=10))
    signed = a_person_in("KZ-55")
    a_participant_family(signed, region="KZ-55", state="agreement_signed")
    approved, completed, outside = a_person_in("KZ-59"), a_person_in("KZ-59"), a_person_in("KZ-39")
    a_participant_family(approved, state="approved")
    a_participant_family(completed, state="completed")
    a_family_of(outside)
    demo.seed(rng=random.Random(1), scale=0.001, log=lambda _: None)
    assert set(InsurancePolicy.objects.values_list("holder_id", flat=True)) == {lost_job.pk, signed.pk}
    claim = InsuranceClaim.objects.get()
    assert claim.policy.holder == lost_job and claim.status == "approved"
    assert claim.job_lost_on == today - dt.timedelta(days=10)
