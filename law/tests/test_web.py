"""The Law section: acts in the chosen language, rules per article, parameter charts, the public form."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from law import labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_the_section_start_page_lists_the_acts(client):
    response = client.get(reverse("law:index"))
    assert response.status_code == 200
    assert b"Model law" in response.content and b"model-law" in response.content


@pytest.mark.parametrize("lang, phrase", [("ru", "Субсидия на переезд"), ("kk", "Көшуге арналған субсидия"),
                                          ("en", "Relocation subsidy")])
def test_articles_are_shown_in_the_chosen_language(client, settings, lang, phrase):
    settings.LANGUAGE_CODE = lang
    with translation.override(lang):
        response = client.get(reverse("law:act", args=["model-law"]), HTTP_ACCEPT_LANGUAGE=lang)
    assert phrase in response.content.decode()


def test_each_article_shows_the_rules_that_implement_it(client):
    html = client.get(reverse("law:act", args=["model-law"])).content.decode()
    assert "relocation.subsidy_mci_per_member" in html and "relocation_subsidy_per_member" in html


def test_parameter_history_is_charted_with_the_local_plotly(client):
    html = client.get(reverse("law:parameters") + "?date=2026-01-01").content.decode()
    assert "vendor/plotly/plotly.min.js" in html and "cdn" not in html.lower()
    assert "law-chart-data" in html and "relocation.subsidy_mci_per_member" in html


def test_the_public_form_explains_the_verdict_with_articles(client):
    query = ("date=2026-03-01&departure_region=KZ-61&arrival_region=KZ-59&settlement_type=rural&housing_price_kzt="
             "&m-TOTAL_FORMS=1&m-INITIAL_FORMS=0&m-MIN_NUM_FORMS=1&m-MAX_NUM_FORMS=8&m-0-relation=head"
             "&m-0-birth_date=1990-01-01&m-0-citizenship=KZ&m-0-status=employed"
             "&m-0-months_registered_in_departure_region=24")
    html = client.get(reverse("law:calculator") + "?" + query).content.decode()
    assert "The family is not eligible" in html
    assert 'href="/law/acts/model-law/#model-law-art-10-p-1"' in html and "Model law, Art. 10(1)" in html
    assert ">model-law/art-10/p-1<" not in html  # the reference reads as words, not as the internal id


def test_the_form_refuses_a_date_outside_the_law(client):
    query = ("date=2030-03-01&departure_region=KZ-61&arrival_region=KZ-59&settlement_type=rural"
             "&m-TOTAL_FORMS=1&m-INITIAL_FORMS=0&m-MIN_NUM_FORMS=1&m-MAX_NUM_FORMS=8&m-0-relation=head"
             "&m-0-birth_date=1990-01-01&m-0-citizenship=KZ&m-0-status=job_seeker"
             "&m-0-months_registered_in_departure_region=24")
    html = client.get(reverse("law:calculator") + "?" + query).content.decode()
    assert "Choose a date from" in html and "The family is" not in html


def _one_applicant(citizenship: str) -> str:
    """The calculator's query for a family of one job seeker born in 1990, from Turkistan to North Kazakhstan."""
    return ("date=2026-03-01&departure_region=KZ-61&arrival_region=KZ-59&settlement_type=rural&housing_price_kzt="
            "&m-TOTAL_FORMS=1&m-INITIAL_FORMS=0&m-MIN_NUM_FORMS=1&m-MAX_NUM_FORMS=8&m-0-relation=head"
            f"&m-0-birth_date=1990-01-01&m-0-citizenship={citizenship}&m-0-status=job_seeker"
            "&m-0-months_registered_in_departure_region=24")


def test_the_form_explains_an_eligible_family_with_amounts_articles_and_named_values(client):
    query = _one_applicant("KZ")
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("law:calculator") + "?" + query).content.decode()
    with translation.override("ru"):

        status, region = str(labels.STATUSES["job_seeker"]), str(labels.REGIONS["KZ-61"])
    assert status in html and region in html and "<td>job_seeker</td>" not in html
    assert ">302\xa0750<" in html  # grouped as Russian writes it
    assert "Модельный закон, ст. 6(1)" in html and "#model-law-art-8-p-2" in html


def test_only_parameters_that_changed_are_charted_and_the_page_is_fast(client):
    import time

    from law.parameters import parameter_history

    client.get(reverse("law:parameters"))  # the first request reads the histories of this rules version
    started = time.perf_counter()
    response = client.get(reverse("law:parameters") + "?date=2026-01-01")
    elapsed = time.perf_counter() - started
    html = response.content.decode()
    charted = response.context["chart_data"]
    for chart in response.context["charts"]:
        changed = len({value for _day, value, _ref in parameter_history(chart["path"])}) > 1
        assert (chart["id"] in charted) == changed, chart["path"]
        assert (f'id="{chart["id"]}"' in html) == changed, chart["path"]
    assert charted and len(charted) < len(response.context["charts"])
    assert elapsed < 0.5, f"{elapsed:.2f} s"


