"""The per-document write path's statements, handed to the database driver directly.

Why: an ingest with extraction runs about fifteen statements per document (its duplicate
checks, the document row, paragraphs, LSH bands, search terms, the extraction record, its
events, quotes and mentions) inside a SAVEPOINT of its own. Through ``Connection.execute``
SQLAlchemy re-derives parameters, runs its compile-cache, event and result machinery, and
``begin_nested`` its transaction bookkeeping, for every one of them: profiled at 10,000
documents that overhead cost more than SQLite's own work on the path (about a tenth of the
whole ingest). So the statements are still *written* with SQLAlchemy Core and compiled by it,
once per statement and dialect; each call only converts values with the column types' own
bind processors (JSON serialisation, for instance, stays SQLAlchemy's) and runs the compiled
SQL on the driver's cursor. The SQL stays parameterised, and driver errors are raised as
SQLAlchemy's ``DBAPIError`` so the store reports them like any other.

Everything else (reads of the web pages and the CLI, migrations, rare writes) goes through
SQLAlchemy as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement


class JsonText(str):
    """A value already serialised for a JSON column: written as is, not serialised again."""

    __slots__ = ()


@dataclass(frozen=True)
class _Plan:
    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver expects them
    keys: tuple[str, ...]  # the row key each bind name reads
    procs: tuple[Callable[[Any], Any] | None, ...]
    positional: bool


_PLANS: dict[tuple[str, str, str, tuple[str, ...]], _Plan] = {}


def _plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Plan:
    cache_key = (dialect.name, str(dialect.driver), table.name, keys)
    plan = _PLANS.get(cache_key)
    if plan is not None:
        return plan
    binds = {k: f"p_{i}" for i, k in enumerate(keys)}
    stmt = insert(table).values({k: bindparam(binds[k]) for k in keys})
    compiled = stmt.compile(dialect=dialect)
    by_bind = {b: k for k, b in binds.items()}
    if compiled.positional:
        names = tuple(compiled.positiontup or ())
    else:
        names = tuple(binds[k] for k in keys)
    order = tuple(by_bind[n] for n in names)
    procs = tuple(table.c[k].type.bind_processor(dialect) for k in order)
    plan = _Plan(compiled.string, names, order, procs, bool(compiled.positional))
    _PLANS[cache_key] = plan
    return plan


def _bind(value: Any, proc: Callable[[Any], Any] | None) -> Any:
    return value if proc is None or type(value) is JsonText else proc(value)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one driver call."""
    if not rows:
        return
    plan = _plan(conn.dialect, table, tuple(rows[0]))
    pairs = tuple(zip(plan.keys, plan.procs, strict=True))
    if plan.positional and not any(plan.procs):
        get = itemgetter(*plan.keys)  # plain values: one C call per row
        params: list[Any] = [get(r) for r in rows] if len(plan.keys) > 1 else [
            (get(r),) for r in rows]
    elif plan.positional:
        params = [tuple(_bind(r[k], p) for k, p in pairs) for r in rows]
    else:
        params = [{n: _bind(r[k], p) for n, (k, p) in zip(plan.names, pairs, strict=True)}
                  for r in rows]
    if len(params) > 1:
        _run(conn, plan.sql, params, many=True)
    else:
        _run(conn, plan.sql, params[0])


def _run(conn: Connection, sql: str, params: Any, *, many: bool = False,
         fetch: bool = False) -> list[Any]:
    """Execute on the driver's cursor of ``conn`` (inside its open transaction)."""
    dbapi = conn.dialect.loaded_dbapi
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
        return cur.fetchall() if fetch else []
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi.Error, dialect=conn.dialect,
                                  ismulti=many) from exc
    finally:
        cur.close()


@dataclass(frozen=True)
class _Query:
    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver expects them
    defaults: Mapping[str, Any]  # values SQLAlchemy bound itself (LIMIT 1, literals)
    procs: Mapping[str, Callable[[Any], Any]]
    positional: bool


_QUERIES: dict[tuple[str, str, int], tuple[ClauseElement, _Query]] = {}


def _query_plan(dialect: Dialect, stmt: ClauseElement) -> _Query:
    # Keyed by the statement object (module-level constants): the entry keeps it alive, so
    # its id cannot be reused by another statement.
    cache_key = (dialect.name, str(dialect.driver), id(stmt))
    hit = _QUERIES.get(cache_key)
    if hit is not None:
        return hit[1]
    compiled = stmt.compile(dialect=dialect)
    # compiled.params holds one entry per bound parameter, under the name the SQL uses
    # (compiled.binds also lists anonymous aliases of the same parameters).
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.params)
    if getattr(compiled, "escaped_bind_names", None):
        raise ValueError(f"statement needs escaped bind names: {compiled.string}")
    procs = {}
    for name in names:
        proc = compiled.binds[name].type.bind_processor(dialect)
        if proc is not None:
            procs[name] = proc
    plan = _Query(compiled.string, names, dict(compiled.params), procs,
                  bool(compiled.positional))
    _QUERIES[cache_key] = (stmt, plan)
    return plan


def driver_query(conn: Connection, stmt: ClauseElement,
              params: Mapping[str, Any] | None = None) -> list[Any]:
    """Run a statement built once with SQLAlchemy Core (no expanding ``IN``) on the driver:
    its result rows as tuples (none for ``DELETE``/``UPDATE``).

    Result values come as the driver returns them: meant for the write path's columns
    (text, integers, ``LargeBinary``), which need no result processing."""
    plan = _query_plan(conn.dialect, stmt)
    values = {**plan.defaults, **(params or {})}
    for name, proc in plan.procs.items():
        values[name] = proc(values[name])
    args: Any = (tuple(values[n] for n in plan.names) if plan.positional
                 else {n: values[n] for n in plan.names})
    return _run(conn, plan.sql, args, fetch=getattr(stmt, "is_select", False))


@contextmanager
def savepoint(conn: Connection, name: str = "qasid_doc") -> Iterator[Connection]:
    """A SAVEPOINT on the driver: released when the block succeeds, rolled back to (and
    released) when it raises, so one failing document undoes only its own writes.

    ``Connection.begin_nested`` does the same with SQLAlchemy's transaction bookkeeping,
    which measured ten times the cost of the two statements themselves."""
    _run(conn, f"SAVEPOINT {name}", ())
    try:
        yield conn
    except BaseException:
        _run(conn, f"ROLLBACK TO SAVEPOINT {name}", ())
        _run(conn, f"RELEASE SAVEPOINT {name}", ())
        raise
    _run(conn, f"RELEASE SAVEPOINT {name}", ())
