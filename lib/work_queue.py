"""The shape of a work queue: what a room tells the start page is waiting for a user.

Each room that has work for people exposes `<room>/work_queue.py` with `sections(user) -> list[WorkSection]`;
the start page (web/home.py) only composes them, oldest first within each section. Rooms stay ignorant of
the page; the page stays ignorant of the rooms' rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.db.models.sql import Query
from django.urls import NoReverseMatch, reverse

from lib.postgresql.prepared import fetch_prepared
from lib.reversing import reversing_key


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: what, since when it waits, and the link that does it in one click."""

    label: str
    url: str
    since: dt.date
    action: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkSection:
    """A kind of work (applications to decide, alerts to resolve, ...); `total` may exceed the items shown."""

    title: str
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0
    more_url: str | None = None


TOTAL = "_work_queue_total"


def first_and_total(rows: Any, shown: int) -> tuple[list[Any], int]:
    """The first `shown` rows of a queryset (model instances, or dicts of a `.values()` queryset) and how many there
    are in all, in one query: the count is a window (COUNT(*) OVER (), computed before the LIMIT) on each row. A
    DISTINCT or combined queryset, whose window would count rows before they are merged, is counted apart, only
    when the page is full."""
    query = getattr(rows, "query", None)
    if query is not None and query.is_empty():  # .none(): a user with no grant for this queue; nothing to compile
        return [], 0
    if query is None or query.distinct or query.combinator or query.is_sliced:
        first = list(rows[:shown])
        return first, (rows.count() if len(first) == shown else len(first))
    first = list(rows.annotate(**{TOTAL: Window(Count("*"))})[:shown])
    if not first:
        return first, 0
    return first, (first[0][TOTAL] if isinstance(first[0], dict) else getattr(first[0], TOTAL))


# --- Reads compiled once -------------------------------------------------------------------------------------------
# A start page's queue is a ten-row read whose SQL takes the ORM several times longer to build and compile than the
# database takes to run it; every request of the same user on the same day builds the same SQL with the same
# parameters. So a queue's SQL is kept per process under a key naming all it was built from, and run afresh on
# every request: the rows are never kept, only how to ask for them.
_COMPILED: dict[Hashable, _Compiled | None] = {}
COMPILED_KEPT = 4096  # entries at most (a few hundred bytes each); all forgotten when full


@dataclass(frozen=True)
class _Compiled:
    database: str
    sql: str
    params: tuple[Any, ...]
    names: list[str]  # each column's name in a row
    columns: list[Any]  # each column's expression, whose converters turn the database's values into Python's
    query: Query


def compiled_rows(key: Hashable, build: Callable[[], QuerySet]) -> list[dict[str, Any]]:
    """The rows, as dicts, of the `.values()` queryset `build()`, compiled once per process for each `key`.

    `key` must name everything the queryset is built from: the user's scope (accounts.scoping.scope_key, which
    includes the user, so no entry is ever shared between users), the day, and the code's own constants (a page's
    length). `build` is called only the first time a key is seen."""
    try:
        entry = _COMPILED[key]
    except KeyError:
        entry = _compile(build())
        if len(_COMPILED) >= COMPILED_KEPT:
            _COMPILED.clear()
        _COMPILED[key] = entry
    if entry is None:  # .none(): a user with no grant for this queue; nothing to run
        return []
    rows: Any = _fetch(("rows", key), entry.database, entry.sql, entry.params)
    compiler, converters = _converters(key, entry)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(entry.names, row, strict=True)) for row in rows]


_CONVERTERS = "_koshi_work_queue_converters"