def test_the_calculators_unconfirmed_values_read_in_the_readers_language(client):
    query = _one_applicant("KZ")
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("law:calculator") + "?" + query).content.decode()
    assert "not confirmed after" not in html and "parameter " not in html


def test_the_blank_calculator_form_is_kept_per_language_and_day_and_a_filled_in_one_is_never_kept(client, monkeypatch):
    """law.views._calculator_form: a reader's answers never reach the next reader's blank form, a reader of
    another language gets the form in theirs, and the next day's blank form opens on the next day."""
    import datetime as dt

    from law import views

    def blank(lang: str) -> str:
        client.cookies["django_language"] = lang
        return client.get(reverse("law:calculator")).content.decode()

    today = views.timezone.localdate()
    first = blank("en")
    assert f'value="{today.isoformat()}"' in first and "The move" in first
    filled = ("date=2026-03-01&departure_region=KZ-55&arrival_region=KZ-59&settlement_type=rural&housing_price_kzt="
              "&m-TOTAL_FORMS=1&m-INITIAL_FORMS=0&m-MIN_NUM_FORMS=1&m-MAX_NUM_FORMS=8&m-0-relation=head"
              "&m-0-birth_date=1977-07-07&m-0-citizenship=KZ&m-0-status=job_seeker"
              "&m-0-months_registered_in_departure_region=24")
    assert 'value="1977-07-07"' in client.get(reverse("law:calculator") + "?" + filled).content.decode()
    again = blank("en")
    assert "1977-07-07" not in again and f'value="{today.isoformat()}"' in again
    russian = blank("ru")
    assert "The move" not in russian and f'value="{today.isoformat()}"' in russian
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(views.timezone, "localdate", lambda *args: tomorrow)
    monkeypatch.setattr(views.FamilyForm.base_fields["date"], "initial", lambda: tomorrow)
    assert f'value="{tomorrow.isoformat()}"' in blank("en")


def test_a_blank_calculator_visit_builds_no_form_once_its_html_is_kept(client, monkeypatch):
    """The blank form's HTML is kept per language and day, so a visit that has not asked builds no form at all;
    the first visit of a language builds it, and a filled-in one is built (and checked) every time."""
    from law import views

    built = []
    original = views.FamilyForm.__init__

    def counting(self, *args, **kwargs):
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(views.FamilyForm, "__init__", counting)
    client.cookies["django_language"] = "kk"
    views.caches["default"].delete(f"law.calculator.form:kk:{views.timezone.localdate().isoformat()}")
    first = client.get(reverse("law:calculator")).content.decode()
    assert built == [()]
    again = client.get(reverse("law:calculator")).content.decode()
    assert built == [()]
    assert again.count('name="m-0-') == first.count('name="m-0-') > 0
    client.get(reverse("law:calculator") + "?date=2026-03-01")
    assert len(built) == 2 and built[1]


def test_the_calculators_unconfirmed_values_name_each_parameter_never_its_path(client):
    """The flags read every parameter by its name in words (a region's membership as "group: region"), the same
    function as the parameters page, never a dotted path such as regions.receiving.KZ_59 (issue 16)."""
    query = ("date=2026-12-15&departure_region=KZ-61&arrival_region=KZ-59&settlement_type=rural&housing_price_kzt="
             "&m-TOTAL_FORMS=1&m-INITIAL_FORMS=0&m-MIN_NUM_FORMS=1&m-MAX_NUM_FORMS=8&m-0-relation=head"
             "&m-0-birth_date=1990-01-01&m-0-citizenship=KZ&m-0-status=job_seeker"
             "&m-0-months_registered_in_departure_region=24")
    client.cookies["django_language"] = "kk"
    response = client.get(reverse("law:calculator") + "?" + query)
    flags = response.context["result"]["flags"]
    assert flags, "a date after the last confirmation flags the values used"
    for flag in flags:
        assert "." not in str(flag["label"]) or " " in str(flag["label"]), flag
        assert not str(flag["label"]).startswith(("regions.", "mci", "mzp", "relocation.", "registration.")), flag


def test_the_calculator_words_a_quota_it_was_not_given_and_a_non_citizen_not_as_codes(client):
    """The public calculator passes no quota (law.evaluation: -1 inside the rules): the quota's row says so in the
    reader's language instead of showing "-1", and a non-citizen applicant reads as "Other", not "not KZ"."""
    query = _one_applicant("XX")
    client.cookies["django_language"] = "kk"
    html = client.get(reverse("law:calculator") + "?" + query).content.decode()
    assert "Квота берілмеген: тексерілмейді" in html  # law/locale/kk: "No quota given: not checked"
    assert "<td>-1</td>" not in html and "not KZ" not in html and "<td>Басқа</td>" in html
