"""Records the store returns: stored documents, duplicate links, search hits, rejects.

Frozen dataclasses like :mod:`qasid.records`, so callers (CLI, web, export) cannot mutate what
they read, and each has a ``to_dict()`` giving plain JSON-ready values for the JSON API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qasid.records import DateFinding, Paragraph, ProcessedDocument


@dataclass(frozen=True)
class DuplicateLink:
    """``doc_id`` duplicates the earlier stored ``dup_of`` (``kind`` "exact" or "near")."""

    doc_id: str
    dup_of: str
    kind: str
    similarity: float
    detected_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "dup_of": self.dup_of, "kind": self.kind,
                "similarity": self.similarity, "detected_at": self.detected_at}


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`Store.save` did; ``duplicates`` are the saved document's own links."""

    doc_id: str
    status: str  # "new", "updated" or "unchanged"
    duplicates: tuple[DuplicateLink, ...] = ()


@dataclass(frozen=True)
class StoredDocument:
    """A document as stored, with its paragraphs and duplicate links in both directions."""

    id: str
    seq: int
    locator: str
    name: str
    source: str
    text: str
    content_hash: str
    url: str | None
    title: str | None
    encoding: str | None
    content_type: str
    body: tuple[tuple[int, int], ...]
    paragraphs: tuple[Paragraph, ...]
    lang: str | None
    published: str | None
    dates: tuple[DateFinding, ...]
    body_hash: str
    minhash: tuple[int, ...]
    meta: dict[str, Any]
    fetched_at: str | None
    ingested_at: str
    updated_at: str
    schema_version: int
    duplicates: tuple[DuplicateLink, ...] = ()
    extraction: dict[str, Any] | None = None

    @property
    def duplicate_of(self) -> str | None:
        """Id of the earlier document this one duplicates, if any."""
        for link in self.duplicates:
            if link.doc_id == self.id:
                return link.dup_of
        return None

    @property
    def duplicated_by(self) -> tuple[str, ...]:
        """Ids of later documents linked to this one."""
        return tuple(link.doc_id for link in self.duplicates if link.dup_of == self.id)

    def body_text(self) -> str:
        """The kept content joined by blank lines (as :meth:`ProcessedDocument.body_text`)."""
        return "\n\n".join(self.text[s:e] for s, e in self.body)

    def to_processed(self) -> ProcessedDocument:
        """The pipeline record this was stored from (for re-running later stages)."""
        return ProcessedDocument(
            locator=self.locator, name=self.name, source=self.source, text=self.text,
            content_hash=self.content_hash, url=self.url, title=self.title,
            encoding=self.encoding, content_type=self.content_type, body=self.body,
            paragraphs=self.paragraphs, lang=self.lang, published=self.published,
            dates=self.dates, body_hash=self.body_hash, minhash=self.minhash,
            meta=dict(self.meta), fetched_at=self.fetched_at,
            schema_version=self.schema_version, extraction=self.extraction)

    def to_dict(self, *, include_minhash: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``doc`` is the FORMAT.md document name. The 128-value signature
        is left out unless asked for: it is bulky and means nothing to a reader."""
        out: dict[str, Any] = {
            "id": self.id, "doc": self.name, "seq": self.seq, "locator": self.locator,
            "name": self.name, "source": self.source, "url": self.url, "title": self.title,
            "lang": self.lang, "published": self.published,
            "content_type": self.content_type, "encoding": self.encoding,
            "body": [[s, e] for s, e in self.body],
            "paragraphs": [
                {"start": p.start, "end": p.end, "kind": p.kind, "reason": p.reason,
                 "lang": p.lang} for p in self.paragraphs
            ],
            "dates": [
                {"iso": d.iso, "calendar": d.calendar, "kind": d.kind, "start": d.start,
                 "end": d.end} for d in self.dates
            ],
            "duplicate_of": self.duplicate_of,
            "duplicates": [link.to_dict() for link in self.duplicates],
            "content_hash": self.content_hash, "body_hash": self.body_hash,
            "meta": self.meta, "fetched_at": self.fetched_at,
            "ingested_at": self.ingested_at, "updated_at": self.updated_at,
            "schema_version": self.schema_version, "text": self.text,
            "extraction": self.extraction,
        }
        if include_minhash:
            out["minhash"] = list(self.minhash)
        return out


@dataclass(frozen=True)
class Snippet:
    """A window of the original text around search matches.

    ``start``/``end`` locate it in the document's text; ``highlights`` are ``[start, end)``
    offsets *within* ``text``, so ``text[a:b]`` is a matched word as the document spells it.
    """

    text: str
    highlights: tuple[tuple[int, int], ...]
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "highlights": [list(h) for h in self.highlights],
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class SearchHit:
    """One ranked search result; higher ``score`` is better on both backends."""

    doc: StoredDocument
    score: float
    snippets: tuple[Snippet, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.doc.id, "doc": self.doc.name, "title": self.doc.title,
                "lang": self.doc.lang, "published": self.doc.published, "score": self.score,
                "snippets": [s.to_dict() for s in self.snippets]}


@dataclass(frozen=True)
class RejectRow:
    """The latest failure recorded for a locator."""

    locator: str
    name: str
    source: str
    stage: str
    code: str
    message: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return {"locator": self.locator, "name": self.name, "source": self.source,
                "stage": self.stage, "code": self.code, "message": self.message, "at": self.at}
