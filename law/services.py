"""The law room's writes: recording decisions. Every read of the law lives in a module named for what it
answers:

- law.parameters   — a parameter's value on a day, its history, what a computation read
- law.evaluation   — a family's eligibility and entitlements (evaluate_relocation), rechecks of decisions
- law.deadlines    — registration rules, ЕСУТД entry deadlines, course and oversight dates
- law.penalties    — the liability for a late registration, one case or arrays of cases
- law.refunds      — the pro-rata refund of the subsidy
- law.population   — the rules over a whole population, and reforms
- law.inputs       — the law's date range, accepted choices and LawInputError

A Decision is written once and never changed (law.models); a new decision on the same case supersedes the
case's latest one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.audit import acting_as, current_actor
from law.evaluation import RelocationResult, evaluate_relocation
from law.models import Decision
from law.rules import parameters_hash


def record_decision(result: RelocationResult, *, case: str = "", supersedes: Any = None, note: str = "",
                    actor: Any = None) -> Decision:
    """Store `result` as an immutable law.Decision; a new decision on the same case points to the old one.

    Never recomputes: the stored record is exactly what `result` says (inputs, rules version, parameters read
    with their effective dates and references, conditions, amounts, flags). `actor` (a user or a label) is
    recorded as the decision's author and in its change record; without it, whoever is acting now
    (`accounts.audit.acting_as`, or the request's user).
    """
    if actor is not None:
        with acting_as(actor):
            return _record(result, case=case, supersedes=supersedes, note=note)
    return _record(result, case=case, supersedes=supersedes, note=note)


def _record(result: RelocationResult, *, case: str, supersedes: Any, note: str) -> Decision:
    data = result.as_dict()
    _, label = current_actor()
    entitlements = data["entitlements"]
    total = sum(a["amount_kzt"] for a in entitlements if a["name"] != "rent_compensation_monthly")
    with transaction.atomic():
        if isinstance(supersedes, int):
            supersedes = Decision.objects.get(pk=supersedes)
        if supersedes is None and case:
            # A new decision on a case already decided points to the case's latest decision.
            superseded = Decision.objects.filter(supersedes__isnull=False).values("supersedes")
            supersedes = Decision.objects.filter(case=case).exclude(pk__in=superseded).order_by("-id").first()
        if supersedes is not None:
            # Lock the superseded row so two concurrent re-decisions cannot both supersede it.
            supersedes = Decision.objects.select_for_update().get(pk=supersedes.pk)
            if supersedes.case != case:
                raise ValueError(f"Decision {supersedes.pk} is on case {supersedes.case!r}, not {case!r}: "
                                 "a decision supersedes only an earlier decision on the same case.")
            if Decision.objects.filter(supersedes=supersedes).exists():
                raise ValueError(f"Decision {supersedes.pk} is already superseded: supersede the case's latest "
                                 "decision.")
        return Decision.objects.create(
            recorded_by=label, case=case, kind=Decision.KIND_RELOCATION, on=result.on, inputs=dict(result.inputs),
            rules_version=result.rules_version, parameters_hash=parameters_hash(),
            parameters=data["parameters"], eligible=result.eligible, conditions=data["conditions"],
            entitlements=entitlements, total_kzt=total, flags=data["flags"], supersedes=supersedes,
            note=note[:300],
        )


def decide_relocation(*, case: str = "", supersedes: Any = None, actor: Any = None, **kwargs: Any) -> Decision:
    """evaluate_relocation(**kwargs), then record_decision: the one call for rooms that decide a case."""
    return record_decision(evaluate_relocation(**kwargs), case=case, supersedes=supersedes, actor=actor)
