"""manage.py law_coverage: the report, and a non-zero exit when a rule lacks its reference."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from law.rules import tax_benefit_system


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("law_coverage", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_every_article_is_listed_with_its_rules_and_the_unimplemented_ones_are_named():
    text = run("--today", "2026-11-24")
    assert "model-law/art-6/p-1" in text and "relocation_subsidy" in text
    assert "Articles not implemented" in text and "model-law/art-16" in text
    assert "Parameters not confirmed within 365 days" in text and "registration.deadline_days" in text
    assert "0 reference problem(s)" in text


def test_a_variable_without_a_reference_makes_the_command_fail(monkeypatch):
    variable = tax_benefit_system().variables["relocation_subsidy"]
    monkeypatch.setattr(variable, "reference", [])
    with pytest.raises(CommandError):
        run()


def test_a_parameter_without_a_reference_makes_the_command_fail(monkeypatch):
    node = tax_benefit_system().parameters.relocation.subsidy_mci_per_member
    monkeypatch.setitem(node.metadata, "reference", None)
    with pytest.raises(CommandError):
        run()


def test_a_citation_of_an_unknown_article_makes_the_command_fail(monkeypatch):
    variable = tax_benefit_system().variables["relocation_subsidy"]
    monkeypatch.setattr(variable, "reference", ["model-law/art-99/p-1"])
    with pytest.raises(CommandError):
        run()


BROKEN = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koshi.settings")
django.setup()
from law.rules import tax_benefit_system
tax_benefit_system().variables["relocation_subsidy"].reference = []
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "law_coverage"])
"""


def test_the_exit_status_is_zero_when_complete_and_non_zero_on_a_missing_reference_from_the_command_line():
    ok = subprocess.run([sys.executable, "manage.py", "law_coverage"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    broken = subprocess.run([sys.executable, "-c", BROKEN], capture_output=True, text=True)
    assert broken.returncode != 0
    assert "relocation_subsidy" in broken.stdout + broken.stderr
