"""The store's tables as SQLAlchemy Core objects: the one description both backends share.

Design choices:

* ``documents.id`` is ``sha256(locator)[:16]`` (stable across runs and machines, short
  enough to type); ``locator`` stays the unique natural key that re-ingestion is keyed on.
* ``documents.seq`` is the store order: the order in which current contents were stored. It
  drives streaming (keyset pagination instead of OFFSET scans or a long-held cursor) and the
  meaning of "earlier" in duplicate links, which always point from a later ``seq`` to an
  earlier one. An updated document gets a new ``seq``: its new content is the newest.
* Spans, date findings and ``meta`` are JSON (plain ``json`` on PostgreSQL rather than
  ``jsonb``, so a record reads back exactly as written on both backends); paragraphs get their
  own table because tools query them (noise reasons, per-paragraph language).
* Timestamps are ISO-8601 UTC strings: identical on both backends, sortable as text, and
  what the JSON API shows anyway.
* Child rows cascade on delete, so removing or replacing a document cannot leave orphans, and
  on SQLite the cascade also fires the triggers that keep the FTS5 index in sync.
* The full-text index itself is backend-specific DDL (an FTS5 table, a generated
  ``tsvector``) and is created in :mod:`qasid.store.migrations`; ``search_text`` holds the
  backend-independent part, the stems that are indexed.

The tables describe the *current* shape. Migrations create and change them; when a later
migration alters a table, freeze the older shape inside that migration rather than letting
``0001`` pick up the new one (``tests/test_store.py`` checks a fresh migrate matches this file).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

migrations_table = Table(
    "_migrations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("applied_at", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("spec", Text, primary_key=True),  # as given to ingest: path, URL, "warc:…"
    Column("kind", Text, nullable=False),  # "dir", "jsonl", "warc", "feed", "url", …
    Column("first_seen", Text, nullable=False),
    Column("last_seen", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("locator", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("source", Text, ForeignKey("sources.spec"), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("encoding", Text),
    Column("lang", Text),
    Column("published", Text),  # YYYY-MM-DD or YYYY-MM
    Column("dates", JSON, nullable=False),  # [{iso, calendar, kind, start, end}, …]
    Column("body", JSON, nullable=False),  # [[start, end], …]
    Column("content_hash", Text, nullable=False),
    Column("body_hash", Text, nullable=False),  # "" when there is no body
    Column("minhash", LargeBinary),  # little-endian uint64 array, NULL without a signature
    Column("meta", JSON, nullable=False),
    Column("fetched_at", Text),
    Column("ingested_at", Text, nullable=False),  # first stored
    Column("updated_at", Text, nullable=False),  # current content stored
    Column("schema_version", Integer, nullable=False),
    UniqueConstraint("locator"),
    UniqueConstraint("seq"),
    Index(None, "name"),
    Index(None, "source"),
    Index(None, "lang"),
    Index(None, "published"),
    Index(None, "body_hash"),
)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("lang", Text),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("dup_of", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("kind", Text, nullable=False),
    Column("similarity", Float, nullable=False),
    Column("detected_at", Text, nullable=False),
    CheckConstraint("kind IN ('exact', 'near')", name="kind"),
    CheckConstraint("doc_id <> dup_of", name="not_self"),
    Index(None, "dup_of"),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("band", SmallInteger, primary_key=True),
    Column("key", BigInteger, nullable=False),  # signed 64-bit hash of the band's values
    Index(None, "band", "key"),
)

rejects = Table(
    "rejects",
    metadata,
    Column("locator", Text, primary_key=True),  # one row per document: its latest failure
    Column("name", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("at", Text, nullable=False),
    Index(None, "at"),
)

search_text = Table(
    "search_text",
    metadata,
    # An integer key because SQLite's external-content FTS5 table needs a stable rowid.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("stems", Text, nullable=False),  # space-separated index terms of title + body
    UniqueConstraint("doc_id"),
)

#: tables created by migration 0001, in dependency order
BASE_TABLES = (sources, documents, paragraphs, duplicates, lsh_bands, rejects, search_text)

# -- extraction (migration 0003) ----------------------------------------------------------------
# The whole extraction of a document is kept as one JSON record (what export and the article
# view read); events, quotes and actor mentions are also kept as rows so that the analyst
# queries (events by type/source/target/date/channel, quotes by speaker/language, actor counts)
# are indexed SQL on both backends.

extractions = Table(
    "extractions",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("extractor", Text, nullable=False),  # e.g. "qasid.rules.v1"
    Column("resources_hash", Text, nullable=False),  # which lexicons made it
    Column("extracted_at", Text, nullable=False),
    Column("data", JSON, nullable=False),  # {actors, countries, quotes, events, mentions}
)

events = Table(
    "events",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("type", Text, nullable=False),
    Column("source", Text),
    Column("target", Text),
    Column("parties", JSON, nullable=False),  # MEDIATE: the mediated states
    Column("source_actor", Text),
    Column("target_actor", Text),
    Column("mode", Text),
    Column("via", Text),
    Column("medium", Text),
    Column("date", Text),  # of the event, when the text gives it
    Column("day", Text),  # date, else the document's publication date: what timelines sort by
    Column("claimed_by", Text),
    Column("cameo", Text),
    Column("plover", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index(None, "type"),
    Index(None, "source"),
    Index(None, "target"),
    Index(None, "day"),
    Index(None, "via"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("speaker", Text),
    Column("speaker_id", Text),
    Column("lang", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # the normalised view of the text (letter variants, ZWNJ, digits folded): what a quote
    # text search compares, so that the database can filter on it (migration 0007)
    Column("text_norm", Text),
    Index(None, "speaker"),
    Index(None, "lang"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("kind", Text, nullable=False),  # person | org | country | title
    Column("actor_id", Text),
    Column("name", Text),
    Column("country", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index(None, "actor_id"),
    Index(None, "country"),
)

#: tables created by migration 0003
EXTRACTION_TABLES = (extractions, events, quotes, mentions)
