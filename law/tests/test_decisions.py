"""A Decision is an immutable record; a new decision on the same case points to the old one."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.audit import acting_as
from accounts.models import ChangeRecord
from accounts.testing import an_officer_of
from law import evaluation
from law.evaluation import recheck_decision
from law.models import Decision
from law.rules import rules_version, tax_benefit_system
from law.services import decide_relocation

from .conftest import member

pytestmark = pytest.mark.django_db


def decide(on=dt.date(2026, 3, 1), **kw):
    return decide_relocation(on=on, members=[member()], departure_region="KZ-61", arrival_region="KZ-59",
                                      settlement_type="rural", **kw)


def test_a_decision_stores_inputs_rules_version_parameters_and_result():
    d = decide(case="relocation.application:1")
    assert d.eligible and d.rules_version == rules_version()
    assert d.inputs["arrival_region"] == "KZ-59" and d.inputs["members"][0]["relation"] == "head"
    subsidy = next(p for p in d.parameters if p["path"] == "relocation.subsidy_mci_per_member")
    assert (subsidy["value"], subsidy["effective_from"]) == (70, "2022-01-01") and subsidy["reference"]
    assert next(e for e in d.entitlements if e["name"] == "relocation_subsidy")["amount_kzt"] == 302_750
    assert len(d.parameters_hash) == 64


def test_a_decision_after_a_parameters_confirmation_carries_the_flag():
    d = decide(on=dt.date(2026, 12, 1))
    assert "parameter relocation.subsidy_mci_per_member not confirmed after 2025-12-30" in d.flags


def test_a_decision_on_the_day_of_a_confirmation_is_not_flagged_for_it_and_the_next_day_is():
    on_the_day = decide(on=dt.date(2025, 12, 30))
    next_day = decide(on=dt.date(2025, 12, 31))
    flag = "parameter relocation.subsidy_mci_per_member not confirmed after 2025-12-30"
    assert flag not in on_the_day.flags and flag in next_day.flags


def test_a_decision_cannot_be_saved_again_updated_or_deleted():
    d = decide()
    d.note = "changed"
    with pytest.raises(PermissionError):
        d.save()
    with pytest.raises(PermissionError):
        Decision.objects.filter(pk=d.pk).update(note="changed")
    with pytest.raises(PermissionError):
        d.delete()
    with pytest.raises(PermissionError):
        Decision.objects.all().delete()


def test_the_database_itself_refuses_to_update_a_decision():
    d = decide()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE law_decision SET eligible = %s WHERE id = %s", [False, d.pk])
    assert Decision.objects.get(pk=d.pk).eligible is True


@pytest.mark.postgres_only
def test_postgresql_refuses_to_delete_a_decision():
    d = decide()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM law_decision WHERE id = %s", [d.pk])


def test_a_new_decision_supersedes_the_old_and_leaves_it_unchanged():
    first = decide(case="c1")
    second = decide(case="c1", supersedes=first)
    assert second.supersedes == first and second.chain == [second, first]
    first.refresh_from_db()
    assert first.eligible is True and first.superseded_by == second


def test_recording_a_decision_writes_the_audit_trail():
    d = decide()
    assert ChangeRecord.objects.filter(kind="law.decision", object_id=str(d.pk), action="create").exists()


def test_a_recheck_reports_differences_without_changing_the_decision(monkeypatch):
    d = decide()
    assert recheck_decision(d).same_result is True
    system = tax_benefit_system()
    latest = system.parameters.relocation.subsidy_mci_per_member.values_list[0]
    monkeypatch.setattr(latest, "value", 100)
    at_instant = type(system).get_parameters_at_instant  # OpenFisca memoises the parameters of each day
    at_instant.cache_clear()
    evaluation._evaluate.cache_clear()
    try:
        check = recheck_decision(d)
    finally:
        monkeypatch.undo()
        at_instant.cache_clear()
        evaluation._evaluate.cache_clear()
    assert check.same_result is False and any(x.startswith("relocation_subsidy: 302750 ->") for x in check.differences)
    d.refresh_from_db()
    assert next(e for e in d.entitlements if e["name"] == "relocation_subsidy")["amount_kzt"] == 302_750


def test_deciding_a_case_again_points_to_its_latest_decision_without_being_told():
    first = decide(case="c2")
    second = decide(case="c2", on=dt.date(2026, 4, 1))
    third = decide(case="c2", on=dt.date(2026, 5, 1))
    assert third.chain == [third, second, first]
    assert decide(case="other").supersedes is None


def test_a_decision_cannot_supersede_one_on_another_case():
    first = decide(case="c3")
    with pytest.raises(ValueError, match="same case"):
        decide(case="c4", supersedes=first)
    assert Decision.objects.filter(case="c4").count() == 0


def test_a_decision_already_superseded_cannot_be_superseded_again():
    first = decide(case="c5")
    decide(case="c5", supersedes=first)
    with pytest.raises(ValueError, match="already superseded"):
        decide(case="c5", supersedes=first)


def test_a_decision_records_the_actor_it_is_given_as_its_author_and_in_its_change_record():
    officer = an_officer_of("KZ-59")
    with acting_as("someone-else"):
        d = decide(case="c-actor", actor=officer)
    assert d.recorded_by == officer.username
    record = ChangeRecord.objects.get(kind="law.decision", object_id=str(d.pk), action="create")
    assert record.actor == officer
