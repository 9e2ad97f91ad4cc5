"""A journal entry's memo reads in its reader's language, whatever language it was posted in (issue 16): on the
journal, the entry's page, an account's statement and through the API; migration 0009 converts the memos stored
as sentences before, and the entries stay unchangeable after it."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from fund import services
from fund.models import Account, JournalEntry

from .helpers import a_controller, an_accountant, an_order, paid_batch
from .test_pages_and_api import api_for, client_for

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 5)
PAYER = "ТОО Алем"
CONTRIBUTION = {"kk": f"{PAYER} жарнасы", "ru": f"Взнос от {PAYER}", "en": f"Contribution from {PAYER}"}


@pytest.fixture
def accountant():
    return an_accountant()


@pytest.fixture
def posted_in_russian(accountant):
    with translation.override("ru"):
        contribution = services.record_contribution(actor=accountant, source="budget", payer=PAYER,
                                                    amount_tiyn=5_000_00, received_on=DAY)
    return contribution.entry


def page(user, name, *args, language, query=None):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(name, args=args), query or {}).content.decode()


def test_an_entry_posted_under_russian_reads_in_kazakh_for_a_kazakh_reader(accountant, posted_in_russian):
    for html in (page(accountant, "fund:journal", language="kk"),
                 page(accountant, "fund:entry", posted_in_russian.pk, language="kk")):
        assert CONTRIBUTION["kk"] in html and CONTRIBUTION["ru"] not in html


def test_an_account_statement_words_the_memos_in_the_readers_language(accountant, posted_in_russian):
    bank = Account.objects.get(postings__entry=posted_in_russian, postings__amount__gt=0)
    html = page(accountant, "fund:account", bank.pk, language="kk", query={"start": "2025-03-01", "end": "2025-03-31"})
    assert CONTRIBUTION["kk"] in html and CONTRIBUTION["ru"] not in html


def test_a_payment_names_its_measure_in_the_readers_language(accountant):
    with translation.override("ru"):
        batch = paid_batch(accountant, a_controller(), [an_order()])
    entry = batch.lines.get().entry
    assert entry.memo_key == "payment" and entry.memo_params["measure"] == "relocation_subsidy"
    with translation.override("kk"):
        assert "көшуге арналған субсидия" in entry.memo_text and "субсидия на переселение" not in entry.memo_text


def test_a_reversal_through_the_api_without_a_language_reads_in_english(accountant, posted_in_russian):
    response = api_for(accountant).post(f"/api/v1/fund/entries/{posted_in_russian.pk}/reverse/", {},
                                        format="json")
    assert response.status_code == 201
    assert response.json()["memo"] == f"Reversal of entry {posted_in_russian.pk}: {CONTRIBUTION['en']}"
    reversal = JournalEntry.objects.get(pk=response.json()["id"])
    with translation.override("kk"):
        assert reversal.memo_text == f"{posted_in_russian.pk} жазбасының сторносы: {CONTRIBUTION['kk']}"


def test_a_memo_typed_by_a_person_reads_as_typed(accountant, posted_in_russian):
    reversal = services.reverse_entry(posted_in_russian.pk, actor=accountant, memo="Ошибка в сумме")
    with translation.override("en"):
        assert reversal.memo_text == "Ошибка в сумме"


migration = importlib.import_module("fund.migrations.0009_memo_keys")


def test_the_migration_converts_a_russian_reversal_of_a_kazakh_payment():
    memo = "Сторно проводки 41: ПЛ-7 төлемі: көшуге арналған субсидия, 12 тапсырмасы"
    assert migration.memo_key(memo) == ("reversal", {"n": 41, "memo": {
        "key": "payment", "params": {"ref": "ПЛ-7", "measure": "relocation_subsidy", "order": 12},
        "text": "ПЛ-7 төлемі: көшуге арналған субсидия, 12 тапсырмасы"}})


def test_the_migration_keeps_an_iin_as_text_and_a_typed_memo_as_it_is():
    assert migration.memo_key("Insurance premium, family of 012345678901") == ("premium", {"holder": "012345678901"})
    assert migration.memo_key("budget") is None


def test_the_migration_fills_the_keys_of_entries_and_they_stay_unchangeable(accountant):
    entry = services.post_entry(actor=accountant, date=DAY, kind="contribution", memo=CONTRIBUTION["ru"],
                                lines=[(Account.objects.get(code="1010"), 500), (Account.objects.get(code="6010"), -500)])
    assert entry.memo_key is None  # a text, as entries were posted before the migration
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # the entry's deferred balance check, as at the end of its transaction
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.convert(apps, editor)
    entry.refresh_from_db()
    assert (entry.memo_key, entry.memo_params) == ("contribution", {"payer": PAYER})
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo_key="grant")
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")


def test_a_closed_receivable_names_the_debts_status_in_words_not_its_code():
    """The debt's status is kept as its code ("time_barred") and read as the word of the reader's language."""
    from fund.memos import memo_text

    params = {"rec": 7, "status": "time_barred", "cites": "model-law/art-11/p-4"}
    with translation.override("kk"):
        kk = memo_text("receivable_closed", params)
    with translation.override("en"):
        en = memo_text("receivable_closed", params)
    assert "талап қою мерзімі бойынша жабылды" in kk and "time_barred" not in kk
    assert "closed by limitation" in en
