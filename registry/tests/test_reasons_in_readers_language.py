"""A rejection's reason reads in its reader's language, whatever language the import ran in (issue 16): on the
import's page, in the row report (pages and API; the API's default, English, when the client asks for none),
and the rejections stored as sentences before migration 0013 are converted to their codes."""

import importlib
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.testing import an_officer_of
from registry import importer
from registry.models import ImportRejection

from .test_import import row, write
from .test_import_scope import people  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

SCOPE = {"en": "You may not register in this region: it is outside your territory.",
         "ru": "Вы не можете регистрировать в этом регионе: он вне вашей территории.",
         "kk": "Бұл өңірде тіркей алмайсыз: ол сіздің аумағыңыздан тыс."}
# arrival 1 March 2025, end of the stay 10 March: a stay of 9 days
SHORT_STAY = {"en": re.compile(r"A temporary registration is for a stay of more than \d+ days; this stay is 9 days\."),
              "ru": re.compile(r"Временная регистрация — для пребывания дольше \d+ дней; это пребывание — 9 дней\.")}


@pytest.fixture
def batch_in_kazakh(tmp_path, people):  # noqa: F811
    """An officer of North Kazakhstan imports with the page in Kazakh: a row of another region (line 3) and a
    stay too short (line 4) are rejected."""
    officer = an_officer_of("KZ-59")
    a, b, c = people
    path = write(tmp_path, [row(a, "KZ-59"), row(b, "KZ-61"),
                            row(c, "KZ-59", kind="temporary", valid_until="2025-03-10")])
    with translation.override("kk"):
        batch = importer.import_file(path, user=officer).batch
    assert batch.rejected_rows == 2
    return officer, batch


def page(officer, batch, language):
    client = Client()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()


def test_a_rejection_recorded_in_kazakh_reads_in_english_on_the_english_page(batch_in_kazakh):
    officer, batch = batch_in_kazakh
    html = page(officer, batch, "en")
    assert SCOPE["en"].replace("'", "&#x27;") in html and SHORT_STAY["en"].search(html)
    assert SCOPE["kk"] not in html


def test_a_rejection_recorded_in_kazakh_reads_in_russian_on_the_russian_page(batch_in_kazakh):
    officer, batch = batch_in_kazakh
    html = page(officer, batch, "ru")
    assert SCOPE["ru"] in html and SHORT_STAY["ru"].search(html)
    assert SCOPE["kk"] not in html


def test_the_api_row_report_without_a_language_reads_in_english(batch_in_kazakh):
    officer, batch = batch_in_kazakh
    client = APIClient()
    client.force_authenticate(officer)
    response = client.get(f"/api/v1/registry/imports/{batch.pk}/report/")
    report = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert f"3,region,{SCOPE['en']}" in report and SHORT_STAY["en"].search(report)


def test_the_pages_row_report_reads_in_the_readers_language(batch_in_kazakh):
    officer, batch = batch_in_kazakh
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("registry:import_report", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    assert f"3,region,{SCOPE['ru']}" in b"".join(response.streaming_content).decode()


def test_a_rule_names_its_article_after_the_reason(batch_in_kazakh):
    _officer, batch = batch_in_kazakh
    stay = ImportRejection.objects.get(batch=batch, line=4)
    assert stay.code == "short_stay" and stay.params["stay"] == 9 and stay.params["article"]
    with translation.override("en"):
        assert importer.reason_text(stay.code, stay.params).endswith(f" ({stay.params['article']})")


def test_every_reason_code_has_one_text():
    from registry.importer.reports import REASONS
    from registry.rules import TEXTS

    assert not set(REASONS) & set(TEXTS)


migration = importlib.import_module("registry.migrations.0013_rejection_reason_codes")


def test_the_migration_converts_a_kazakh_text_to_its_code():
    assert migration.reason_code(SCOPE["kk"]) == ("scope", {})
    assert migration.reason_code("ЖСН бақылау цифры сәйкес келмейді: нөмір қате терілген.") == ("iin_checksum", {})


def test_the_migration_converts_a_russian_text_with_parameters_and_article():
    text = "Временная регистрация — для пребывания дольше 30 дней; это пребывание — 9 дней. (rules-1427/item-5)"
    assert migration.reason_code(text) == ("short_stay", {"days": 30, "stay": 9, "article": "rules-1427/item-5"})


def test_the_migration_keeps_a_text_no_reason_words():
    assert migration.reason_code("Something an operator typed.") is None


def test_a_legacy_text_reads_as_stored(batch_in_kazakh):
    officer, batch = batch_in_kazakh
    ImportRejection.objects.create(batch=batch, line=9, field="iin", reason="Something an operator typed.")
    assert "Something an operator typed." in page(officer, batch, "en")
