"""Decisions and payment orders that can be replayed (issue 17).

Every decision the programme takes keeps a `DecisionSnapshot`: the family and its members as the registers held
them on the day (the law's inputs, with each member's person), the parameters the law read with their effective
dates, the rules version, and a SHA-256 hash of its money fields (eligibility and every amount). Every payment
order keeps, in `PaymentOrder.snapshot`, the decision and the entitlement it was computed from, and in
`money_hash` a hash of who is paid how much for what.

`replay_decision` evaluates the snapshot again, by the law on the decision's date, and compares: a change to the
family in the registers after the decision changes nothing here, because nothing is read from the registers.
`replay_order` checks an order against its snapshot and its hash. Neither writes anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from law.evaluation import evaluate_relocation

from .models import Application, DecisionSnapshot, PaymentOrder


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def money_hash(money: dict[str, Any]) -> str:
    """SHA-256 of the money fields as canonical JSON (sorted keys, dates as ISO strings)."""
    text = json.dumps(money, sort_keys=True, separators=(",", ":"), default=_canonical)
    return hashlib.sha256(text.encode()).hexdigest()


def decision_money(eligible: bool, entitlements: list[dict[str, Any]]) -> dict[str, Any]:
    """The money fields of a decision: the verdict and each amount by name."""
    return {"eligible": bool(eligible),
            "entitlements": {str(a["name"]): int(a["amount_kzt"]) for a in entitlements}}


def take(app: Application, decision: Any, family: list[dict[str, Any]]) -> DecisionSnapshot:
    """Keep what `decision` was computed from; `family` is the law's members with each member's person id."""
    money = decision_money(decision.eligible, decision.entitlements)
    return DecisionSnapshot.objects.create(
        application=app, decision=decision, family=family, inputs=dict(decision.inputs),
        parameters=list(decision.parameters), rules_version=decision.rules_version, money=money,
        money_hash=money_hash(money))


@dataclass(frozen=True)
class Replay:
    same: bool            # the replayed decision equals the stored one
    hash_matches: bool    # the stored money fields still give the stored hash
    rules_version_then: str
    rules_version_now: str
    differences: tuple[str, ...]


LAW_MEMBER_KEYS = ("birth_date", "citizenship", "status", "months_registered_in_departure_region", "relation")


def replay_decision(snapshot: DecisionSnapshot) -> Replay:
    """Evaluate the snapshot's family and inputs again on the decision's date and compare with the stored
    decision: the verdict, every condition and every amount; and check the hash of the stored money fields."""
    from law.models import Decision

    decision = Decision.objects.get(pk=snapshot.decision_id)
    inputs = snapshot.inputs
    members = [{k: m[k] for k in LAW_MEMBER_KEYS} for m in snapshot.family]
    result = evaluate_relocation(
        on=dt.date.fromisoformat(inputs["date"]), members=members, departure_region=inputs["departure_region"],
        arrival_region=inputs["arrival_region"], settlement_type=inputs["settlement_type"],
        housing_price_kzt=inputs.get("housing_price_kzt") or None,
        quota_free_places=inputs.get("quota_free_places")).as_dict()
    differences = []
    now = decision_money(result["eligible"], result["entitlements"])
    stored = decision_money(decision.eligible, decision.entitlements)
    if now["eligible"] != stored["eligible"]:
        differences.append(f"eligible: {stored['eligible']} -> {now['eligible']}")
    for name, amount in now["entitlements"].items():
        if stored["entitlements"].get(name) != amount:
            differences.append(f"{name}: {stored['entitlements'].get(name)} -> {amount}")
    passed = {c["name"]: c["passed"] for c in decision.conditions}
    for c in result["conditions"]:
        if passed.get(c["name"]) != c["passed"]:
            differences.append(f"{c['name']}: {passed.get(c['name'])} -> {c['passed']}")
    hash_ok = money_hash(snapshot.money) == snapshot.money_hash == money_hash(stored)
    return Replay(same=not differences, hash_matches=hash_ok, rules_version_then=snapshot.rules_version,
                  rules_version_now=result["rules_version"], differences=tuple(differences))


def order_snapshot(app: Application, entitlement: str, *, parameters: list[dict[str, Any]] | None = None
                   ) -> dict[str, Any]:
    """What an order is computed from: the decision and its snapshot, the entitlement, the rules version, and
    any parameter read beside the decision (e.g. the number of months of rent compensation) with its date."""
    snap = DecisionSnapshot.objects.filter(decision_id=app.decision_id).first() if app.decision_id else None
    return {"decision": app.decision_id, "snapshot": snap.pk if snap else None, "entitlement": entitlement,
            "rules_version": snap.rules_version if snap else "", "parameters": parameters or []}


@dataclass(frozen=True)
class OrderReplay:
    same: bool
    hash_matches: bool
    differences: tuple[str, ...]


def replay_order(order: PaymentOrder) -> OrderReplay:
    """The order's amount recomputed from its decision's snapshot, and its money fields against its hash."""
    differences: list[str] = []
    hash_ok = bool(order.money_hash) and money_hash(order.money()) == order.money_hash
    snap_id = (order.snapshot or {}).get("snapshot")
    name = (order.snapshot or {}).get("entitlement")
    snap = DecisionSnapshot.objects.filter(pk=snap_id).first() if snap_id else None
    if snap is not None and name in snap.money["entitlements"]:
        replay = replay_decision(snap)
        differences.extend(replay.differences)
        expected = snap.money["entitlements"].get(name)
        if expected != order.amount_kzt:
            differences.append(f"amount_kzt: {expected} -> {order.amount_kzt}")
        hash_ok = hash_ok and replay.hash_matches
    return OrderReplay(same=not differences, hash_matches=hash_ok, differences=tuple(differences))
