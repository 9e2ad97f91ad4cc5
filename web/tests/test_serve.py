"""`manage.py serve` (what `make run` starts) runs gunicorn and the job queue's worker side by side, answers HTTP,
and Ctrl-C (SIGINT) stops the server, its workers and the job worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings

from web.tests.test_job_queue import queue_database  # noqa: F401 (the fixture: an SQLite file with the queue)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        out = subprocess.run(["pgrep", "-P", str(todo.pop())], capture_output=True, text=True).stdout.split()
        for child in map(int, out):
            found.add(child)
            todo.append(child)
    return found


def test_serve_answers_and_ctrl_c_stops_the_server_and_the_worker(queue_database, tmp_path):  # noqa: F811
    port = _free_port()
    env = {**queue_database, "KOSHI_WEB_WORKERS": "2"}
    serve = subprocess.Popen([sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
                             cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, answered = time.monotonic() + 120, None
        while time.monotonic() < deadline and answered is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=30) as answer:
                    answered = answer.status
            except OSError:
                time.sleep(0.5)
        assert answered == 200
        children = _descendants(serve.pid)
        commands = {subprocess.run(["ps", "-o", "args=", "-p", str(p)], capture_output=True, text=True).stdout
                    for p in children}
        assert any("gunicorn" in c for c in commands) and any("manage.py worker" in c for c in commands)
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)
        time.sleep(1)
        assert not any(os.path.exists(f"/proc/{p}") and "zombie" not in open(f"/proc/{p}/status").read().lower()
                       for p in children)
    finally:
        if serve.poll() is None:
            serve.kill()
        serve.stderr.close()
