"""Weights from the command line and the job queue, as for a survey too large to wait for in a page."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geo.services import load_population
from surveys import services, tasks
from surveys.demo import interview
from surveys.models import Submission, WeightingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviews(survey, enumerator):
    load_population()
    rng = random.Random(3)
    for serial in range(40):
        answers = interview(rng, "KZ-59", serial)
        services.submit(actor=enumerator, version=survey.current_version, answers=answers, lang="en")
    return survey


def test_the_command_weights_a_survey(interviews, researcher, capsys):
    call_command("survey_weights", "koshi_migrants", "--as", researcher.username)
    assert "interviews weighted" in capsys.readouterr().out
    assert not Submission.objects.filter(data__consent="yes", weight__isnull=True).exists()
    with pytest.raises(CommandError):
        call_command("survey_weights", "no_such_form", "--as", researcher.username)


def test_the_queued_task_weights_a_survey(interviews, researcher, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = tasks.compute_weights.enqueue(interviews.pk, researcher.pk)
    assert result.return_value["n"] == Submission.objects.filter(data__consent="yes").count()
    assert WeightingRun.objects.get(pk=result.return_value["run"]).actor == researcher
