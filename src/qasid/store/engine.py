"""Store URLs, engines and the write transaction, for SQLite and PostgreSQL.

Everything backend-specific about *connecting* lives here so the rest of the store is written
once against SQLAlchemy Core:

* URL handling: a plain path means SQLite, ``postgresql://`` is pinned to psycopg 3 (the only
  PostgreSQL driver qasid depends on), passwords are masked wherever a URL is shown.
* SQLite: WAL (readers never block the writer), foreign keys on (cascades keep child tables
  and the FTS index consistent), a busy timeout (a second process waits instead of failing),
  and explicit ``BEGIN``/``BEGIN IMMEDIATE`` because pysqlite's implicit transactions do not
  cover DDL and would take the write lock too late (a deferred transaction that upgrades to a
  writer can fail with ``SQLITE_BUSY`` without waiting).
* One writer at a time: :func:`write_transaction` holds a process-local lock plus the
  database's own writer lock (``BEGIN IMMEDIATE`` / a PostgreSQL advisory lock), so duplicate
  detection and the store order (``documents.seq``) are decided by one writer, across
  processes too.
* DBAPI errors become one-line :class:`~qasid.errors.StoreError` messages.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from qasid.errors import StoreError

LOGGER = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///qasid.db"
ENV_VAR = "QASID_DB"

#: seconds a SQLite connection waits for another writer before giving up
DEFAULT_BUSY_TIMEOUT = 30.0
#: seconds to wait for a PostgreSQL server before reporting it unreachable
DEFAULT_CONNECT_TIMEOUT = 10

#: key of the PostgreSQL advisory lock that serialises qasid writers (any stable bigint)
PG_WRITER_LOCK = 0x71A51D

_WRITE_OPTION = "qasid_write"

_json_dumps = functools.partial(json.dumps, ensure_ascii=False, allow_nan=False)


def resolve_url(url: str | None) -> URL:
    """Turn what the user gave (``None``, a path or a URL) into a SQLAlchemy URL.

    ``None`` reads ``QASID_DB`` and falls back to ``sqlite:///qasid.db``; a string without
    ``://`` is a SQLite file path (``corpus.db``, ``~/data/news.db``).

    >>> resolve_url("corpus.db").render_as_string()
    'sqlite:///corpus.db'
    >>> resolve_url("postgresql://u:secret@db/news").drivername
    'postgresql+psycopg'
    """
    if url is None:
        url = os.environ.get(ENV_VAR) or DEFAULT_URL
    url = url.strip()
    if not url:
        raise StoreError("store URL is empty; give a SQLite path or a postgresql:// URL",
                         code="E301")
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"cannot parse store URL {mask(url)!r}: {exc}", code="E301") from exc
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgres":  # the Heroku-style spelling
        backend = "postgresql"
    if backend == "postgresql":
        if driver not in ("", "psycopg"):
            raise StoreError(
                f"store URL driver {parsed.drivername!r} is not supported; qasid uses psycopg 3 "
                "(write postgresql://… or postgresql+psycopg://…)", code="E303")
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise StoreError(f"store URL driver {parsed.drivername!r} is not supported; "
                             "write sqlite:///path", code="E303")
        if parsed.database and parsed.database != ":memory:":
            parsed = parsed.set(database=str(Path(parsed.database).expanduser()))
        return parsed.set(drivername="sqlite")
    raise StoreError(
        f"unsupported store URL {mask(url)!r}: use a SQLite path, sqlite:///path or "
        "postgresql://user@host/db", code="E303")


def mask(url: str | URL) -> str:
    """The URL as text with any password replaced by ``***`` (safe for logs and stats)."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return "<unparseable URL>"
    return url.render_as_string(hide_password=True)


def is_memory(url: URL) -> bool:
    """True for a private in-memory SQLite database (``sqlite://`` or ``sqlite:///:memory:``)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: URL, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """Create the engine for ``url`` with qasid's connection settings; does not connect yet."""
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(url, busy_timeout)
        args: dict[str, Any] = {}
        if "connect_timeout" not in url.query:
            args["connect_timeout"] = DEFAULT_CONNECT_TIMEOUT
        engine = create_engine(url, connect_args=args, pool_pre_ping=True,
                               json_serializer=_json_dumps)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"the driver for {mask(url)} is not installed ({exc}); "
                         "install qasid[pg] for PostgreSQL", code="E303") from exc
    except ArgumentError as exc:
        raise StoreError(f"invalid store URL {mask(url)}: {exc}", code="E301") from exc

    @event.listens_for(engine, "begin")
    def _take_writer_lock(conn: Connection) -> None:
        if conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")

    return engine


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    if not is_memory(url):
        path = Path(str(url.database))
        if path.is_dir():
            raise StoreError(f"cannot open SQLite store {path}: it is a directory", code="E302")
        if not path.parent.is_dir():
            raise StoreError(f"cannot open SQLite store {path}: directory {path.parent} "
                             "does not exist", code="E302")
        engine = create_engine(url, json_serializer=_json_dumps,
                               connect_args={"timeout": busy_timeout})
    else:
        # One shared connection: a pool would hand each thread its own empty database.
        engine = create_engine(url, json_serializer=_json_dumps, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    timeout_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: Any, _record: Any) -> None:
        # Hand transaction control to us (see the module docstring), then set the pragmas
        # outside any transaction, where journal_mode can change.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            if not is_memory(url):
                cur.execute("PRAGMA journal_mode = WAL")
                # Durable at every checkpoint; safe against corruption in WAL mode.
                cur.execute("PRAGMA synchronous = NORMAL")
            # A 64 MB page cache (the default is 2 MB): every stored document adds rows to
            # a dozen indexes (paragraphs, LSH bands, events, quotes, mentions, full-text),
            # and with the default cache each insert into a grown index misses the cache
            # (measured with benchmarks/bench_ingest.py at 10,000 documents).
            cur.execute("PRAGMA cache_size = -65536")
            cur.execute("PRAGMA temp_store = MEMORY")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine,
                      lock: threading.Lock | threading.RLock) -> Iterator[Connection]:
    """One write transaction, committed on success and rolled back on any exception.

    ``lock`` is the store's process-local writer lock (threads of one process queue here
    instead of inside the database); the database's own writer lock (``BEGIN IMMEDIATE`` or
    the advisory lock) then serialises writers across processes.
    """
    with lock, engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads; its transaction (a snapshot on both backends) ends on exit."""
    with engine.connect() as conn:
        yield conn


def one_line(exc: BaseException) -> str:
    """The first line of a DBAPI error's own message, without SQLAlchemy's SQL dump."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


@contextmanager
def store_errors(action: str, url: URL | None = None) -> Iterator[None]:
    """Turn SQLAlchemy/DBAPI failures inside the block into a one-line ``StoreError``."""
    try:
        yield
    except DBAPIError as exc:
        where = f" ({mask(url)})" if url is not None else ""
        raise StoreError(f"{action} failed{where}: {one_line(exc)}", code="E305") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{action} failed: {one_line(exc)}", code="E305") from exc


def check_connection(engine: Engine, url: URL) -> None:
    """Connect once so a bad server, database or path fails at open time, clearly."""
    backend = url.get_backend_name()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        if backend == "sqlite":
            msg = f"cannot open SQLite store {url.database}: {one_line(exc)}"
        else:
            msg = f"cannot connect to PostgreSQL at {mask(url)}: {one_line(exc)}"
        raise StoreError(msg, code="E302") from exc
