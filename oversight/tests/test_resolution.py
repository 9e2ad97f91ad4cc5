"""Resolution: who, when, the outcome and the reason are recorded with a change record; a resolved alert is not
resolved again (409); the form refuses an empty reason (400)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import ChangeRecord
from oversight import services
from oversight.models import Status

pytestmark = pytest.mark.django_db


def test_resolving_records_who_when_outcome_and_reason_with_a_change_record(client, inspector, alerts):
    alert = alerts["north"]
    client.force_login(inspector)
    page = client.get(reverse("oversight:detail", args=[alert.pk]))
    assert page.status_code == 200 and page.context["may_resolve"]
    response = client.post(reverse("oversight:resolve", args=[alert.pk]),
                           {"outcome": "resolved", "reason": "Offered two vacancies; registered as a job seeker."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_by, alert.resolution_reason) == (
        Status.RESOLVED, inspector, "Offered two vacancies; registered as a job seeker.")
    assert alert.resolved_at is not None
    record = ChangeRecord.objects.get(kind="oversight.alert", object_id=str(alert.pk), action="update")
    assert record.actor == inspector
    assert record.changes["status"] == ["open", "resolved"]
    assert record.changes["resolved_by_id"] == [None, inspector.pk]
    shown = client.get(reverse("oversight:detail", args=[alert.pk])).content.decode()
    assert "Offered two vacancies" in shown and inspector.username in shown


def test_a_resolved_alert_cannot_be_resolved_again(client, inspector, alerts):
    alert = services.resolve(alerts["employer"], actor=inspector, outcome="confirmed", reason="Inspected.")
    client.force_login(inspector)
    response = client.post(reverse("oversight:resolve", args=[alert.pk]), {"outcome": "dismissed", "reason": "no"})
    assert response.status_code == 409
    alert.refresh_from_db()
    assert alert.status == Status.CONFIRMED
    with pytest.raises(services.AlertStateError):
        services.resolve(alert, actor=inspector, outcome="dismissed", reason="again")


def test_a_resolution_needs_a_known_outcome_and_a_reason(client, inspector, alerts):
    client.force_login(inspector)
    url = reverse("oversight:resolve", args=[alerts["north"].pk])
    assert client.post(url, {"outcome": "resolved", "reason": "  "}).status_code == 400
    assert client.post(url, {"outcome": "open", "reason": "x"}).status_code == 400
    with pytest.raises(services.ResolutionError) as error:
        services.resolve(alerts["north"], actor=inspector, outcome="maybe", reason="x")
    assert error.value.field == "outcome"
    alerts["north"].refresh_from_db()
    assert alerts["north"].is_open


def test_a_resolved_alert_is_not_raised_again_by_the_next_scan(inspector, alerts):
    from oversight.models import Alert
    from oversight.tests.conftest import SCAN_DAY

    services.resolve(alerts["north"], actor=inspector, outcome="dismissed", reason="Works abroad remotely.")
    result = services.scan(on=SCAN_DAY, actor="test")
    assert result.raised == {} and Alert.objects.count() == 3
    alerts["north"].refresh_from_db()
    assert alerts["north"].status == Status.DISMISSED
