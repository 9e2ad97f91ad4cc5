"""Refunds as debts (model law art. 11, art. 19(5)): the amount frozen with its inputs, the art. 11(3) exemption,
instalment plans, repayments, the write-off's two signatures, limitation, recovery paused by an appeal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.testing import an_officer_of
from registry.services import deregister
from relocation import services
from relocation.models import Debt, FollowUpFlag, PaymentOrder

from .test_breach_refund import LEFT, arrived_family

pytestmark = pytest.mark.django_db

SUBSIDY = 3 * 70 * 4_325  # 3 members × 70 MCI × the 2026 MCI for social payments (law-facts.md §2)
ARRIVAL = dt.date(2026, 4, 1)
END = dt.date(2031, 4, 1)  # five years after the arrival (art. 11(1))
REFUND = SUBSIDY * (END - LEFT).days // (END - ARRIVAL).days  # art. 11(2): days not served, rounded down


def breached(citizen, officer, quota):
    app, registration = arrived_family(citizen, officer, quota)
    subsidy = app.payment_orders.get(measure=PaymentOrder.Measure.RELOCATION_SUBSIDY)
    services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 10), reference="F-1")
    deregister(registration, on=LEFT)
    services.scan_follow_up(on=dt.date(2026, 10, 20))
    flag = FollowUpFlag.objects.get(application=app, kind=FollowUpFlag.Kind.DEREGISTERED)
    services.resolve_flag(flag, actor=officer, confirm=True, reason="moved back to Turkistan")
    app.refresh_from_db()
    return app


def assessed(citizen, officer, quota) -> Debt:
    app = breached(citizen, officer, quota)
    services.assess_refund(app, actor=officer, on=dt.date(2026, 10, 21))
    return Debt.objects.get(application=app)


def test_a_confirmed_breach_creates_a_debt_frozen_with_its_inputs(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    assert REFUND == 908_250 * 1629 // 1826
    assert debt.amount_kzt == REFUND and debt.refund_order.amount_kzt == REFUND
    assert (debt.arrival, debt.departure, debt.subsidy_paid_kzt) == (ARRIVAL, LEFT, SUBSIDY)
    assert (debt.days_served, debt.days_owed) == ((LEFT - ARRIVAL).days, 1826)
    assert debt.article == "model-law/art-11/p-2" and "+" in debt.rules_version
    assert debt.due_on == dt.date(2026, 11, 20) and debt.limitation_on == dt.date(2029, 11, 20)  # 3 years (art. 19(5))


def evidence(app, citizen):
    upload = SimpleUploadedFile("death.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    return services.upload_document(app, actor=citizen, kind="other", upload=upload)


def test_an_exemption_decided_on_evidence_gives_a_refund_of_0(citizen, officer, quota):
    app = breached(citizen, officer, quota)
    doc = evidence(app, citizen)
    with pytest.raises(services.RelocationError):
        services.decide_exemption(app, actor=officer, ground="holiday", evidence=doc, reason="x")
    services.decide_exemption(app, actor=officer, ground="death", evidence=doc, reason="the spouse's father died")
    order = services.assess_refund(app, actor=officer, on=dt.date(2026, 10, 21))
    assert order.amount_kzt == 0 and order.article == "model-law/art-11/p-3"
    debt = Debt.objects.get(application=app)
    assert debt.amount_kzt == 0 and debt.status == Debt.Status.EXEMPT and debt.owed_kzt == 0


def test_an_exemption_after_the_assessment_closes_the_open_debt(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    services.decide_exemption(debt.application, actor=officer, ground="conscription",
                              evidence=evidence(debt.application, citizen), reason="called up on 1 October")
    debt.refresh_from_db()
    assert debt.status == Debt.Status.EXEMPT and debt.owed_kzt == 0
    assert debt.refund_order.status == PaymentOrder.Status.CANCELLED


def test_an_instalment_plan_takes_partial_payments_in_order_and_the_debt_ends_at_0(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    first = REFUND // 3
    schedule = [(dt.date(2026, 12, 1), first), (dt.date(2027, 1, 1), first), (dt.date(2027, 2, 1), REFUND - 2 * first)]
    with pytest.raises(services.RelocationError):  # the instalments must add up to the debt
        services.grant_instalments(debt, actor=officer, schedule=schedule[:2], reason="low income",
                                   on=dt.date(2026, 11, 1))
    plan = services.grant_instalments(debt, actor=officer, schedule=schedule, reason="low income",
                                      on=dt.date(2026, 11, 1))
    services.record_repayment(debt, actor="fund", amount_kzt=100_000, received_on=dt.date(2026, 11, 30),
                              reference="R-1")
    paid = [i.paid_kzt for i in plan.instalments.order_by("due_on")]
    assert paid == [100_000, 0, 0]
    r2 = services.record_repayment(debt, actor="fund", amount_kzt=first, received_on=dt.date(2026, 12, 30),
                                   reference="R-2")
    assert [a["amount_kzt"] for a in r2.allocation] == [first - 100_000, 100_000]
    with pytest.raises(services.Conflict):  # the same payment is not allocated twice
        services.record_repayment(debt, actor="fund", amount_kzt=1, received_on=dt.date(2026, 12, 30),
                                  reference="R-2")
    debt.refresh_from_db()
    with pytest.raises(services.RelocationError):
        services.record_repayment(debt, actor="fund", amount_kzt=debt.owed_kzt + 1, received_on=dt.date(2027, 1, 5),
                                  reference="R-3")
    services.record_repayment(debt, actor="fund", amount_kzt=REFUND - 100_000 - first,
                              received_on=dt.date(2027, 1, 30), reference="R-4")
    debt.refresh_from_db()
    assert debt.owed_kzt == 0 and debt.repaid_kzt == REFUND and debt.status == Debt.Status.REPAID
    assert [i.paid_kzt for i in plan.instalments.order_by("due_on")] == [a for _d, a in schedule]
    assert debt.refund_order.status == PaymentOrder.Status.PAID


def test_a_write_off_needs_a_reason_and_a_second_officials_signature(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    services.request_write_off(debt, actor=officer, reason="the debtor has no income or property")
    with pytest.raises(services.Conflict):
        services.approve_write_off(debt, actor=officer)
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database holds it too
        Debt.objects.filter(pk=debt.pk).update(write_off_approved_by=officer)
    second = an_officer_of("KZ-59")
    services.approve_write_off(debt, actor=second)
    debt.refresh_from_db()
    assert debt.status == Debt.Status.WRITTEN_OFF and debt.write_off_approved_by == second
    with pytest.raises(services.NotVisible):  # an officer of another region may not touch it
        services.demand_repayment(debt, actor=an_officer_of("KZ-55"))


def test_recovery_is_paused_while_an_appeal_is_open_and_limitation_waits(citizen, officer, quota):
    debt = assessed(citizen, officer, quota)
    services.pause_recovery(debt, actor=officer, note="appeals.appeal:1")
    with pytest.raises(services.Conflict) as caught:
        services.demand_repayment(debt, actor=officer)
    assert caught.value.code == "recovery_paused"
    assert services.close_time_barred(on=dt.date(2029, 11, 21)) == 0  # not while paused
    services.resume_recovery(debt, actor=officer)
    services.demand_repayment(debt, actor=officer)
    assert services.close_time_barred(on=dt.date(2029, 11, 19)) == 0
    assert services.close_time_barred(on=dt.date(2029, 11, 20)) == 1
    debt.refresh_from_db()
    assert debt.status == Debt.Status.TIME_BARRED and debt.refund_order.status == PaymentOrder.Status.CANCELLED


def test_the_notice_is_issued_in_the_familys_language_and_its_delivery_recorded(citizen, officer, quota):
    from relocation.debt_pdf import render_notice

    debt = assessed(citizen, officer, quota)
    notice = services.issue_debt_notice(debt, actor=officer, language="kk", on=dt.date(2026, 10, 21))
    pdf = render_notice(notice)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(services.RelocationError):
        services.record_notice_delivery(notice, actor=officer, channel="post", delivered_on=dt.date(2026, 10, 1))
    services.record_notice_delivery(notice, actor=officer, channel="post", delivered_on=dt.date(2026, 10, 24))
    notice.refresh_from_db()
    assert notice.delivered_on == dt.date(2026, 10, 24) and notice.channel == "post"


def test_the_debts_api_and_page_show_the_frozen_inputs_and_take_the_officers_decisions(citizen, officer, quota,
                                                                                        client):
    from rest_framework.test import APIClient

    debt = assessed(citizen, officer, quota)
    api = APIClient()
    api.force_authenticate(officer)
    body = api.get(f"/api/v1/relocation/debts/{debt.pk}/").json()
    assert (body["amount_kzt"], body["days_owed"], body["subsidy_paid_kzt"]) == (REFUND, 1826, SUBSIDY)
    r = api.post(f"/api/v1/relocation/debts/{debt.pk}/instalments/",
                 {"schedule": [{"due_on": "2099-01-01", "amount_kzt": 1}], "reason": "x"}, format="json")
    assert r.status_code == 400 and r.json()["field"] == "schedule"
    r = api.post(f"/api/v1/relocation/debts/{debt.pk}/notices/", {"language": "ru"}, format="json")
    assert r.status_code == 201
    notice = r.json()["id"]
    r = api.post(f"/api/v1/relocation/notices/{notice}/delivery/", {"channel": "egov", "delivered_on": "2099-01-01"},
                 format="json")
    assert r.status_code == 200 and r.json()["delivered_on"] == "2099-01-01"
    assert api.get(f"/api/v1/relocation/notices/{notice}/pdf/").content.startswith(b"%PDF")
    r = api.post(f"/api/v1/relocation/debts/{debt.pk}/write-off/request/", {"reason": "no property"}, format="json")
    assert r.status_code == 200
    r = api.post(f"/api/v1/relocation/debts/{debt.pk}/write-off/approve/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "same_signatory"
    other = APIClient()
    other.force_authenticate(an_officer_of("KZ-55"))
    assert other.get(f"/api/v1/relocation/debts/{debt.pk}/").status_code == 404
    own = APIClient()
    own.force_authenticate(citizen)
    assert [d["id"] for d in own.get("/api/v1/relocation/debts/").json()["results"]] == [debt.pk]
    client.force_login(citizen)
    page = client.get(f"/relocation/applications/{debt.application_id}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f'id="debt-{debt.pk}"' in page and 'id="appeal-link"' in page
