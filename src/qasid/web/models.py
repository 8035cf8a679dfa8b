"""Response models of the JSON API: the documented, stable schema.

Every HTML page is rendered from exactly one of these models, and its ``.json`` twin returns
the same model, so the two cannot drift apart. FastAPI turns them into the OpenAPI document at
``/openapi.json``.

Stability promise: the keys documented here keep their names and meaning. New keys may be
added (clients must ignore keys they do not know); keys are never renamed or removed, and a
value's type never changes. Offsets are Python ``str`` indices into the document's ``text``
(FORMAT.md), never into a normalised copy.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Direction = Literal["rtl", "ltr", "auto"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorBody(_Model):
    """The one error shape of every JSON route."""

    ok: Literal[False] = False
    error: str = Field(description="What went wrong, in one line.")
    status: int = Field(description="The HTTP status code, repeated for clients that lose it.")


class Paged(_Model):
    """Pagination shared by every list: ``next`` is the URL of the following page (same
    route, same filters, ``offset`` advanced) or ``null`` on the last page."""

    ok: Literal[True] = True
    limit: int
    offset: int
    total: int | None = Field(
        description="Records matching the filters over all pages; null when not counted (an "
                    "unfiltered event list is paged in the store without a full count).")
    next: str | None = None


# -- events ------------------------------------------------------------------------------------


class Event(_Model):
    """One stored event (FORMAT.md) with its document and the evidence it was coded from."""

    id: str = Field(description="Stable id: '<doc_id>-<idx>'.")
    doc_id: str
    doc: str = Field(description="The document's FORMAT.md name.")
    idx: int = Field(description="Position of the event in its document (the N of #ev-N).")
    type: str
    source: str | None = None
    target: str | None = None
    parties: list[str] = Field(default_factory=list, description="MEDIATE: the mediated states.")
    source_actor: str | None = None
    target_actor: str | None = None
    mode: str | None = None
    via: str | None = None
    medium: str | None = None
    date: str | None = Field(None, description="Date of the event itself when the text gives it.")
    day: str | None = Field(None, description="date, else the document's publication date.")
    claimed_by: str | None = None
    cameo: str | None = None
    plover: str | None = None
    start: int
    end: int
    lang: str | None = Field(None, description="Language of the document.")
    published: str | None = None
    title: str | None = None
    evidence: str | None = Field(None, description="text[start:end] of the document.")
    evidence_url: str = Field(description="Article view anchored at the evidence span.")


class MonthCount(_Model):
    month: str = Field(description="YYYY-MM")
    type: str
    count: int


class EventFilters(_Model):
    """The filters a list of events was computed with, normalised (codes upper-cased)."""

    types: list[str] = Field(default_factory=list)
    source: str | None = None
    target: str | None = None
    between: list[str] | None = None
    party: str | None = None
    channel: str | None = Field(None, description="via, or the mediator of a MEDIATE event.")
    mode: str | None = Field(None, description="direct, indirect or unspecified.")
    medium: str | None = None
    actor: str | None = Field(None, description="Substring of source_actor or target_actor.")
    source_actor: str | None = None
    lang: str | None = None
    since: str | None = None
    until: str | None = None
    doc: str | None = None


class EventsPage(Paged):
    """``/events.json``: any events, filtered."""

    filters: EventFilters
    events: list[Event]


class TimelinePage(Paged):
    """``/timeline.json``: the events of a dyad (and optional third parties) over time.

    ``counts`` covers every matching event (all pages), ``events`` only this page.
    """

    a: str
    b: str
    third: list[str] = Field(default_factory=list)
    filters: EventFilters
    counts: list[MonthCount]
    undated: int = Field(description="Matching events without any date.")
    events: list[Event]


# -- channels ----------------------------------------------------------------------------------


class ChannelNode(_Model):
    id: str = Field(description="Country or IGO code.")
    label: str = Field(description="English name.")
    role: Literal["party", "intermediary"] = Field(
        description="intermediary: appears only as a channel (via of an indirect contact or "
                    "mediator) between other parties.")
    events: int = Field(description="Events of this network the node takes part in.")


class ChannelLink(_Model):
    """A channel between two parties: CONSULT events with the same pair, channel and mode, or
    MEDIATE events of one mediator between the same pair."""

    id: str
    type: Literal["CONSULT", "MEDIATE"]
    a: str
    b: str
    channel: str | None = Field(None, description="Intermediary, venue or mediator code.")
    channel_role: Literal["intermediary", "venue", "mediator"] | None = None
    mode: Literal["direct", "indirect", "unspecified"]
    media: dict[str, int] = Field(description="Events per medium ('unspecified' when none).")
    count: int
    event_ids: list[str]
    events_url: str = Field(description="The filtered events list of exactly this link.")


class ChannelsPage(_Model):
    """``/channels.json``: the network of contacts and mediation."""

    ok: Literal[True] = True
    filters: EventFilters
    nodes: list[ChannelNode]
    links: list[ChannelLink]
    unplaced: int = Field(description="CONSULT/MEDIATE events without two parties to draw.")


# -- stance ------------------------------------------------------------------------------------


class StanceMonth(_Model):
    month: str
    positive: int = Field(description="INTENT_TALKS + APPEAL_TALKS")
    negative: int = Field(description="REFUSE_TALKS + REJECT + THREATEN")
    index: float = Field(description="(positive - negative) / (positive + negative), in [-1, 1].")
    types: dict[str, int]


class StanceSeries(_Model):
    key: str = Field(description="Country code (by=country) or canonical actor name.")
    label: str
    positive: int
    negative: int
    undated: int = Field(description="Events without a month to count them in: no date, or "
                                     "a date known to the year only.")
    index: float
    months: list[StanceMonth]

    def years(self) -> list[tuple[str, int, int]]:
        """``(year, willing, refusing)`` per year with events: the table's summary (the
        chart draws the months; a row listing a hundred months was unreadable and made the
        page heavy)."""
        out: dict[str, list[int]] = {}
        for mo in self.months:
            acc = out.setdefault(mo.month[:4], [0, 0])
            acc[0] += mo.positive
            acc[1] += mo.negative
        return [(y, pos, neg) for y, (pos, neg) in out.items() if pos or neg]


class StancePage(_Model):
    """``/stance.json``: willingness versus refusal of talks, per month and actor."""

    ok: Literal[True] = True
    by: Literal["country", "actor"]
    target: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    positive_types: list[str]
    negative_types: list[str]
    months: list[str] = Field(description="Every month from the first to the last, in order.")
    series: list[StanceSeries]


# -- quotes ------------------------------------------------------------------------------------


class Quote(_Model):
    id: str = Field(description="Stable id: '<doc_id>-<idx>'.")
    doc_id: str
    doc: str
    idx: int
    speaker: str | None = Field(None, description="Canonical English name.")
    speaker_id: str | None = None
    lang: str | None = None
    dir: Direction = Field(description="Writing direction of the text.")
    text: str = Field(description="The quoted words exactly as in the original.")
    start: int
    end: int
    published: str | None = None
    url: str = Field(description="Article view anchored at the quote.")


class QuotesPage(Paged):
    """``/quotes.json``"""

    speaker: str | None = None
    lang: str | None = None
    q: str | None = Field(None, description="Substring of the (normalised) quote text.")
    quotes: list[Quote]


# -- search ------------------------------------------------------------------------------------


class Snippet(_Model):
    text: str
    highlights: list[list[int]] = Field(description="[start, end) offsets into snippet text.")
    start: int = Field(description="Offset of the snippet in the document's text.")
    end: int
    dir: Direction


class Hit(_Model):
    id: str
    doc: str
    title: str | None = None
    lang: str | None = None
    published: str | None = None
    score: float
    url: str
    snippets: list[Snippet]


class SearchPage(_Model):
    """``/search.json``: ranked full-text hits. ``total`` is not counted for search:
    ``next`` is set while another page exists."""

    ok: Literal[True] = True
    q: str
    lang: str | None = None
    limit: int
    offset: int
    next: str | None = None
    hits: list[Hit]


# -- documents ---------------------------------------------------------------------------------


class DocumentMeta(_Model):
    id: str
    name: str
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    dir: Direction
    published: str | None = None
    source: str
    locator: str
    content_type: str
    encoding: str | None = None
    ingested_at: str
    updated_at: str


class ParagraphOut(_Model):
    idx: int
    start: int
    end: int
    kind: str = Field(description="content or noise")
    reason: str
    lang: str | None = None
    dir: Direction


class Mention(_Model):
    idx: int
    start: int
    end: int
    kind: str
    id: str | None = None
    name: str | None = None
    country: str | None = None


class DocQuote(_Model):
    idx: int
    speaker: str | None = None
    lang: str | None = None
    dir: Direction
    text: str
    start: int
    end: int


class DocActor(_Model):
    name: str
    type: str | None = None
    country: str | None = None
    role: str | None = None
    mentions: int | None = None


class DuplicateOut(_Model):
    id: str
    name: str | None = Field(None, description="null when the other document is gone.")
    title: str | None = None
    relation: Literal["duplicate_of", "duplicated_by"]
    kind: str = Field(description="exact or near")
    similarity: float
    url: str


class DocumentPage(_Model):
    """``/documents/{id}.json``: one document, its text and everything found in it."""

    ok: Literal[True] = True
    document: DocumentMeta
    text: str
    body: list[list[int]]
    paragraphs: list[ParagraphOut]
    countries: list[str]
    actors: list[DocActor]
    mentions: list[Mention]
    quotes: list[DocQuote]
    events: list[Event]
    duplicates: list[DuplicateOut]


# -- writes ------------------------------------------------------------------------------------


class IngestRequest(_Model):
    """Give ``url`` (fetched and processed like ``qasid ingest URL``) or ``text``/``html``
    (with an optional ``name``, ``title``, ``published`` date and source ``url``)."""

    url: str | None = Field(None, max_length=4000)
    text: str | None = None
    html: str | None = None
    name: str | None = Field(None, max_length=300,
                             description="Document name; default 'api-<hash of content>'.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40)


class IngestedDoc(_Model):
    id: str | None = None
    name: str
    status: str = Field(description="new, updated, unchanged or failed")
    url: str | None = Field(None, description="Article view of the stored document.")
    reason: str | None = None


class IngestResponse(_Model):
    ok: Literal[True] = True
    read: int
    new: int
    updated: int
    unchanged: int
    failed: int
    documents: list[IngestedDoc]
