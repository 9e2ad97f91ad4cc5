"""Django's database sessions (the same table, the same rows, the same expiry), each read with one plain query:
a signed-in page reads its session on every request, and compiling Django's queryset for it cost several times
the query itself. settings.SESSION_ENGINE names this module.

A session's user is then read by a second query (accounts.backends.UserBackend.get_user), a round trip as dear in
CPU as the first. Each process remembers which user id a session key's data held when it last read it (Django
gives a session a new key whenever another user signs in with it), and reads that user in the same query as the
session: the same row, read in the same request, and handed to `get_user` only if the data just read names that
very user (otherwise `get_user` reads the user as before). A logout, a changed password or permission, a
deactivated user take effect at once, as before."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from lib.postgresql.prepared import fetch_prepared

from .backends import hand_over, user_of_row, user_select
from .models import User
from .permissions import GRANTS_ROOM

# session key -> the user id its data held when this process last read it; bounded (emptied when full)
_USER_OF_SESSION: dict[str, Any] = {}
_MAX_SESSIONS = 20000


class SessionStore(db.SessionStore):
    _read_with: tuple[Any, Any] | None = None  # (user id guessed, the user or None) read with the session

    def _get_session_from_db(self) -> Any:
        self._read_with = None
        if not self.session_key:  # no cookie, or one the key's validation refused
            self._session_key = None
            return None
        model = self.model
        db_alias = router.db_for_read(model)
        connection = connections[db_alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        guess = _USER_OF_SESSION.get(self.session_key)
        if guess is None:
            statement = (f"SELECT session_data FROM {model._meta.db_table} "
                         "WHERE session_key = %s AND expire_date > %s", [self.session_key, now])
        else:
            source = f"{model._meta.db_table} s LEFT JOIN {User._meta.db_table} u ON u.id = %s"
            select = user_select(source).replace("SELECT ", "SELECT s.session_data, ", 1)
            statement = (f"{select} WHERE s.session_key = %s AND s.expire_date > %s",
                         [guess, GRANTS_ROOM, self.session_key, now])
        rows = fetch_prepared(connection, [statement])[0]  # every signed-in page's read: planned once
        row = rows[0] if rows else None
        if row is None:  # unknown or expired: a new session, as Django's store answers
            self._session_key = None
            return None
        if guess is not None:
            self._read_with = (guess, user_of_row(db_alias, row[1:]))
        return model(session_key=self.session_key, session_data=row[0])

    def load(self) -> dict[str, Any]:
        hand_over(None)  # whatever happens below, no user read for another session is used
        key = self.session_key
        data = super().load()
        try:
            pk = User._meta.pk.to_python(data[SESSION_KEY]) if SESSION_KEY in data else None
        except Exception:  # not a user id: get_user refuses it
            pk = None
        if pk is not None and key:
            if self._read_with is not None and self._read_with[0] == pk:
                hand_over(self._read_with)
            if _USER_OF_SESSION.get(key) != pk:
                if len(_USER_OF_SESSION) >= _MAX_SESSIONS:
                    _USER_OF_SESSION.clear()
                _USER_OF_SESSION[key] = pk
        self._read_with = None
        return data

