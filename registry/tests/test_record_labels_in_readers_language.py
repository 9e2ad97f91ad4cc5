"""A change record's label (its object's name) reads in the reader's language, whatever language was active when the
record was written: a registration written by an officer browsing in Kazakh, one written by the bulk import, and
one stored before labels were kept in each language (converted by accounts migration 0008)."""

import datetime as dt
import importlib
import types

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from accounts.audit import acting_as
from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from registry import importer
from registry.services import register

from .conftest import a_request, adult, region
from .test_import import row, write

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0008_change_record_labels_in_each_language")

# The labels worked out by hand from the catalogues' wordings of "permanent (place of residence)" and "flat %(flat)s"
KK = "тұрақты (тұрғылықты жері бойынша) — Petropavl, Abai street, 12, 5-пәтер"
RU = "постоянная (по месту жительства) — Petropavl, Abai street, 12, кв. 5"
EN = "permanent (place of residence) — Petropavl, Abai street, 12, flat 5"


def read(client, language, **params):
    """(the audit page's HTML, the audit API's labels by object id) as a reader in `language` sees them."""
    client.cookies["django_language"] = language
    html = client.get(reverse("accounts:audit"), params).content.decode()
    api = client.get("/api/v1/accounts/changes/", params, HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    return html, {r["object_id"]: r["object_repr"] for r in api}


def test_a_registration_written_in_kazakh_reads_in_english_and_russian_on_the_page_and_in_the_api(client):
    officer = an_officer_of("KZ-59")
    with translation.override("kk"), acting_as(officer):
        reg = register(a_request(adult("KZ-59"), "KZ-59")).registration
    record = ChangeRecord.objects.get(kind="registry.registration", object_id=str(reg.pk), action="create")
    assert record.object_repr == KK  # as written
    assert record.labels == {"kk": KK, "ru": RU, "en": EN}
    client.force_login(a_user(Role.AUDITOR))
    for language, label in (("en", EN), ("ru", RU), ("kk", KK)):
        html, api = read(client, language, kind="registry.registration", object_id=str(reg.pk))
        assert f'<span class="muted">{label}</span>' in html
        assert api[str(reg.pk)] == label


def test_a_label_that_reads_the_same_in_every_language_keeps_no_labels():
    with translation.override("kk"), acting_as("a-test"):
        person = adult("KZ-59")
    record = ChangeRecord.objects.get(kind="people.person", object_id=str(person.pk))
    assert record.labels is None and record.label == record.object_repr == person.full_name


def test_an_imported_registration_written_in_kazakh_reads_in_english_and_russian(tmp_path, client):
    region("KZ-59")
    people = [adult("KZ-61", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(2)]
    path = write(tmp_path, [row(people[0], street="Abai street", building="12", flat="5"),
                            row(people[1], street="Abai street", building="12", flat="")])
    with translation.override("kk"):
        assert importer.import_file(path).batch.stored_rows == 2
    with_flat, without = (ChangeRecord.objects.get(kind="registry.registration", action="create",
                                                   object_id=str(p.registrations.get().pk)) for p in people)
    # the same words as the single path's (Registration.__str__), "Petropavl" being the test file's settlement
    assert with_flat.labels == {"kk": KK, "ru": RU, "en": EN}
    assert without.labels == {"kk": "тұрақты (тұрғылықты жері бойынша) — Petropavl, Abai street, 12",
                              "ru": "постоянная (по месту жительства) — Petropavl, Abai street, 12",
                              "en": "permanent (place of residence) — Petropavl, Abai street, 12"}
    assert with_flat.object_repr == KK
    client.force_login(a_user(Role.AUDITOR))
    for language, label in (("en", EN), ("ru", RU)):
        html, api = read(client, language, kind="registry.registration", object_id=with_flat.object_id)
        assert f'<span class="muted">{label}</span>' in html
        assert api[with_flat.object_id] == label


def stored_before(object_repr, kind="registry.registration", object_id="1"):
    """A record as written before labels were kept in each language."""
    return ChangeRecord.objects.create(actor_label="end_expired_stays", action="update", kind=kind,
                                       object_id=object_id, object_repr=object_repr, changes={})


def test_the_migration_gives_an_old_kazakh_label_its_words_in_every_language_and_keeps_the_guard(client):
    old = stored_before("тұрақты (тұрғылықты жері бойынша) — Петропавл, Абая, 12", object_id="7")
    flat = stored_before("временная (по месту пребывания) — Алматы, Абая, 3, кв. 5", object_id="8")
    appeal = stored_before("Шағым №12", kind="appeals.appeal", object_id="12")
    typed = stored_before("тұрақты — somewhere", object_id="9")  # no form words it: left as written
    other = stored_before("Abenov Abai", kind="people.person", object_id="10")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'accounts_changerecord_refuse_change'")
            before = cur.fetchone()[0]
    migration.convert(apps, types.SimpleNamespace(connection=connection))
    for record in (old, flat, appeal, typed, other):
        record.refresh_from_db()
    assert old.labels == {"kk": "тұрақты (тұрғылықты жері бойынша) — Петропавл, Абая, 12",
                          "ru": "постоянная (по месту жительства) — Петропавл, Абая, 12",
                          "en": "permanent (place of residence) — Петропавл, Абая, 12"}
    assert flat.labels == {"kk": "уақытша (болу орны бойынша) — Алматы, Абая, 3, 5-пәтер",
                           "ru": "временная (по месту пребывания) — Алматы, Абая, 3, кв. 5",
                           "en": "temporary (place of stay) — Алматы, Абая, 3, flat 5"}
    assert appeal.labels == {"kk": "Шағым №12", "ru": "Жалоба №12", "en": "Appeal №12"}
    assert typed.labels is None and typed.label == "тұрақты — somewhere"
    assert other.labels is None
    assert old.object_repr == "тұрақты (тұрғылықты жері бойынша) — Петропавл, Абая, 12"  # as written, still
    client.force_login(a_user(Role.AUDITOR))
    html, api = read(client, "en", actor_label="end_expired_stays")
    assert "permanent (place of residence) — Петропавл, Абая, 12" in html and api["7"] == old.labels["en"]
    assert api["9"] == "тұрақты — somewhere"
    # the append-only guard is back, as it was
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE accounts_changerecord SET labels = NULL WHERE id = %s", [old.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'accounts_changerecord_refuse_change'")
            assert cur.fetchone()[0] == before
