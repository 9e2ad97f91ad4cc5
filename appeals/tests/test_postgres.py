"""On PostgreSQL, with real concurrent connections: officers deciding one appeal at once decide it once (one
reversal in the books); repayments racing for the last tenge of a debt never repay more than is owed; a family
appealing one decision twice at once has one open appeal."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from accounts.testing import an_officer_of
from appeals import services
from appeals.models import Appeal
from fund import services as fund_services
from fund.models import JournalEntry, Receivable
from fund.tests.helpers import an_accountant
from relocation import services as relocation_services
from relocation.models import Debt
from relocation.tests.conftest import a_family, a_quota
from relocation.tests.test_debts import assessed

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 10


def race(fn: Callable[[int], str]) -> list[str]:
    barrier = threading.Barrier(WORKERS)
    out: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            result = fn(i)
        except Exception as exc:  # noqa: BLE001 (the outcome of each worker is what the test counts)
            result = type(exc).__name__
        finally:
            connections.close_all()
        with lock:
            out.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_ten_officers_deciding_one_appeal_at_once_decide_it_once(reference_units):
    assert connection.vendor == "postgresql"
    citizen, officer = a_family(), an_officer_of("KZ-59")
    debt = assessed(citizen, officer, a_quota())
    fund_services.recognise_refunds(actor=an_accountant(), on=dt.date(2026, 10, 22))
    appeal = services.file_appeal(actor=citizen, application=debt.application, subject="refund", language="kk",
                                  reasons="transferred by the employer", on=dt.date(2026, 11, 2))
    deciders = [an_officer_of("KZ-59") for _ in range(WORKERS)]

    def decide(i: int) -> str:
        services.decide_appeal(Appeal.objects.get(pk=appeal.pk), actor=deciders[i], uphold=True,
                               reasons="proven", on=dt.date(2026, 11, 20))
        return "decided"

    outcomes = race(decide)
    assert outcomes.count("decided") == 1 and outcomes.count("Conflict") == WORKERS - 1
    assert Debt.objects.get(pk=debt.pk).status == Debt.Status.ANNULLED
    assert JournalEntry.objects.filter(reverses=Receivable.objects.get(debt_id=debt.pk).entry).count() == 1


def test_repayments_racing_for_the_last_tenge_never_repay_more_than_is_owed(reference_units):
    citizen, officer = a_family(), an_officer_of("KZ-59")
    debt = assessed(citizen, officer, a_quota())
    relocation_services.record_repayment(debt, actor="fund", amount_kzt=debt.amount_kzt - 1,
                                         received_on=dt.date(2026, 11, 30), reference="R-0")

    def repay(i: int) -> str:
        relocation_services.record_repayment(debt.pk, actor="fund", amount_kzt=1, received_on=dt.date(2026, 12, 1),
                                             reference=f"R-{i + 1}")
        return "repaid"

    outcomes = race(repay)
    assert outcomes.count("repaid") == 1 and outcomes.count("Conflict") == WORKERS - 1
    debt.refresh_from_db()
    assert debt.repaid_kzt == debt.amount_kzt and debt.status == Debt.Status.REPAID


def test_one_decision_appealed_twice_at_once_has_one_open_appeal(reference_units):
    citizen, officer = a_family(), an_officer_of("KZ-59")
    debt = assessed(citizen, officer, a_quota())

    def file(i: int) -> str:
        services.file_appeal(actor=citizen, application=debt.application, subject="refund", language="ru",
                             reasons=f"attempt {i}", on=dt.date(2026, 11, 2))
        return "filed"

    outcomes = race(file)
    assert outcomes.count("filed") == 1 and outcomes.count("Conflict") == WORKERS - 1
    assert Appeal.objects.filter(application=debt.application, status="open").count() == 1
