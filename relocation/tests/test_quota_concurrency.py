"""The quota is never exceeded: 50 officers approving at once for the last 5 places (PostgreSQL, real concurrent
connections, repeated 20 times), and random sequences of approve / refuse / withdraw / cancel / arrive."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from accounts.testing import an_officer_of, unit
from relocation import services
from relocation.models import Application, Quota
from relocation.states import HOLDS_RESERVED, State

from .conftest import SUBMITTED, a_family, a_quota, register_permanent

WORKERS = 50
PLACES = 5


def in_review(citizen, officer) -> Application:
    app = services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                      departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                      settlement_type="rural")
    services.submit(app, actor=citizen, on=SUBMITTED)
    services.forward(app, actor=officer)
    return app


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_for_the_last_five_places_end_with_exactly_five_twenty_times_over(reference_units):
    assert connection.vendor == "postgresql"
    officer = an_officer_of("KZ-59")
    quota = a_quota(places=PLACES)
    apps = [in_review(a_family(children=0), officer) for _ in range(WORKERS)]
    for c in apps:  # single-person families: one place each
        c.members.exclude(relation="head").delete()
    for repeat in range(20):
        Application.objects.filter(pk__in=[a.pk for a in apps]).update(state=State.IN_REVIEW, quota=None, places=0,
                                                                       decision=None)
        Quota.objects.filter(pk=quota.pk).update(places=PLACES, reserved=0, used=0)
        barrier = threading.Barrier(WORKERS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def approve(app_id: int, barrier=barrier, lock=lock, outcomes=outcomes) -> None:
            try:
                app = Application.objects.get(pk=app_id)
                barrier.wait(timeout=60)
                try:
                    services.approve(app, actor=officer)
                    result = "approved"
                except services.QuotaExhausted as exc:
                    assert "2026" in exc.message and "North Kazakhstan" in exc.message  # names the quota
                    result = "exhausted"
                except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
                    result = f"error: {exc!r}"
                with lock:
                    outcomes.append(result)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=approve, args=(a.pk,)) for a in apps]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        q = Quota.objects.get(pk=quota.pk)
        assert sorted(set(outcomes)) == ["approved", "exhausted"], (repeat, outcomes)
        assert outcomes.count("approved") == PLACES, repeat
        assert q.reserved == PLACES and q.used == 0
        assert Application.objects.filter(pk__in=[a.pk for a in apps], state=State.APPROVED).count() == PLACES


# --- random sequences -----------------------------------------------------------------------------------------

POOL = 4


class QuotaMachine(RuleBasedStateMachine):
    """A small quota and a pool of families; every step is a real service call, and every refusal must be one of
    the programme's answers (Conflict), never a broken invariant."""

    @initialize(places=st.integers(min_value=1, max_value=6))
    def setup(self, places: int) -> None:
        self.sid = transaction.savepoint()
        self.officer = an_officer_of("KZ-59")
        self.quota = a_quota(places=places)
        self.families = [a_family(children=i % 3) for i in range(POOL)]
        self.apps = [in_review(c, self.officer) for c in self.families]

    def teardown(self) -> None:
        if hasattr(self, "sid"):
            transaction.savepoint_rollback(self.sid)

    def _app(self, i: int) -> Application:
        return Application.objects.get(pk=self.apps[i].pk)

    def _reapply_if_final(self, i: int) -> None:
        app = self._app(i)
        if app.state in (State.REFUSED, State.WITHDRAWN, State.CLOSED):
            self.apps[i] = in_review(self.families[i], self.officer)

    @rule(i=st.integers(0, POOL - 1))
    def approve(self, i: int) -> None:
        before = Quota.objects.get(pk=self.quota.pk)
        app = self._app(i)
        try:
            services.approve(app, actor=self.officer)
        except services.Conflict as exc:
            if exc.code == "quota_exhausted":
                assert before.free < app.members.count()  # refused only when the places really are not there
        else:
            assert before.free >= app.members.count()

    @rule(i=st.integers(0, POOL - 1))
    def refuse(self, i: int) -> None:
        try:
            services.refuse(self._app(i), actor=self.officer, ground="arrival_region_has_quota", reason="no place")
        except services.RelocationError:
            pass
        self._reapply_if_final(i)

    @rule(i=st.integers(0, POOL - 1))
    def withdraw(self, i: int) -> None:
        try:
            services.withdraw(self._app(i), actor=self.families[i], reason="changed our minds")
        except services.Conflict:
            pass
        self._reapply_if_final(i)

    @rule(i=st.integers(0, POOL - 1))
    def sign(self, i: int) -> None:
        try:
            services.sign_agreement(self._app(i), actor=self.officer, planned_arrival=dt.date(2026, 12, 1),
                                    transport="train", job_or_training="job", housing_search="rent",
                                    on=dt.date(2026, 11, 1))
        except services.Conflict:
            pass

    @rule(i=st.integers(0, POOL - 1))
    def cancel(self, i: int) -> None:
        try:
            services.cancel_agreement(self._app(i), actor=self.officer, reason="family cannot move")
        except services.Conflict:
            pass
        self._reapply_if_final(i)

    @precondition(lambda self: hasattr(self, "apps"))
    @rule(i=st.integers(0, POOL - 1))
    def arrive(self, i: int) -> None:
        app = self._app(i)
        if app.state == State.AGREEMENT_SIGNED and services.arrival_registration(app) is None:
            register_permanent(app.applicant, "KZ-59", arrival=dt.date(2026, 4, 1))
        try:
            services.confirm_arrival(app, actor=self.officer)
        except services.Conflict:
            pass

    @invariant()
    def never_exceeded_and_accounted(self) -> None:
        if not hasattr(self, "quota"):
            return
        q = Quota.objects.get(pk=self.quota.pk)
        assert 0 <= q.reserved + q.used <= q.places
        apps = Application.objects.filter(quota=q)
        assert q.reserved == sum(a.places for a in apps if a.state in HOLDS_RESERVED)
        assert q.used == sum(a.places for a in apps if a.arrived_on is not None)


