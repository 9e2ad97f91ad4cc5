"""python manage.py serve [--bind HOST:PORT]: the production server (gunicorn) and the job queue's worker,
side by side, as `make run` starts them. Ctrl-C (or SIGTERM) stops both; if either stops, the other is stopped
too and the command exits with its status. Production runs the two as separate services instead
(deploy/koshi-web.service, deploy/koshi-worker.service)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

GUNICORN_CONFIG = Path(settings.BASE_DIR) / "koshi" / "gunicorn.conf.py"


class Command(BaseCommand):
    help = "Serve Koshi with gunicorn and run the job queue's worker beside it; Ctrl-C stops both."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bind", default=None, help="HOST:PORT (default: KOSHI_BIND or 127.0.0.1:$PORT)")
        parser.add_argument("--no-worker", action="store_true", help="Serve only; run no job-queue worker.")

    def handle(self, *args, bind: str | None, no_worker: bool, **options) -> None:
        python = sys.executable
        server = [python, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG)]
        if bind:
            server += ["--bind", bind]
        commands = {"server": server}
        if not no_worker:
            commands["worker"] = [python, str(Path(settings.BASE_DIR) / "manage.py"), "worker",
                                  "--interval", "0.5", "--no-startup-delay"]
        children = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in commands.items()}
        stopping = False

        def stop(signum: int, frame) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        status = 0
        while not stopping:
            ended = [(name, p.returncode) for name, p in children.items() if p.poll() is not None]
            if ended:
                name, status = ended[0]
                self.stderr.write(f"The {name} stopped (status {status}); stopping the rest.")
                break
            time.sleep(0.3)
        for p in children.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 25
        for p in children.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if status:
            sys.exit(status)
