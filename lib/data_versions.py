"""Data versions kept by the database itself, for caches of what is computed from rarely written tables.

A room's migration puts a trigger on each table whose rows a cached result is computed from (the frozen SQL is
in the migration: geo/migrations/0004_data_versions.py writes the table and the geo room's triggers). Every
INSERT, UPDATE, DELETE (and on PostgreSQL TRUNCATE) of such a table, whatever wrote it — a service, a bulk
import, a COPY, raw SQL, a command — gives its room's row of `koshi_data_version` a new random token, in the
same transaction as the write:

- every server process sees the new token when the write commits, and not before (a cache keyed by it is
  correct across gunicorn processes, each with its own memory);
- a rolled-back write's token is never seen again by anyone else, and tokens are random, never a counter, so a
  token reused after a rollback cannot find the result of data that no longer exists;
- a room that has never been written since its triggers were installed has no row: token None.

`cached(rooms, key, build)` keeps `build()` in this process's memory (settings.CACHES["versions"], no service to
run) under `key` and the rooms' tokens; a result that depends on the user must have the user's view in `key`.
On PostgreSQL the token row is locked by the writing transaction until it commits, so only tables written
rarely (reference data, statistics imports) may carry these triggers, never the registers written per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.db import connection

from lib.postgresql.prepared import fetch_prepared

TABLE = "koshi_data_version"
CACHE = "versions"
T = TypeVar("T")


def tokens(rooms: Iterable[str], probes: Sequence[str] = ()) -> tuple:
    """The rooms' current tokens (None for a room never written since its triggers were installed), in order,
    then the value of each of `probes`: scalar SQL queries (no parameters) read in the same round trip, the
    version figures of tables that may carry no trigger because they are written per request (e.g.
    surveys.selectors.STAY_PROBES: the interviews' count and last id)."""
    names = list(rooms)
    # read before nearly every kept answer: prepared, planned once per connection (lib.postgresql.prepared)
    if probes:  # one row: each room's token, then each probe's value
        columns = [f"(SELECT token FROM {TABLE} WHERE name = %s)" for _name in names] + [f"({p})" for p in probes]
        return tuple(fetch_prepared(connection, [("SELECT " + ", ".join(columns), names)])[0][0])
    sql = f"SELECT name, token FROM {TABLE} WHERE name IN ({', '.join(['%s'] * len(names))})"
    found = dict(fetch_prepared(connection, [(sql, names)])[0])
    return tuple(found.get(name) for name in names)


def cache_key(rooms: Iterable[str], key: Any, known: tuple | None = None) -> str:
    """The cache's name of `key` at the rooms' current tokens (and this database: tests use several). `known`: the
    rooms' tokens as the caller already read them (in the same query as other data), instead of reading them."""
    names = tuple(rooms)
    identity = (connection.settings_dict["NAME"], names, tokens(names) if known is None else tuple(known), key)
    return "v:" + hashlib.sha256(repr(identity).encode()).hexdigest()


MISSING: Any = object()


def lookup(rooms: Iterable[str], known: tuple, key: Any) -> Any:
    """What `store` kept for `key` at these tokens of the rooms (read by the caller), else MISSING."""
    return caches[CACHE].get(cache_key(rooms, key, known), MISSING)


def store(rooms: Iterable[str], known: tuple, key: Any, value: Any) -> None:
    """Keep `value`, computed from the rooms' data as it was when their tokens were `known` (read in the same
    statement as the data, so that the two agree)."""
    caches[CACHE].set(cache_key(rooms, key, known), value)


def cached(rooms: Iterable[str], key: Any, build: Callable[[], T], known: Any = MISSING) -> T:
    """`build()`, computed once per process for these rooms' data versions and `key` (a repr-able value).
    `known`: the rooms' tokens as the caller read them with its own rows; what was kept at those is returned
    without reading them (if nothing was, the tokens are read afresh and `build()` kept at them)."""
    if known is not MISSING:
        found = lookup(rooms, known, key)
        if found is not MISSING:
            return cast(T, found)
    name = cache_key(rooms, key)
    cache = caches[CACHE]
    value = cache.get(name, MISSING)
    if value is MISSING:
        value = build()
        cache.set(name, value)
    return cast(T, value)  # what build() returned, read back
