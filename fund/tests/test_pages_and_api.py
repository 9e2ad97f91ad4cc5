"""Pages and API: four eyes on both; each role sees what it may; statements in every format and language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import PASSWORD, a_citizen, a_user, an_officer_of
from fund import services
from fund.models import JournalEntry, PaymentBatch
from relocation.models import PaymentOrder

from .helpers import a_controller, a_participant, an_accountant, an_order, paid_batch

pytestmark = pytest.mark.django_db

PAY_ON = dt.date(2025, 3, 10)


def client_for(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def api_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_four_eyes_on_the_page():
    admin = a_user(Role.ADMIN)
    an_order()
    page = client_for(admin)
    response = page.post("/fund/batches/", {"pay_on": "2025-03-10", "limit": "500"})
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fund/batches/{batch.pk}/"
    detail = page.get(f"/fund/batches/{batch.pk}/").content.decode()
    assert 'id="four-eyes"' in detail and 'id="approve-form"' not in detail
    assert page.post(f"/fund/batches/{batch.pk}/approve/").status_code == 403
    assert PaymentOrder.objects.get().status == "due"
    ctl = a_controller()
    other = client_for(ctl)
    assert 'id="approve-form"' in other.get(f"/fund/batches/{batch.pk}/").content.decode()
    assert other.post(f"/fund/batches/{batch.pk}/approve/").status_code == 302
    assert PaymentOrder.objects.get().status == "paid"
    again = other.post(f"/fund/batches/{batch.pk}/approve/")
    assert again.status_code == 409 and "approved" in again.content.decode()


def test_four_eyes_on_the_api():
    admin = a_user(Role.ADMIN)
    an_order()
    api = api_for(admin)
    created = api.post("/api/v1/fund/batches/", {"pay_on": "2025-03-10"}, format="json")
    assert created.status_code == 201
    batch_id = created.json()["batch"]["id"]
    refused = api.post(f"/api/v1/fund/batches/{batch_id}/approve/")
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    accountant = api_for(an_accountant())
    assert accountant.post(f"/api/v1/fund/batches/{batch_id}/approve/").status_code == 403
    ok = api_for(a_controller()).post(f"/api/v1/fund/batches/{batch_id}/approve/")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    conflict = api_for(a_controller()).post(f"/api/v1/fund/batches/{batch_id}/approve/")
    assert conflict.status_code == 409 and conflict.json()["code"] == "approved"
    register = api_for(a_controller()).get(f"/api/v1/fund/batches/{batch_id}/register/")
    assert register.status_code == 200 and b"iban" in register.content


def test_bad_input_is_a_400_naming_the_field():
    api = api_for(an_accountant())
    assert api.post("/api/v1/fund/batches/", {"pay_on": "not a date"}, format="json").status_code == 400
    response = api.get("/api/v1/fund/reports/trial_balance/?end=2025-13-01")
    assert response.status_code == 400 and response.json()["field"] == "end"
    assert api.get("/api/v1/fund/reports/nothing/").status_code == 404
    nothing = api.post("/api/v1/fund/batches/", {"pay_on": "2025-03-10"}, format="json")
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_due"
    assert client_for(an_accountant()).get("/fund/statements/?end=garbage").status_code == 400


def test_an_officer_sees_the_payments_of_their_region_and_a_citizen_their_own():
    acc, ctl = an_accountant(), a_controller()
    citizen = a_citizen()
    a_participant(person=citizen.person)
    mine = an_order(citizen.person, region="KZ-59", amount_kzt=111_111)
    elsewhere = an_order(region="KZ-55", amount_kzt=222_222)
    paid_batch(acc, ctl, [mine, elsewhere])
    officer = an_officer_of("KZ-59")
    seen = api_for(officer).get("/api/v1/fund/payments/").json()["results"]
    assert [p["order_id"] for p in seen] == [mine.pk]
    own = api_for(citizen).get("/api/v1/fund/payments/").json()["results"]
    assert [p["order_id"] for p in own] == [mine.pk]
    page = client_for(citizen).get("/fund/").content.decode()
    assert "111" in page and "222" not in page
    pavlodar = api_for(an_officer_of("KZ-55")).get("/api/v1/fund/payments/").json()["results"]
    assert [p["order_id"] for p in pavlodar] == [elsewhere.pk]
    # an officer does not reach batches or the books
    assert client_for(officer).get("/fund/batches/").status_code == 403
    assert client_for(officer).get("/fund/statements/").status_code == 403
    batch = PaymentBatch.objects.get()
    assert api_for(officer).get(f"/api/v1/fund/batches/{batch.pk}/").status_code == 404


def test_the_ministry_reads_statements_and_opens_a_figure_down_to_its_entries():
    acc, ctl = an_accountant(), a_controller()
    paid_batch(acc, ctl, [an_order(amount_kzt=276_800)])
    ministry = client_for(a_user(Role.MINISTRY))
    page = ministry.get("/fund/statements/?report=flows&start=2025-01-01&end=2025-12-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "276,800.00" in html
    link = html.split('<a href="/fund/accounts/')[1].split('"')[0]
    drill = ministry.get("/fund/accounts/" + link.replace("&amp;", "&")).content.decode()
    entry = JournalEntry.objects.get(kind="payment")
    assert f"/fund/entries/{entry.pk}/" in drill
    assert ministry.get(f"/fund/entries/{entry.pk}/").status_code == 200
    assert ministry.get("/fund/batches/").status_code == 403


@pytest.mark.parametrize("lang,grouped", [("kk", "276\xa0800,00"), ("ru", "276\xa0800,00"), ("en", "276,800.00")])
def test_statements_read_in_each_language(lang, grouped):
    acc, ctl = an_accountant(), a_controller()
    paid_batch(acc, ctl, [an_order(amount_kzt=276_800)])
    page = client_for(acc).get("/fund/statements/?report=trial_balance&start=2025-01-01&end=2025-12-31",
                               HTTP_ACCEPT_LANGUAGE=lang)
    html = page.content.decode()
    assert grouped in html.replace("&nbsp;", "\xa0").replace(" ", "\xa0")


# The payment is 276,800 tenge; the balance sheet shows what is left of a 1,000,000 tenge allocation received.
@pytest.mark.parametrize("report,figure", [("trial_balance", 276800), ("balance_sheet", 723200),
                                           ("income_expenditure", 276800), ("flows", 276800), ("budget", 276800)])
def test_every_statement_downloads_as_csv_xlsx_and_pdf(report, figure):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    acc, ctl = an_accountant(), a_controller()
    services.set_allocation(actor=acc, year=2025, measure="relocation_subsidy", amount_tiyn=1_000_000_00)
    services.record_contribution(actor=acc, source="budget", payer="Ministry of Finance", amount_tiyn=1_000_000_00,
                                 received_on=dt.date(2025, 3, 1))
    paid_batch(acc, ctl, [an_order(amount_kzt=276_800)])
    page = client_for(acc)
    base = f"/fund/statements/?report={report}&start=2025-01-01&end=2025-12-31"
    csv_text = page.get(base + "&format=csv").content.decode()
    assert f"{figure}.00" in csv_text
    book = load_workbook(io.BytesIO(page.get(base + "&format=xlsx").content))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert figure in values
    pdf = PdfReader(io.BytesIO(page.get(base + "&format=pdf").content))
    assert f"{figure:,}.00" in "".join(p.extract_text() for p in pdf.pages)


def test_a_receipt_is_in_the_payers_language():
    from pypdf import PdfReader

    acc = an_accountant()
    c = services.record_contribution(actor=acc, source="employer", payer="ТОО Север", amount_tiyn=150_000_00,
                                     received_on=dt.date(2025, 3, 1), language="ru")
    pdf = client_for(acc).get(f"/fund/contributions/{c.pk}/receipt.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Квитанция" in text and "ТОО Север" in text


def test_the_controller_reopens_a_period_through_the_api_and_the_accountant_cannot():
    acc, ctl = api_for(an_accountant()), api_for(a_controller())
    assert acc.post("/api/v1/fund/periods/2025-03/close/", {"reason": "month end"}, format="json").status_code == 200
    assert acc.post("/api/v1/fund/periods/2025-03/reopen/", {"reason": "x"}, format="json").status_code == 403
    assert ctl.post("/api/v1/fund/periods/2025-03/reopen/", {}, format="json").status_code == 400
    reopened = ctl.post("/api/v1/fund/periods/2025-03/reopen/", {"reason": "late invoice"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["is_closed"] is False
    assert ctl.post("/api/v1/fund/periods/2025-03/reopen/", {"reason": "again"}, format="json").status_code == 409


def test_the_work_queue_offers_batches_to_approve_and_orders_due():
    from django.utils import timezone

    from fund import work_queue

    acc, ctl = an_accountant(), a_controller()
    today = timezone.localdate()
    an_order(period_start=today, due_on=today)
    due = work_queue.sections(acc)
    assert [s.total for s in due] == [1] and due[0].items[0].url == "/fund/batches/"
    batch = services.prepare_batch(actor=acc, pay_on=today).batch
    queue = work_queue.sections(ctl)
    assert queue[0].total == 1 and queue[0].items[0].url == f"/fund/batches/{batch.pk}/"
    admin = a_user(Role.ADMIN)
    own = services.prepare_batch(actor=admin, pay_on=today, order_ids=[an_order(period_start=today, due_on=today).pk])
    assert own.batch is not None
    assert [i.url for i in work_queue.sections(admin)[0].items] == [f"/fund/batches/{batch.pk}/"]
