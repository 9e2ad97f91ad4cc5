"""Test helpers that know no room: starting attempts at the same moment, each on its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def at_once(attempt: Callable[[T], str], inputs: Iterable[T]) -> list[str]:
    """What `attempt(x)` answered for each x of `inputs`, every attempt run in its own thread (so on its own
    database connection) and released at the same moment. An attempt names its own outcome, refusals included;
    anything it lets escape is reported as `error:<exception>`, for the test to show."""
    inputs = list(inputs)
    barrier = threading.Barrier(len(inputs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(value: T) -> None:
        try:
            barrier.wait(timeout=60)
            result = attempt(value)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            result = f"error:{exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(value,)) for value in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
