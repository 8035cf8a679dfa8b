"""The Python API: a corpus is a store plus the pipeline that fills it.

The CLI is a thin layer over this class, so everything a user can do in the terminal can be
done from Python::

    from qasid import Corpus
    with Corpus.open("sqlite:///news.db") as corpus:
        report = corpus.ingest(["examples/seeds"])
        for hit in corpus.search("مذاکره"):
            print(hit.doc.name, hit.snippets[0].text)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qasid.errors import ConfigError
from qasid.evaluation import Report, score
from qasid.export import export_record, write_records
from qasid.pipeline import extract_stored, run_document
from qasid.records import ProcessedDocument, RawDocument, Rejected
from qasid.settings import Settings, load_settings
from qasid.sources import SourceOptions, iter_documents
from qasid.store import Store


@dataclass(frozen=True)
class Failure:
    name: str
    source: str
    stage: str
    reason: str


@dataclass
class IngestReport:
    """What an ingest run did. ``duplicate`` counts stored documents linked to earlier ones."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    by_lang: Counter[str] = field(default_factory=Counter)

    @property
    def stored(self) -> int:
        """Documents that are in the store after this run (new, updated or already there)."""
        return self.new + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "new": self.new, "updated": self.updated,
            "unchanged": self.unchanged, "duplicate": self.duplicate, "failed": self.failed,
            "failures": [f.__dict__ for f in self.failures], "by_lang": dict(self.by_lang),
        }


ProgressFn = Callable[[str, "ProcessedDocument | Rejected", str], None]


