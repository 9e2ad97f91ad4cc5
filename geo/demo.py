"""Demo data of the geo room: the real BNS population by region (the units come with the migrations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .services import load_population


def seed(*, rng: Any, scale: Any, log: Callable[[str], None]) -> None:
    created = load_population()
    log(f"geo: {created} population rows loaded.")
