"""Persistent storage for processed documents: SQLite by default, PostgreSQL optionally.

>>> from qasid.store import Store          # doctest: +SKIP
>>> with Store.open("corpus.db") as store:  # doctest: +SKIP
...     store.save(processed_document)

Modules: :mod:`~qasid.store.engine` (URLs, connections, write lock),
:mod:`~qasid.store.schema` (tables), :mod:`~qasid.store.migrations`,
:mod:`~qasid.store.lsh` (near-duplicate keys), :mod:`~qasid.store.search` (query parsing and
the FTS5/tsvector queries), :mod:`~qasid.store.snippets`, :mod:`~qasid.store.store` (the
:class:`Store`).
"""

from qasid.store.models import (
    DuplicateLink,
    RejectRow,
    SaveResult,
    SearchHit,
    Snippet,
    StoredDocument,
)
from qasid.store.store import DEFAULT_NEAR_THRESHOLD, Store, doc_id

__all__ = [
    "DEFAULT_NEAR_THRESHOLD",
    "DuplicateLink",
    "RejectRow",
    "SaveResult",
    "SearchHit",
    "Snippet",
    "Store",
    "StoredDocument",
    "doc_id",
]
