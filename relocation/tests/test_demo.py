"""The demo data set makes the programme alive: applications in every state, the demo citizen's own application,
work in the demo officer's queue — every step through the services."""

import random

import pytest

from accounts.models import User
from relocation.models import Application
from relocation.states import State
from relocation.work_queue import sections

pytestmark = pytest.mark.django_db


def test_the_demo_has_applications_in_every_state_for_the_demo_users():
    import importlib

    for room in ("geo", "people", "accounts", "law", "labour", "registry", "relocation"):
        importlib.import_module(f"{room}.demo").seed(rng=random.Random(2026), scale=0.0002, log=lambda *_: None)
    # 'waiting' is reached only by an upheld appeal: the appeals room's demo (appeals/tests/test_demo.py)
    assert set(Application.objects.values_list("state", flat=True)) == set(State.values) - {State.WAITING}
    from relocation.models import Debt

    assert Debt.objects.filter(notices__delivered_on__isnull=False).exists()
    assert Debt.objects.filter(plans__active=True).exists() or not Debt.objects.filter(status="open").exists()
    citizen = User.objects.get(username="citizen")
    mine = Application.objects.visible_to(citizen, "view")
    assert mine.count() == 1 and mine.get().state == State.AGREEMENT_SIGNED
    assert mine.get().decision.eligible
    officer = User.objects.get(username="officer")
    titles = [s.title for s in sections(officer)]
    assert "Applications to forward" in titles and "Agreements to sign" in titles
