"""The oversight API: list (scoped, filtered, paginated), detail with evidence, resolve (400 naming the field,
404 outside the scope, 409 naming the state), and the researcher's view without identities."""

from __future__ import annotations

import pytest

from accounts.testing import a_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/oversight/alerts/"


def test_the_list_answers_the_inspectors_alerts_only(client, inspector, alerts):
    client.force_login(inspector)
    body = client.get(LIST).json()
    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {alerts["north"].pk, alerts["employer"].pk}
    person = next(r for r in body["results"] if r["rule"] == "no_contract")
    assert person["subject"]["iin"] == alerts["north"].person.iin
    assert person["unit"] == "KZ-59" and person["article"] == "model-law/art-15/p-1"
    assert person["due_date"] == "2026-04-01"  # 2 March + 30 days


def test_the_list_filters_by_rule_status_and_region(client, alerts):
    client.force_login(a_user("ministry"))
    assert [r["id"] for r in client.get(LIST, {"rule": "contract_entries"}).json()["results"]] == [
        alerts["employer"].pk]
    assert [r["id"] for r in client.get(LIST, {"region": "KZ-55"}).json()["results"]] == [alerts["pavlodar"].pk]
    assert client.get(LIST, {"status": "confirmed"}).json()["count"] == 0


@pytest.mark.parametrize("params,field", [({"rule": "x"}, "rule"), ({"status": "closed"}, "status"),
                                          ({"region": "Atlantis"}, "region")])
def test_a_bad_filter_is_a_400_naming_the_field(client, alerts, params, field):
    client.force_login(a_user("ministry"))
    response = client.get(LIST, params)
    assert response.status_code == 400 and field in response.json()


def test_the_detail_carries_the_evidence(client, inspector, alerts):
    client.force_login(inspector)
    body = client.get(f"{LIST}{alerts['north'].pk}/").json()
    assert body["evidence"]["days_without_contract"] == 49  # 2 March to 20 April 2026
    assert body["evidence"]["registration"]["region"] == "KZ-59"
    assert client.get(f"{LIST}{alerts['pavlodar'].pk}/").status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404


def test_resolving_through_the_api_records_the_resolution(client, inspector, alerts):
    client.force_login(inspector)
    url = f"{LIST}{alerts['employer'].pk}/resolve/"
    response = client.post(url, {"outcome": "confirmed", "reason": "Two entries made late; fine proposed."},
                           content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["resolved_by"]) == ("confirmed", inspector.username)
    again = client.post(url, {"outcome": "dismissed", "reason": "changed my mind"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["status"] == "confirmed"


def test_a_bad_resolution_is_a_400_naming_the_field_and_another_regions_alert_a_404(client, inspector, alerts):
    client.force_login(inspector)
    url = f"{LIST}{alerts['north'].pk}/resolve/"
    response = client.post(url, {"outcome": "perhaps", "reason": "x"}, content_type="application/json")
    assert response.status_code == 400 and "outcome" in response.json()
    response = client.post(url, {"outcome": "resolved"}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(url, "not json", content_type="application/json")
    assert response.status_code == 400
    other = client.post(f"{LIST}{alerts['pavlodar'].pk}/resolve/", {"outcome": "resolved", "reason": "x"},
                        content_type="application/json")
    assert other.status_code == 404


def test_a_researcher_receives_no_iin_name_or_person_id(client, alerts):
    client.force_login(a_user("researcher"))
    body = client.get(LIST).json()
    assert body["count"] == 3
    for row in body["results"]:
        if row["subject"]["kind"] == "person":
            assert row["subject"]["iin"] is None and row["subject"]["name"] is None
            assert row["subject"]["pseudonym"].startswith("P-")
    detail = client.get(f"{LIST}{alerts['employer'].pk}/").json()
    assert all("person" not in f for f in detail["evidence"]["findings"])
    text = str(body) + str(detail)
    for alert in alerts.values():
        if alert.person_id:
            assert alert.person.iin not in text and alert.person.surname not in text
    assert client.post(f"{LIST}{alerts['north'].pk}/resolve/", {"outcome": "resolved", "reason": "x"},
                       content_type="application/json").status_code == 403


def test_a_citizen_is_refused(client, alerts):
    client.force_login(a_user("citizen"))
    assert client.get(LIST).status_code == 403


def test_a_retried_resolution_with_the_same_idempotency_key_replays_the_first_answer(client, inspector, alerts):
    client.force_login(inspector)
    url = f"{LIST}{alerts['north'].pk}/resolve/"
    body = {"outcome": "resolved", "reason": "Registered as a job seeker."}
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"


def test_a_researcher_does_not_read_the_inspectors_free_text_reason(client, inspector, alerts):
    from oversight import services

    services.resolve(alerts["north"], actor=inspector, outcome="resolved", reason="Nurgaliev found work in Almaty.")
    client.force_login(a_user("researcher"))
    body = client.get(f"{LIST}{alerts['north'].pk}/").json()
    assert body["status"] == "resolved" and body["resolution_reason"] == ""
    assert "Nurgaliev" not in client.get(f"/oversight/alerts/{alerts['north'].pk}/").content.decode()


def test_an_id_beyond_any_key_is_a_404_not_an_error(client, inspector, alerts):
    client.force_login(inspector)
    huge = "9" * 30
    assert client.get(f"{LIST}{huge}/").status_code == 404
    assert client.post(f"{LIST}{huge}/resolve/", {"outcome": "resolved", "reason": "x"},
                       content_type="application/json").status_code == 404
    assert client.get(f"/oversight/alerts/{huge}/").status_code == 404
