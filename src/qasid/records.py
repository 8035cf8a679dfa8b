"""Records passed between pipeline stages.

All offsets are end-exclusive Python ``str`` indices into ``ProcessedDocument.text`` — the text
qasid stores for a document (the decoded file for text input, the extracted text for HTML).
Records are frozen dataclasses so a stage cannot mutate what another produced, and they carry
only plain values so they pickle cheaply to Spark executors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RawDocument:
    """One input document as received, before decoding.

    ``name`` is the FORMAT.md ``doc`` value: the file's basename, or a stable id for sources
    without one (a feed entry's id, a WARC record's target URI). ``locator`` identifies the
    document uniquely across sources and is what re-ingestion is keyed on.
    """

    locator: str
    name: str
    data: bytes
    source: str
    url: str | None = None
    content_type: str | None = None  # "html", "text" or None (sniff)
    declared_charset: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    fetched_at: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A document (or source) that could not be processed, with a one-line reason."""

    locator: str
    name: str
    source: str
    stage: str
    code: str
    message: str


@dataclass(frozen=True)
class Span:
    """A labelled character span ``[start, end)`` of a document's text."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"E201 span [{self.start}, {self.end}) is reversed or negative")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (line block) of the text and the content classifier's verdict on it."""

    start: int
    end: int
    kind: str  # "content" or "noise"
    reason: str  # short rule name, e.g. "good", "menu", "caption", "duplicate"
    lang: str | None = None


@dataclass(frozen=True)
class DateFinding:
    """A date found for a document, with the evidence it rests on."""

    iso: str  # YYYY-MM-DD or YYYY-MM
    calendar: str  # "gregorian", "jalali", "hijri"
    kind: str  # "published", "updated", "unlabelled", "header", "meta", "crawl"
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything the core pipeline knows about one document, ready for the store."""

    locator: str
    name: str
    source: str
    text: str
    content_hash: str  # sha256 of ``text``: decides whether a re-ingest changed anything
    url: str | None = None
    title: str | None = None
    encoding: str | None = None
    content_type: str = "text"
    body: tuple[tuple[int, int], ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    lang: str | None = None
    published: str | None = None
    dates: tuple[DateFinding, ...] = ()
    body_hash: str = ""  # sha256 of the normalised, paragraph-deduplicated body
    minhash: tuple[int, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    fetched_at: str | None = None
    schema_version: int = SCHEMA_VERSION
    #: actors, countries, quotes, events and mentions (qasid.stages.extract); None when
    #: extraction did not run
    extraction: dict[str, Any] | None = None

    def body_text(self) -> str:
        """The kept content joined by blank lines, for display and hashing."""
        return "\n\n".join(self.text[s:e] for s, e in self.body)
