"""The change history and the access log: complete, attributed, in the same transaction, append-only."""

from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.audit import acting_as, log_access, log_unlogged_download
from accounts.models import AccessLog, ChangeRecord
from accounts.roles import Role
from accounts.testing import PASSWORD, a_person_in, a_user, an_officer_of
from geo.services import load_population

# The audited record these tests write: a person, by its label (accounts imports no module of the rooms above
# it; people's records are AuditedModels of accounts).
Person: Any = apps.get_model("people", "Person")

pytestmark = pytest.mark.django_db


def changes_of(obj):
    return ChangeRecord.objects.filter(kind=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk))


def test_creating_a_person_records_every_field_and_the_actor():
    officer = an_officer_of("KZ-59")
    with acting_as(officer):
        person = a_person_in("KZ-59", surname="Ivanova", given_name="Olga", sex="female")
    record = changes_of(person).get()
    assert record.action == "create"
    assert record.actor == officer
    assert record.changes["surname"] == [None, "Ivanova"]
    assert record.changes["iin"] == [None, person.iin]  # type: ignore[attr-defined]  # a Person


def test_an_update_records_old_and_new_values_of_the_changed_fields_only():
    person = a_person_in("KZ-59", surname="Ivanova")
    fresh = Person.objects.get(pk=person.pk)
    with acting_as("a-test"):
        fresh.surname = "Petrova"
        fresh.save()
    update = changes_of(person).get(action="update")
    assert update.changes == {"surname": ["Ivanova", "Petrova"]}
    assert update.actor_label == "a-test"


def test_a_delete_is_recorded_with_the_last_values():
    person = a_person_in(None)
    pk = person.pk
    person.delete()
    deletion = ChangeRecord.objects.get(kind="people.person", object_id=str(pk), action="delete")
    assert deletion.changes["surname"][0] == "Abenov"


def test_a_rolled_back_change_leaves_no_audit_record():
    before = ChangeRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        a_person_in("KZ-59")
        raise RuntimeError("abort")
    assert ChangeRecord.objects.count() == before


def test_nobody_can_edit_or_delete_the_change_history_through_the_orm():
    a_person_in("KZ-59")
    record = ChangeRecord.objects.latest("id")
    record.reason = "tampered"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        ChangeRecord.objects.all().update(reason="tampered")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()


def test_the_database_itself_refuses_to_update_an_audit_row():
    a_person_in("KZ-59")
    pk = ChangeRecord.objects.latest("id").pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_changerecord SET reason = 'tampered' WHERE id = %s", [pk])


@pytest.mark.postgres_only
def test_postgresql_refuses_to_delete_an_audit_row():
    a_person_in("KZ-59")
    pk = ChangeRecord.objects.latest("id").pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_changerecord WHERE id = %s", [pk])


def test_logins_and_failed_logins_are_in_the_access_log(client):
    user = a_user(Role.AUDITOR, username="aigerim")
    client.post(reverse("web:login"), {"username": "aigerim", "password": "wrong"})
    client.post(reverse("web:login"), {"username": "aigerim", "password": PASSWORD})
    events = list(AccessLog.objects.order_by("id").values_list("event", "actor_label"))
    assert ("login_failed", "aigerim") in events
    assert ("login", "aigerim") in events
    assert AccessLog.objects.get(event="login").actor == user


def test_viewing_a_persons_record_is_logged(client):
    officer = an_officer_of("KZ-59")
    person = a_person_in("KZ-59")
    client.force_login(officer)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    entry = AccessLog.objects.get(event="view")
    assert (entry.actor, entry.kind, entry.object_id) == (officer, "people.person", str(person.pk))


def test_searching_persons_by_page_and_by_api_is_logged_with_the_query(client):
    officer = an_officer_of("KZ-59")
    a_person_in("KZ-59", surname="Ivanova")
    client.force_login(officer)
    assert client.get(reverse("people:index"), {"q": "Ivanova"}).status_code == 200
    assert client.get("/api/v1/people/persons/", {"q": "Ivan"}).status_code == 200
    searches = AccessLog.objects.filter(event="search", kind="people.person", actor=officer).order_by("id")
    assert [entry.detail["query"] for entry in searches] == ["Ivanova", "Ivan"]


