import random

import pytest

from law import demo
from law.models import Decision

pytestmark = pytest.mark.django_db


def test_the_demo_records_decisions_and_one_re_decision():
    messages: list[str] = []
    demo.seed(rng=random.Random(1), scale=0.1, log=messages.append)
    assert Decision.objects.count() == 6
    assert Decision.objects.filter(supersedes__isnull=False).count() == 1
    assert "6 decisions" in messages[0]
