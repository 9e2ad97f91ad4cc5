"""On PostgreSQL: the database itself refuses an unbalanced entry, and 20 simultaneous approvals pay once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from fund import services
from fund.models import Account, JournalEntry, LineStatus, PaymentBatch, PaymentLine, Posting
from lib.testing import at_once
from relocation.models import PaymentOrder

from .helpers import a_controller, an_accountant, an_order

pytestmark = [pytest.mark.postgres_only]


def _raw_entry(cur, amounts: list[int], day: str = "2025-03-05") -> None:
    cur.execute("INSERT INTO fund_journalentry (date, kind, memo, created_at) VALUES (%s, 'adjustment', 'raw', now()) "
                "RETURNING id", [day])
    entry_id = cur.fetchone()[0]
    bank = Account.objects.get(code="1010").pk
    income = Account.objects.get(code="6010").pk
    for i, amount in enumerate(amounts):
        cur.execute("INSERT INTO fund_posting (entry_id, account_id, amount) VALUES (%s, %s, %s)",
                    [entry_id, bank if i == 0 else income, amount])


@pytest.mark.django_db(transaction=True)
def test_an_unbalanced_entry_written_by_raw_sql_is_refused_at_commit():
    with pytest.raises(IntegrityError, match="not balanced"):
        with transaction.atomic(), connection.cursor() as cur:
            _raw_entry(cur, [100, -99])  # each INSERT passes: the check waits for the commit
    assert not JournalEntry.objects.exists() and not Posting.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_balanced_entry_written_by_raw_sql_commits():
    with transaction.atomic(), connection.cursor() as cur:
        _raw_entry(cur, [100, -60, -40])
    assert Posting.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_an_entry_without_postings_is_refused_at_commit():
    with pytest.raises(IntegrityError, match="at least two"):
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("INSERT INTO fund_journalentry (date, kind, memo, created_at) "
                        "VALUES ('2025-03-05', 'adjustment', 'empty', now())")


@pytest.mark.django_db(transaction=True)
def test_postings_and_entries_cannot_be_deleted_or_changed():
    with transaction.atomic(), connection.cursor() as cur:
        _raw_entry(cur, [100, -100])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM fund_posting")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE fund_journalentry SET date = '2025-04-01'")


@pytest.mark.django_db(transaction=True)
def test_a_closed_period_refuses_a_raw_posting():
    services.close_period(dt.date(2025, 3, 1), actor=an_accountant(), reason="month end")
    with pytest.raises(IntegrityError, match="closed"):
        with transaction.atomic(), connection.cursor() as cur:
            _raw_entry(cur, [100, -100], day="2025-03-31")


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_approvals_of_one_batch_pay_it_once():
    accountant = an_accountant()
    controllers = [a_controller() for _ in range(20)]
    orders = [an_order(amount_kzt=1000 + i) for i in range(5)]
    batch = services.prepare_batch(actor=accountant, pay_on=dt.date(2025, 3, 10)).batch

    def approve(user) -> str:
        try:
            services.approve_batch(batch.pk, actor=user)
        except services.Conflict as exc:
            return f"conflict:{exc.code}"
        return "approved"

    outcomes = at_once(approve, controllers)
    assert sorted(outcomes) == ["approved"] + ["conflict:approved"] * 19
    assert PaymentBatch.objects.get(pk=batch.pk).status == "approved"
    assert PaymentLine.objects.filter(status=LineStatus.APPROVED).count() == 5
    assert JournalEntry.objects.filter(kind="payment").count() == 5
    assert set(PaymentOrder.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True)) == {"paid"}
    from django.db.models import Sum
    assert Posting.objects.filter(account__code="1010").aggregate(t=Sum("amount"))["t"] == -sum(
        (1000 + i) * 100 for i in range(5))


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_approved_payment_of_one_order():
    accountant, controller = an_accountant(), a_controller()
    order = an_order()
    batch = services.prepare_batch(actor=accountant, pay_on=dt.date(2025, 3, 10)).batch
    services.approve_batch(batch.pk, actor=controller)
    line = PaymentLine.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(batch=batch, order_id=order.pk, beneficiary=line.beneficiary, iin=line.iin,
                                   name=line.name, region=line.region, measure=line.measure,
                                   period_start=line.period_start, period_end=line.period_end,
                                   amount_tiyn=line.amount_tiyn, reference="KF-dup", status=LineStatus.APPROVED)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_signatures_of_one_batch_by_one_person_count_once():
    """No lock is taken to sign: the unique constraint (batch, signer) is what makes the second signature fail."""
    from django.db import connections

    from fund.models import BatchSignature

    acc, controller = an_accountant(), a_controller()
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[an_order().pk]).batch
    workers = 20
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def sign() -> None:
        try:
            barrier.wait(timeout=60)
            try:
                services.sign_batch(batch.pk, actor=controller)
                result = "signed"
            except services.Conflict as exc:
                result = exc.code
            except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("signed") == 1, outcomes
    assert set(outcomes) == {"signed", "already_signed"}
    assert BatchSignature.objects.filter(batch=batch).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_batches_released_at_once_paying_one_person_one_measure_for_one_period_pay_it_once():
    """Two live orders for the same person, measure and period (the programme's own constraint is bypassed, as a
    race or a repair could) sit in two batches; two controllers release them at the same instant. Both pass the
    service's check before either commits; the partial unique index makes the second wait and fail, and its
    payment is undone and dropped."""
    from django.db import connections

    from .helpers import a_participant

    acc = an_accountant()
    person = a_participant()
    first = an_order(person, period_start=dt.date(2025, 3, 1))
    one = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[first.pk]).batch
    PaymentOrder.objects.filter(pk=first.pk).update(status="cancelled")
    second = an_order(person, period_start=dt.date(2025, 3, 1))
    two = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[second.pk]).batch
    with connection.cursor() as cur:  # both orders live again, behind the programme's back
        cur.execute("DROP INDEX reloc_order_once_per_period")
    try:
        PaymentOrder.objects.filter(pk=first.pk).update(status="due")
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def release(batch_id: int) -> None:
            try:
                controller = a_controller()
                barrier.wait(timeout=60)
                services.approve_batch(batch_id, actor=controller)
                outcomes.append("released")
            except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
                outcomes.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=release, args=(b.pk,)) for b in (one, two)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes == ["released", "released"], outcomes
        paid_lines = PaymentLine.objects.filter(beneficiary=person, status__in=[LineStatus.APPROVED,
                                                                              LineStatus.MATCHED])
        assert paid_lines.count() == 1
        assert PaymentOrder.objects.filter(pk__in=[first.pk, second.pk], status="paid").count() == 1
        assert PaymentLine.objects.filter(beneficiary=person, status=LineStatus.DROPPED).count() == 1
        dropped = PaymentLine.objects.get(beneficiary=person, status=LineStatus.DROPPED)
        assert dropped.entry_id is None
    finally:
        PaymentOrder.objects.filter(pk=first.pk).update(status="cancelled")
        with connection.cursor() as cur:
            cur.execute("CREATE UNIQUE INDEX reloc_order_once_per_period ON relocation_paymentorder "
                        "(beneficiary_id, measure, period_start) WHERE NOT (status = 'cancelled')")
