"""Pages and API for contributions, insurance (policies, claims with the labour register's evidence), grants
and refund repayments: who may do what and where, a happy path whose amounts are worked out here from the
figures entered (1 tenge = 100 tiyn), and bad input answered with a 4xx naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Permission
from accounts.roles import Role, Scope
from accounts.testing import PASSWORD, a_citizen, a_person_in, a_user, an_officer_of, unit
from fund import services, work_queue
from fund.models import Allocation, Contribution, Grant, InsuranceClaim, InsurancePolicy, Posting, Receivable
from relocation.models import PaymentOrder

from .helpers import (
    a_controller,
    a_family_of,
    a_participant,
    a_participant_family,
    an_accountant,
    an_ended_contract,
    an_order,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 10)


def client_for(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def api_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def balance(code: str) -> int:
    return Posting.objects.filter(account__code=code).aggregate(t=Sum("amount"))["t"] or 0


def an_insured_family(code: str = "KZ-59"):
    """The head of a family that moved to `code` under the relocation programme (the fund insures those)."""
    holder = a_person_in(code)
    a_participant_family(holder, region=code)
    return holder


# --- contributions ----------------------------------------------------------------------------------------


def test_the_contribution_page_records_money_with_its_receipt_and_refuses_bad_amounts():
    acc = client_for(an_accountant())
    ok = acc.post("/fund/contributions/", {"form": "contribution", "source": "employer", "payer": "ТОО Север",
                                           "payer_bin": "100540000123", "language": "ru", "amount": "150 000.50",
                                           "received_on": "2025-03-01"})
    assert ok.status_code == 302
    c = Contribution.objects.get()
    # 150,000.50 tenge = 15,000,050 tiyn, into the employers' bank account (1020) and their income (6020)
    assert c.amount_tiyn == 15_000_050
    assert balance("1020") == 15_000_050 and balance("6020") == -15_000_050
    assert acc.get(f"/fund/contributions/{c.pk}/receipt.pdf")["Content-Type"] == "application/pdf"
    bad = acc.post("/fund/contributions/", {"form": "contribution", "source": "donor", "payer": "X", "language": "kk",
                                            "amount": "12.345", "received_on": "2025-03-01"})
    assert bad.status_code == 400 and "at most two decimals" in bad.content.decode()
    assert acc.post("/fund/contributions/", {"form": "contribution", "source": "nothing", "payer": "X",
                                             "amount": "1", "received_on": "2025-03-01"}).status_code == 400
    assert Contribution.objects.count() == 1
    # the budget's allocation for the year
    assert acc.post("/fund/contributions/", {"form": "allocation", "year": "2025", "measure": "grant",
                                             "amount": "500000000"}).status_code == 302
    assert Allocation.objects.get(year=2025, measure="grant").amount_tiyn == 50_000_000_000
    assert acc.post("/fund/contributions/", {"form": "allocation", "year": "1900", "measure": "grant",
                                             "amount": "1"}).status_code == 400
    # the controller approves, the accountant records; an officer does not reach the fund's income
    assert client_for(a_controller()).post("/fund/contributions/", {
        "form": "contribution", "source": "donor", "payer": "X", "language": "kk", "amount": "1",
        "received_on": "2025-03-01"}).status_code == 403
    assert client_for(an_officer_of("KZ-59")).get("/fund/contributions/").status_code == 403


def test_the_contributions_api_records_lists_and_refuses():
    api = api_for(an_accountant())
    created = api.post("/api/v1/fund/contributions/", {"source": "donor", "payer": "Bota Foundation",
                                                       "amount_tiyn": 2_500_000_07, "received_on": "2025-03-02",
                                                       "language": "en"}, format="json")
    assert created.status_code == 201 and created.json()["amount_tiyn"] == 2_500_000_07
    assert balance("1030") == 2_500_000_07 and balance("6030") == -2_500_000_07
    listed = api.get("/api/v1/fund/contributions/").json()
    assert listed["count"] == 1 and listed["results"][0]["payer"] == "Bota Foundation"
    receipt = api.get(f"/api/v1/fund/contributions/{created.json()['id']}/receipt/")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    for bad in ({"source": "donor", "payer": "X", "amount_tiyn": 0, "received_on": "2025-03-02"},
                {"source": "donor", "payer": "X", "amount_tiyn": 1.5, "received_on": "2025-03-02"},
                {"source": "donor", "payer": "X", "amount_tiyn": 100, "received_on": "1800-01-01"},
                {"source": "tax", "payer": "X", "amount_tiyn": 100, "received_on": "2025-03-02"}):
        assert api.post("/api/v1/fund/contributions/", bad, format="json").status_code == 400
    assert api_for(an_officer_of("KZ-59")).get("/api/v1/fund/contributions/").status_code == 403
    assert api_for(a_controller()).post("/api/v1/fund/contributions/", {
        "source": "donor", "payer": "X", "amount_tiyn": 100, "received_on": "2025-03-02"}, format="json").status_code == 403
    assert api_for(a_citizen()).get(f"/api/v1/fund/contributions/{created.json()['id']}/receipt/").status_code == 404


# --- insurance --------------------------------------------------------------------------------------------


def test_a_policy_entered_on_the_page_posts_its_premium_and_a_claim_rests_on_the_labour_register():
    acc_user, ctl_user = an_accountant(), a_controller()
    acc, ctl = client_for(acc_user), client_for(ctl_user)
    holder = an_insured_family("KZ-59")
    entered = acc.post("/fund/insurance/", {"holder_iin": holder.iin, "premium": "15000", "cover": "300000",
                                            "starts_on": "2025-03-01", "ends_on": "2026-02-28"})
    policy = InsurancePolicy.objects.get()
    assert entered.status_code == 302 and entered["Location"] == f"/fund/insurance/policies/{policy.pk}/"
    assert policy.region.code == "KZ-59" and balance("1040") == 15_000_00 and balance("6040") == -15_000_00
    # one policy per family at a time
    again = acc.post("/fund/insurance/", {"holder_iin": holder.iin, "premium": "1", "cover": "1",
                                          "starts_on": "2025-06-01", "ends_on": "2025-12-31"})
    assert again.status_code == 409 and "already has a policy" in again.content.decode()
    # clear errors: an unknown IIN, a period that ends before it starts
    unknown = acc.post("/fund/insurance/", {"holder_iin": "000000000000", "premium": "1", "cover": "1",
                                            "starts_on": "2025-03-01", "ends_on": "2025-04-01"})
    assert unknown.status_code == 400 and "No person with this IIN" in unknown.content.decode()
    backwards = acc.post("/fund/insurance/", {"holder_iin": holder.iin, "premium": "1", "cover": "1",
                                              "starts_on": "2025-03-01", "ends_on": "2025-02-01"})
    assert backwards.status_code == 400 and "must end after it starts" in backwards.content.decode()

    # the labour register: one contract terminated within the policy, one still running
    ended = an_ended_contract(holder, ended_on=dt.date(2025, 6, 15))
    running = an_ended_contract(holder, ended_on=dt.date(2025, 6, 15))
    running.terminated_on = None
    running.save()
    page = acc.get(f"/fund/insurance/policies/{policy.pk}/").content.decode()
    assert 'id="evidence"' in page and "15.06.2025" in page.replace("/", ".")
    assert acc.post(f"/fund/insurance/policies/{policy.pk}/", {"contract": str(running.pk)}).status_code == 400
    assert acc.post(f"/fund/insurance/policies/{policy.pk}/", {"contract": str(ended.pk)}).status_code == 302
    claim = InsuranceClaim.objects.get()
    assert claim.job_lost_on == dt.date(2025, 6, 15) and claim.status == "submitted"
    # the controller decides with a reason; the accountant may not decide
    assert acc.post(f"/fund/insurance/claims/{claim.pk}/decide/", {"decision": "approve",
                                                                   "reason": "x"}).status_code == 403
    assert ctl.post(f"/fund/insurance/claims/{claim.pk}/decide/", {"decision": "approve"}).status_code == 400
    assert ctl.post(f"/fund/insurance/claims/{claim.pk}/decide/", {
        "decision": "approve", "reason": "Terminated within the first year"}).status_code == 302
    claim.refresh_from_db()
    # the cover (300,000 tenge) is paid from the insurance reserve to the region's insurance expense
    assert claim.status == "approved" and claim.payout_tiyn == 300_000_00
    assert balance("7040.KZ-59") == 300_000_00 and balance("1040") == 15_000_00 - 300_000_00
    assert ctl.post(f"/fund/insurance/claims/{claim.pk}/decide/", {"decision": "reject",
                                                                   "reason": "x"}).status_code == 409


def test_officers_see_their_territorys_policies_and_the_citizen_their_own_on_their_page():
    acc = an_accountant()
    citizen = a_citizen("KZ-59")
    a_participant_family(citizen.person, state="agreement_signed")
    mine = services.enter_policy(actor=acc, holder_iin=citizen.person.iin, premium_tiyn=15_000_00,
                                 cover_tiyn=300_000_00, starts_on=DAY, ends_on=DAY + dt.timedelta(days=365))
    other = services.enter_policy(actor=acc, holder_iin=an_insured_family("KZ-55").iin, premium_tiyn=12_345_00,
                                  cover_tiyn=250_000_00, starts_on=DAY, ends_on=DAY + dt.timedelta(days=365))
    officer = client_for(an_officer_of("KZ-59"))
    assert officer.get(f"/fund/insurance/policies/{mine.pk}/").status_code == 200
    assert officer.get(f"/fund/insurance/policies/{other.pk}/").status_code == 404
    assert officer.post("/fund/insurance/", {"holder_iin": citizen.person.iin}).status_code == 403
    home = client_for(citizen).get("/fund/").content.decode()
    assert 'id="my-policies"' in home and f"/fund/insurance/policies/{mine.pk}/" in home
    assert f"/fund/insurance/policies/{other.pk}/" not in home
    assert client_for(citizen).get(f"/fund/insurance/policies/{other.pk}/").status_code == 404
    own = api_for(citizen).get("/api/v1/fund/insurance/policies/").json()
    assert [p["id"] for p in own["results"]] == [mine.pk]


def test_the_insurance_api_enters_a_policy_and_a_claim_and_the_controller_decides():
    acc, ctl = api_for(an_accountant()), api_for(a_controller())
    holder = an_insured_family("KZ-39")
    created = acc.post("/api/v1/fund/insurance/policies/", {
        "holder_iin": holder.iin, "premium_tiyn": 15_000_00, "cover_tiyn": 280_000_00,
        "starts_on": "2025-01-01", "ends_on": "2025-12-31"}, format="json")
    assert created.status_code == 201 and created.json()["region"] == "KZ-39"
    policy_id = created.json()["id"]
    contract = an_ended_contract(holder, ended_on=dt.date(2025, 5, 20), region="KZ-39")
    detail = acc.get(f"/api/v1/fund/insurance/policies/{policy_id}/").json()
    assert [e["contract_id"] for e in detail["evidence"]] == [contract.pk]
    outside = an_ended_contract(holder, ended_on=dt.date(2026, 5, 20), region="KZ-39")
    refused = acc.post("/api/v1/fund/insurance/claims/", {"policy_id": policy_id, "contract_id": outside.pk},
                       format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "outside_period"
    stranger = an_ended_contract(a_person_in("KZ-39"), ended_on=dt.date(2025, 5, 20), region="KZ-39")
    assert acc.post("/api/v1/fund/insurance/claims/", {"policy_id": policy_id, "contract_id": stranger.pk},
                    format="json").json()["code"] == "not_family"
    claim = acc.post("/api/v1/fund/insurance/claims/", {"policy_id": policy_id, "contract_id": contract.pk},
                     format="json")
    assert claim.status_code == 201 and claim.json()["job_lost_on"] == "2025-05-20"
    claim_id = claim.json()["id"]
    assert acc.post(f"/api/v1/fund/insurance/claims/{claim_id}/decide/", {"approve": True, "reason": "x"},
                    format="json").status_code == 403
    assert ctl.post(f"/api/v1/fund/insurance/claims/{claim_id}/decide/", {"approve": True},
                    format="json").status_code == 400
    decided = ctl.post(f"/api/v1/fund/insurance/claims/{claim_id}/decide/",
                       {"approve": True, "reason": "Contract terminated"}, format="json")
    assert decided.status_code == 200 and decided.json()["payout_tiyn"] == 280_000_00
    assert balance("7040.KZ-39") == 280_000_00
    assert ctl.post(f"/api/v1/fund/insurance/claims/{claim_id}/decide/", {"approve": False, "reason": "x"},
                    format="json").status_code == 409
    submitted = ctl.get("/api/v1/fund/insurance/claims/?status=submitted").json()
    assert submitted["count"] == 0
    assert api_for(an_officer_of("KZ-59")).get(f"/api/v1/fund/insurance/policies/{policy_id}/").status_code == 404
    assert api_for(an_officer_of("KZ-39")).post("/api/v1/fund/insurance/policies/", {}, format="json").status_code == 403


def test_a_family_that_takes_no_part_in_the_programme_is_refused_on_the_page_and_in_the_api():
    acc, api = client_for(an_accountant()), api_for(an_accountant())
    form = {"premium": "15000", "cover": "300000", "starts_on": "2025-03-01", "ends_on": "2026-02-28"}
    body = {"premium_tiyn": 15_000_00, "cover_tiyn": 300_000_00, "starts_on": "2025-03-01", "ends_on": "2026-02-28"}
    # no application at all; an approved application whose agreement is not signed; a completed one
    outsiders = [a_person_in("KZ-59"), a_person_in("KZ-59"), a_person_in("KZ-55")]
    a_family_of(outsiders[0])
    a_participant_family(outsiders[1], state="approved")
    a_participant_family(outsiders[2], region="KZ-55", state="completed")
    for holder in outsiders:
        page = acc.post("/fund/insurance/", {"holder_iin": holder.iin, **form})
        assert page.status_code == 400
        assert f"No member of the family of {holder.full_name} (IIN {holder.iin}) takes part" in page.content.decode()
        answer = api.post("/api/v1/fund/insurance/policies/", {"holder_iin": holder.iin, **body}, format="json")
        assert answer.status_code == 400 and answer.json()["code"] == "not_participant"
        assert answer.json()["field"] == "holder_iin" and holder.iin in answer.json()["detail"]
    assert not InsurancePolicy.objects.exists() and balance("1040") == 0
    # a family takes part when any member does: the spouse's application is under follow-up
    spouse = a_person_in("KZ-59")
    holder = a_person_in("KZ-59")
    a_participant_family(holder, member=spouse, state="follow_up")
    assert acc.post("/fund/insurance/", {"holder_iin": holder.iin, **form}).status_code == 302
    assert InsurancePolicy.objects.get().holder == holder and balance("1040") == 15_000_00


# --- grants -----------------------------------------------------------------------------------------------


def test_a_grant_goes_from_application_to_report_on_the_pages_and_the_participant_sees_it():
    acc_user, ctl_user = an_accountant(), a_controller()
    acc, ctl = client_for(acc_user), client_for(ctl_user)
    citizen = a_citizen("KZ-59")
    application = {"kind": "start_up", "grantee": "Aidos's bakery", "region": "KZ-59", "purpose": "An oven",
                   "requested": "2500000", "applied_on": "2025-03-01"}
    missing = acc.post("/fund/grants/", {**application, "person_iin": ""})
    assert missing.status_code == 400 and "starting the business" in missing.content.decode()
    assert acc.post("/fund/grants/", {**application, "person_iin": citizen.person.iin, "region": "XX"}).status_code == 400
    assert acc.post("/fund/grants/", {**application, "person_iin": citizen.person.iin}).status_code == 302
    grant = Grant.objects.get()
    assert grant.requested_tiyn == 2_500_000_00 and grant.person == citizen.person
    # not decided yet: nothing awarded is a dash in the list, not an award of 0,00
    row = acc.get("/fund/grants/").content.decode().split(f'/fund/grants/{grant.pk}/"')[1].split("</tr>")[0]
    assert '<td class="num">—</td>' in row and ">0.00<" not in row
    # the accountant may not decide; the controller may not award more than was asked
    assert acc.post(f"/fund/grants/{grant.pk}/decide/", {"decision": "approve", "reason": "x"}).status_code == 403
    too_much = ctl.post(f"/fund/grants/{grant.pk}/decide/", {"decision": "approve", "reason": "Scored 82",
                                                             "awarded": "2500000.01"})
    assert too_much.status_code == 400 and "no more than requested" in too_much.content.decode()
    assert ctl.post(f"/fund/grants/{grant.pk}/decide/", {"decision": "approve", "reason": "Scored 82",
                                                         "awarded": "2000000"}).status_code == 302
    assert acc.post(f"/fund/grants/{grant.pk}/disburse/", {"on": "2025-04-01"}).status_code == 302
    grant.refresh_from_db()
    # 2,000,000 tenge awarded: Dr grants of North Kazakhstan (7050.KZ-59), Cr the budget's bank account (1010)
    assert grant.status == "disbursed" and grant.awarded_tiyn == 2_000_000_00
    assert balance("7050.KZ-59") == 2_000_000_00 and balance("1010") == -2_000_000_00
    assert grant.report_due == dt.date(2026, 4, 1)
    assert acc.post(f"/fund/grants/{grant.pk}/disburse/", {"on": "2025-04-01"}).status_code == 409
    assert acc.post(f"/fund/grants/{grant.pk}/report/", {"report": ""}).status_code == 400
    assert acc.post(f"/fund/grants/{grant.pk}/report/", {"report": "Oven bought, 3 jobs"}).status_code == 302
    assert acc.post(f"/fund/grants/{grant.pk}/nothing/", {}).status_code == 404
    home = client_for(citizen).get("/fund/").content.decode()
    assert 'id="my-grants"' in home and f"/fund/grants/{grant.pk}/" in home
    assert client_for(citizen).get(f"/fund/grants/{grant.pk}/").status_code == 200
    assert client_for(a_citizen()).get(f"/fund/grants/{grant.pk}/").status_code == 404
    assert client_for(an_officer_of("KZ-55")).get(f"/fund/grants/{grant.pk}/").status_code == 404


def test_the_grants_api_and_the_territory_of_a_grant_to_add():
    acc, ctl = api_for(an_accountant()), api_for(a_controller())
    body = {"kind": "association", "grantee": "Farmers' Association", "region_code": "KZ-55",
            "purpose": "Training", "requested_tiyn": 7_000_000_00, "applied_on": "2025-02-01"}
    created = acc.post("/api/v1/fund/grants/", body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "applied"
    gid = created.json()["id"]
    assert acc.post("/api/v1/fund/grants/", {**body, "region_code": "KZ-99"}, format="json").json()["field"] == "region"
    assert acc.post("/api/v1/fund/grants/", {**body, "kind": "start_up"}, format="json").json()["field"] == "person_iin"
    assert acc.post("/api/v1/fund/grants/", {**body, "requested_tiyn": -1}, format="json").status_code == 400
    assert ctl.post(f"/api/v1/fund/grants/{gid}/disburse/", {}, format="json").status_code == 403
    assert acc.post(f"/api/v1/fund/grants/{gid}/disburse/", {}, format="json").status_code == 409
    decided = ctl.post(f"/api/v1/fund/grants/{gid}/decide/", {"approve": True, "reason": "Meets the criteria"},
                       format="json")
    assert decided.status_code == 200 and decided.json()["awarded_tiyn"] == 7_000_000_00
    paid = acc.post(f"/api/v1/fund/grants/{gid}/disburse/", {"on": "2025-03-01"}, format="json")
    assert paid.status_code == 200 and paid.json()["report_due"] == "2026-03-01"
    assert balance("7050.KZ-55") == 7_000_000_00
    reported = acc.post(f"/api/v1/fund/grants/{gid}/report/", {"report": "20 trained"}, format="json")
    assert reported.status_code == 200 and reported.json()["status"] == "reported"
    assert acc.get("/api/v1/fund/grants/?status=reported").json()["count"] == 1
    # a grant to add within a territory: the service refuses a region outside it
    Permission.objects.create(role=Role.OFFICER, action="add", kind="fund.grant", scope=Scope.TERRITORY)
    officer = api_for(an_officer_of("KZ-59"))
    outside = officer.post("/api/v1/fund/grants/", body, format="json")
    assert outside.status_code == 403 and outside.json()["code"] == "out_of_scope"
    assert officer.post("/api/v1/fund/grants/", {**body, "region_code": "KZ-59"}, format="json").status_code == 201
    assert officer.get(f"/api/v1/fund/grants/{gid}/").status_code == 404


# --- refunds ----------------------------------------------------------------------------------------------


def test_the_refunds_page_brings_refund_orders_in_and_records_repayments_until_settled():
    acc = client_for(an_accountant())
    citizen = a_citizen("KZ-59")
    a_participant(person=citizen.person)
    order = an_order(citizen.person, measure="refund", amount_kzt=276_800, region="KZ-59")
    assert acc.post("/fund/refunds/").status_code == 302
    rec = Receivable.objects.get(order_id=order.pk)
    assert balance("1210.KZ-59") == 276_800_00
    assert acc.post(f"/fund/refunds/{rec.pk}/", {"amount": "100000", "received_on": "2025-04-01"}).status_code == 302
    too_much = acc.post(f"/fund/refunds/{rec.pk}/", {"amount": "176800.01", "received_on": "2025-04-02"})
    assert too_much.status_code == 400 and "More than is owed" in too_much.content.decode()
    assert acc.post(f"/fund/refunds/{rec.pk}/", {"amount": "abc", "received_on": "2025-04-02"}).status_code == 400
    assert acc.post(f"/fund/refunds/{rec.pk}/", {"amount": "176800", "received_on": "2025-05-01"}).status_code == 302
    rec.refresh_from_db()
    # 100,000 + 176,800 = 276,800 tenge repaid: the receivable is cleared into the budget's bank account
    assert rec.status == "settled" and rec.repaid_tiyn == 276_800_00
    assert balance("1210.KZ-59") == 0 and balance("1010") == 276_800_00
    assert PaymentOrder.objects.get(pk=order.pk).status == "paid"
    assert acc.post(f"/fund/refunds/{rec.pk}/", {"amount": "1", "received_on": "2025-05-02"}).status_code == 409
    # who sees it
    assert client_for(citizen).get(f"/fund/refunds/{rec.pk}/").status_code == 200
    assert client_for(citizen).post(f"/fund/refunds/{rec.pk}/", {"amount": "1"}).status_code == 403
    assert client_for(an_officer_of("KZ-55")).get(f"/fund/refunds/{rec.pk}/").status_code == 404
    assert client_for(an_officer_of("KZ-59")).get("/fund/refunds/").status_code == 200
    assert client_for(a_user(Role.MINISTRY)).get("/fund/refunds/").status_code == 403


def test_the_work_queue_offers_claims_and_grants_to_decide_and_grants_to_disburse():
    acc, ctl = an_accountant(), a_controller()
    holder = an_insured_family("KZ-59")
    policy = services.enter_policy(actor=acc, holder_iin=holder.iin, premium_tiyn=1_00, cover_tiyn=2_00,
                                   starts_on=DAY, ends_on=DAY + dt.timedelta(days=365))
    services.submit_claim(policy.pk, actor=acc, contract=an_ended_contract(holder, ended_on=DAY))
    grant = services.apply_grant(actor=acc, kind="association", grantee="Union", region=unit("KZ-59"),
                                 purpose="p", requested_tiyn=5_00, applied_on=DAY)
    titles = {s.title: s for s in work_queue.sections(ctl)}
    assert titles["Insurance claims to decide"].items[0].url == f"/fund/insurance/policies/{policy.pk}/"
    assert titles["Grant applications to decide"].items[0].url == f"/fund/grants/{grant.pk}/"
    services.decide_grant(grant.pk, actor=ctl, approve=True, reason="ok")
    titles = {s.title: s for s in work_queue.sections(acc)}
    assert titles["Grants to disburse"].total == 1
    services.disburse_grant(grant.pk, actor=acc, on=DAY - dt.timedelta(days=800))
    titles = {s.title: s for s in work_queue.sections(acc)}
    assert "Grants to disburse" not in titles and titles["Grantees' reports overdue"].items[0].overdue


def test_a_malformed_month_or_act_of_a_period_is_answered_in_json():
    api = api_for(an_accountant())
    bad_month = api.post("/api/v1/fund/periods/2025-3/close/", {}, format="json")
    assert bad_month.status_code == 400 and bad_month.json()["field"] == "month"
    assert api.post("/api/v1/fund/periods/2025-13/close/", {}, format="json").json()["field"] == "month"
    unknown = api.post("/api/v1/fund/periods/2025-03/open/", {}, format="json")
    assert unknown.status_code == 404 and unknown["Content-Type"].startswith("application/json")
