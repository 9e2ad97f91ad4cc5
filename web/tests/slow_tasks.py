"""Tasks the job-queue tests enqueue (importable by a worker process, as any task must be)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_file(path: str, timeout: float = 60.0) -> str:
    """Run until `path` exists (at most `timeout` seconds): a job that is still running when the test kills it."""
    deadline = time.monotonic() + timeout
    while not Path(path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(path)
        time.sleep(0.05)
    return "done"
