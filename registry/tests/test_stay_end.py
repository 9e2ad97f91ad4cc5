"""A temporary stay is in force to the end of its last day (`valid_until`) and has ended from the next day: in
`Registration.objects.active()`, in the status the pages and the API show, and — once `end_expired_stays` has
run — in the stored rows, each end with its change-history record."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.audit import acting_as
from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from registry.models import Registration
from registry.services import RegistrationRefused, deregister, end_expired_stays, register

from .conftest import a_request, adult, region

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2025, 5, 31)


def a_stay(last_day: dt.date = LAST_DAY, code: str = "KZ-59", person=None) -> Registration:
    """A temporary registration whose stay runs to `last_day`, registered 60 days before it."""
    registered = min(last_day - dt.timedelta(days=60), timezone.localdate())
    return register(a_request(person or adult("KZ-61"), code, kind="temporary", arrival=registered - dt.timedelta(days=2),
                              registered_on=registered, valid_until=last_day)).registration


def a_residence(code: str = "KZ-59") -> Registration:
    return register(a_request(adult("KZ-61"), code, registered_on=dt.date(2024, 1, 10))).registration


def fresh(reg: Registration) -> Registration:
    return Registration.objects.get(pk=reg.pk)


def updates_of(reg: Registration):
    return ChangeRecord.objects.filter(kind="registry.registration", object_id=str(reg.pk), action="update")


def test_a_stay_is_active_the_day_before_and_on_its_last_day_and_not_after():
    stay, residence = a_stay(), a_residence()
    for day, in_force in [(LAST_DAY - dt.timedelta(days=1), True), (LAST_DAY, True),
                          (LAST_DAY + dt.timedelta(days=1), False)]:
        assert Registration.objects.active(on=day).filter(pk=stay.pk).exists() is in_force, day
        assert stay.in_force(day) is in_force, day
        assert Registration.objects.active(on=day).filter(pk=residence.pk).exists(), day
    assert stay.end(LAST_DAY) is None
    assert stay.end(LAST_DAY + dt.timedelta(days=1)) == ("expired", dt.date(2025, 6, 1))


def test_active_judges_on_today_by_default():
    today = timezone.localdate()
    ending_tomorrow = a_stay(today + dt.timedelta(days=1))
    ending_today = a_stay(today)
    ended_yesterday = a_stay(today - dt.timedelta(days=1))
    active = set(Registration.objects.active().values_list("pk", flat=True))
    assert ending_tomorrow.pk in active and ending_today.pk in active and ended_yesterday.pk not in active
    assert ending_today.is_in_force and not ended_yesterday.is_in_force


def test_the_status_says_when_a_stay_ended_before_and_after_it_is_written():
    today = timezone.localdate()
    ending_today, ended = a_stay(today), a_stay(today - dt.timedelta(days=1))
    with translation.override("en"):
        assert ending_today.status == "active"
        assert ended.status == f"stay ended {today.isoformat()}"
        assert end_expired_stays(today) == 1
        assert fresh(ended).status == f"stay ended {today.isoformat()}"
        assert fresh(ending_today).status == "active"
    with translation.override("ru"):
        assert fresh(ended).status == f"пребывание окончено {today.isoformat()}"


def test_a_deregistration_keeps_its_own_reason_and_date_in_the_status():
    stay = a_stay()
    deregister(stay, on=dt.date(2025, 5, 1))
    with translation.override("en"):
        assert fresh(stay).status == "deregistered 2025-05-01"
    assert fresh(stay).end() == ("deregistered", dt.date(2025, 5, 1))


def test_the_history_page_shows_a_past_stay_as_ended_and_offers_no_deregistration(client):
    today = timezone.localdate()
    person = adult("KZ-61")
    ending_today = a_stay(today, person=person)
    ended = a_stay(today - dt.timedelta(days=1), person=person)
    client.force_login(an_officer_of("KZ-59"))
    page = client.get(reverse("registry:history", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        assert fresh(ended).status in page and fresh(ending_today).status in page
    assert reverse("registry:deregister", args=[ending_today.pk]) in page
    assert reverse("registry:deregister", args=[ended.pk]) not in page


def test_the_api_history_reports_a_past_stay_as_ended_the_same_before_and_after_it_is_written():
    today = timezone.localdate()
    person = adult("KZ-61")
    tomorrow, ending_today, ended = (a_stay(today + dt.timedelta(days=n), person=person) for n in (1, 0, -1))
    api = APIClient()
    api.force_authenticate(an_officer_of("KZ-59"))
    url = f"/api/v1/registry/persons/{person.iin}/history/"

    def rows():
        return {r["id"]: r for r in api.get(url).json()["registrations"]}

    before = rows()
    assert before[tomorrow.pk]["is_active"] and before[ending_today.pk]["is_active"]
    assert before[ending_today.pk]["ended_on"] is None and before[ending_today.pk]["end_reason"] == ""
    assert not before[ended.pk]["is_active"]
    assert (before[ended.pk]["ended_on"], before[ended.pk]["end_reason"]) == (today.isoformat(), "expired")
    end_expired_stays(today)
    assert rows() == before


def test_end_expired_stays_ends_exactly_the_stays_past_their_last_day():
    on = dt.date(2025, 6, 1)
    over, long_over = a_stay(dt.date(2025, 5, 31)), a_stay(dt.date(2025, 4, 15))
    last_day_today, future = a_stay(on), a_stay(dt.date(2025, 9, 1))
    residence = a_residence()
    already = a_stay(dt.date(2025, 5, 20))
    deregister(already, on=dt.date(2025, 5, 10))

    with acting_as("end_expired_stays"):
        assert end_expired_stays(on) == 2

    assert (fresh(over).is_active, fresh(over).ended_on, fresh(over).end_reason) == (False, on, "expired")
    assert fresh(long_over).ended_on == dt.date(2025, 4, 16) and fresh(long_over).end_reason == "expired"
    for untouched in (last_day_today, future, residence):
        assert fresh(untouched).is_active and fresh(untouched).ended_on is None and fresh(untouched).end_reason == ""
    assert (fresh(already).ended_on, fresh(already).end_reason) == (dt.date(2025, 5, 10), "deregistered")
    assert not Registration.objects.active(on=on).filter(pk__in=[over.pk, long_over.pk, already.pk]).exists()

    record = updates_of(over).get()
    assert record.actor_label == "end_expired_stays" and record.reason
    assert record.changes == {"is_active": [True, False], "ended_on": [None, "2025-06-01"],
                              "end_reason": ["", "expired"]}
    assert updates_of(long_over).count() == 1
    assert not updates_of(last_day_today).exists() and not updates_of(future).exists()
    assert updates_of(already).count() == 1  # its deregistration only


def test_ending_expired_stays_again_ends_nothing_and_records_nothing():
    a_stay(dt.date(2025, 5, 31))
    on = dt.date(2025, 6, 1)
    assert end_expired_stays(on) == 1
    records = ChangeRecord.objects.count()
    assert end_expired_stays(on) == 0 and end_expired_stays(on + dt.timedelta(days=5)) == 0
    assert ChangeRecord.objects.count() == records


def test_stays_are_not_ended_on_a_future_date():
    a_stay(timezone.localdate())
    with pytest.raises(ValueError):
        end_expired_stays(timezone.localdate() + dt.timedelta(days=1))
    assert Registration.objects.filter(is_active=True).count() == 1


def test_a_stay_is_not_deregistered_after_its_last_day_but_may_be_before_it():
    late, early = a_stay(), a_stay()
    with pytest.raises(RegistrationRefused) as refused:
        deregister(late, on=LAST_DAY + dt.timedelta(days=3))
    assert refused.value.refusals[0].field == "ended_on" and LAST_DAY.isoformat() in refused.value.refusals[0].message
    assert fresh(late).is_active
    assert deregister(early, on=LAST_DAY).ended_on == LAST_DAY


def test_the_command_ends_expired_stays_as_of_a_date_and_is_attributed_to_itself():
    stay = a_stay(dt.date(2025, 5, 31))
    out = StringIO()
    call_command("end_expired_stays", "--date", "2025-05-31", stdout=out)
    assert out.getvalue().startswith("0 ") and fresh(stay).is_active
    call_command("end_expired_stays", "--date", "2025-06-01", stdout=out)
    assert "1 temporary registration(s) ended as of 2025-06-01" in out.getvalue()
    assert updates_of(stay).get().actor_label == "end_expired_stays"
    call_command("end_expired_stays", stdout=StringIO())  # today: nothing more to end
    assert updates_of(stay).count() == 1


def test_the_command_refuses_a_future_date():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(CommandError):
        call_command("end_expired_stays", "--date", tomorrow.isoformat(), stdout=StringIO())


def test_registering_a_stay_that_is_already_over_answers_that_it_is_not_active():
    person = adult("KZ-61")
    citizen = a_user(Role.CITIZEN, person=person)
    region("KZ-59")
    api = APIClient()
    api.force_authenticate(citizen)
    response = api.post("/api/v1/registry/registrations/", {
        "iin": person.iin, "kind": "temporary", "region": "KZ-59", "settlement": "Petropavl", "street": "Abai",
        "building": "3", "premises": "flat", "arrival_date": "2025-03-01", "registered_on": "2025-03-03",
        "valid_until": "2025-05-01", "owner_iin": "900517300019", "owner_consent": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["is_active"] is False
