"""How Koshi opens an SQLite database so that concurrent writers wait their turn instead of failing.

- WAL journal: readers never block the writer and the writer never blocks readers.
- A busy timeout: a connection that finds the database locked waits (up to `timeout` seconds) for the lock.
- IMMEDIATE transactions: every transaction takes the write lock when it begins. A DEFERRED transaction that
  reads first and writes later cannot wait for the lock (SQLite refuses the upgrade at once with "database is
  locked", because waiting could deadlock); one that asks for the lock up front simply waits in line.
  The price: on SQLite, transactions (and so requests, which each run in one) take turns. Production runs on
  PostgreSQL, where readers and writers do not.
- synchronous=NORMAL: in WAL mode a commit survives a crash of the process (not of the machine's power),
  and commits do not wait for an fsync each.
"""

from __future__ import annotations

BUSY_TIMEOUT_SECONDS = 30

SQLITE_OPTIONS: dict[str, object] = {
    "timeout": BUSY_TIMEOUT_SECONDS,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
