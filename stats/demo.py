"""Demo data of the stats room: the shipped published tables (real BNS figures, not synthetic)."""

from __future__ import annotations

import random

from .importer import import_shipped


def seed(*, rng: random.Random, scale: float, log) -> None:
    reports = import_shipped()
    log("stats: " + ", ".join(f"{r['dataset']} {r['created']}" for r in reports) + " rows of published statistics")