def test_a_refused_look_at_another_regions_person_is_logged(client):
    officer = an_officer_of("KZ-59")
    stranger = a_person_in("KZ-55")
    client.force_login(officer)
    assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 404
    assert client.get(f"/api/v1/people/persons/{stranger.pk}/").status_code == 404
    denied = AccessLog.objects.filter(event="denied", actor=officer, object_id=str(stranger.pk))
    assert denied.count() == 2 and not AccessLog.objects.filter(event="view").exists()


def test_an_auditor_reads_and_filters_both_streams(client):
    officer = an_officer_of("KZ-59")
    with acting_as(officer):
        a_person_in("KZ-59")
    client.force_login(a_user(Role.AUDITOR))
    page = client.get(reverse("accounts:audit"), {"actor_label": officer.username})
    assert page.status_code == 200
    assert officer.username in page.content.decode()
    api = client.get("/api/v1/accounts/changes/", {"actor_label": officer.username, "kind": "people.person"})
    assert api.status_code == 200
    assert len(api.json()["results"]) == 1  # keyset pages: no count
    assert client.get(reverse("accounts:access_log")).status_code == 200


def test_an_officer_cannot_read_the_audit_trail(client):
    client.force_login(an_officer_of("KZ-59"))
    assert client.get(reverse("accounts:audit")).status_code == 403
    assert client.get("/api/v1/accounts/changes/").status_code == 403
    assert client.get("/api/v1/accounts/access-log/").status_code == 403


def test_the_api_offers_no_way_to_write_the_audit_trail(client):
    client.force_login(a_user(Role.ADMIN))
    assert client.post("/api/v1/accounts/changes/", {}).status_code == 405
    assert client.delete("/api/v1/accounts/access-log/").status_code == 405


def test_a_download_whose_view_does_not_log_it_is_logged_as_an_export(client):

    load_population()
    analyst = a_user(Role.MINISTRY)
    client.force_login(analyst)
    response = client.get(reverse("geo:map_csv") + "?year=2023")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    entry = AccessLog.objects.get(event="export")
    assert (entry.actor, entry.kind, entry.detail["file"]) == (analyst, "geo:map_csv", "kz-population-2023.csv")


def test_an_export_its_view_logged_is_not_logged_twice(rf):
    request = rf.get("/report.csv")
    request.user = a_user(Role.MINISTRY)
    response = HttpResponse("a,b\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="report.csv"'
    log_access("export", kind="registry.importbatch", object_id="1", request=request)
    assert log_unlogged_download(request, response) is False
    assert AccessLog.objects.filter(event="export").count() == 1


def test_the_change_history_names_records_and_fields_in_the_readers_language(client):
    officer = an_officer_of("KZ-59")
    with acting_as(officer):
        a_person_in("KZ-59", surname="Ivanova")
    client.force_login(a_user(Role.AUDITOR))
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("accounts:audit"), {"actor_label": officer.username}).content.decode()
    with translation.override("ru"):
        field = str(Person._meta.get_field("birth_date").verbose_name)
        model = str(Person._meta.verbose_name)
        region = str(Person._meta.get_field("home_unit").verbose_name)
    assert field != "birth date" and f'<b data-field="birth_date">{field}</b>' in html
    assert f'<span title="people.person">{model}</span>' in html
    assert f'<b data-field="home_unit_id">{region}</b>' in html  # a foreign key's column, named by its field


@pytest.mark.django_db(transaction=True)
def test_a_successful_look_reads_nothing_back_and_a_refused_one_is_written_again(client):
    """The request's transaction commits whenever its answer is a success: the entries written in it are not read
    back (restore_rolled_back_access), while a refusal's rolled-back entry is still written again."""
    officer = an_officer_of("KZ-59")
    person = a_person_in("KZ-59")
    stranger = a_person_in("KZ-55")
    client.force_login(officer)
    client.get(reverse("people:detail", args=[person.pk]))  # the session's first look
    with CaptureQueriesContext(connection) as looked:
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert not [q for q in looked.captured_queries if "FROM \"accounts_accesslog\"" in q["sql"]]
    assert AccessLog.objects.filter(event="view", actor=officer).count() == 2
    with CaptureQueriesContext(connection) as refused:
        assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 404
    assert [q for q in refused.captured_queries if "FROM \"accounts_accesslog\"" in q["sql"]]
    assert AccessLog.objects.filter(event="denied", actor=officer, object_id=str(stranger.pk)).count() == 1
