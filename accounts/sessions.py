"""Django's database sessions (the same table, the same rows, the same expiry), each read with one plain query:
a signed-in page reads its session on every request, and compiling Django's queryset for it cost several times
the query itself. settings.SESSION_ENGINE names this module."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        if not self.session_key:  # no cookie, or one the key's validation refused
            self._session_key = None
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT session_data FROM {model._meta.db_table} "
                           "WHERE session_key = %s AND expire_date > %s", [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: a new session, as Django's store answers
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
