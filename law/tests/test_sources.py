"""The law's sources (citations, parameters' references, parameter names) read in the reader's language, and no
source claims more than law-facts.md supports."""

import re

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from law import acts, sources
from law.parameters import parameter_paths

pytestmark = pytest.mark.django_db


def test_every_source_text_of_the_data_has_its_kazakh_and_russian_version():
    table = yaml.safe_load(sources.TRANSLATIONS.read_text(encoding="utf-8"))
    missing = []
    for text in sorted(sources.data_texts()):
        if not sources.needs_translation(text):
            continue
        versions = table.get(text) or {}
        missing += [f"{lang}: {text}" for lang in ("kk", "ru") if not versions.get(lang) or versions[lang] == text]
    assert not missing, "\n".join(missing)


def test_no_translation_is_kept_for_a_text_the_data_no_longer_has():
    table = yaml.safe_load(sources.TRANSLATIONS.read_text(encoding="utf-8"))
    assert set(table) <= sources.data_texts(), sorted(set(table) - sources.data_texts())


@pytest.mark.parametrize("text, needed", [
    ("Laws on the republican budget", True), ("art. 492(1)", True), ("adilet V2500037453", True),
    ("lada.kz 2025-12-01", False), ("https://zakonpravo.kz/en/article-51", False), ("koap/art-492", False),
    ("MTSZN", False), ("nur.kz 2025-10-13 (275,240)", False),
])
def test_a_text_needs_translation_when_it_has_words(text, needed):
    assert sources.needs_translation(text) is needed


def test_a_reference_reads_in_the_readers_language_with_its_date_and_address_as_recorded():
    ref = {"act": "Laws on the republican budget", "article": "article setting the MCI and minimum wage",
           "date": "2016-11-29", "href": "https://www.gov.kz/article/17157"}
    assert sources.reference(ref, "ru") == {
        "act": "Законы о республиканском бюджете", "article": "статья, устанавливающая МРП и минимальную заработную плату",
        "date": "2016-11-29", "href": "https://www.gov.kz/article/17157"}
    assert sources.reference([ref], "en") == [ref]


def test_every_parameter_has_a_name_in_words_in_kazakh_and_russian():
    for lang in ("kk", "ru"):
        with translation.override(lang):
            unnamed = [path for path in parameter_paths() if not sources.parameter_label(path)]
        assert not unnamed, (lang, unnamed)
    with translation.override("ru"):
        assert sources.parameter_label("regions.sending.KZ_61") == "Выбытие: Туркестанская область"


def test_the_law_page_shows_its_sources_in_kazakh(client: Client):
    client.cookies["django_language"] = "kk"
    html = client.get(reverse("law:act", args=["migration-law"])).content.decode()
    assert "(2024 жылғы 21 мамырдағы редакция)</cite>" in html
    assert "(version of 21 May 2024)" not in html


def test_the_parameters_page_shows_each_reference_in_russian(client: Client):
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("law:parameters") + "?date=2026-01-01").content.decode()
    assert "<cite>Кодекс Республики Казахстан об административных правонарушениях (КоАП), ст. 492(1)</cite>" in html
    assert "Сообщено МВД; в прежней редакции (2015) было 5 МРП, дата изменения неизвестна." in html
    assert "Code of the Republic of Kazakhstan" not in html and "Reported by the MIA" not in html


def test_the_api_gives_descriptions_and_references_in_the_language_asked_for():
    response = APIClient().get("/api/v1/law/parameters?date=2026-01-01", HTTP_ACCEPT_LANGUAGE="kk")
    params = {p["path"]: p for p in response.json()["parameters"]}
    fine = params["fines.art_492.fine_mci"]
    assert fine["description"] == "Тіркеусіз тұрғаны үшін айыппұл, АЕК"
    assert fine["reference"]["act"] == "Қазақстан Республикасының Әкімшілік құқық бұзушылық туралы кодексі (ӘҚБтК)"
    assert fine["reference"]["article"] == "492-бап 1-т."


def test_no_note_or_source_speaks_to_developers():
    texts = sources.data_texts() | {n for r in acts.records().values() for n in r.note.values()}
    texts |= {acts.pick(a.meta.get("note"), lang) for a in acts.acts() for lang in ("en", "ru", "kk")}
    assert not [t for t in texts if "law-facts" in t or ".md" in t or "from memory" in t]


def test_the_appeal_rules_cite_no_article_that_law_facts_does_not_support():
    """law-facts.md names no article of the Administrative Procedural Code or of the Civil Code: the appeal
    periods and the limitation period are the model law's decision (art. 19), cited as such."""
    texts = sources.data_texts()
    assert not [t for t in texts if "Procedural Code" in t or "Civil Code of" in t]
    for paragraph in ("1", "2", "4", "5"):
        record = acts.get(f"model-law/art-19/p-{paragraph}")
        assert record is not None and record.decides and not record.citations


def test_a_sources_date_reads_in_the_readers_format_on_the_parameters_page(client):
    """The references' dates were printed as recorded (2020-09-18) on kk and ru pages (issue 16: the locale's
    formats everywhere)."""
    client.cookies["django_language"] = "ru"
    html = client.get("/law/parameters/?date=2026-01-01").content.decode()
    assert ", 2020-09-18 —" not in html
    assert "18 сентября 2020" in html


def test_a_parameter_name_kept_for_the_process_is_kept_per_language():
    """parameter_label is kept per path, description and language (sources._parameter_label): a name read in one
    language is never the answer in another, and an unlabelled parameter's description shows on English pages only."""
    sources._parameter_label.cache_clear()
    names: dict[str, set[str]] = {}
    for lang in ("ru", "kk", "en", "ru"):
        with translation.override(lang):
            names.setdefault(lang, set()).add(sources.parameter_label("regions.sending.KZ_61"))
            assert sources.parameter_label("no.such.parameter", "A description") == (
                "A description" if lang == "en" else "")
    assert names["ru"] == {"Выбытие: Туркестанская область"}
    assert len({*names["ru"], *names["kk"], *names["en"]}) == 3
    assert sources._parameter_label.cache_info().hits >= 2


def test_evaluate_answers_each_call_in_the_language_it_asks_for():
    """The evaluate answer's parameter names and references, kept once per language, follow each call's language."""
    body = {"date": "2026-03-01", "departure_region": "KZ-61", "arrival_region": "KZ-59", "settlement_type": "town",
            "members": [{"birth_date": "1990-05-01", "citizenship": "KZ", "status": "job_seeker",
                         "months_registered_in_departure_region": 24, "relation": "head"}]}
    answers: dict[str, list[list[tuple[str, object]]]] = {}
    for lang in ("ru", "en", "ru", "kk"):
        response = APIClient().post("/api/v1/law/evaluate", body, format="json", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        answers.setdefault(lang, []).append([(p["description"], p["reference"]) for p in response.json()["parameters"]])
    assert answers["ru"][0] == answers["ru"][1]
    assert answers["ru"][0] != answers["en"][0] != answers["kk"][0]
    assert all(re.search("[а-яА-Я]", description) for description, _ in answers["ru"][0])
    assert not any(re.search("[а-яА-Я]", description) for description, _ in answers["en"][0])
