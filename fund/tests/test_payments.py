"""Paying the programme: four eyes, once only, the register, the bank statement, returns and refunds."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db.models import Sum

from accounts.models import ChangeRecord
from accounts.roles import Role
from accounts.testing import a_user
from fund import selectors, services
from fund.models import Account, JournalEntry, LineStatus, PaymentLine, Posting, Receivable
from fund.selectors import Span
from relocation.models import PaymentOrder

from .helpers import a_controller, a_participant, an_accountant, an_order, paid_batch

pytestmark = pytest.mark.django_db

PAY_ON = dt.date(2025, 3, 10)


def balance(code: str) -> int:
    return Posting.objects.filter(account__code=code).aggregate(t=Sum("amount"))["t"] or 0


def test_the_preparer_cannot_approve_their_own_batch():
    admin = a_user(Role.ADMIN)  # may both prepare and approve: only the four-eyes rule stops them
    order = an_order()
    batch = services.prepare_batch(actor=admin, pay_on=PAY_ON).batch
    with pytest.raises(services.Refused) as exc:
        services.approve_batch(batch.pk, actor=admin)
    assert exc.value.code == "four_eyes"
    order.refresh_from_db()
    assert order.status == "due"
    assert not JournalEntry.objects.exists()


def test_an_accountant_may_not_approve():
    order = an_order()
    batch = services.prepare_batch(actor=an_accountant(), pay_on=PAY_ON).batch
    with pytest.raises(services.Refused):
        services.approve_batch(batch.pk, actor=an_accountant())
    order.refresh_from_db()
    assert order.status == "due"


def test_approval_posts_each_payment_and_marks_the_orders_paid():
    acc, ctl = an_accountant(), a_controller()
    o1 = an_order(amount_kzt=276_800, region="KZ-59")
    o2 = an_order(amount_kzt=100_000, region="KZ-55", measure="rent_compensation")
    batch = paid_batch(acc, ctl, [o1, o2])
    assert batch.status == "approved" and batch.approved_by == ctl
    assert batch.total_tiyn == (276_800 + 100_000) * 100
    assert balance("7010.KZ-59") == 276_800_00
    assert balance("7020.KZ-55") == 100_000_00
    assert balance("1010") == -376_800_00
    for o in (o1, o2):
        o.refresh_from_db()
        assert o.status == "paid" and o.paid_on == PAY_ON and o.payment_reference.startswith(f"KF-{batch.pk}-")
    assert ChangeRecord.objects.filter(kind="fund.paymentbatch", object_id=str(batch.pk), actor=ctl).exists()


def test_a_second_approval_is_a_conflict_and_pays_nothing_more():
    acc, ctl = an_accountant(), a_controller()
    order = an_order()
    batch = paid_batch(acc, ctl, [order])
    with pytest.raises(services.Conflict) as exc:
        services.approve_batch(batch.pk, actor=a_controller())
    assert exc.value.code == "approved"
    assert JournalEntry.objects.count() == 1


def test_an_order_is_in_one_open_batch_only():
    acc = an_accountant()
    an_order()
    services.prepare_batch(actor=acc, pay_on=PAY_ON)
    with pytest.raises(services.Conflict):
        services.prepare_batch(actor=acc, pay_on=PAY_ON)


def test_orders_not_yet_due_or_without_a_bank_account_wait():
    from accounts.testing import a_person_in

    acc = an_accountant()
    later = an_order(due_on=dt.date(2025, 4, 1), period_start=dt.date(2025, 4, 1))
    no_iban = an_order(person=a_person_in("KZ-61"))
    prepared = services.prepare_batch(actor=acc, pay_on=PAY_ON)
    assert prepared.batch is None and prepared.skipped == [no_iban.pk]
    prepared = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 4, 1))
    assert [line.order_id for line in prepared.batch.lines.all()] == [later.pk]
    assert prepared.skipped == [no_iban.pk]


def test_the_payment_register_has_a_line_per_payment_with_iin_and_account():
    acc, ctl = an_accountant(), a_controller()
    person = a_participant()
    order = an_order(person, amount_kzt=276_800)
    batch = paid_batch(acc, ctl, [order])
    rows = list(csv.DictReader(io.StringIO(services.payment_register_csv(batch))))
    assert len(rows) == 1
    assert rows[0]["iin"] == person.iin
    assert rows[0]["iban"].startswith("KZ") and rows[0]["amount_kzt"] == "276800.00"


def test_a_statement_matches_payments_and_a_returned_one_reopens_its_order_and_is_reversed():
    acc, ctl = an_accountant(), a_controller()
    o1, o2 = an_order(amount_kzt=1000), an_order(amount_kzt=2000)
    batch = paid_batch(acc, ctl, [o1, o2])
    l1, l2 = PaymentLine.objects.filter(batch=batch).order_by("order_id")
    statement = ("reference,amount_kzt,status,date,reason\n"
                 f"{l1.reference},1000.00,paid,2025-03-11,\n"
                 f"{l2.reference},2000,returned,2025-03-12,account closed\n"
                 "KF-999-999,5.00,paid,2025-03-12,\n"
                 f"{l1.reference},999.99,paid,2025-03-12,\n")
    report = services.import_statement(statement, actor=acc)
    assert report.matched == 1 and report.returned == 1
    assert [u["reference"] for u in report.unmatched] == ["KF-999-999", l1.reference]
    l1.refresh_from_db(), l2.refresh_from_db(), o2.refresh_from_db()
    assert l1.status == LineStatus.MATCHED and l2.status == LineStatus.RETURNED
    assert o2.status == "returned"
    assert l2.return_entry.reverses_id == l2.entry_id
    assert balance("1010") == -1000_00
    # the same statement again changes nothing
    again = services.import_statement(statement, actor=acc)
    assert again.matched == 0 and again.returned == 0
    # the returned order is payable again, in a new batch, and paid once more
    batch2 = paid_batch(acc, ctl, [o2], pay_on=dt.date(2025, 3, 20))
    o2.refresh_from_db()
    assert o2.status == "paid" and batch2.lines.get().status == LineStatus.APPROVED
    assert balance("1010") == -3000_00


def test_refund_orders_become_receivables_and_repayments_settle_them():
    acc = an_accountant()
    person = a_participant()
    refund = an_order(person, measure="refund", amount_kzt=50_000, region="KZ-59")
    assert services.recognise_refunds(actor=acc, on=PAY_ON) == 1
    assert services.recognise_refunds(actor=acc, on=PAY_ON) == 0
    rec = Receivable.objects.get(order_id=refund.pk)
    assert balance("1210.KZ-59") == 50_000_00 and balance("6050") == -50_000_00
    services.record_repayment(rec.pk, actor=acc, amount_tiyn=20_000_00, received_on=PAY_ON)
    with pytest.raises(services.FundError):
        services.record_repayment(rec.pk, actor=acc, amount_tiyn=30_000_01, received_on=PAY_ON)
    services.record_repayment(rec.pk, actor=acc, amount_tiyn=30_000_00, received_on=PAY_ON)
    rec.refresh_from_db(), refund.refresh_from_db()
    assert rec.status == "settled" and refund.status == "paid"
    assert balance("1210.KZ-59") == 0 and balance("1010") == 50_000_00


def test_statements_balance_after_payments():
    acc, ctl = an_accountant(), a_controller()
    services.record_contribution(actor=acc, source="budget", payer="Ministry of Finance", amount_tiyn=10_000_000_00,
                                 received_on=dt.date(2025, 3, 1))
    paid_batch(acc, ctl, [an_order(amount_kzt=276_800)])
    span = Span(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert selectors.trial_balance(span).difference == 0
    sheet = selectors.balance_sheet(dt.date(2025, 12, 31))
    assets = sheet["assets"].total
    assert assets == 10_000_000_00 - 276_800_00
    assert assets == sheet["liabilities"].total + sheet["capital"].total + sheet["surplus"].total
    ie = selectors.income_and_expenditure(span)
    assert ie["income"].total == 10_000_000_00 and ie["expense"].total == 276_800_00
    flows = selectors.flows(span)
    assert [(f.region_code, f.measure, f.amount) for f in flows] == [("KZ-59", "relocation_subsidy", 276_800_00)]
    assert Account.objects.get(code="7010.KZ-59").postings.count() == 1
    assert PaymentOrder.objects.get().status == "paid"
