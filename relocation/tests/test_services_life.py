"""An application's life through the services: places reserved, used, payments due, follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.testing import unit
from relocation import services
from relocation.models import PaymentOrder, Quota
from relocation.states import State

from .conftest import SUBMITTED, register_permanent

pytestmark = pytest.mark.django_db


def test_approval_reserves_a_place_for_every_member_and_arrival_uses_them(citizen, officer, quota):
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="city")
    assert app.members.count() == 3
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    services.approve(app, actor=officer)
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.decision.eligible
    assert Quota.objects.get(pk=quota.pk).reserved == 3
    services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 12, 1), transport="train",
                            job_or_training="welder vacancy", housing_search="rent in Petropavl",
                            on=dt.date(2026, 11, 29))
    with pytest.raises(services.Conflict):
        services.confirm_arrival(app, actor=officer)
    register_permanent(citizen.person, "KZ-59", arrival=dt.date(2026, 4, 1))
    services.confirm_arrival(app, actor=officer)
    app.refresh_from_db()
    q = Quota.objects.get(pk=quota.pk)
    assert (q.reserved, q.used) == (0, 3)
    assert app.state == State.ARRIVED and app.follow_up_until == dt.date(2031, 4, 1)
    measures = list(app.payment_orders.values_list("measure", flat=True))
    assert measures.count(PaymentOrder.Measure.RENT_COMPENSATION) == 12
    assert measures.count(PaymentOrder.Measure.RELOCATION_SUBSIDY) == 1
    services.scan_follow_up(on=dt.date(2026, 4, 2))
    app.refresh_from_db()
    assert app.state == State.FOLLOW_UP
