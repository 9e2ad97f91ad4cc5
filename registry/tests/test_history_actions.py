"""The officer deregisters a person and corrects a migration event from the person's history page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from registry.models import EventKind, MigrationEvent, Registration
from registry.services import register

from .conftest import a_request, adult, district, region

pytestmark = pytest.mark.django_db


def registered_in(code: str = "KZ-59") -> Registration:
    return register(a_request(adult(code), code, registered_on=dt.date(2024, 1, 10))).registration


def moved_to_kz59() -> MigrationEvent:
    """A person registered in Turkistan who then moved to North Kazakhstan: one internal event, in KZ-59."""
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10))).event
    assert event is not None
    return event


def deregister_url(reg) -> str:
    return reverse("registry:deregister", args=[reg.pk])


def correct_url(event) -> str:
    return reverse("registry:correct_event", args=[event.pk])


def ending(reg, day="2025-04-01", leaving=False) -> dict:
    data = {f"d{reg.pk}-ended_on": day}
    if leaving:
        data[f"d{reg.pk}-leaving_country"] = "on"
    return data


def correcting(event, **fields) -> dict:
    return {f"c{event.pk}-{name}": value for name, value in fields.items()}


def snapshot(event: MigrationEvent) -> dict:
    row: dict = dict(MigrationEvent.objects.filter(pk=event.pk).values().get())
    row.pop("created_at")
    return row


def test_the_history_page_offers_the_officer_both_actions(client):
    event = moved_to_kz59()
    client.force_login(an_officer_of("KZ-59"))
    page = client.get(reverse("registry:history", args=[event.person_id])).content.decode()
    active = Registration.objects.get(person=event.person, is_active=True)
    ended = Registration.objects.get(person=event.person, is_active=False)
    assert deregister_url(active) in page and deregister_url(ended) not in page
    assert correct_url(event) in page and "csrfmiddlewaretoken" in page


def test_the_officer_deregisters_and_the_change_is_recorded(client):
    reg = registered_in("KZ-59")
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    response = client.post(deregister_url(reg), ending(reg, "2025-04-01"))
    assert response.status_code == 302 and response["Location"] == reverse("registry:history", args=[reg.person_id])
    reg.refresh_from_db()
    assert not reg.is_active and reg.ended_on == dt.date(2025, 4, 1) and reg.end_reason == "deregistered"
    record = ChangeRecord.objects.get(kind="registry.registration", object_id=str(reg.pk), action="update")
    assert record.actor == officer and record.changes["is_active"] == [True, False]
    assert not MigrationEvent.objects.filter(person=reg.person).exists()
    page = client.get(response["Location"]).content.decode()
    assert "2025-04-01" in page and 'class="success"' in page and deregister_url(reg) not in page


def test_deregistering_as_leaving_the_country_records_an_international_departure(client):
    reg = register(a_request(adult("KZ-59"), "KZ-59", district_n=1, registered_on=dt.date(2024, 1, 10))).registration
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    assert client.post(deregister_url(reg), ending(reg, "2025-04-01", leaving=True)).status_code == 302
    reg.refresh_from_db()
    assert reg.end_reason == "left_country"
    event = MigrationEvent.objects.get(person=reg.person, kind=EventKind.INTERNATIONAL_DEPARTURE)
    assert event.event_date == dt.date(2025, 4, 1)
    assert event.origin_region == region("KZ-59") and event.origin_district == district("KZ-59", 1)
    assert event.destination_region is None and event.registration == reg
    assert ChangeRecord.objects.get(kind="registry.migrationevent", object_id=str(event.pk)).actor == officer


def test_a_correction_is_a_new_event_citing_the_old_which_stays_unchanged(client):
    event = moved_to_kz59()
    before = snapshot(event)
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    response = client.post(correct_url(event), correcting(
        event, correction_reason="Arrived a week earlier", event_date="2025-03-03",
        destination_district=district("KZ-59", 2).pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    fixed = MigrationEvent.objects.get(corrects=event)
    assert fixed.event_date == dt.date(2025, 3, 3) and fixed.correction_reason == "Arrived a week earlier"
    assert fixed.destination_region == region("KZ-59") and fixed.destination_district == district("KZ-59", 2)
    assert fixed.origin_region == event.origin_region and not fixed.annulled
    assert snapshot(event) == before
    assert list(MigrationEvent.objects.filter(person=event.person).effective()) == [fixed]
    record = ChangeRecord.objects.get(kind="registry.migrationevent", object_id=str(fixed.pk))
    assert record.action == "create" and record.actor == officer
    page = client.get(response["Location"]).content.decode()
    assert f"#{event.pk}" in page and correct_url(event) not in page and correct_url(fixed) in page


def test_an_annulment_removes_the_event_from_the_effective_ones(client):
    event = moved_to_kz59()
    client.force_login(an_officer_of("KZ-59"))
    response = client.post(correct_url(event), correcting(event, correction_reason="Entered twice", annul="on"))
    assert response.status_code == 302
    annulment = MigrationEvent.objects.get(corrects=event)
    assert annulment.annulled and not MigrationEvent.objects.filter(person=event.person).effective().exists()
    page = client.get(response["Location"]).content.decode()
    assert correct_url(event) not in page and correct_url(annulment) not in page


def test_an_officer_of_another_region_is_refused_and_nothing_changes(client):
    reg, event = registered_in("KZ-59"), moved_to_kz59()
    before = snapshot(event)
    client.force_login(an_officer_of("KZ-55"))
    assert client.post(deregister_url(reg), ending(reg)).status_code == 404
    assert client.post(correct_url(event), correcting(event, correction_reason="x", annul="on")).status_code == 404
    reg.refresh_from_db()
    assert reg.is_active and snapshot(event) == before and not MigrationEvent.objects.filter(corrects=event).exists()


def test_a_citizen_is_refused(client):
    stranger_reg = registered_in("KZ-59")
    event = moved_to_kz59()
    citizen = a_user(Role.CITIZEN, person=event.person)
    client.force_login(citizen)
    assert client.post(deregister_url(stranger_reg), ending(stranger_reg)).status_code == 404
    assert client.post(correct_url(event), correcting(event, correction_reason="x", annul="on")).status_code == 403
    stranger_reg.refresh_from_db()
    assert stranger_reg.is_active and not MigrationEvent.objects.filter(corrects=event).exists()


def test_a_get_is_refused(client):
    reg, event = registered_in("KZ-59"), moved_to_kz59()
    client.force_login(an_officer_of("KZ-59"))
    assert client.get(deregister_url(reg)).status_code == 405
    assert client.get(correct_url(event)).status_code == 405
    reg.refresh_from_db()
    assert reg.is_active


def test_a_post_without_the_csrf_token_is_refused():
    reg = registered_in("KZ-59")
    client = Client(enforce_csrf_checks=True)
    client.force_login(an_officer_of("KZ-59"))
    assert client.post(deregister_url(reg), ending(reg)).status_code == 403
    reg.refresh_from_db()
    assert reg.is_active


def test_the_services_refusal_is_shown_on_the_deregistration_form(client):
    reg = registered_in("KZ-59")
    client.force_login(an_officer_of("KZ-59"))
    response = client.post(deregister_url(reg), ending(reg, "2023-12-31"))
    assert response.status_code == 422
    assert "A registration cannot end before it began." in response.content.decode()
    assert response.context["registrations"][0].deregister_form.errors["ended_on"]
    reg.refresh_from_db()
    assert reg.is_active


def test_a_correction_without_a_reason_or_a_change_shows_the_errors(client):
    event = moved_to_kz59()
    client.force_login(an_officer_of("KZ-59"))
    response = client.post(correct_url(event), correcting(event, correction_reason="", event_date="2025-03-03"))
    assert response.status_code == 422
    form = next(e for e in response.context["events"] if e.pk == event.pk).correct_form
    assert "correction_reason" in form.errors
    response = client.post(correct_url(event), correcting(event, correction_reason="Typo"))
    assert response.status_code == 422
    assert "Annul the event, or give the corrected date or destination." in response.content.decode()
    response = client.post(correct_url(event), correcting(event, correction_reason="Typo", event_date="10.03.2025x"))
    assert response.status_code == 422
    assert not MigrationEvent.objects.filter(corrects=event).exists()


def test_correcting_an_event_already_corrected_shows_the_refusal(client):
    event = moved_to_kz59()
    client.force_login(an_officer_of("KZ-59"))
    client.post(correct_url(event), correcting(event, correction_reason="Typo", event_date="2025-03-03"))
    response = client.post(correct_url(event), correcting(event, correction_reason="Again", event_date="2025-03-04"))
    assert response.status_code == 422
    assert "This event is already corrected: correct the latest correction." in response.content.decode()
    assert MigrationEvent.objects.filter(corrects=event).count() == 1


def test_the_date_of_deregistration_is_offered_as_an_iso_date_in_every_language(client, settings):
    reg = registered_in("KZ-59")
    client.force_login(an_officer_of("KZ-59"))
    for language in ("ru", "kk"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("registry:history", args=[reg.person_id])).content.decode()
        assert f'name="d{reg.pk}-ended_on" value="{timezone.localdate().isoformat()}"' in page
