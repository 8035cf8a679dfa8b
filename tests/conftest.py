"""Shared fixtures.

Store fixtures: every store test runs against SQLite (a file in ``tmp_path``) and PostgreSQL
(``QASID_TEST_PG``, default ``postgresql://postgres@127.0.0.1:5432/test``), each PostgreSQL
test in its own freshly created schema that is dropped afterwards. An unreachable server skips
the PostgreSQL half locally but fails it when ``CI`` is set, so CI cannot go green silently.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

PG_URL = os.environ.get("QASID_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _libpq_url(url: str) -> str:
    """The URL as psycopg/libpq accepts it (no SQLAlchemy ``+driver`` suffix)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL test URL, after checking the server answers."""
    import psycopg

    try:
        with psycopg.connect(_libpq_url(PG_URL), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        reason = f"PostgreSQL at {PG_URL} is unreachable: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)")
        pytest.skip(f"{reason}; set QASID_TEST_PG or start the server")
    return PG_URL


@pytest.fixture(scope="session")
def pg_schema(pg_server: str) -> Callable[[], AbstractContextManager[str]]:
    """Factory of PostgreSQL URLs, each using a new empty schema dropped on exit.

    The schema is chosen through libpq's ``options=-csearch_path=…``, so every connection
    the store opens lands in it and tests never see each other's tables.
    """
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    @contextmanager
    def make() -> Iterator[str]:
        schema = f"qasid_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_libpq_url(pg_server), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        url = make_url(pg_server).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with psycopg.connect(_libpq_url(pg_server), autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    sql.Identifier(schema)))

    return make


@pytest.fixture
def pg_url(pg_schema: Callable[[], AbstractContextManager[str]]) -> Iterator[str]:
    """A PostgreSQL URL with a fresh schema for one test."""
    with pg_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A fresh, empty store URL per backend (SQLite given as a plain path on purpose)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    """An open store on each backend, closed after the test."""
    from qasid.store import Store

    s = Store.open(store_url)
    try:
        yield s
    finally:
        s.close()


def _minhash(words: list[str]) -> tuple[int, ...]:
    """datasketch MinHash(num_perm=128) over word 3-shingles, as the dedup stage builds it."""
    from datasketch import MinHash

    if not words:
        return ()
    n = 3
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    m = MinHash(num_perm=128)
    for s in shingles:
        m.update(s.encode("utf-8"))
    return tuple(int(v) for v in m.hashvalues)


def build_doc(text: str, *, locator: str | None = None, name: str | None = None,
              source: str = "tests/fixtures", noise: tuple[int, ...] = (),
              **fields: Any) -> Any:
    """A ProcessedDocument for ``text``: paragraphs are blank-line separated blocks, those at
    indexes in ``noise`` are noise, the rest is the body; hashes and MinHash follow the
    pipeline's recipe (normalised words, repeated paragraphs once)."""
    from qasid.records import Paragraph, ProcessedDocument
    from qasid.stages.normalize import normalize, tokenize

    paras: list[Paragraph] = []
    pos = 0
    for i, block in enumerate(text.split("\n\n")):
        start, end = pos, pos + len(block)
        pos = end + 2
        if block.strip():
            kind = "noise" if i in noise else "content"
            paras.append(Paragraph(start, end, kind, "menu" if kind == "noise" else "good",
                                   fields.get("lang")))
    keys: list[str] = []
    for p in paras:
        if p.kind == "content":
            key = " ".join(t for t, _, _ in tokenize(normalize(text[p.start:p.end]).text))
            if key and key not in keys:
                keys.append(key)
    locator = locator or f"tests/fixtures/{uuid.uuid4().hex[:8]}.txt"
    fields.setdefault("body", tuple((p.start, p.end) for p in paras if p.kind == "content"))
    fields.setdefault("paragraphs", tuple(paras))
    fields.setdefault("body_hash",
                      hashlib.sha256("\n".join(keys).encode()).hexdigest() if keys else "")
    fields.setdefault("minhash", _minhash(" ".join(keys).split()))
    return ProcessedDocument(
        locator=locator, name=name or locator.rsplit("/", 1)[-1], source=source, text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), **fields)


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., Any]:
    """:func:`build_doc` as a fixture, so test modules need not import conftest."""
    return build_doc


#: the only hosts the source tests may reach (their local HTTP server)
LOCAL = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to resolve or connect to a non-loopback address (used by the source
    tests through ``pytestmark``)."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOCAL:
            raise AssertionError(f"test tried to reach the network: {address}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOCAL:
            raise AssertionError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
