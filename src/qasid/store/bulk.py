"""Multi-row inserts handed to the database driver with SQL compiled once per table and dialect.

Why: an ingest with extraction writes a dozen child-row statements per document (paragraphs,
LSH bands, search terms, the extraction record, its events, quotes and mentions). Through
``Connection.execute(insert(table), rows)`` SQLAlchemy re-derives parameters and runs its
per-statement compile-cache machinery each time, which measured about as much as SQLite's own
work on that path. Here the statement is compiled once; each call only converts values with
the column types' own bind processors (JSON serialisation, for instance, stays SQLAlchemy's)
and passes the rows to the driver's ``executemany``. The SQL is still parameterised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.engine import Dialect


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
    conn.exec_driver_sql(plan.sql, params if len(params) > 1 else params[0])
