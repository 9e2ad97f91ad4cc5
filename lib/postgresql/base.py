"""Django's PostgreSQL backend, its per-request health check made local when the connection is quiet.

With CONN_HEALTH_CHECKS (settings: persistent connections that survive a database restart), Django checks a
reused connection at the start of each request with a `SELECT 1` round trip: under load, 3-4 % of the server's
CPU for the mixed requests of bench/web_load.py. A connection the server has ended (a restart, an
administrator's `pg_terminate_backend`, an idle timeout) does not end silently: the server sends its FATAL
message and closes the socket, so the socket becomes readable while no query of ours is in flight. So: a
socket with nothing to read is taken as alive without a round trip; anything to read (the server's goodbye, an
end of file, or a notice) sends the connection through Django's own check, which closes and replaces it. A
link that dies without a word (a cable pulled) is not seen by either check before a query times out.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    health_check_enabled: bool  # set by Django's BaseDatabaseWrapper (not in django-stubs)
    health_check_done: bool

    def close_if_health_check_failed(self) -> None:
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and self._server_has_said_nothing()):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _server_has_said_nothing(self) -> bool:
        """True when the connection is open and nothing waits on its socket (no query of ours is in flight
        between requests, so anything there is the server's doing)."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
