"""The payment orders as the fund reads and settles them (PAYMENT_ORDERS.md): payable and refund orders, paid
exactly once, a returned payment payable again, one order per person, measure and period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from accounts.testing import unit
from relocation import selectors, services
from relocation.models import PaymentOrder

from .conftest import SUBMITTED, register_permanent

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrived(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="rural")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    services.approve(app, actor=officer)
    services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                            job_or_training="job", housing_search="rent", on=dt.date(2026, 3, 20))
    register_permanent(citizen.person, "KZ-59", arrival=dt.date(2026, 4, 1))
    services.confirm_arrival(app, actor=officer)
    return app


def test_an_order_is_paid_once_returned_and_payable_again(arrived):
    subsidy = arrived.payment_orders.get(measure="relocation_subsidy")
    assert set(selectors.payable_orders().filter(application=arrived).values_list("measure", flat=True)) == {
        "relocation_subsidy", "rent_compensation"}
    assert not selectors.refund_orders().exists()
    assert services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 10), reference="A") == 1
    assert services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 11), reference="B") == 0
    subsidy.refresh_from_db()
    assert (subsidy.status, subsidy.payment_reference, subsidy.paid_on) == ("paid", "A", dt.date(2026, 4, 10))
    assert not selectors.payable_orders().filter(pk=subsidy.pk).exists()
    services.mark_order_returned(subsidy.pk, actor="fund", reason="account closed")
    assert selectors.payable_orders().filter(pk=subsidy.pk).exists()
    with pytest.raises(services.Conflict):
        services.mark_order_returned(subsidy.pk, actor="fund", reason="again")
    assert services.mark_orders_paid([subsidy.pk], actor="fund", paid_on=dt.date(2026, 4, 20), reference="C") == 1


def test_one_order_per_person_measure_and_period(arrived):
    first = arrived.payment_orders.filter(measure="rent_compensation").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.create(application=arrived, beneficiary=first.beneficiary, region=first.region,
                                    measure=first.measure, period_start=first.period_start,
                                    period_end=first.period_end, amount_kzt=1, article=first.article,
                                    due_on=first.due_on)
    assert all(isinstance(o.amount_kzt, int) and o.amount_kzt > 0 for o in arrived.payment_orders.all())
