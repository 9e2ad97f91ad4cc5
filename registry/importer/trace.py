"""Where an import's time goes: `KOSHI_IMPORT_TRACE=1` prints each phase's seconds, summed over the chunks."""

from __future__ import annotations

import os
import sys
import time

TRACE = bool(os.environ.get("KOSHI_IMPORT_TRACE"))
PHASES: dict[str, float] = {}


class phase:
    """`with phase("name"):` adds the block's seconds to PHASES["name"]."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        PHASES[self.name] = PHASES.get(self.name, 0.0) + time.perf_counter() - self.started


def report() -> None:
    if TRACE:
        print(" ".join(f"{k}={v:.2f}s" for k, v in PHASES.items()), file=sys.stderr)