def _converters(key: Hashable, entry: _Compiled) -> tuple[Any, dict[int, Any]]:
    """A compiled read's compiler and the converters of its columns, for this thread's connection. Finding them
    walked every column's field each time (a fifth of a start page's queue work); they depend only on the read
    and on the connection (a backend's converters are its own bound methods), so each connection object keeps
    them, for the very entry they were found for."""
    connection = connections[entry.database]  # this thread's; the same object for the thread's life
    kept: dict[Hashable, tuple[_Compiled, Any, dict[int, Any]]] = connection.__dict__.setdefault(_CONVERTERS, {})
    found = kept.get(key)
    if found is None or found[0] is not entry:
        compiler = entry.query.get_compiler(entry.database)
        found = (entry, compiler, compiler.get_converters(entry.columns))
        if len(kept) >= COMPILED_KEPT:
            kept.clear()
        kept[key] = found
    return found[1], found[2]


def _compile(rows: QuerySet) -> _Compiled | None:
    query = rows.query
    if query.is_empty():
        return None
    compiler = query.get_compiler(rows.db)
    sql, params = compiler.as_sql()
    names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                            *query.annotation_select]
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    return _Compiled(rows.db, sql, tuple(params), names, columns, query)


_COUNTS: dict[Hashable, tuple[str, str, tuple[Any, ...]] | str] = {}
_EMPTY, _UNCOMPILED = "empty", "uncompiled"


def compiled_count(key: Hashable, build: Callable[[], QuerySet]) -> int:
    """`build().count()`, its SQL built once per process for each `key` (as compiled_rows: `key` names all the
    queryset is built from) and run afresh every time. The first count is run by the ORM and its one statement
    kept as it was sent; a count the ORM answers without asking (an empty queryset) is 0 again, and one that took
    more than one statement is always left to the ORM."""
    entry = _COUNTS.get(key)
    if entry is None:
        rows = build()
        sent: list[tuple[str, Any]] = []

        def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            sent.append((sql, params))
            return execute(sql, params, many, context)

        with connections[rows.db].execute_wrapper(keep):
            total = rows.count()
        if len(_COUNTS) >= COMPILED_KEPT:
            _COUNTS.clear()
        _COUNTS[key] = (_EMPTY if not sent else (rows.db, sent[0][0], tuple(sent[0][1] or ())) if len(sent) == 1
                        else _UNCOMPILED)
        ahead = _AHEAD.get()
        if ahead is not None and isinstance(_COUNTS[key], tuple):
            ahead["made"].append(("count", key))  # one statement, kept: fetched with the page's others next time
        return total
    if isinstance(entry, str):
        return 0 if entry == _EMPTY else build().count()
    database, sql, params = entry
    return int(_fetch(("count", key), database, sql, params)[0][0])


def compiled_first_and_total(key: Hashable, build: Callable[[], QuerySet], shown: int) -> tuple[list[dict], int]:
    """`first_and_total` of the `.values()` queryset `build()` (neither DISTINCT nor combined), compiled once per
    `key` (compiled_rows)."""
    first = compiled_rows((key, shown), lambda: build().annotate(**{TOTAL: Window(Count("*"))})[:shown])
    return first, (first[0][TOTAL] if first else 0)


# --- Reads sent together -----------------------------------------------------------------------------------------
# A start page runs a dozen such reads, one after the other, each a round trip with its own share of the driver's
# and the database's per-statement work. A page's reads are the same on every visit of the same user on the same
# day, so the page remembers which compiled reads its last visit made, and on the next one sends them all in one
# round trip before it starts (on PostgreSQL, as prepared statements in one pipeline; elsewhere one by one); each
# read then takes its rows from what was just fetched, in this request. Nothing is kept across requests but the
# list of reads: every row is read afresh, at the start of the page that shows it.
_PLANS: dict[Hashable, tuple[tuple[str, Hashable], ...]] = {}
_AHEAD: ContextVar[dict[str, Any] | None] = ContextVar("work_queue_read_ahead", default=None)