class Corpus:
    """A store of processed documents with ingest, search, export and evaluation."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    @classmethod
    def open(cls, url: str | None = None, *, settings: Settings | None = None) -> Corpus:
        """Open (creating and migrating if needed) the store at ``url``.

        ``url`` is a SQLite path or URL, or a ``postgresql://`` URL; ``None`` reads
        ``QASID_DB`` and falls back to ``sqlite:///qasid.db``.
        """
        settings = settings or load_settings()
        store = Store.open(url, near_threshold=settings.near_duplicate_threshold)
        return cls(store, settings)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def source_options(self) -> SourceOptions:
        s = self.settings
        return SourceOptions(
            max_bytes=s.max_bytes, timeout=s.timeout, max_redirects=s.max_redirects,
            user_agent=s.user_agent, follow_feed_links=s.follow_feed_links,
            jsonl_text_field=s.jsonl_text_field, jsonl_html_field=s.jsonl_html_field,
            jsonl_url_field=s.jsonl_url_field, jsonl_date_field=s.jsonl_date_field,
            jsonl_title_field=s.jsonl_title_field, jsonl_id_field=s.jsonl_id_field,
        )

    def ingest(self, sources: Iterable[str] | str, *, on_document: ProgressFn | None = None,
               stdin: IO[bytes] | None = None) -> IngestReport:
        """Read, process and store every document of ``sources``; each commits on its own.

        A document that fails is recorded in the ``rejects`` table and the report; the run
        goes on. Re-running the same sources stores nothing new (``unchanged``).
        """
        if isinstance(sources, str):
            sources = [sources]
        opts = self.source_options()
        if stdin is not None:
            opts = SourceOptions(**{**opts.__dict__, "stdin": stdin})
        rep = IngestReport()
        with self.store.batch():
            self._ingest_items(iter_documents(list(sources), opts), rep, on_document)
        return rep

    def _ingest_items(self, items: Iterable[RawDocument | Rejected], rep: IngestReport,
                      on_document: ProgressFn | None) -> None:
        for item in items:
            rep.read += 1
            result = item if isinstance(item, Rejected) else run_document(item, self.settings)
            if isinstance(result, Rejected):
                self.store.save_reject(result)
                rep.failed += 1
                rep.failures.append(Failure(result.name, result.source, result.stage,
                                            f"{result.code} {result.message}"))
                status = "failed"
            else:
                saved = self.store.save(result)
                status = saved.status
                setattr(rep, status, getattr(rep, status) + 1)
                if saved.duplicates and status != "unchanged":
                    rep.duplicate += 1
                if result.lang:
                    rep.by_lang[result.lang] += 1
            if on_document is not None:
                on_document(getattr(item, "name", "?"), result, status)

    def documents(self, **filters: Any) -> Iterator[Any]:
        """Stored documents (``lang=``, ``since=``, ``until=``, ``limit=``, ``offset=``)."""
        return self.store.documents(**filters)

    def get(self, key: str) -> Any:
        """A document by id, id prefix, locator or name; ``None`` when there is none."""
        return self.store.get(key)

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               lang: str | None = None) -> list[Any]:
        """Ranked full-text search with highlighted snippets (fa/ar/en)."""
        return self.store.search(query, limit=limit, offset=offset, lang=lang)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    # -- extraction ------------------------------------------------------------------------

    def extract(self, *, on_document: Callable[[str], None] | None = None,
                lang: str | None = None) -> int:
        """Re-run extraction over stored documents (after editing a lexicon or the actor
        registry) without re-ingesting; returns how many documents were extracted."""
        n = 0
        for doc in self.documents(lang=lang):
            self.store.save_extraction(doc.id, extract_stored(doc.to_processed()))
            n += 1
            if on_document is not None:
                on_document(doc.name)
        return n

    def events(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Events (``types``, ``source``, ``target``, ``between``, ``via``, ``since``,
        ``until``, ``limit``, ``offset``); a pandas DataFrame with ``as_frame=True``."""
        return _maybe_frame(self.store.events(**filters), as_frame)

    def quotes(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Quotes (``speaker``, ``lang``, ``text``, ``limit``, ``offset``)."""
        return _maybe_frame(self.store.quotes(**filters), as_frame)

    def actors(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Actors by number of mentions (``kind``, ``limit``)."""
        return _maybe_frame(self.store.actors(**filters), as_frame)

    def timeline(self, a: str = "IRN", b: str = "USA", *, as_frame: bool = False,
                 **filters: Any) -> Any:
        """Events between two states (either direction, and mediation between them), by day."""
        return _maybe_frame(self.store.events(between=(a, b), **filters), as_frame)

    def records(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """FORMAT.md records, one per stored document."""
        for doc in self.documents(**filters):
            yield export_record(doc)

    def export(self, out: IO[str] | str | Path, fmt: str = "jsonl", **filters: Any) -> int:
        """Write FORMAT.md records to a file object or path; returns the number written."""
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="") as fh:
                return write_records(self.documents(**filters), fh, fmt)
        return write_records(self.documents(**filters), out, fmt)

    def evaluate(self, gold: str | Path | Iterable[dict[str, Any]]) -> Report:
        """Score the stored documents against gold FORMAT.md records."""
        gold_records = list(_read_gold(gold)) if isinstance(gold, (str, Path)) else list(gold)
        system = []
        texts = {}
        for g in gold_records:
            doc = self.get(str(g.get("doc")))
            if doc is not None:
                system.append(export_record(doc))
                texts[doc.name] = doc.text
        return score(system, gold_records, texts)


def _maybe_frame(rows: list[dict[str, Any]], as_frame: bool) -> Any:
    if not as_frame:
        return rows
    try:
        import pandas as pd
    except ImportError as exc:
        raise ConfigError("as_frame=True needs pandas: pip install pandas", code="E424") from exc
    return pd.DataFrame(rows)


def _read_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read gold file {path}: {exc.strerror}", code="E420") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"gold file {path} is not UTF-8", code="E423") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not a JSON record ({exc.msg})",
                              code="E421") from exc
        if not isinstance(rec, dict) or "doc" not in rec:
            raise ConfigError(f"{path}:{n}: a gold record needs a 'doc' field", code="E422")
        yield rec
