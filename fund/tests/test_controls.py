"""Issue 17 in the fund: signatures by amount band, incompatible duties, the declared count and total, the payee's
account (IIN match, a day's hold after a change), and no person paid the same measure for the same period twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import ChangeRecord
from accounts.testing import a_person_in
from fund import controls, services
from fund.models import BatchSignature, LineStatus, PayeeAccount, PaymentLine, SigningBand
from relocation.models import PaymentOrder

from .helpers import a_controller, a_participant, an_accountant, an_order

pytestmark = pytest.mark.django_db

TENGE = 100  # tiyn


def test_a_batch_above_a_band_needs_its_signatures_by_different_people_and_a_third_person_releases():
    acc, c1, c2, c3 = an_accountant(), a_controller(), a_controller(), a_controller()
    # bands: from 500,000 tenge one signature, from 1,000,000 tenge two
    services.set_signing_bands([(0, 0), (500_000 * TENGE, 1), (1_000_000 * TENGE, 2)], actor=c1)
    assert ChangeRecord.objects.filter(kind="fund.signingband").exists()  # the change is audited
    orders = [an_order(amount_kzt=276_800) for _ in range(4)]  # 4 × 276,800 = 1,107,200 tenge: two signatures
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[o.pk for o in orders]).batch
    assert batch.declared_count == 4 and batch.declared_total_tiyn == 1_107_200 * TENGE
    assert batch.signatures_required == 2
    with pytest.raises(services.Conflict) as missing:
        services.approve_batch(batch.pk, actor=c3)
    assert missing.value.code == "signatures_missing"
    with pytest.raises(services.Refused):  # the preparer may not sign
        services.sign_batch(batch.pk, actor=acc)
    services.sign_batch(batch.pk, actor=c1)
    with pytest.raises(services.Conflict) as twice:
        services.sign_batch(batch.pk, actor=c1)
    assert twice.value.code == "already_signed"
    services.sign_batch(batch.pk, actor=c2)
    with pytest.raises(services.Refused) as incompatible:  # a signer may not release
        services.approve_batch(batch.pk, actor=c1)
    assert incompatible.value.code == "incompatible_duties"
    services.approve_batch(batch.pk, actor=c3)
    batch.refresh_from_db()
    assert batch.status == "approved" and batch.approved_by == c3
    assert set(batch.lines.values_list("status", flat=True)) == {LineStatus.APPROVED}
    assert PaymentOrder.objects.filter(pk__in=[o.pk for o in orders], status="paid").count() == 4


def test_the_database_refuses_a_second_signature_by_one_person_and_a_signature_by_the_preparer():
    acc, c1 = an_accountant(), a_controller()
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[an_order().pk]).batch
    BatchSignature.objects.create(batch=batch, signer=c1, prepared_by=acc)
    with pytest.raises(IntegrityError), transaction.atomic():
        BatchSignature.objects.create(batch=batch, signer=c1, prepared_by=acc)
    with pytest.raises(IntegrityError), transaction.atomic():
        BatchSignature.objects.create(batch=batch, signer=acc, prepared_by=acc)
    assert controls.INCOMPATIBLE >= {frozenset({"prepare", "sign"}), frozenset({"sign", "release"}),
                                     frozenset({"prepare", "release"})}


def test_bands_must_start_at_zero_and_never_ask_fewer_signatures_for_more_money():
    c = a_controller()
    with pytest.raises(services.FundError):
        services.set_signing_bands([(100, 1)], actor=c)
    with pytest.raises(services.FundError):
        services.set_signing_bands([(0, 2), (100, 1)], actor=c)
    with pytest.raises(services.Refused):
        services.set_signing_bands([(0, 0)], actor=an_accountant())
    services.set_signing_bands([(0, 1)], actor=c)
    assert list(SigningBand.objects.values_list("min_total_tiyn", "signatures")) == [(0, 1)]


def test_a_release_is_refused_when_the_lines_differ_from_the_declared_count_or_total():
    acc, c = an_accountant(), a_controller()
    orders = [an_order(amount_kzt=100_000), an_order(amount_kzt=50_000)]
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[o.pk for o in orders]).batch
    assert batch.declared_count == 2 and batch.declared_total_tiyn == 150_000 * TENGE
    line = batch.lines.order_by("id").first()
    PaymentLine.objects.filter(pk=line.pk).update(amount_tiyn=line.amount_tiyn + 1)  # one tiyn slipped in
    with pytest.raises(services.Conflict) as refused:
        services.approve_batch(batch.pk, actor=c)
    assert refused.value.code == "declared_mismatch" and "15000000" in refused.value.message
    PaymentLine.objects.filter(pk=line.pk).update(amount_tiyn=line.amount_tiyn, status=LineStatus.DROPPED)
    with pytest.raises(services.Conflict):  # a line fewer: the count differs
        services.approve_batch(batch.pk, actor=c)
    assert PaymentOrder.objects.filter(pk__in=[o.pk for o in orders], status="paid").count() == 0


def test_the_payees_account_must_be_the_beneficiarys_and_a_change_waits_a_day():
    acc, c = an_accountant(), a_controller()
    person = a_person_in("KZ-61")
    other = a_person_in("KZ-61", given_name="Other")
    with pytest.raises(services.FundError) as wrong:
        services.set_payee_account(person, "KZ12 3456 7890 1234 5678", actor=acc, holder_iin=other.iin)
    assert wrong.value.code == "iin_mismatch"
    services.set_payee_account(person, "KZ123456789012345678", actor=acc, holder_iin=person.iin)
    order = an_order(person, amount_kzt=10_000)
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[order.pk]).batch
    # the account changes after the batch is prepared: the release is refused; the change is audited and held
    account = services.set_payee_account(person, "KZ999999999999999999", actor=acc, holder_iin=person.iin)
    assert account.previous_iban == "KZ123456789012345678"
    assert account.usable_from >= timezone.now() + dt.timedelta(hours=23)
    assert ChangeRecord.objects.filter(kind="fund.payeeaccount", object_id=str(account.pk), action="update").exists()
    with pytest.raises(services.Conflict) as refused:
        services.approve_batch(batch.pk, actor=c)
    assert refused.value.code == "payee_account"
    services.cancel_batch(batch.pk, actor=acc)
    prepared = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[order.pk])
    assert prepared.batch is None and prepared.skipped == [order.pk]  # held for a day
    PayeeAccount.objects.filter(pk=account.pk).update(usable_from=timezone.now() - dt.timedelta(seconds=1))
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[order.pk]).batch
    assert batch.lines.get().bank_account == "KZ999999999999999999"
    # an account whose holder is not the beneficiary (as a record changed behind the service's back) is not paid
    PayeeAccount.objects.filter(pk=account.pk).update(holder_iin=other.iin)
    with pytest.raises(services.Conflict):
        services.approve_batch(batch.pk, actor=c)


def test_the_same_person_measure_and_period_is_never_paid_twice_even_by_two_orders():
    acc, c = an_accountant(), a_controller()
    person = a_participant()
    first = an_order(person, period_start=dt.date(2025, 3, 1))
    services.approve_batch(services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10),
                                                  order_ids=[first.pk]).batch.pk, actor=c)
    # the first order is cancelled in the programme after its payment, and a second order is written for the period
    PaymentOrder.objects.filter(pk=first.pk).update(status="cancelled")
    second = an_order(person, period_start=dt.date(2025, 3, 1))
    batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 3, 10), order_ids=[second.pk]).batch
    services.approve_batch(batch.pk, actor=c)
    assert batch.lines.get().status == LineStatus.DROPPED
    second.refresh_from_db()
    assert second.status == "due"
    paid_line = PaymentLine.objects.get(order_id=first.pk)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it whoever writes
        PaymentLine.objects.create(batch=batch, order_id=second.pk, beneficiary=person, iin=person.iin, name="x",
                                   region=paid_line.region, measure=paid_line.measure,
                                   period_start=paid_line.period_start, period_end=paid_line.period_end,
                                   amount_tiyn=paid_line.amount_tiyn, reference="KF-X", status=LineStatus.APPROVED)


# --- property: random families, applications and payment runs --------------------------------------------

MEASURES = ["relocation_subsidy", "rent_compensation", "housing_certificate"]
op = st.one_of(
    st.tuples(st.just("order"), st.integers(0, 3), st.sampled_from(MEASURES), st.integers(0, 2)),
    st.tuples(st.just("run"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 0)),
    st.tuples(st.just("return"), st.integers(0, 20), st.integers(0, 0), st.integers(0, 0)),
    st.tuples(st.just("cancel"), st.integers(0, 20), st.integers(0, 0), st.integers(0, 0)),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(ops=st.lists(op, min_size=1, max_size=14))
def test_random_families_applications_and_payment_runs_never_pay_a_person_a_measure_for_a_period_twice(ops):
    acc = an_accountant()
    controllers = [a_controller() for _ in range(3)]
    people = [a_participant() for _ in range(4)]
    for op_name, a, b, c in ops:
        if op_name == "order":  # a new application of this person's family (or a family they joined) with an order
            period = dt.date(2025, 1 + c, 1)
            try:
                with transaction.atomic():
                    an_order(people[a], measure=b, period_start=period, amount_kzt=10_000 * (a + 1))
            except IntegrityError:
                pass  # the programme refuses a second live order for the same person, measure and period
        elif op_name == "run":
            try:
                batch = services.prepare_batch(actor=acc, pay_on=dt.date(2025, 12, 31)).batch
            except services.Conflict:
                continue
            if batch is not None and b != 0:
                try:
                    services.approve_batch(batch.pk, actor=controllers[a])
                except services.FundError:
                    pass
        elif op_name == "return":
            lines = list(PaymentLine.objects.filter(status=LineStatus.APPROVED).order_by("id"))
            if lines:
                services.return_payment(lines[a % len(lines)].pk, actor=acc, reason="account closed")
        else:  # the programme cancels a due order (e.g. after a breach) and the family applies again
            due = list(PaymentOrder.objects.filter(status="due").order_by("id"))
            if due:
                PaymentOrder.objects.filter(pk=due[a % len(due)].pk).update(status="cancelled")
        paid = list(PaymentLine.objects.filter(status__in=[LineStatus.APPROVED, LineStatus.MATCHED])
                    .values_list("beneficiary_id", "measure", "period_start"))
        assert len(paid) == len(set(paid))
        live = list(PaymentOrder.objects.filter(status="paid").values_list("beneficiary_id", "measure",
                                                                           "period_start"))
        assert len(live) == len(set(live))