@pytest.mark.django_db
def test_random_sequences_never_exceed_the_quota_and_released_places_can_be_taken_again():
    QuotaMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=12, deadline=None,
                                              suppress_health_check=list(HealthCheck))
    QuotaMachine.TestCase().runTest()


@pytest.mark.django_db
def test_released_places_are_taken_again(citizen, officer):
    quota = a_quota(places=3)
    first = in_review(citizen, officer)
    services.approve(first, actor=officer)
    second = in_review(a_family(children=0), officer)
    with pytest.raises(services.QuotaExhausted):
        services.approve(second, actor=officer)
    services.withdraw(first, actor=citizen, reason="staying")
    assert Quota.objects.get(pk=quota.pk).reserved == 0
    services.approve(second, actor=officer)
    assert Quota.objects.get(pk=quota.pk).reserved == 2  # head and spouse


# --- the quota's row is locked as briefly as possible --------------------------------------------------------

@pytest.mark.postgres_only
@pytest.mark.django_db
def test_approval_takes_the_quota_row_last_and_records_the_change_in_the_same_statement():
    """The law's decision, the move of the state and its records come first; the conditional UPDATE of the quota,
    with its change record, is the approval's last statement (the commit follows it at once)."""
    from django.test.utils import CaptureQueriesContext

    from accounts.models import ChangeRecord

    officer = an_officer_of("KZ-59")
    quota = a_quota(places=10)
    app = in_review(a_family(children=1), officer)
    with CaptureQueriesContext(connection) as queries:
        services.approve(app, actor=officer)
    statements = [q["sql"] for q in queries.captured_queries  # the test's own transaction makes approve's a savepoint
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    touching_quota = [i for i, sql in enumerate(statements) if "UPDATE relocation_quota" in sql]
    assert touching_quota == [len(statements) - 1], statements[-3:]
    assert Quota.objects.get(pk=quota.pk).reserved == 3  # head, spouse and one child
    record = ChangeRecord.objects.filter(kind="relocation.quota", object_id=str(quota.pk)).latest("id")
    assert record.changes == {"reserved": [0, 3]} and record.actor_label == officer.get_username()
    assert record.reason == f"approve application {app.pk}"
