"""Every registry service records the actor it is given: the explicit `actor` argument wins over whoever else
is acting around the call."""

import datetime as dt

import pytest

from accounts.audit import acting_as
from accounts.models import ChangeRecord
from accounts.testing import an_officer_of
from registry.models import Registration
from registry.services import deregister, register

from .conftest import a_request, adult

pytestmark = pytest.mark.django_db


def records_of(obj, action):
    return ChangeRecord.objects.filter(kind=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk),
                                       action=action)


def test_deregister_records_the_actor_it_is_given():
    officer = an_officer_of("KZ-59")
    reg = register(a_request(adult("KZ-61"), "KZ-59", registered_on=dt.date(2025, 3, 10)), actor=officer).registration
    with acting_as("someone-else"):
        deregister(reg, on=dt.date(2025, 6, 1), actor=officer)
    update = records_of(reg, "update").get()
    assert (update.actor, update.actor_label) == (officer, officer.username)
    assert update.changes["is_active"] == [True, False]


def test_register_records_the_actor_it_is_given_on_every_row_it_writes():
    officer = an_officer_of("KZ-59")
    with acting_as("someone-else"):
        outcome = register(a_request(adult("KZ-61"), "KZ-59", registered_on=dt.date(2025, 3, 10)), actor=officer)
    created = records_of(outcome.registration, "create").get()
    assert created.actor == officer


def test_without_an_actor_the_writes_stay_with_whoever_is_acting():
    reg = register(a_request(adult("KZ-61"), "KZ-59", registered_on=dt.date(2025, 3, 10)),
                   actor="import-job").registration
    with acting_as("nightly-job"):
        deregister(Registration.objects.get(pk=reg.pk), on=dt.date(2025, 6, 1))
    assert records_of(reg, "update").get().actor_label == "nightly-job"
