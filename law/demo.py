"""Demo decisions: a few families judged by the law on different dates, one of them re-decided (supersedes)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from law.evaluation import evaluate_relocation
from law.inputs import SETTLEMENT_TYPES
from law.services import decide_relocation, record_decision

SENDING = ("KZ-61", "KZ-31", "KZ-79", "KZ-43")
RECEIVING = ("KZ-59", "KZ-55", "KZ-39", "KZ-63", "KZ-10")
STATUSES = ("job_seeker", "job_seeker", "unemployed", "employed")


def _family(rng: random.Random, on: dt.date) -> list[dict[str, Any]]:
    head_birth = on - dt.timedelta(days=rng.randint(19 * 365, 55 * 365))
    members = [{"birth_date": head_birth, "citizenship": "KZ", "status": rng.choice(STATUSES),
                "months_registered_in_departure_region": rng.randint(6, 120), "relation": "head"}]
    for _ in range(rng.randint(0, 5)):
        members.append({"birth_date": on - dt.timedelta(days=rng.randint(365, 40 * 365)), "citizenship": "KZ",
                        "status": "none", "months_registered_in_departure_region": 0,
                        "relation": rng.choice(("spouse", "child", "child"))})
    return members


def seed(*, rng: random.Random, scale: float, log: Callable[[str], None]) -> None:
    n = max(5, int(40 * scale))
    recorded = 0
    first = None
    for i in range(n):
        on = dt.date(rng.choice((2021, 2022, 2023, 2024, 2025, 2026)), rng.randint(1, 12), rng.randint(1, 28))
        arrival = rng.choice(RECEIVING)
        if arrival == "KZ-10" and on < dt.date(2022, 6, 8):  # Abai region was formed on 8 June 2022
            arrival = "KZ-63"
        decision = decide_relocation(
            case=f"demo:{i}", on=on, members=_family(rng, on), departure_region=rng.choice(SENDING),
            arrival_region=arrival, settlement_type=rng.choice(SETTLEMENT_TYPES))
        first = first or decision
        recorded += 1
    if first is not None:  # the same case decided again under the law of a later date
        record_decision(evaluate_relocation(
            on=dt.date(2026, 3, 2), members=first.inputs["members"], departure_region=first.inputs["departure_region"],
            arrival_region=first.inputs["arrival_region"], settlement_type=first.inputs["settlement_type"]),
            case=first.case, supersedes=first)
        recorded += 1
    log(f"law: {recorded} decisions recorded")
