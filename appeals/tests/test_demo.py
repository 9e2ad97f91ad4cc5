"""The appeals demo: appeals against refusals (one upheld by the ministry, not by the officer who refused) and
against a refund (open: recovery paused), grievances with one overdue; work in the queues."""

import random

import pytest

from accounts.models import User
from appeals import work_queue
from appeals.models import Appeal, Grievance
from relocation.models import Application, Debt
from relocation.states import State

pytestmark = pytest.mark.django_db


def test_the_demo_has_appeals_and_grievances_and_work_in_the_queues():
    import importlib

    for room in ("geo", "people", "accounts", "law", "labour", "registry", "relocation", "fund", "appeals"):
        importlib.import_module(f"{room}.demo").seed(rng=random.Random(2026), scale=0.0002, log=lambda *_: None)
    upheld = Appeal.objects.get(status="upheld")
    assert upheld.decided_by.username == "ministry" and upheld.decision_author.username == "officer"
    assert Application.objects.get(pk=upheld.application_id).state in (State.APPROVED, State.WAITING)
    against_debt = Appeal.objects.get(subject__in=["refund", "breach"], status="open")
    concerned = Debt.objects.filter(application=against_debt.application_id, status="open")
    assert all(d.recovery == Debt.Recovery.PAUSED for d in concerned)
    assert Grievance.objects.filter(status="answered").count() == 1
    officer, ministry = User.objects.get(username="officer"), User.objects.get(username="ministry")
    grievances = {s.title: s for s in work_queue.sections(officer)}["Grievances to answer"]
    assert any(i.overdue for i in grievances.items)
    assert "Appeals to decide" in [s.title for s in work_queue.sections(ministry)]
    assert "Appeals to decide" not in [s.title for s in work_queue.sections(officer)]  # the officer's own refusals