@contextmanager
def reads_sent_together(page: Hashable) -> Iterator[None]:
    """Within the block, the compiled reads (compiled_rows, compiled_count) that the last block of the same `page`
    made are fetched first, together. `page` must name all the reads depend on, as their keys do (the user's
    scope, the day)."""
    planned = [(read, _statement(read)) for read in _PLANS.get(page, ())]
    fetched = _fetch_together([(read, statement) for read, statement in planned if statement is not None])
    token = _AHEAD.set({"fetched": fetched, "made": []})
    try:
        yield
    finally:
        made = _AHEAD.get()["made"]  # type: ignore[index]
        _AHEAD.reset(token)
        if len(_PLANS) >= COMPILED_KEPT:
            _PLANS.clear()
        _PLANS[page] = tuple(made)


def _statement(read: tuple[str, Hashable]) -> tuple[str, str, tuple[Any, ...]] | None:
    """(database, SQL, parameters) of a compiled read, or None if it runs no statement (or was forgotten)."""
    kind, key = read
    if kind == "rows":
        entry = _COMPILED.get(key)
        return (entry.database, entry.sql, entry.params) if entry is not None else None
    counted = _COUNTS.get(key)
    return counted if isinstance(counted, tuple) else None


def _fetch_together(reads: list[tuple[tuple[str, Hashable], tuple[str, str, tuple[Any, ...]]]]) -> dict:
    """{read: its rows} of all `reads`, those of one PostgreSQL database in one round trip."""
    fetched: dict[tuple[str, Hashable], list[Any]] = {}
    by_database: dict[str, list[tuple[tuple[str, Hashable], str, tuple[Any, ...]]]] = {}
    for read, (database, sql, params) in reads:
        by_database.setdefault(database, []).append((read, sql, params))
    for database, statements in by_database.items():
        # on PostgreSQL prepared, planned once per connection (planning the queues' joins cost more than running
        # them), and sent in one round trip; elsewhere one by one
        sent = fetch_prepared(connections[database], [(sql, params) for _read, sql, params in statements])
        for (read, _sql, _params), rows in zip(statements, sent, strict=True):
            fetched[read] = rows
    return fetched


def _fetch(read: tuple[str, Hashable], database: str, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """The rows of one compiled read: fetched ahead with the page's others (reads_sent_together), or now."""
    ahead = _AHEAD.get()
    if ahead is not None:
        ahead["made"].append(read)
        if read in ahead["fetched"]:
            rows: list[Any] = ahead["fetched"].pop(read)
            return rows
    return fetch_prepared(connections[database], [(sql, params)])[0]


# --- Links of many rows --------------------------------------------------------------------------------------------
_MARKER = 987_654_321_987_654_321  # an id no row has; reversed in its place, then replaced by each row's id


def url_by_id(name: str) -> Callable[[int], str]:
    """`id -> reverse(name, args=[id])`, for the rows of one page: a queue links each of its rows to the row's own
    page, and reversing a URL walks the resolver each time (a start page asked it some fifty times). The URL is
    reversed once, with a marker for the id, and each id written in the marker's place: the same string, since
    an id (a whole number >= 0) is written as its digits whatever the path converter. Anything else, or a pattern
    that does not take the marker, is reversed as it is. Kept per process under all that reversing reads besides
    the name (the request's script prefix and URLconf, the active language): a page made some ten of them."""
    key = (name, *reversing_key())
    made = _URL_BY_ID.get(key)
    if made is None:
        made = _url_by_id(name)
        if len(_URL_BY_ID) >= COMPILED_KEPT:
            _URL_BY_ID.clear()
        _URL_BY_ID[key] = made
    return made


_URL_BY_ID: dict[Hashable, Callable[[int], str]] = {}


def _url_by_id(name: str) -> Callable[[int], str]:
    try:
        prefix, found, suffix = reverse(name, args=[_MARKER]).partition(str(_MARKER))
    except NoReverseMatch:
        found = ""
    if not found or str(_MARKER) in suffix:
        return lambda pk: reverse(name, args=[pk])

    def url(pk: int) -> str:
        if type(pk) is not int or pk < 0:
            return reverse(name, args=[pk])
        return f"{prefix}{pk}{suffix}"

    return url
