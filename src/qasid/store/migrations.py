"""Named, ordered, transactional schema migrations recorded in ``_migrations``.

A small scheme in the sqlite-utils spirit rather than Alembic: the schema is small and
versioned with the package, and opening a store must migrate it without a separate tool or
config file. Each migration is a plain function of a connection; it runs in its own write
transaction together with the row that records it (both backends have transactional DDL), so
a migration is either fully applied and recorded or not at all, and re-running
:func:`migrate` is a no-op. The writer lock is held while checking what is applied, so two
processes opening a fresh database at once do not both apply the same migration.

Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from qasid.errors import StoreError
from qasid.store import schema
from qasid.store.engine import one_line, store_errors, write_transaction
from qasid.store.timeutil import now

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One schema step: ``name`` is recorded once applied; ``apply`` runs inside the transaction."""

    name: str
    apply: Callable[[Connection], None]
    doc: str


def _create_base_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.BASE_TABLES))


# The stems are already normalised (letters, digits, ZWNJ, diacritics folded), so the
# tokenizer only has to split on spaces; remove_diacritics 0 keeps it from touching them.
_SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        stems, content='search_text', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0")""",
    # Triggers (not application code) keep the external-content index in step with
    # search_text, including rows removed by the ON DELETE CASCADE from documents.
    """CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
        INSERT INTO search_fts(rowid, stems) VALUES (new.id, new.stems);
    END""",
    """CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN
        INSERT INTO search_fts(search_fts, rowid, stems) VALUES ('delete', old.id, old.stems);
    END""",
    """CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN
        INSERT INTO search_fts(search_fts, rowid, stems) VALUES ('delete', old.id, old.stems);
        INSERT INTO search_fts(rowid, stems) VALUES (new.id, new.stems);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)

# 'simple' lower-cases and keeps every token: no stop words, no stemming beyond ours. A
# generated column cannot drift from the stems it is computed from.
_POSTGRES_SEARCH = (
    """ALTER TABLE search_text ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stems)) STORED""",
    "CREATE INDEX ix_search_text_tsv ON search_text USING GIN (tsv)",
)


def _create_extraction_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.EXTRACTION_TABLES))


def _create_search_index(conn: Connection) -> None:
    statements = _SQLITE_SEARCH if conn.dialect.name == "sqlite" else _POSTGRES_SEARCH
    for sql in statements:
        conn.exec_driver_sql(sql)


# Indexes for the dashboard's reads (qasid.store.queries), measured with
# benchmarks/bench_web.py on 50,000 events. Plain DDL that both backends accept, rather than
# Index objects on the shared schema tables: those would also be created by 0003's create_all
# in a fresh store, and then this migration would fail.
_READ_INDEXES = (
    # Every event list is ordered by (day IS NULL, day, store order, position): with this
    # index a page is read in that order instead of sorting all matching events first.
    "CREATE INDEX ix_events_timeline ON events ((day IS NULL), day)",
    # A dyad is (source, target) in either order: each half is one range of this index
    # rather than every event with that target.
    "CREATE INDEX ix_events_source_target ON events (source, target)",
    # Lists join each event or quote to its document for the store order (seq) and the
    # language. Without these the lookup reads the document's row, text and all: a few
    # hundred bytes of index per document instead (the queries name them, see queries.py).
    "CREATE INDEX ix_documents_id_seq_lang ON documents (id, seq, lang)",
    "CREATE INDEX ix_documents_seq_id_lang ON documents (seq, id, lang)",
)


def _create_read_indexes(conn: Connection) -> None:
    for sql in _READ_INDEXES:
        conn.exec_driver_sql(sql)


# Covering indexes: counts answered from the index alone, without reading each event's row.
_COVERING_INDEXES = (
    # Replaces 0004's (source, target), which is its prefix: a dyad's counts per month and
    # type (the timeline chart) read only this index for the pair's own events.
    "DROP INDEX IF EXISTS ix_events_source_target",
    "CREATE INDEX ix_events_source_target_type_day ON events (source, target, type, day)",
    # The stance view counts events of five types per source (or source actor), month and
    # type, optionally towards one target.
    "CREATE INDEX ix_events_type_source_actor_target_day "
    "ON events (type, source, source_actor, target, day)",
)


def _create_covering_indexes(conn: Connection) -> None:
    for sql in _COVERING_INDEXES:
        conn.exec_driver_sql(sql)


# Every event row updates each index of the table on ingest (about ten rows per article): the
# single-column type and source indexes of 0003 are prefixes of 0005's covering indexes, which
# serve the same lookups, so they only cost writes.
_REDUNDANT_INDEXES = (
    "DROP INDEX IF EXISTS ix_events_type",
    "DROP INDEX IF EXISTS ix_events_source",
)


def _drop_redundant_indexes(conn: Connection) -> None:
    for sql in _REDUNDANT_INDEXES:
        conn.exec_driver_sql(sql)


def _add_quote_text_norm(conn: Connection) -> None:
    """Add and fill ``quotes.text_norm`` (a store made by 0003 after the column joined the
    schema already has it; it is then only filled)."""
    from sqlalchemy import inspect, text

    from qasid.stages.normalize import normalized_text

    if "text_norm" not in {c["name"] for c in inspect(conn).get_columns("quotes")}:
        conn.exec_driver_sql("ALTER TABLE quotes ADD COLUMN text_norm TEXT")
    rows = conn.execute(text("SELECT doc_id, idx, text FROM quotes WHERE text_norm IS NULL"))
    update = text("UPDATE quotes SET text_norm = :n WHERE doc_id = :d AND idx = :i")
    batch = [{"d": d, "i": i, "n": normalized_text(t)} for d, i, t in rows]
    for start in range(0, len(batch), 1000):
        conn.execute(update, batch[start : start + 1000])


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_base_tables", _create_base_tables,
              "sources, documents, paragraphs, duplicates, lsh_bands, rejects, search_text"),
    Migration("0002_search_index", _create_search_index,
              "full-text index over search_text.stems (FTS5 on SQLite, tsvector+GIN on PG)"),
    Migration("0003_extraction_tables", _create_extraction_tables,
              "extractions (JSON per document), events, quotes, mentions"),
    Migration("0004_read_indexes", _create_read_indexes,
              "indexes for the dashboard's filtered, paged and aggregated reads"),
    Migration("0005_covering_read_indexes", _create_covering_indexes,
              "covering indexes for the timeline and stance counts"),
    Migration("0006_drop_prefix_indexes", _drop_redundant_indexes,
              "drop the event type/source indexes that 0005's covering indexes make redundant"),
    Migration("0007_quote_text_norm", _add_quote_text_norm,
              "quotes.text_norm: the normalised quote text that text searches filter on"),
)


def _ensure_table(engine: Engine, lock: threading.Lock | threading.RLock) -> None:
    with write_transaction(engine, lock) as conn:
        schema.migrations_table.create(conn, checkfirst=True)


def _applied(conn: Connection) -> dict[str, str]:
    rows = conn.execute(select(schema.migrations_table.c.name,
                               schema.migrations_table.c.applied_at))
    return {name: at for name, at in rows}


def migrate(engine: Engine, lock: threading.Lock | threading.RLock,
            migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply every pending migration in order; returns the names applied by this call."""
    done: list[str] = []
    with store_errors("creating the _migrations table", engine.url):
        _ensure_table(engine, lock)
    for mig in migrations:
        try:
            with write_transaction(engine, lock) as conn:
                if mig.name in _applied(conn):
                    continue
                LOGGER.info("applying migration %s", mig.name)
                mig.apply(conn)
                conn.execute(insert(schema.migrations_table).values(name=mig.name,
                                                                    applied_at=now()))
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"migration {mig.name} failed and was rolled back: "
                             f"{one_line(exc)}", code="E304") from exc
        done.append(mig.name)
    return done


def status(engine: Engine, migrations: tuple[Migration, ...] = MIGRATIONS,
           ) -> list[tuple[str, str | None]]:
    """``(name, applied_at)`` for every known migration, then any unknown applied ones.

    An unknown name means a newer qasid migrated this database; it is listed (and logged)
    rather than treated as an error, so an older qasid can still read the data.
    """
    with store_errors("reading migration status", engine.url), engine.connect() as conn:
        if not engine.dialect.has_table(conn, schema.migrations_table.name):
            applied: dict[str, str] = {}
        else:
            applied = _applied(conn)
    known = [(m.name, applied.get(m.name)) for m in migrations]
    names = {m.name for m in migrations}
    extra = sorted((n, at) for n, at in applied.items() if n not in names)
    for name, _ in extra:
        LOGGER.warning("database has migration %s, unknown to this qasid version", name)
    return known + [(n, at) for n, at in extra]
