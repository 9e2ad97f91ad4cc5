"""XLSForms convert, render in the reader's language, or are refused naming the row or the feature."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import PASSWORD, a_user
from surveys import engine
from surveys.render import render_form
from surveys.services import upload_form
from surveys.xlsform import FormRefused, convert

from .kobo import ALL_FEATURES_CHOICES, ALL_FEATURES_SURVEY, YES_NO, all_features, consent, lab, workbook

SHIPPED = Path(__file__).resolve().parents[1] / "forms" / "migrants.xlsx"


def test_a_form_with_every_supported_feature_converts_with_its_three_languages():
    converted = convert("kobo.xlsx", all_features())
    assert converted.languages == ["en", "kk", "ru"]
    form = engine.FormDefinition(converted.definition)
    kinds = {n.name: n.kind for n in form.walk()}
    assert kinds["town_note"] == "text" and kinds["age"] == "integer" and kinds["income"] == "decimal"
    assert kinds["arrived"] == "date" and kinds["home"] == "select_one" and kinds["why"] == "select_multiple"
    assert kinds["why_other"] == "text"  # or_other's follow-up question
    assert kinds["person"] == "group" and kinds["kid"] == "repeat" and kinds["kids"] == "calculate"
    assert kinds["bye"] == "note"
    assert "<h:title>Test</h:title>" in converted.xform


def test_the_form_renders_in_the_readers_language_with_default_hint_and_repeat_template():
    form = engine.FormDefinition(convert("kobo.xlsx", all_features()).definition)
    kazakh = render_form(form, "kk")
    assert "Жасы" in kazakh and "Солтүстік" in kazakh and "кеңес" in kazakh
    assert 'value="north" checked' in kazakh  # the default
    assert 'data-path="kid[__kid__]"' in kazakh and "<template>" in kazakh  # a repeat's new member
    assert 'type="date"' in kazakh and 'step="any"' in kazakh and 'type="checkbox"' in kazakh
    russian = render_form(form, "ru")
    assert "Возраст" in russian and "Жасы" not in russian


def test_every_rule_of_the_feature_form_is_evaluated():
    form = engine.FormDefinition(convert("kobo.xlsx", all_features()).definition)
    good = {"consent": "yes", "age": "30", "income": "350.5", "arrived": "2024-03-01", "home": "north",
            "town": "bulaevo", "why": ["work", "other"], "why_other": "climate",
            "kid": [{"kid_age": "4"}, {"kid_age": "9", "kid_school": "yes"}]}
    checked = engine.check(form, good, "en")
    assert checked.errors == []
    assert checked.data["kids"] == "2" and checked.data["income_band"] == "high"
    assert checked.data["kid"][1] == {"kid_age": 9, "kid_school": "yes"}
    state = checked.state()["slots"]
    assert state["town"]["allowed"] == ["petropavl", "bulaevo"]
    assert state["kid[0]/kid_school"]["relevant"] is False and state["kid[1]/kid_school"]["relevant"] is True
    refused = engine.check(form, {"consent": "no"}, "en")
    # a calculation over an unanswered number has no value (XPath 2 refuses '' > 300; ODK would say 'low')
    assert refused.errors == [] and refused.data == {"consent": "no", "kids": "0"}


def test_the_shipped_questionnaire_converts_in_kazakh_russian_and_english():
    converted = convert(SHIPPED.name, SHIPPED.read_bytes())
    assert converted.form_id == "koshi_migrants" and converted.languages == ["en", "kk", "ru"]
    form = engine.FormDefinition(converted.definition)
    assert form.root.children[0].name == "consent"
    assert {"member", "household_size", "settlement", "stay_5y", "contract", "formal"} <= set(form.by_name)
    assert form.by_name["settlement"].raw["choice_filter"] == "region = ${region}"
    html = render_form(form, "kk")
    assert "Осында тағы кемінде бес жыл тұруды жоспарлайсыз ба?" in html


def test_a_form_with_an_error_is_refused_with_pyxforms_message_and_row():
    survey = [consent(), {"type": "select_one nolist", "name": "broken", **lab("a", "b", "c")}]
    with pytest.raises(FormRefused) as refused:
        convert("broken.xlsx", workbook(survey, YES_NO))
    message = refused.value.problems[0]
    assert "nolist" in message and "row" in message.lower() and "3" in message


def test_an_unfinished_group_is_refused_naming_its_row():
    survey = [consent(), {"type": "begin_group", "name": "g", **lab("g", "g", "g")},
              {"type": "text", "name": "t", **lab("t", "t", "t")}]
    with pytest.raises(FormRefused) as refused:
        convert("group.xlsx", workbook(survey, YES_NO))
    assert "row" in refused.value.problems[0].lower()


def test_an_unsupported_type_is_named_not_dropped():
    survey = [consent(), {"type": "geopoint", "name": "where", **lab("a", "b", "c")},
              {"type": "image", "name": "photo", **lab("a", "b", "c")}]
    with pytest.raises(FormRefused) as refused:
        convert("geo.xlsx", workbook(survey, YES_NO))
    problems = " ".join(refused.value.problems)
    assert "“where”" in problems and "geopoint" in problems and "“photo”" in problems  # pyxform calls an image "photo"


def test_an_unsupported_function_is_named():
    survey = [consent(), {"type": "text", "name": "t", **lab("a", "b", "c")},
              {"type": "calculate", "name": "c", "calculation": "pulldata('prices', 'p', 'k', ${t})"}]
    with pytest.raises(FormRefused) as refused:
        convert("fn.xlsx", workbook(survey, YES_NO))
    assert any("pulldata" in p for p in refused.value.problems)


def test_consent_must_be_the_first_question_and_names_are_not_collected():
    survey = [{"type": "text", "name": "full_name", **lab("a", "b", "c")}, consent()]
    with pytest.raises(FormRefused) as refused:
        convert("name.xlsx", workbook(survey, YES_NO))
    problems = " ".join(refused.value.problems)
    assert "consent" in problems and "full_name" in problems


@pytest.mark.django_db
def test_a_new_upload_of_the_same_form_id_becomes_its_next_version():
    researcher = a_user(Role.RESEARCHER)
    first = upload_form(actor=researcher, filename="kobo.xlsx", content=all_features())
    settings = {"form_title": "Test", "form_id": "test_form", "version": "2", "default_language": "English (en)"}
    second = upload_form(actor=researcher, filename="kobo2.xlsx",
                         content=workbook(ALL_FEATURES_SURVEY, ALL_FEATURES_CHOICES, settings))
    assert first.form == second.form and [v.version for v in first.form.versions.all()] == ["2", "1"]
    with pytest.raises(FormRefused):
        upload_form(actor=researcher, filename="again.xlsx", content=all_features())


@pytest.mark.django_db
def test_the_upload_page_shows_the_refusal_with_its_row(client):
    researcher = a_user(Role.RESEARCHER)
    client.login(username=researcher.username, password=PASSWORD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    survey = [consent(), {"type": "select_one nolist", "name": "broken", **lab("a", "b", "c")}]
    upload = SimpleUploadedFile("broken.xlsx", workbook(survey, YES_NO))
    response = client.post(reverse("surveys:upload"), {"xlsform": upload})
    assert response.status_code == 400
    assert "nolist" in response.content.decode() and "row" in response.content.decode().lower()


@pytest.mark.django_db
def test_a_researcher_previews_the_form_live_without_saving(client):
    researcher = a_user(Role.RESEARCHER)
    form = upload_form(actor=researcher, filename="kobo.xlsx", content=all_features()).form
    client.login(username=researcher.username, password=PASSWORD)
    page = client.get(reverse("surveys:preview", args=[form.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Возраст" in page and 'id="preview-note"' in page and "submit-interview" not in page
    state = client.post(reverse("surveys:evaluate", args=[form.pk]), {"consent": "yes", "home": "south"}).json()
    assert state["slots"]["town"]["allowed"] == ["shymkent"] and state["slots"]["person"]["relevant"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("language, title, others", [
    ("kk", "Ішкі мигранттар сауалнамасы", ("Опрос внутренних мигрантов", "Survey of internal migrants")),
    ("ru", "Опрос внутренних мигрантов", ("Ішкі мигранттар сауалнамасы", "Survey of internal migrants")),
    ("en", "Survey of internal migrants", ("Ішкі мигранттар сауалнамасы", "Опрос внутренних мигрантов")),
])
def test_the_enumerator_reads_the_forms_title_in_the_pages_language_only(client, survey, enumerator, language,
                                                                          title, others):
    """The shipped form's one title is written "kk / ru / en"; each page shows the reader's part of it."""
    client.force_login(enumerator)
    client.cookies["django_language"] = language
    for url in (reverse("surveys:index"), reverse("surveys:collect", args=[survey.pk])):
        page = client.get(url).content.decode()
        assert title in page and not any(other in page for other in others), (url, language)
