"""The pages: the citizen's application with its decision and articles, the officer's queue and actions (a
forbidden transition is a clear message, not a 500), the quota page with the order behind each figure, the
ministry's order entry (audited), the report with its CSV."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user, an_officer_of, unit
from relocation import services
from relocation.models import Quota

from .conftest import SUBMITTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="city")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    services.approve(app, actor=officer)
    return app


def test_the_citizen_sees_the_decision_with_each_article_by_number_and_title_linking_to_its_text(client, decided,
                                                                                                  citizen):
    client.force_login(citizen)
    r = client.get(reverse("relocation:index"))
    assert r.status_code == 302 and r.url == reverse("relocation:application", args=[decided.pk])
    page = client.get(r.url).content.decode()
    assert "The family is eligible." in page
    assert "Art. 6(1) «Relocation subsidy»" in page
    assert 'href="/law/acts/model-law/#model-law-art-6-p-1"' in page
    assert "model-law/art-6/p-1<" not in page  # never the internal id as the text
    assert f"Your application №{decided.pk} was approved: places are reserved for your family." in page  # notice


def test_the_page_is_in_russian_for_a_russian_reader(client, decided, citizen):
    client.force_login(citizen)
    page = client.get(reverse("relocation:application", args=[decided.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "ст. 6(1) «Субсидия на переезд»" in page


def test_a_forbidden_transition_on_the_page_is_a_clear_message(client, decided, officer):
    client.force_login(officer)
    r = client.post(reverse("relocation:act", args=[decided.pk, "forward"]), follow=True)
    assert r.status_code == 200
    assert "is approved: the transition" in r.content.decode()


def test_the_officers_queue_lists_agreements_to_sign_with_one_click(client, decided, officer):
    client.force_login(officer)
    page = client.get(reverse("relocation:index")).content.decode()
    assert "Agreements to sign" in page and reverse("relocation:application", args=[decided.pk]) in page
    home = client.get("/").content.decode()
    assert "Agreements to sign" in home


def test_a_pavlodar_officer_gets_404_on_the_page(client, decided):
    client.force_login(an_officer_of("KZ-55"))
    assert client.get(reverse("relocation:application", args=[decided.pk])).status_code == 404
    assert client.post(reverse("relocation:act", args=[decided.pk, "sign_agreement"])).status_code == 404


def test_the_quota_page_shows_each_figure_with_its_order_and_the_map(client, decided, quota):
    client.force_login(a_user(Role.MINISTRY))
    page = client.get(reverse("relocation:quotas") + "?year=2026").content.decode()
    assert 'id="geo-map-data"' in page and "geo/map.js" in page
    # the shipped order of 12 Dec 2025 set 2,820 places; the test's order set them anew to 100
    assert "order of 12/12/2025, number not published</a>: 2,820" in page
    assert f"{quota.order}: 100" in page
    # the national totals of the 2026 order beside the sum of the regional quotas
    assert "5,997" in page


def test_the_ministry_enters_an_amendment_through_the_page_and_it_is_audited(client):
    ministry = a_user(Role.MINISTRY)
    client.force_login(ministry)
    r = client.post(reverse("relocation:quota_order_new"), {
        "number": "123-p", "signed_on": "2026-08-24", "act": "Amendment of the 2026 quota order", "year": 2026,
        "lines": "KZ-59, resettlers, 3000\nKZ-55, kandas, 900"})
    assert r.status_code == 302, r.content.decode()[:2000]
    q = Quota.objects.get(year=2026, region=unit("KZ-59"), category="resettlers")
    assert q.places == 3000 and q.order.number == "123-p"
    assert ChangeRecord.objects.filter(kind="relocation.quota", object_id=str(q.pk), actor=ministry).exists()
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    assert client.get(reverse("relocation:quota_order_new")).status_code == 403


def test_the_report_and_its_csv(client, decided):
    client.force_login(a_user(Role.MINISTRY))
    empty = client.get(reverse("relocation:report") + "?start=2025-01-01&end=2025-12-31")
    assert empty.status_code == 200
    # no arrivals in the period: the table says so, and no empty chart of axes from -1 to 6 is drawn
    assert "No arrivals in this period." in empty.content.decode() and 'id="report-chart"' not in empty.content.decode()
    r = client.get(reverse("relocation:report") + "?start=2025-01-01&end=2025-12-31&output=csv")
    assert r["Content-Type"].startswith("text/csv")
    assert client.get(reverse("relocation:report") + "?start=nonsense").status_code == 200


@pytest.mark.parametrize("language, heading, not_meant", [("ru", "Соглашение", "Совпадение"),
                                                          ("kk", "Келісім", "Сәйкестік")])
def test_the_signed_agreement_is_headed_agreement_not_the_statistics_agreement_of_figures(
        client, decided, citizen, officer, language, heading, not_meant):
    """"Agreement" is a contract here and a match of two figures on the statistics pages: two translations."""
    import datetime as dt
    services.sign_agreement(decided, actor=officer, planned_arrival=dt.date(2026, 12, 20), transport="rail",
                            job_or_training="job", housing_search="rent", on=dt.date(2026, 11, 30))
    client.force_login(citizen)
    client.cookies["django_language"] = language
    page = client.get(reverse("relocation:application", args=[decided.pk])).content.decode()
    assert f"<h2>{heading}</h2>" in page and f"<h2>{not_meant}</h2>" not in page


def test_the_officers_count_by_receiving_region_names_the_region_not_its_code(client, decided, officer):
    client.force_login(officer)
    page = client.get(reverse("relocation:index")).content.decode()
    by_region = page.split("By receiving region")[1].split("</table>")[0]
    assert unit("KZ-59").name_en in by_region and "KZ-59" not in by_region
