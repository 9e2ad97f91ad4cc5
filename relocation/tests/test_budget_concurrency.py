"""Money as well as places: agreements signed at once against the last tenge of a region's budget (PostgreSQL,
real concurrent connections). The budget's conditional UPDATE lets exactly as many through as the money covers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from accounts.testing import an_officer_of
from relocation import services
from relocation.models import Agreement, Application, Budget
from relocation.states import State

from .conftest import a_budget, a_family, a_quota
from .test_quota_concurrency import in_review

WORKERS = 10
COVERED = 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_agreements_signed_at_once_against_a_budget_that_covers_three_and_lacks_one_tenge_for_the_fourth(
        reference_units):
    assert connection.vendor == "postgresql"
    officer = an_officer_of("KZ-59")
    a_quota(places=100)
    apps = [in_review(a_family(children=0), officer) for _ in range(WORKERS)]
    for app in apps:
        app.members.exclude(relation="head").delete()  # single-person families: the same support each
        services.approve(app, actor=officer)
    totals = {Application.objects.get(pk=a.pk).decision.total_kzt for a in apps}
    assert len(totals) == 1
    total = totals.pop()
    assert total > 0
    Budget.objects.filter(year=2026).delete()
    budget = a_budget("KZ-59", amount_kzt=COVERED * total + total - 1, year=2026)
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def sign(app_id: int) -> None:
        try:
            app = Application.objects.get(pk=app_id)
            barrier.wait(timeout=60)
            try:
                services.sign_agreement(app, actor=officer, planned_arrival=dt.date(2026, 4, 1), transport="bus",
                                        job_or_training="driver", housing_search="rent", on=dt.date(2026, 3, 20))
                result = "signed"
            except services.BudgetExceeded as exc:
                assert "North Kazakhstan" in exc.message and str(total - 1) in exc.message  # names the budget
                result = "exceeded"
            except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(a.pk,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(outcomes)) == ["exceeded", "signed"], outcomes
    assert outcomes.count("signed") == COVERED
    budget.refresh_from_db()
    assert budget.committed_kzt == COVERED * total and budget.free_kzt == total - 1
    assert Agreement.objects.filter(application__in=apps).count() == COVERED
    assert Application.objects.filter(pk__in=[a.pk for a in apps], state=State.AGREEMENT_SIGNED).count() == COVERED
