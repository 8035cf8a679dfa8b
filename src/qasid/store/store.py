"""The :class:`Store`: processed documents, duplicate links, rejects and search in one database.

SQLite (the default, one file) and PostgreSQL are served by the same code through SQLAlchemy
Core; the differences (pragmas, locks, the full-text index) are confined to
:mod:`qasid.store.engine`, :mod:`qasid.store.migrations` and :mod:`qasid.store.search`.

Guarantees:

* **One transaction per document.** :meth:`Store.save` writes a document, its paragraphs, LSH
  bands, search terms and duplicate links in a single transaction; a failure anywhere leaves
  the previous state untouched.
* **Idempotent ingest.** A document's id is derived from its locator; saving the same content
  again writes nothing, saving changed content replaces the old rows.
* **Duplicates are links, never drops.** Exact (same normalised body hash) and near (MinHash
  LSH) duplicates are found against everything already in the database, so they are detected
  across ingest runs and processes.
* **Bad input never reaches the database**: documents are validated first and rejected with
  :class:`~qasid.errors.InputError`; SQL is always parameterised.

Error codes: E301 bad URL, E302 cannot open/connect, E303 unsupported backend/driver, E304
migration failed, E305 database error, E306 id collision, E320 invalid document; E430–E435
invalid queries and arguments (:class:`~qasid.errors.ConfigError`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Engine

from qasid.errors import ConfigError, InputError, StoreError
from qasid.records import DateFinding, Paragraph, ProcessedDocument, Rejected
from qasid.stages.normalize import normalized_text
from qasid.store import lsh, migrations
from qasid.store.bulk import JsonText, driver_query, insert_rows, savepoint
from qasid.store.engine import (
    check_connection,
    create_store_engine,
    is_memory,
    mask,
    resolve_url,
    store_errors,
    write_transaction,
)
from qasid.store.models import (
    DuplicateLink,
    RejectRow,
    SaveResult,
    SearchHit,
    StoredDocument,
)
from qasid.store.schema import (
    documents,
    duplicates,
    events,
    extractions,
    lsh_bands,
    mentions,
    paragraphs,
    quotes,
    rejects,
    search_text,
    sources,
)
from qasid.store.search import index_document_text, parse_query, run_query
from qasid.store.snippets import make_snippets
from qasid.store.timeutil import now

LOGGER = logging.getLogger(__name__)

#: share of equal MinHash values from which two bodies count as near-duplicates. 0.8 follows
#: the usual news near-duplicate setting (same article with a changed lead or footer); the
#: dedup stage's evaluation owns this number — re-run it after changing.
DEFAULT_NEAR_THRESHOLD = 0.8
#: documents fetched per round trip when streaming
BATCH_SIZE = 200
#: shortest id prefix :meth:`Store.get` accepts
MIN_ID_PREFIX = 6

_HEX = re.compile(r"[0-9a-f]+")
_DATE_FILTER = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def doc_id(locator: str) -> str:
    """A document's stable id: the first 16 hex digits of sha256(locator).

    >>> doc_id("https://example.org/news/1")
    '809e5c5700222b3a'
    """
    return hashlib.sha256(locator.encode("utf-8")).hexdigest()[:16]


def source_kind(spec: str) -> str:
    """A coarse kind for a source spec, for stats and filtering (``url``, ``warc``, …).

    >>> [source_kind(s) for s in ("https://x.ir/rss", "crawl.warc.gz", "a.jsonl", "-")]
    ['url', 'warc', 'jsonl', 'stdin']
    """
    s = spec.strip()
    low = s.lower()
    if low in ("-", "stdin"):
        return "stdin"
    scheme = re.match(r"([a-z][a-z0-9+.-]+):", low)  # 2+ letters: not a Windows drive
    if scheme:
        return "url" if scheme.group(1) in ("http", "https") else scheme.group(1)
    for suffixes, kind in (((".warc", ".warc.gz", ".arc", ".arc.gz"), "warc"),
                           ((".jsonl", ".jsonl.gz", ".ndjson", ".json"), "jsonl"),
                           ((".xml", ".rss", ".atom"), "feed"),
                           ((".html", ".htm"), "html"),
                           ((".txt",), "text")):
        if low.endswith(suffixes):
            return kind
    try:
        if Path(s).is_dir():
            return "dir"
    except OSError:
        pass
    return "file"


# ---------------------------------------------------------------------------------------------
# validation and preparation (pure: runs before any transaction)


@dataclass(frozen=True)
class _Prepared:
    id: str
    row: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    minhash: tuple[int, ...]
    bands: list[tuple[int, int]]
    stems: str
    extraction: dict[str, Any] | None = None
    extraction_json: JsonText | None = None


@dataclass(frozen=True)
class _Fingerprint:
    """What duplicate detection needs to know about one stored document."""

    id: str
    seq: int
    body_hash: str
    minhash: tuple[int, ...]
    bands: list[tuple[int, int]]


def _bad(doc: ProcessedDocument, problem: str) -> InputError:
    label = getattr(doc, "name", None) or getattr(doc, "locator", None) or "document"
    return InputError(f"cannot store {label!r}: {problem}", code="E320")


def _check_text(doc: ProcessedDocument, field: str, value: Any, *, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str):
        raise _bad(doc, f"{field} must be text, not {type(value).__name__}")
    if required and not value and field != "text":
        raise _bad(doc, f"{field} is empty")
    if "\x00" in value:
        raise _bad(doc, f"{field} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _bad(doc, f"{field} contains an unpaired surrogate at {exc.start} "
                        "(undecoded bytes)") from exc


def _check_span(doc: ProcessedDocument, field: str, start: Any, end: Any, n: int) -> None:
    for v in (start, end):
        if not isinstance(v, int) or isinstance(v, bool):
            raise _bad(doc, f"{field} offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start <= end <= n:
        raise _bad(doc, f"{field} [{start}, {end}) is outside the text (length {n})")


def _json(doc: ProcessedDocument, field: str, value: Any) -> JsonText:
    """``value`` serialised as the JSON columns store it, or ``InputError``; the extraction's
    text is then written as is (serialising it twice showed in ingest profiles)."""
    try:
        dumped = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise _bad(doc, f"{field} is not JSON-serialisable ({exc})") from exc
    if "\\u0000" in dumped:
        raise _bad(doc, f"{field} contains a NUL character")
    try:
        dumped.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _bad(doc, f"{field} contains an unpaired surrogate") from exc
    return JsonText(dumped)


def _prepare(doc: ProcessedDocument) -> _Prepared:
    """Validate ``doc`` and compute every derived value, raising ``InputError`` if invalid."""
    if not isinstance(doc, ProcessedDocument):
        raise InputError(f"Store.save() takes a ProcessedDocument, not {type(doc).__name__}",
                         code="E320")
    for field, required in (("locator", True), ("name", True), ("source", True),
                            ("text", True), ("content_hash", True), ("content_type", True),
                            ("url", False), ("title", False), ("encoding", False),
                            ("lang", False), ("published", False), ("body_hash", True),
                            ("fetched_at", False)):
        value = getattr(doc, field)
        if field == "body_hash" and value == "":
            continue
        _check_text(doc, field, value, required=required)
    n = len(doc.text)
    body = []
    for span in doc.body:
        if len(span) != 2:
            raise _bad(doc, f"body span {span!r} is not a (start, end) pair")
        _check_span(doc, "body span", span[0], span[1], n)
        body.append([span[0], span[1]])
    paras = []
    for i, p in enumerate(doc.paragraphs):
        _check_span(doc, "paragraph", p.start, p.end, n)
        for f in ("kind", "reason"):
            _check_text(doc, f"paragraph {f}", getattr(p, f), required=False)
        _check_text(doc, "paragraph lang", p.lang, required=False)
        paras.append({"doc_id": "", "idx": i, "start": p.start, "end": p.end,
                      "kind": p.kind or "", "reason": p.reason or "", "lang": p.lang})
    dates = []
    for d in doc.dates:
        for f in ("iso", "calendar", "kind"):
            _check_text(doc, f"date {f}", getattr(d, f), required=False)
        if d.start is not None or d.end is not None:
            _check_span(doc, "date", d.start, d.end, n)
        dates.append({"iso": d.iso, "calendar": d.calendar, "kind": d.kind,
                      "start": d.start, "end": d.end})
    if not isinstance(doc.meta, dict):
        raise _bad(doc, f"meta must be a dict, not {type(doc.meta).__name__}")
    _json(doc, "meta", doc.meta)
    _json(doc, "dates", dates)
    try:
        values = tuple(int(v) for v in doc.minhash)
    except (TypeError, ValueError) as exc:
        raise _bad(doc, "minhash must be a sequence of integers") from exc
    if not lsh.valid(values):
        raise _bad(doc, "minhash values must be integers in [0, 2**64)")
    if values and len(values) != lsh.SIGNATURE_SIZE:
        LOGGER.warning("%s: minhash has %d values, not %d; near-duplicate detection skipped",
                       doc.name, len(values), lsh.SIGNATURE_SIZE)
    if not isinstance(doc.schema_version, int):
        raise _bad(doc, "schema_version must be an integer")

    ident = doc_id(doc.locator)
    for para_row in paras:
        para_row["doc_id"] = ident
    row = {
        "id": ident, "locator": doc.locator, "name": doc.name, "source": doc.source,
        "url": doc.url, "title": doc.title, "text": doc.text,
        "content_type": doc.content_type, "encoding": doc.encoding, "lang": doc.lang,
        "published": doc.published, "dates": dates, "body": body,
        "content_hash": doc.content_hash, "body_hash": doc.body_hash or "",
        "minhash": lsh.pack(values) if values else None, "meta": doc.meta,
        "fetched_at": doc.fetched_at, "schema_version": doc.schema_version,
    }
    stems = index_document_text(doc.title, *_index_parts(doc))
    if doc.extraction is not None:
        if not isinstance(doc.extraction, dict):
            raise _bad(doc, "extraction must be a dict")
        extraction_json = _json(doc, "extraction", doc.extraction)
    else:
        extraction_json = None
    return _Prepared(ident, row, paras, values, lsh.band_keys(values), stems, doc.extraction,
                     extraction_json)


def _index_parts(doc: ProcessedDocument | StoredDocument) -> list[str]:
    """What the search index covers besides the title: the content paragraphs (the body
    spans when paragraphs are not given), or the whole text for a document that was never
    split into paragraphs. Paragraph strings hit the normaliser's cache: the pipeline has
    normalised exactly these strings already."""
    content = [doc.text[p.start : p.end] for p in doc.paragraphs if p.kind == "content"]
    if content:
        return content
    if doc.body:
        return [doc.text[s:e] for s, e in doc.body]
    return [] if doc.paragraphs else [doc.text]


def _snippet_regions(doc: StoredDocument) -> tuple[tuple[int, int], ...]:
    if doc.body:
        return doc.body
    return ((0, len(doc.text)),)


# ---------------------------------------------------------------------------------------------


class _Batch:
    """The open transaction of :meth:`Store.batch` and its commit schedule."""

    def __init__(self, store: Store, max_docs: int, max_seconds: float) -> None:
        self._store = store
        self._max_docs = max(1, max_docs)
        self._max_seconds = max_seconds
        self._cm: AbstractContextManager[Connection] | None = None
        self._conn: Connection | None = None
        self._count = 0
        self._started = 0.0

    def _connection(self) -> Connection:
        if self._conn is None:
            self._cm = write_transaction(self._store._engine, self._store._write_lock)
            self._conn = self._cm.__enter__()
            self._count, self._started = 0, time.monotonic()
        return self._conn

    @contextmanager
    def savepoint(self) -> Iterator[Connection]:
        conn = self._connection()
        with savepoint(conn):
            yield conn
        self._count += 1
        if (self._count >= self._max_docs
                or time.monotonic() - self._started >= self._max_seconds):
            self.commit()

    def commit(self) -> None:
        if self._cm is not None:
            cm, self._cm, self._conn = self._cm, None, None
            with store_errors("committing a batch", self._store._url):
                cm.__exit__(None, None, None)


class Store:
    """A qasid database. Open with :meth:`Store.open`; use as a context manager to close it.

    Example::

        with Store.open("corpus.db") as store:
            result = store.save(processed)   # SaveResult(doc_id=…, status="new", …)
            for hit in store.search("مذاکرات هسته‌ای"):
                print(hit.doc.name, hit.snippets[0].text)
    """

    def __init__(self, engine: Engine, url: URL, *, near_threshold: float) -> None:
        """Use :meth:`open`; this does not connect, check or migrate anything."""
        self._engine = engine
        self._url = url
        self._near_threshold = near_threshold
        # Threads of this process queue here; the database lock then orders processes.
        self._write_lock = threading.RLock()
        self._closed = False
        self._touched: dict[str, str] = {}  # source spec -> last upsert time (this process)
        self._batch: _Batch | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, near_threshold: float = DEFAULT_NEAR_THRESHOLD,
             busy_timeout: float = 30.0, migrate: bool = True) -> Store:
        """Open the store at ``url``, creating and migrating it as needed.

        Args:
            url: ``None`` (env ``QASID_DB``, else ``sqlite:///qasid.db``), a SQLite path
                (``corpus.db``), ``sqlite:///path`` or ``postgresql://user@host/db``.
            near_threshold: share of equal MinHash values (0–1] from which a document is
                linked as a near-duplicate of an earlier one.
            busy_timeout: seconds a SQLite writer waits for another one.
            migrate: apply pending migrations (idempotent); ``False`` to inspect a store
                with :meth:`migration_status` first.

        Raises:
            StoreError: bad URL, unreachable server, unwritable path or failed migration.
            ConfigError: ``near_threshold`` outside (0, 1].
        """
        if not 0 < near_threshold <= 1:
            raise ConfigError(f"near_threshold must be in (0, 1], got {near_threshold}",
                              code="E435")
        resolved = resolve_url(url)
        engine = create_store_engine(resolved, busy_timeout=busy_timeout)
        try:
            check_connection(engine, resolved)
            store = cls(engine, resolved, near_threshold=near_threshold)
            if migrate:
                store.migrate()
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Release every pooled connection; the store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @property
    def url(self) -> str:
        """The store URL with any password masked."""
        return mask(self._url)

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._url.get_backend_name()

    @property
    def near_threshold(self) -> float:
        return self._near_threshold

    def _write(self) -> Any:
        if self._closed:
            raise StoreError("the store is closed", code="E305")
        if self._batch is not None:
            return self._batch.savepoint()
        return write_transaction(self._engine, self._write_lock)

    @contextmanager
    def batch(self, max_docs: int = 200, max_seconds: float = 1.0) -> Iterator[None]:
        """Group the writes of many :meth:`save` calls into few commits.

        Each document still commits atomically — it is written inside its own SAVEPOINT, so
        a failing document rolls back alone — but the transaction is committed only every
        ``max_docs`` documents or ``max_seconds``, and when the block ends (also on an
        exception or Ctrl-C: what completed is kept). A process killed outright loses at
        most the uncommitted batch, which a re-run stores again. Committing once per
        document cost more than the rest of the store's work together (measured by
        ``benchmarks/bench_ingest.py``). Other writers wait for at most one batch.
        """
        if self._batch is not None:  # already batching: the outer block decides
            yield
            return
        self._batch = _Batch(self, max_docs, max_seconds)
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
            batch.commit()

    def _read(self) -> Any:
        if self._closed:
            raise StoreError("the store is closed", code="E305")
        return self._engine.connect()

    # -- migrations ----------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied now (empty when up to date)."""
        return migrations.migrate(self._engine, self._write_lock)

    def migration_status(self) -> list[tuple[str, str | None]]:
        """``(name, applied_at)`` per migration; ``applied_at`` is ``None`` while pending."""
        return migrations.status(self._engine)

    # -- writing -------------------------------------------------------------------------------

    def save(self, doc: ProcessedDocument, *, force: bool = False) -> SaveResult:
        """Store one processed document atomically and link it to earlier duplicates.

        Same locator and same ``content_hash`` as stored: nothing is written ("unchanged",
        unless ``force``, which rewrites it, e.g. after a pipeline upgrade). Same locator,
        different content: its rows are replaced ("updated"), and documents that were linked
        to its old content are re-checked.

        Raises:
            InputError: the document is invalid (offsets outside the text, NUL characters,
                non-JSON meta…); nothing is written.
            StoreError: the database failed; the transaction was rolled back.
        """
        prep = _prepare(doc)
        if not force and self._batch is None:
            # Outside a batch, an unchanged document must not take the writer lock. Inside
            # one the lock is held anyway and _save_in makes the same check.
            with store_errors(f"reading {doc.name!r}", self._url), self._read() as conn:
                stored_hash = conn.scalar(_STORED_HASH, {"id": prep.id})
                if stored_hash == doc.content_hash:
                    return SaveResult(prep.id, "unchanged", self._links_from(conn, prep.id))
        try:
            with store_errors(f"saving {doc.name!r}", self._url), self._write() as conn:
                return self._save_in(conn, doc, prep, force=force)
        except BaseException:
            # The source upsert may have been rolled back with the document.
            self._touched.pop(doc.source, None)
            raise

    def _save_in(self, conn: Connection, doc: ProcessedDocument, prep: _Prepared, *,
                 force: bool) -> SaveResult:
        found = driver_query(conn, _OLD_ROW, {"id": prep.id})
        old = found[0] if found else None
        if old is not None and old[0] != doc.locator:
            raise StoreError(f"document id {prep.id} of {doc.locator!r} is already used by "
                             f"{old[0]!r}", code="E306")
        if old is not None and not force and old[1] == doc.content_hash:
            # Another writer stored the same content between our check and our lock.
            return SaveResult(prep.id, "unchanged", self._links_from(conn, prep.id))
        ts = now()
        self._touch_source(conn, doc.source, ts)
        seq = int(driver_query(conn, _NEXT_SEQ)[0][0] or 1)
        row = {**prep.row, "seq": seq, "updated_at": ts}
        affected: list[str] = []
        if old is None:
            status = "new"
            insert_rows(conn, documents, [{**row, "ingested_at": ts}])
        else:
            status = "updated"
            affected = list(conn.scalars(
                select(duplicates.c.doc_id).join(documents, documents.c.id == duplicates.c.doc_id)
                .where(duplicates.c.dup_of == prep.id).order_by(documents.c.seq)))
            conn.execute(delete(duplicates).where(or_(duplicates.c.doc_id == prep.id,
                                                      duplicates.c.dup_of == prep.id)))
            for table in (paragraphs, lsh_bands, search_text, *_EXTRACTION_TABLES):
                conn.execute(delete(table).where(table.c.doc_id == prep.id))
            conn.execute(update(documents).where(documents.c.id == prep.id).values(**row))
        self._write_children(conn, prep)
        driver_query(conn, _DELETE_REJECT, {"locator": doc.locator})
        # The updated document moved to the end of the store order, so documents that were
        # linked to it are now its predecessors: give them their earliest match again.
        for other in affected:
            self._relink(conn, other, ts)
        link = self._detect(conn, _Fingerprint(prep.id, seq, prep.row["body_hash"],
                                               prep.minhash, prep.bands), ts)
        if link is not None:
            conn.execute(insert(duplicates).values(**link.to_dict()))
        return SaveResult(prep.id, status, (link,) if link else ())

    def _write_children(self, conn: Connection, prep: _Prepared) -> None:
        insert_rows(conn, paragraphs, prep.paragraphs)
        insert_rows(conn, lsh_bands, [{"doc_id": prep.id, "band": b, "key": k}
                                      for b, k in prep.bands])
        insert_rows(conn, search_text, [{"doc_id": prep.id, "stems": prep.stems}])
        if prep.extraction is not None:
            _write_extraction(conn, prep.id, prep.extraction, prep.row["published"],
                              data_json=prep.extraction_json)

    def _detect(self, conn: Connection, fp: _Fingerprint, ts: str) -> DuplicateLink | None:
        """The link from ``fp.id`` to its earliest earlier duplicate, exact before near.

        An exact match is preferred even when a near match is older: the exact match was
        itself linked to that older document when it was stored, so the chain is kept.
        """
        if fp.body_hash:
            exact = driver_query(conn, _EXACT, {"body_hash": fp.body_hash, "seq": fp.seq,
                                             "id": fp.id})
            if exact:
                return DuplicateLink(fp.id, exact[0][0], "exact", 1.0, ts)
        if not fp.bands:
            return None
        # Per band, at most BAND_FANOUT documents are read: a band shared by very many
        # documents (boilerplate-heavy corpora) says little, and counting all its members made
        # every save slower as the store grew. A true near-duplicate shares several bands and
        # is found through the rare ones. Candidates are ranked by shared bands.
        # The database counts the shared bands and returns only the strongest candidates
        # (reading every band member back into Python was most of the lookup's cost).
        params: dict[str, Any] = {"self": fp.id, "top": MAX_CANDIDATES}
        for i, (band, key) in enumerate(fp.bands):
            params[f"b{i}"], params[f"k{i}"] = band, key
        top = [r[0] for r in driver_query(conn, _band_lookup(len(fp.bands)), params)]
        if not top:
            return None
        candidates = driver_query(conn, _candidate_rows(len(top)),
                               {"seq": fp.seq, **{f"i{j}": t for j, t in enumerate(top)}})
        matches = []
        for cand_id, blob, seq in candidates:
            sim = lsh.similarity(fp.minhash, lsh.unpack(blob))
            if sim >= self._near_threshold:
                matches.append((seq, cand_id, sim))
        if not matches:
            return None
        _seq, cand_id, sim = min(matches)  # the earliest stored of the confirmed ones
        return DuplicateLink(fp.id, cand_id, "near", round(sim, 6), ts)

    def _relink(self, conn: Connection, ident: str, ts: str) -> None:
        row = conn.execute(select(documents.c.seq, documents.c.body_hash, documents.c.minhash)
                           .where(documents.c.id == ident)).first()
        if row is None:
            return
        values = lsh.unpack(row.minhash)
        conn.execute(delete(duplicates).where(duplicates.c.doc_id == ident))
        link = self._detect(conn, _Fingerprint(ident, row.seq, row.body_hash, values,
                                               lsh.band_keys(values)), ts)
        if link is not None:
            conn.execute(insert(duplicates).values(**link.to_dict()))

    def _insert(self, conn: Connection) -> Any:
        return sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert

    def _touch_source(self, conn: Connection, spec: str, ts: str) -> None:
        # One upsert per source per minute is enough for first/last-seen bookkeeping; doing it
        # for every document of a 10,000-file folder cost a statement each.
        last = self._touched.get(spec)
        if last is not None and ts[:16] == last[:16]:
            return
        self._touched[spec] = ts
        stmt = self._insert(conn)(sources).values(spec=spec, kind=source_kind(spec),
                                                  first_seen=ts, last_seen=ts)
        conn.execute(stmt.on_conflict_do_update(index_elements=[sources.c.spec],
                                                set_={"last_seen": ts}))

    def save_reject(self, rej: Rejected) -> None:
        """Record why a document (or source) failed; replaces an earlier failure of the same
        locator. A later successful :meth:`save` of that locator clears it."""
        values = {f: _clean(getattr(rej, f)) for f in
                  ("locator", "name", "source", "stage", "code", "message")}
        if not values["locator"]:
            raise InputError("a reject needs a locator", code="E320")
        ts = now()
        values["at"] = ts
        with store_errors(f"recording reject {values['name']!r}", self._url), \
                self._write() as conn:
            self._touch_source(conn, values["source"], ts)
            stmt = self._insert(conn)(rejects).values(**values)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[rejects.c.locator],
                set_={k: v for k, v in values.items() if k != "locator"}))

    def reindex(self) -> int:
        """Recompute every document's search terms (after the normaliser or stemmer data
        changed, the stored terms no longer match freshly stemmed queries). Returns the
        number of documents reindexed."""
        count = 0
        batch: list[tuple[str, str]] = []
        for doc in self.documents():
            batch.append((doc.id, index_document_text(doc.title, *_index_parts(doc))))
            if len(batch) >= BATCH_SIZE:
                count += self._write_stems(batch)
                batch = []
        if batch:
            count += self._write_stems(batch)
        return count

    def save_extraction(self, ident: str, data: dict[str, Any]) -> None:
        """Replace the extraction of a stored document (``qasid extract`` after a lexicon
        change), atomically; the document itself is untouched."""
        with store_errors(f"saving the extraction of {ident}", self._url), \
                self._write() as conn:
            published = conn.scalar(select(documents.c.published)
                                    .where(documents.c.id == ident))
            exists = conn.scalar(select(func.count()).select_from(documents)
                                 .where(documents.c.id == ident))
            if not exists:
                raise InputError(f"no stored document with id {ident}", code="E321")
            for table in _EXTRACTION_TABLES:
                conn.execute(delete(table).where(table.c.doc_id == ident))
            _write_extraction(conn, ident, data, published)

    def events(self, *, types: Sequence[str] = (), source: str | None = None,
               target: str | None = None, between: tuple[str, str] | None = None,
               via: str | None = None, since: str | None = None, until: str | None = None,
               doc: str | None = None, limit: int | None = None, offset: int = 0,
               ) -> list[dict[str, Any]]:
        """Stored events with their document, newest day last; filters combine with AND.

        ``between=(A, B)`` keeps events whose source and target (or mediated parties) are
        A and B in either order; ``since``/``until`` compare the event's date, else its
        document's publication date.
        """
        stmt = (select(events, documents.c.name.label("doc"), documents.c.lang,
                       documents.c.published, documents.c.title)
                .join(documents, documents.c.id == events.c.doc_id))
        if types:
            stmt = stmt.where(events.c.type.in_(list(types)))
        if source:
            stmt = stmt.where(events.c.source == source)
        if target:
            stmt = stmt.where(events.c.target == target)
        if via:
            stmt = stmt.where(events.c.via == via)
        if doc:
            stmt = stmt.where(events.c.doc_id == doc)
        if since:
            stmt = stmt.where(events.c.day >= since)
        if until:
            stmt = stmt.where(events.c.day <= until + "~")
        if between:
            a, b = between
            stmt = stmt.where(or_(
                and_(events.c.source == a, events.c.target == b),
                and_(events.c.source == b, events.c.target == a),
                and_(events.c.type == "MEDIATE", or_(events.c.source == a, events.c.source == b,
                                                     events.c.target.is_(None)))))
        stmt = stmt.order_by(events.c.day.is_(None), events.c.day, documents.c.seq,
                             events.c.idx).offset(_non_negative("offset", offset))
        if limit is not None:
            stmt = stmt.limit(_non_negative("limit", limit))
        with store_errors("reading events", self._url), self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
        if between:  # MEDIATE rows: keep those whose parties are the pair
            pair = set(between)
            rows = [r for r in rows if r["type"] != "MEDIATE" or set(r["parties"] or []) >= pair
                    or {r["source"]} & pair]
        return rows

    def quotes(self, *, speaker: str | None = None, lang: str | None = None,
               text: str | None = None, doc: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Stored quotes; ``speaker`` matches the canonical name case-insensitively (a
        substring), ``text`` a substring of the normalised quote."""
        shown = [c for c in quotes.c if c.name != "text_norm"]
        stmt = (select(*shown, documents.c.name.label("doc"), documents.c.published)
                .join(documents, documents.c.id == quotes.c.doc_id))
        if speaker:
            stmt = stmt.where(func.lower(quotes.c.speaker).contains(speaker.lower()))
        if text:
            stmt = stmt.where(quotes.c.text_norm.contains(normalized_text(text), autoescape=True))
        if lang:
            stmt = stmt.where(quotes.c.lang == lang)
        if doc:
            stmt = stmt.where(quotes.c.doc_id == doc)
        stmt = stmt.order_by(documents.c.seq, quotes.c.idx)
        with store_errors("reading quotes", self._url), self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
        start = _non_negative("offset", offset)
        return rows[start : start + limit if limit is not None else None]

    def actors(self, *, kind: str | None = None, limit: int | None = None
               ) -> list[dict[str, Any]]:
        """Actors by number of mentions: id, name, kind, country, mentions, documents."""
        stmt = (select(mentions.c.actor_id, mentions.c.name, mentions.c.kind,
                       mentions.c.country, func.count().label("mentions"),
                       func.count(func.distinct(mentions.c.doc_id)).label("documents"))
                .where(mentions.c.kind.in_([kind] if kind else ["person", "org", "country"]))
                .group_by(mentions.c.actor_id, mentions.c.name, mentions.c.kind,
                          mentions.c.country)
                .order_by(func.count().desc(), mentions.c.name))
        if limit is not None:
            stmt = stmt.limit(_non_negative("limit", limit))
        with store_errors("reading actors", self._url), self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def _write_stems(self, batch: list[tuple[str, str]]) -> int:
        with store_errors("reindexing", self._url), self._write() as conn:
            for ident, stems in batch:
                conn.execute(delete(search_text).where(search_text.c.doc_id == ident))
                conn.execute(insert(search_text).values(doc_id=ident, stems=stems))
        return len(batch)

    # -- reading -------------------------------------------------------------------------------

    def rejects(self, limit: int | None = 100) -> list[RejectRow]:
        """Recorded failures, newest first."""
        stmt = select(rejects).order_by(rejects.c.at.desc(), rejects.c.locator)
        if limit is not None:
            stmt = stmt.limit(_non_negative("limit", limit))
        with store_errors("reading rejects", self._url), self._read() as conn:
            return [RejectRow(**r._mapping) for r in conn.execute(stmt)]

    def documents(self, *, lang: str | None = None, since: str | _dt.date | None = None,
                  until: str | _dt.date | None = None, limit: int | None = None,
                  offset: int = 0) -> Iterator[StoredDocument]:
        """Stream stored documents in store order, optionally filtered.

        ``since``/``until`` bound ``published`` (inclusive, compared as ISO text, so a
        month-only date ``2025-11`` sorts before ``2025-11-01``); documents without a date are
        left out when either is given. Documents are fetched in batches, each in a short read
        transaction, so iterating a large store needs little memory and holds no lock while
        the caller works. Documents stored after iteration began are not included.
        """
        conds = []
        if lang is not None:
            conds.append(documents.c.lang == lang)
        if since is not None:
            conds.append(documents.c.published >= _date_filter("since", since))
        if until is not None:
            conds.append(documents.c.published <= _date_filter("until", until))
        if limit is not None:
            _non_negative("limit", limit)
        return self._stream(conds, limit, _non_negative("offset", offset))

    def _stream(self, conds: list[Any], limit: int | None,
                offset: int) -> Iterator[StoredDocument]:
        with store_errors("reading documents", self._url), self._read() as conn:
            top = conn.scalar(select(func.max(documents.c.seq)))
        if top is None:
            return
        last: int | None = None
        remaining = limit
        while remaining is None or remaining > 0:
            size = BATCH_SIZE if remaining is None else min(BATCH_SIZE, remaining)
            stmt = select(documents).where(*conds, documents.c.seq <= top)
            # First batch: OFFSET; then keyset on seq, which stays fast deep into the table.
            stmt = stmt.offset(offset) if last is None else stmt.where(documents.c.seq > last)
            stmt = stmt.order_by(documents.c.seq).limit(size)
            with store_errors("reading documents", self._url), self._read() as conn:
                rows = conn.execute(stmt).all()
                docs = self._hydrate(conn, rows)
            yield from docs
            if len(rows) < size:
                return
            last = rows[-1].seq
            if remaining is not None:
                remaining -= len(rows)

    def count(self) -> int:
        """Number of stored documents."""
        with store_errors("counting documents", self._url), self._read() as conn:
            return int(conn.scalar(select(func.count()).select_from(documents)) or 0)

    def get(self, key: str) -> StoredDocument | None:
        """A document by id, unique id prefix (≥ 6 hex digits), locator or name.

        Raises:
            ConfigError: the name or prefix matches several documents (the message lists
                their ids, so the caller can pick one).
        """
        key = (key or "").strip()
        if not key:
            return None
        low = key.lower()
        with store_errors("reading a document", self._url), self._read() as conn:
            if len(low) == 16 and _HEX.fullmatch(low):
                found = self._load(conn, documents.c.id == low)
                if found:
                    return found[0]
            found = self._load(conn, documents.c.locator == key)
            if found:
                return found[0]
            found = self._load(conn, documents.c.name == key, limit=10)
            if len(found) == 1:
                return found[0]
            if found:
                raise _ambiguous(key, "name", found)
            if MIN_ID_PREFIX <= len(low) < 16 and _HEX.fullmatch(low):
                found = self._load(conn, documents.c.id.like(low + "%"), limit=10)
                if len(found) == 1:
                    return found[0]
                if found:
                    raise _ambiguous(key, "id prefix", found)
        return None

    def _load(self, conn: Connection, cond: Any, limit: int | None = None,
              ) -> list[StoredDocument]:
        stmt = select(documents).where(cond).order_by(documents.c.seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return self._hydrate(conn, conn.execute(stmt).all())

    def _links_from(self, conn: Connection, ident: str) -> tuple[DuplicateLink, ...]:
        rows = conn.execute(select(duplicates).where(duplicates.c.doc_id == ident))
        return tuple(DuplicateLink(**r._mapping) for r in rows)

    def _hydrate(self, conn: Connection, rows: Sequence[Row[Any]]) -> list[StoredDocument]:
        """Build documents from ``documents`` rows with two batched child queries."""
        if not rows:
            return []
        ids = [r.id for r in rows]
        paras: dict[str, list[Paragraph]] = defaultdict(list)
        for p in conn.execute(select(paragraphs).where(paragraphs.c.doc_id.in_(ids))
                              .order_by(paragraphs.c.doc_id, paragraphs.c.idx)):
            paras[p.doc_id].append(Paragraph(p.start, p.end, p.kind, p.reason, p.lang))
        links: dict[str, list[DuplicateLink]] = defaultdict(list)
        for d in conn.execute(select(duplicates)
                              .where(or_(duplicates.c.doc_id.in_(ids),
                                         duplicates.c.dup_of.in_(ids)))
                              .order_by(duplicates.c.detected_at, duplicates.c.doc_id)):
            link = DuplicateLink(**d._mapping)
            links[link.doc_id].append(link)
            if link.dup_of != link.doc_id:
                links[link.dup_of].append(link)
        extr = {x.doc_id: x.data for x in conn.execute(
            select(extractions.c.doc_id, extractions.c.data).where(extractions.c.doc_id.in_(ids)))}
        return [_stored(r, tuple(paras.get(r.id, ())), tuple(links.get(r.id, ())),
                        extr.get(r.id)) for r in rows]

    # -- search --------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               lang: str | None = None) -> list[SearchHit]:
        """Ranked full-text search over titles and bodies, with highlighted snippets.

        See :mod:`qasid.store.search` for the query syntax (words, "phrases", prefix*).

        Raises:
            ConfigError: the query is empty after normalisation, has an unbalanced quote or
                a too-short prefix; ``limit``/``offset`` are negative.
        """
        parsed = parse_query(query)
        limit = _non_negative("limit", limit)
        offset = _non_negative("offset", offset)
        if limit == 0:
            return []
        with store_errors("searching", self._url), self._read() as conn:
            ranked = run_query(conn, parsed, limit=limit, offset=offset, lang=lang)
            by_id = {d.id: d for d in self._load(conn, documents.c.id.in_([i for i, _ in ranked]))}
        hits = []
        for ident, score in ranked:
            doc = by_id.get(ident)
            if doc is None:  # deleted between the two queries (cannot happen in one snapshot)
                continue
            snippets = make_snippets(doc.text, _snippet_regions(doc), parsed.terms)
            hits.append(SearchHit(doc, score, snippets))
        return hits

    # -- stats ---------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for ``qasid db stats`` and the dashboard (plain JSON-ready values)."""
        with store_errors("computing stats", self._url), self._read() as conn:
            total = conn.scalar(select(func.count()).select_from(documents)) or 0
            by_lang = _counts(conn, documents.c.lang)
            by_type = _counts(conn, documents.c.content_type)
            with_date = conn.scalar(select(func.count(documents.c.published))) or 0
            first, last = conn.execute(select(func.min(documents.c.published),
                                              func.max(documents.c.published))).one()
            dup_kinds = _counts(conn, duplicates.c.kind)
            n_rejects = conn.scalar(select(func.count()).select_from(rejects)) or 0
            n_sources = conn.scalar(select(func.count()).select_from(sources)) or 0
            by_kind = _counts(conn, sources.c.kind)
        applied = sum(1 for _, at in self.migration_status() if at)
        return {
            "store": self.url,
            "backend": self.backend,
            "documents": int(total),
            "by_lang": by_lang,
            "by_content_type": by_type,
            "published": {"with": int(with_date), "without": int(total - with_date)},
            "published_range": {"first": first, "last": last},
            "duplicates": {"exact": dup_kinds.get("exact", 0), "near": dup_kinds.get("near", 0)},
            "rejects": int(n_rejects),
            "sources": int(n_sources),
            "sources_by_kind": by_kind,
            "migrations": {"applied": applied, "known": len(migrations.MIGRATIONS)},
            "near_threshold": self._near_threshold,
            "memory": is_memory(self._url),
        }


# ---------------------------------------------------------------------------------------------
# helpers


_EXTRACTION_TABLES = (extractions, events, quotes, mentions)


def _write_extraction(conn: Connection, ident: str, data: dict[str, Any],
                      published: str | None, *, data_json: JsonText | None = None) -> None:
    """Insert one document's extraction: the JSON record and its queryable rows."""
    insert_rows(conn, extractions, [{
        "doc_id": ident, "extractor": str(data.get("extractor", "")),
        "resources_hash": str(data.get("resources_hash", "")), "extracted_at": now(),
        "data": data if data_json is None else data_json}])
    ev_rows = [{
        "doc_id": ident, "idx": i, "type": e["type"], "source": e.get("source"),
        "target": e.get("target"), "parties": list(e.get("parties") or []),
        "source_actor": e.get("source_actor"), "target_actor": e.get("target_actor"),
        "mode": e.get("mode"), "via": e.get("via"), "medium": e.get("medium"),
        "date": e.get("date"), "day": e.get("date") or published,
        "claimed_by": e.get("claimed_by"), "cameo": e.get("cameo"), "plover": e.get("plover"),
        "start": int(e.get("start", 0)), "end": int(e.get("end", 0)),
    } for i, e in enumerate(data.get("events") or [])]
    insert_rows(conn, events, ev_rows)
    q_rows = [{
        "doc_id": ident, "idx": i, "speaker": q.get("speaker"), "speaker_id": q.get("speaker_id"),
        "lang": q.get("lang"), "start": int(q["start"]), "end": int(q["end"]), "text": q["text"],
        "text_norm": normalized_text(str(q["text"])),
    } for i, q in enumerate(data.get("quotes") or [])]
    insert_rows(conn, quotes, q_rows)
    m_rows = [{
        "doc_id": ident, "idx": i, "kind": m.get("kind", ""), "actor_id": m.get("id"),
        "name": m.get("name"), "country": m.get("country"), "start": int(m["start"]),
        "end": int(m["end"]),
    } for i, m in enumerate(data.get("mentions") or [])]
    insert_rows(conn, mentions, m_rows)


def _stored(r: Row[Any], paras: tuple[Paragraph, ...],
            links: tuple[DuplicateLink, ...],
            extraction: dict[str, Any] | None = None) -> StoredDocument:
    return StoredDocument(
        id=r.id, seq=int(r.seq), locator=r.locator, name=r.name, source=r.source, text=r.text,
        content_hash=r.content_hash, url=r.url, title=r.title, encoding=r.encoding,
        content_type=r.content_type, body=tuple((int(s), int(e)) for s, e in r.body or ()),
        paragraphs=paras, lang=r.lang, published=r.published,
        dates=tuple(DateFinding(**d) for d in r.dates or ()), body_hash=r.body_hash,
        minhash=lsh.unpack(r.minhash), meta=dict(r.meta or {}), fetched_at=r.fetched_at,
        ingested_at=r.ingested_at, updated_at=r.updated_at,
        schema_version=int(r.schema_version), duplicates=links, extraction=extraction)


def _counts(conn: Connection, column: Any) -> dict[str, int]:
    rows = conn.execute(select(column, func.count()).group_by(column).order_by(column))
    return {("unknown" if k is None else str(k)): int(n) for k, n in rows}


# Statements of the per-document write path, built once and compiled once per dialect; they
# run on the driver (qasid.store.bulk.driver_query), not through Connection.execute.
_STORED_HASH = select(documents.c.content_hash).where(documents.c.id == bindparam("id"))
_OLD_ROW = select(documents.c.locator, documents.c.content_hash).where(
    documents.c.id == bindparam("id"))
_NEXT_SEQ = select(func.coalesce(func.max(documents.c.seq), 0) + 1)
_DELETE_REJECT = delete(rejects).where(rejects.c.locator == bindparam("locator"))
_EXACT = (
    select(documents.c.id)
    .where(documents.c.body_hash == bindparam("body_hash"), documents.c.seq < bindparam("seq"),
           documents.c.id != bindparam("id"))
    .order_by(documents.c.seq).limit(1)
)

#: candidates verified per document: the earlier documents sharing the most LSH bands.
#: A true near-duplicate shares several bands, so the strongest candidates are checked first
#: and a corpus full of shared boilerplate sentences does not make every save scan hundreds
#: of weak candidates (measured with benchmarks/bench_ingest.py at 10,000 documents).
MAX_CANDIDATES = 32

#: documents read per band when looking for near-duplicate candidates
BAND_FANOUT = 64


@cache
def _band_lookup(n: int) -> Any:
    """The documents sharing the most bands with a signature (other than itself), most
    first: one bounded lookup per band, counted and ranked in SQL (built once per band
    count)."""
    parts = [
        select(lsh_bands.c.doc_id)
        .where(lsh_bands.c.band == bindparam(f"b{i}"), lsh_bands.c.key == bindparam(f"k{i}"),
               lsh_bands.c.doc_id != bindparam("self"))
        .limit(BAND_FANOUT)
        .subquery()
        for i in range(n)
    ]
    members = union_all(*(select(p.c.doc_id) for p in parts)).subquery()
    shared = func.count().label("shared")
    return (select(members.c.doc_id).group_by(members.c.doc_id)
            .order_by(shared.desc(), members.c.doc_id).limit(bindparam("top")))


@cache
def _candidate_rows(n: int) -> Any:
    """Id, signature and store order of ``n`` candidate documents stored before ``seq``
    (one statement per candidate count, so the driver gets one plain parameter per id)."""
    return (select(documents.c.id, documents.c.minhash, documents.c.seq)
            .where(documents.c.id.in_([bindparam(f"i{j}") for j in range(n)]),
                   documents.c.seq < bindparam("seq")))

def _clean(value: Any) -> str:
    """Reject fields are diagnostics: make them storable rather than refusing them."""
    s = "" if value is None else str(value)
    s = s.replace("\x00", "\ufffd")
    return s.encode("utf-8", errors="replace").decode("utf-8")


def _non_negative(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{name} must be a non-negative integer, got {value!r}", code="E434")
    return value


def _date_filter(name: str, value: str | _dt.date) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str) or not _DATE_FILTER.fullmatch(value.strip()):
        raise ConfigError(f"{name} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), "
                          f"got {value!r}", code="E434")
    return value.strip()


def _ambiguous(key: str, what: str, found: Iterable[StoredDocument]) -> ConfigError:
    ids = ", ".join(f"{d.id} ({d.locator})" for d in found)
    return ConfigError(f"{what} {key!r} matches several documents: {ids}; use an id",
                       code="E433")
