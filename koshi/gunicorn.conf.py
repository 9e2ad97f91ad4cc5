"""gunicorn's settings for Koshi, in development (`make run`) and in production alike.

gunicorn, because Koshi is a synchronous WSGI application (every request in one database transaction,
ATOMIC_REQUESTS) and gunicorn is the mature pre-fork WSGI server: a worker killed (kill -9, out of memory) is
replaced by the arbiter at once, workers are recycled after `max_requests`, and a HUP reloads the code with no
dropped connection. An ASGI server (uvicorn) would run every view in a thread pool for no gain; granian is
fast but younger, and would be one more compiled dependency.

Every value can be changed from the environment (KOSHI_BIND, KOSHI_WEB_WORKERS, KOSHI_WEB_THREADS,
KOSHI_WEB_TIMEOUT, KOSHI_ACCESS_LOG) or the command line.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time

bind = os.environ.get("KOSHI_BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"
# The classic sizing: two processes per core plus one, each with a few threads so that a process waiting on the
# database does not leave its core idle. On 2 cores: 5 processes x 4 threads.
workers = int(os.environ.get("KOSHI_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("KOSHI_WEB_THREADS") or 4)
worker_class = "gthread"
timeout = int(os.environ.get("KOSHI_WEB_TIMEOUT") or 60)
graceful_timeout = 20
keepalive = 5
backlog = 2048
max_requests = 5000
max_requests_jitter = 500
preload_app = True  # import Django once, fork the workers: less memory, and a killed worker is back in ms
accesslog = os.environ.get("KOSHI_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
wsgi_app = "koshi.wsgi:application"
control_socket_disable = True  # gunicorn's control socket is one path per user: two servers would share it


_warm = False


def pre_fork(server, worker) -> None:
    """Build in the arbiter, once, before forking, what every worker would otherwise build on its first requests
    (koshi/warmup.py: the URLconf and every view, one answer of the trivial view, the compiled templates, the
    kk/ru/en catalogues, the law's rules and texts): each worker, and the one that replaces a killed worker,
    then starts warm instead of spending its first requests on it (100-140 ms each on a busy machine, times
    each worker). A step that fails is logged and the server starts anyway; every database connection is closed
    before any fork. Then what the arbiter has built (Django, every room, the analytics stack: some 300,000
    objects) is moved out of the garbage collector's reach with gc.freeze(): each worker's full collections no
    longer walk it (about 100 ms each on a 2-core machine), and its pages stay shared with the arbiter instead
    of being copied on write."""
    global _warm
    if _warm:
        return
    started = time.monotonic()
    try:
        from koshi.warmup import warm_up

        took = warm_up(server.log)
        server.log.info("Warmed up in %.2f s: %s", time.monotonic() - started, took)
    except Exception:  # noqa: BLE001 (never keep the server from starting: the workers warm up on their own)
        server.log.exception("Warm-up failed; each worker builds what it needs on its first requests")
    gc.collect()
    gc.freeze()
    _warm = True
