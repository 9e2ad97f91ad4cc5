"""Peak memory of a benchmark's own process, sampled while it runs (shared by the benchmarks)."""

from __future__ import annotations

import threading


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux /proc)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    """Samples rss_mb() every `interval` seconds until `stop` is set; `peak` is the largest seen."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = rss_mb()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.peak = max(self.peak, rss_mb())
