"""One service function per page: store queries in, a response model out.

The HTML route and the ``.json`` route of a page both call the same function here (through a
FastAPI dependency in :mod:`qasid.web.app`), so a page and its JSON twin always show the same
records. Nothing here knows about HTML.

Every filter, count, page and aggregate is answered by the database through
:class:`qasid.store.queries.Reader` (pages read only their own rows, charts read counts), so
a page's cost does not grow with the store. The one exception is the quote text filter,
which compares normalised text (see :func:`quotes_page`).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

from qasid.corpus import Corpus
from qasid.errors import ConfigError, InputError
from qasid.store.queries import NO_CHANNEL, EventFilter, QuoteFilter, Reader
from qasid.web import models as m
from qasid.web.text import text_dir

#: the twelve FORMAT.md event types, in the order charts list them
EVENT_TYPES = ("INTENT_TALKS", "APPEAL_TALKS", "REQUEST_MEDIATION", "MEDIATE", "CONSULT",
               "DEMAND", "REFUSE_TALKS", "REJECT", "DENY", "ACCUSE", "THREATEN", "ATTACK")
#: willingness to talk (issue 4: INTENT/APPEAL) versus refusal (REFUSE/REJECT/THREATEN)
POSITIVE = ("INTENT_TALKS", "APPEAL_TALKS")
NEGATIVE = ("REFUSE_TALKS", "REJECT", "THREATEN")
MODES = ("direct", "indirect", "unspecified")

_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,15}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

Pager = Callable[[int], str]


class NotFoundError(LookupError):
    """The page's subject does not exist (a 404, not a bad request)."""


def bad(message: str) -> ConfigError:
    """A request error the app reports as 400 with the JSON error shape."""
    return ConfigError(message, code="E440")


# -- parameter normalisation ---------------------------------------------------------------------


def split_values(values: Iterable[str] | str | None) -> list[str]:
    """Repeated and comma-separated query values as one list: ``type=A,B&type=C``.

    >>> split_values(["CONSULT, MEDIATE", "", "DEMAND"])
    ['CONSULT', 'MEDIATE', 'DEMAND']
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def code(value: str | None, what: str) -> str | None:
    """A country/IGO code, upper-cased; ``None`` for an empty value."""
    if value is None or not value.strip():
        return None
    out = value.strip().upper()
    if not _CODE.fullmatch(out):
        raise bad(f"{what} must be a country or IGO code such as IRN, USA, IAEA; got {value!r}")
    return out


def date(value: str | None, what: str) -> str | None:
    if value is None or not value.strip():
        return None
    if not _DATE.fullmatch(value.strip()):
        raise bad(f"{what} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    return value.strip()


def lang(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not _LANG.fullmatch(value.strip()):
        raise bad(f"lang must be a language code such as fa, ar, en; got {value!r}")
    return value.strip()


def text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def event_filters(*, types: Iterable[str] | None = None, source: str | None = None,
                  target: str | None = None, between: Iterable[str] | None = None,
                  party: str | None = None, channel: str | None = None, mode: str | None = None,
                  medium: str | None = None, actor: str | None = None,
                  source_actor: str | None = None, lang_: str | None = None,
                  since: str | None = None, until: str | None = None,
                  doc: str | None = None) -> m.EventFilters:
    """Validate and normalise raw query values into :class:`~qasid.web.models.EventFilters`."""
    kinds = [t.upper() for t in split_values(types)]
    unknown = [t for t in kinds if t not in EVENT_TYPES]
    if unknown:
        raise bad(f"unknown event type {unknown[0]!r}; one of {', '.join(EVENT_TYPES)}")
    pair = [code(v, "between") for v in split_values(between)]
    if pair and len(pair) != 2:
        raise bad("between takes two codes, e.g. between=IRN,USA")
    mode_value = text(mode)
    if mode_value is not None:
        mode_value = mode_value.lower()
        if mode_value not in MODES:
            raise bad(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    return m.EventFilters(
        types=list(dict.fromkeys(kinds)), source=code(source, "source"),
        target=code(target, "target"), between=[p for p in pair if p] or None,
        party=code(party, "party"), channel=code(channel, "channel"), mode=mode_value,
        medium=text(medium), actor=text(actor), source_actor=text(source_actor),
        lang=lang(lang_), since=date(since, "since"), until=date(until, "until"), doc=text(doc))


# -- URLs --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """One query key or value, quoted as :func:`urllib.parse.urlencode` quotes it. Charts
    link thousands of marks with the same few values (types, months, codes), so each string
    is quoted once."""
    return quote_plus(value)


def url(path: str, **params: Any) -> str:
    """``path?query`` with empty values dropped and lists repeated.

    >>> url("/events", type=["CONSULT"], between="IRN,USA", mode=None)
    '/events?type=CONSULT&between=IRN%2CUSA'
    """
    pairs = []
    for key, value in params.items():
        if value is None or value in ("", [], ()):
            continue
        name = _quoted(key.rstrip("_"))
        for v in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append(f"{name}={_quoted(str(v))}")
    return f"{path}?{'&'.join(pairs)}" if pairs else path


def doc_url(doc_id: str, anchor: str | None = None) -> str:
    return f"/documents/{quote(doc_id, safe='')}" + (f"#{anchor}" if anchor else "")


def filter_params(f: m.EventFilters) -> dict[str, Any]:
    """The query parameters that reproduce ``f`` (for links to filtered lists)."""
    return {"type": f.types, "source": f.source, "target": f.target,
            "between": ",".join(f.between) if f.between else None, "party": f.party,
            "channel": f.channel, "mode": f.mode, "medium": f.medium, "actor": f.actor,
            "source_actor": f.source_actor, "lang": f.lang, "since": f.since,
            "until": f.until, "doc": f.doc}


# -- events ------------------------------------------------------------------------------------


def resolve_doc(corpus: Corpus, key: str | None) -> str | None:
    """A document filter value (id, name, locator) as the document's id."""
    if not key:
        return None
    found = corpus.get(key)
    if found is None:
        raise NotFoundError(f"no document {key!r}")
    return str(found.id)


def reader(corpus: Corpus) -> Reader:
    """The store's query side: every filter, count, page and aggregate runs in SQL."""
    return Reader(corpus.store)


def store_filter(corpus: Corpus, f: m.EventFilters, **extra: Any) -> EventFilter:
    """``f`` as the store's :class:`~qasid.store.queries.EventFilter` (plus ``extra``
    fields), after checking the date range and resolving the document."""
    if f.since and f.until and f.since > f.until + "~":
        raise bad(f"since {f.since} is after until {f.until}")
    fields: dict[str, Any] = {
        "types": tuple(f.types), "source": f.source, "target": f.target,
        "between": tuple(f.between) if f.between else None, "party": f.party,
        "channel": f.channel, "mode": f.mode,
        "medium": f.medium, "actor": f.actor, "source_actor": f.source_actor, "lang": f.lang,
        "since": f.since, "until": f.until, "doc": resolve_doc(corpus, f.doc)}
    return EventFilter(**{**fields, **extra})


def _none(value: Any) -> str | None:
    """Stored optional text; the literal 'None' some extractors wrote counts as missing."""
    if value is None:
        return None
    s = str(value)
    return None if s in ("", "None") else s


def to_event(row: dict[str, Any], texts: dict[str, str] | None = None) -> m.Event:
    """The response model of an event row; ``texts`` (document id → text) supplies the
    evidence, which is ``None`` when the document's text is not given."""
    text_ = texts.get(row["doc_id"]) if texts is not None else None
    start, end = int(row["start"]), int(row["end"])
    return m.Event(
        id=f"{row['doc_id']}-{row['idx']}", doc_id=row["doc_id"], doc=row.get("doc") or "",
        idx=int(row["idx"]), type=row["type"], source=_none(row.get("source")),
        target=_none(row.get("target")), parties=list(row.get("parties") or []),
        source_actor=_none(row.get("source_actor")), target_actor=_none(row.get("target_actor")),
        mode=_none(row.get("mode")), via=_none(row.get("via")), medium=_none(row.get("medium")),
        date=_none(row.get("date")), day=_none(row.get("day")),
        claimed_by=_none(row.get("claimed_by")), cameo=_none(row.get("cameo")),
        plover=_none(row.get("plover")), start=start, end=end, lang=_none(row.get("lang")),
        published=_none(row.get("published")), title=_none(row.get("title")),
        evidence=text_[start:end] if text_ is not None else None,
        evidence_url=doc_url(row["doc_id"], f"ev-{row['idx']}"))


def to_events(corpus: Corpus, rows: Sequence[dict[str, Any]]) -> list[m.Event]:
    """Events with their evidence: the texts of all their documents in one query, not one
    full document read per event."""
    texts = reader(corpus).texts(r["doc_id"] for r in rows) if rows else {}
    return [to_event(r, texts) for r in rows]


#: filters that make an event list counted (``total``); without any of them the list is the
#: plain store order and is paged without a count, as it always was (see ``models.Paged``)
_COUNTED_FILTERS = ("party", "channel", "mode", "medium", "actor", "source_actor", "lang")


def events_page(corpus: Corpus, f: m.EventFilters, *, limit: int, offset: int,
                pager: Pager) -> m.EventsPage:
    """A page of events, filtered and paged by the database (one more row than asked tells
    whether a next page exists). The list is counted when one of the finer filters is set;
    an unfiltered or coarsely filtered list keeps ``total`` null, as documented."""
    flt = store_filter(corpus, f)
    rows = reader(corpus).events(flt, limit=limit + 1, offset=offset)
    counted = any(getattr(f, k) for k in _COUNTED_FILTERS)
    return m.EventsPage(limit=limit, offset=offset,
                        total=reader(corpus).count(flt) if counted else None,
                        next=pager(offset + limit) if len(rows) > limit else None, filters=f,
                        events=to_events(corpus, rows[:limit]))


def timeline_page(corpus: Corpus, a: str, b: str, third: Sequence[str], f: m.EventFilters, *,
                  limit: int, offset: int, pager: Pager) -> m.TimelinePage:
    """The dyad's events: counts per month and type over all of them (one ``GROUP BY``),
    and one page of the events themselves."""
    if a == b:
        raise bad(f"a dyad needs two different parties, got {a} and {b}")
    thirds = sorted({t for t in third if t not in (a, b)})
    flt = (store_filter(corpus, f, timeline=(a, b, tuple(thirds))) if thirds
           else store_filter(corpus, f, between=(a, b)))
    db = reader(corpus)
    counts: list[tuple[str, str, int]] = []
    undated = 0
    for month, kind, n in db.count_by(flt, ("month", "type")):
        if month:
            counts.append((month, kind, int(n)))
        else:
            undated += int(n)
    total = undated + sum(n for _, _, n in counts)
    rows = db.events(flt, limit=limit, offset=offset) if offset < total else []
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    counts.sort(key=lambda c: (c[0], order.get(c[1], 99)))
    return m.TimelinePage(
        limit=limit, offset=offset, total=total,
        next=pager(offset + limit) if offset + limit < total else None, a=a, b=b,
        third=thirds, filters=f, undated=undated,
        counts=[m.MonthCount(month=mo, type=t, count=n) for mo, t, n in counts],
        events=to_events(corpus, rows))


# -- channels ----------------------------------------------------------------------------------


@cache
def _registry() -> Any:
    from qasid.stages.actors.registry import load_registry

    return load_registry()


def country_label(code_: str) -> str:
    """The English name of a country or IGO code (the code itself when unknown)."""
    try:
        return str(_registry().country_name(code_))
    except Exception:  # a broken registry must not take the dashboard down
        return code_


#: a channel link: (type, party, other party, channel, mode)
_LinkKey = tuple[str, str, str, str | None, str]


def channels_page(corpus: Corpus, f: m.EventFilters) -> m.ChannelsPage:
    """CONSULT and MEDIATE events as links between parties, through their channels.

    The database filters and orders the events and returns only the fields the grouping
    needs (a MEDIATE event's parties only for MEDIATE events); grouping them into links (a
    MEDIATE event links every pair of its parties) is done here, once per event."""
    f = f.model_copy(update={"types": ["CONSULT", "MEDIATE"]})
    rows = reader(corpus).fields(store_filter(corpus, f), (
        "doc_id", "idx", "type", "source", "target", "mediated", "via", "mode", "medium"))
    groups: dict[_LinkKey, list[int]] = defaultdict(list)  # link -> positions in ``rows``
    roles: dict[_LinkKey, str | None] = {}
    unplaced = 0
    for pos, (_, _, kind, src, tgt, parties, via, mode_, _) in enumerate(rows):
        mode = mode_ or "unspecified"
        if kind == "CONSULT":
            if not src or not tgt or src == tgt:
                unplaced += 1
                continue
            channel = via or None
            pairs = [(src, tgt) if src < tgt else (tgt, src)]
            role = ("intermediary" if channel and mode == "indirect" else
                    "venue" if channel else None)
        else:
            members = sorted(set(parties or ()))
            if len(members) < 2 or not src:
                unplaced += 1
                continue
            pairs = [(x, y) for i, x in enumerate(members) for y in members[i + 1:]]
            channel, role = src, "mediator"
        for x, y in pairs:
            key = (kind, x, y, channel, mode)
            groups[key].append(pos)
            roles[key] = role
    ids = [f"{r[0]}-{r[1]}" for r in rows]
    links = []
    involved: dict[str, set[int]] = defaultdict(set)
    party_codes: set[str] = set()
    channel_codes: set[str] = set()
    # the filters every link's events list shares, encoded once (what url() would append)
    shared = urlencode([(k, v) for k, v in (("lang", f.lang), ("since", f.since),
                                            ("until", f.until), ("party", f.party)) if v])
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k[0], k[1], k[2], k[3] or "",
                                             k[4])):
        kind, x, y, channel, mode = key
        members_ = groups[key]
        role = roles[key]
        party_codes.update((x, y))
        through = bool(channel) and role in ("intermediary", "mediator")
        if through:
            channel_codes.add(str(channel))
        for code_ in (x, y, channel) if through else (x, y):
            if code_:
                involved[code_].update(members_)
        media = Counter((rows[i][8] or "unspecified") for i in members_)
        own = urlencode([("type", kind), ("between", f"{x},{y}"),
                         ("channel", channel or NO_CHANNEL.lower()), ("mode", mode)])
        links.append(m.ChannelLink(
            id=f"{kind}:{x}-{y}:{channel or '-'}:{mode}", type=kind, a=x, b=y,
            channel=channel, channel_role=role, mode=mode, media=dict(sorted(media.items())),
            count=len(members_), event_ids=[ids[i] for i in members_],
            events_url=f"/events?{own}&{shared}" if shared else f"/events?{own}"))
    nodes = [m.ChannelNode(id=c, label=country_label(c),
                           role="party" if c in party_codes else "intermediary",
                           events=len(involved[c]))
             for c in sorted(party_codes | channel_codes,
                             key=lambda c: (-len(involved[c]), c))]
    return m.ChannelsPage(filters=f, nodes=nodes, links=links, unplaced=unplaced)


# -- stance ------------------------------------------------------------------------------------


def _index(pos: int, neg: int) -> float:
    return round((pos - neg) / (pos + neg), 4) if pos + neg else 0.0


def _month(day: str | None) -> str | None:
    """The ``YYYY-MM`` of a stored day; ``None`` for no day or a day known only to the year
    (extraction keeps ``2022`` when the text says no more), which has no month to go in."""
    return day[:7] if day and len(day) >= 7 else None


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive.

    >>> month_range("2024-11", "2025-02")
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    y, mo = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{mo:02d}" <= last and len(out) < 1200:
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def stance_page(corpus: Corpus, *, by: str, sources: Sequence[str], target: str | None,
                since: str | None, until: str | None, lang_: str | None,
                top: int) -> m.StancePage:
    """Per country (or actor) and month: events of willingness against events of refusal.

    The database counts the events per key, month and type (one ``GROUP BY``); the series
    are assembled here from those counts."""
    f = event_filters(types=[*POSITIVE, *NEGATIVE], target=target, since=since, until=until,
                      lang_=lang_)
    key_field = "source" if by == "country" else "source_actor"
    wanted = tuple(dict.fromkeys(sources))
    flt = store_filter(corpus, f, **({"source_in": wanted} if by == "country" else
                                     {"source_actor_in": wanted}))
    dated: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    kinds: dict[str, Counter[str]] = defaultdict(Counter)  # all of a key's events, by type
    undated: Counter[str] = Counter()
    for k, day_prefix, kind, n in reader(corpus).count_by(flt, (key_field, "month", "type")):
        if not k:
            continue
        kinds[k][kind] += int(n)
        month = _month(day_prefix)
        if month:
            dated[k][month][kind] += int(n)
        else:
            undated[k] += int(n)
    months_seen = sorted({mo for k in kinds for mo in dated.get(k, {})})
    months = month_range(months_seen[0], months_seen[-1]) if months_seen else []
    series = []
    for k in sorted(kinds, key=lambda k: (-sum(kinds[k].values()), k))[:top]:
        ms = []
        for mo, c in sorted(dated.get(k, {}).items()):
            p = sum(c[t] for t in POSITIVE)
            n = sum(c[t] for t in NEGATIVE)
            ms.append(m.StanceMonth(month=mo, positive=p, negative=n, index=_index(p, n),
                                    types=dict(sorted(c.items()))))
        pos = sum(kinds[k][t] for t in POSITIVE)
        neg = sum(kinds[k].values()) - pos
        label = country_label(k) if by == "country" else k
        series.append(m.StanceSeries(key=k, label=label, positive=pos, negative=neg,
                                     undated=undated[k], index=_index(pos, neg), months=ms))
    return m.StancePage(by="country" if by == "country" else "actor", target=f.target,
                        since=f.since, until=f.until, lang=f.lang,
                        positive_types=list(POSITIVE), negative_types=list(NEGATIVE),
                        months=months, series=series)


# -- quotes ------------------------------------------------------------------------------------




def quotes_page(corpus: Corpus, *, speaker: str | None, lang_: str | None, q: str | None,
                doc: str | None, limit: int, offset: int, pager: Pager) -> m.QuotesPage:
    """Quotes filtered, counted and paged by the database; a text filter (``q``: a substring
    of the normalised quote, letter variants and ZWNJ folded) compares the normalised text
    stored with each quote (migration 0007)."""
    speaker, lang_v, q = text(speaker), lang(lang_), text(q)
    db = reader(corpus)
    where = QuoteFilter(speaker=speaker, lang=lang_v, doc=resolve_doc(corpus, doc), text=q)
    total = db.count_quotes(where)
    rows = db.quotes(where, limit=limit, offset=offset) if offset < total else []
    out = [m.Quote(id=f"{r['doc_id']}-{r['idx']}", doc_id=r["doc_id"], doc=r.get("doc") or "",
                   idx=int(r["idx"]), speaker=_none(r.get("speaker")),
                   speaker_id=_none(r.get("speaker_id")), lang=_none(r.get("lang")),
                   dir=text_dir(r["text"], r.get("lang")), text=r["text"],
                   start=int(r["start"]), end=int(r["end"]), published=_none(r.get("published")),
                   url=doc_url(r["doc_id"], f"q-{r['idx']}"))
           for r in rows]
    return m.QuotesPage(limit=limit, offset=offset, total=total,
                        next=pager(offset + limit) if offset + limit < total else None,
                        speaker=speaker, lang=lang_v, q=q, quotes=out)


# -- search ------------------------------------------------------------------------------------


def search_page(corpus: Corpus, *, q: str | None, lang_: str | None, limit: int, offset: int,
                pager: Pager) -> m.SearchPage:
    query = text(q) or ""
    lang_v = lang(lang_)
    if not query:
        return m.SearchPage(q="", lang=lang_v, limit=limit, offset=offset, hits=[])
    found = corpus.search(query, limit=limit + 1, offset=offset, lang=lang_v)
    hits = [m.Hit(id=h.doc.id, doc=h.doc.name, title=h.doc.title, lang=h.doc.lang,
                  published=h.doc.published, score=float(h.score), url=doc_url(h.doc.id),
                  snippets=[m.Snippet(text=s.text, highlights=[list(x) for x in s.highlights],
                                      start=s.start, end=s.end,
                                      dir=text_dir(s.text, h.doc.lang))
                            for s in h.snippets])
            for h in found[:limit]]
    return m.SearchPage(q=query, lang=lang_v, limit=limit, offset=offset, hits=hits,
                        next=pager(offset + limit) if len(found) > limit else None)


# -- documents ---------------------------------------------------------------------------------


def document_page(corpus: Corpus, key: str) -> m.DocumentPage:
    doc = corpus.get(key)
    if doc is None:
        raise NotFoundError(f"no document {key!r}")
    ex = doc.extraction or {}
    db = reader(corpus)
    events = [to_event(r, {doc.id: doc.text}) for r in db.events(EventFilter(doc=doc.id))]
    others = [link.dup_of if link.doc_id == doc.id else link.doc_id for link in doc.duplicates]
    labels = db.labels(others)  # names and titles of linked documents, in one query
    dups = []
    for link, other_id in zip(doc.duplicates, others, strict=True):
        name, title = labels.get(other_id, (None, None))
        dups.append(m.DuplicateOut(
            id=other_id, name=name, title=title,
            relation="duplicate_of" if link.doc_id == doc.id else "duplicated_by",
            kind=link.kind, similarity=float(link.similarity), url=doc_url(other_id)))
    return m.DocumentPage(
        document=m.DocumentMeta(
            id=doc.id, name=doc.name, title=doc.title, url=doc.url, lang=doc.lang,
            dir=text_dir(doc.body_text()[:2000] or doc.text[:2000], doc.lang),
            published=doc.published, source=doc.source, locator=doc.locator,
            content_type=doc.content_type, encoding=doc.encoding, ingested_at=doc.ingested_at,
            updated_at=doc.updated_at),
        text=doc.text, body=[[s, e] for s, e in doc.body],
        paragraphs=[m.ParagraphOut(idx=i, start=p.start, end=p.end, kind=p.kind or "content",
                                   reason=p.reason or "", lang=p.lang,
                                   dir=text_dir(doc.text[p.start:p.end], p.lang or doc.lang))
                    for i, p in enumerate(doc.paragraphs)],
        countries=[str(c) for c in ex.get("countries") or ()],
        actors=[m.DocActor(name=str(a.get("name")), type=a.get("type"),
                           country=a.get("country"), role=a.get("role"),
                           mentions=a.get("mentions"))
                for a in ex.get("actors") or () if a.get("name")],
        mentions=[m.Mention(idx=i, start=int(x["start"]), end=int(x["end"]),
                            kind=str(x.get("kind") or ""), id=x.get("id"), name=x.get("name"),
                            country=x.get("country"))
                  for i, x in enumerate(ex.get("mentions") or ())],
        quotes=[m.DocQuote(idx=i, speaker=x.get("speaker"), lang=x.get("lang"),
                           dir=text_dir(str(x["text"]), x.get("lang") or doc.lang),
                           text=str(x["text"]), start=int(x["start"]), end=int(x["end"]))
                for i, x in enumerate(ex.get("quotes") or ())],
        events=events, duplicates=dups)


# -- writes ------------------------------------------------------------------------------------


def ingest(corpus: Corpus, req: m.IngestRequest) -> m.IngestResponse:
    """Store one posted document (text or HTML) or fetch and store one http(s) URL.

    Text is handed to the pipeline as a one-record JSON Lines stream, so it takes exactly the
    path ``qasid ingest -`` takes; its name defaults to a hash of the content, so posting the
    same text twice stores it once. Only http(s) URLs are accepted: a path would let a web
    client read the server's files.
    """
    given = [k for k in ("url", "text", "html") if getattr(req, k)]
    if req.url and not req.text and not req.html:
        target = req.url.strip()
        if not re.match(r"https?://", target, re.IGNORECASE):
            raise bad("url must be an http:// or https:// URL")
        sources, stdin = [target], None
    elif len(given) == 1 or (req.url and len(given) == 2):
        content = req.text or req.html or ""
        s = corpus.settings
        name = (req.name or "").strip() or \
            "api-" + hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        record = {s.jsonl_id_field: name,
                  (s.jsonl_text_field if req.text else s.jsonl_html_field): content}
        for fld, value in ((s.jsonl_title_field, req.title), (s.jsonl_date_field, req.published),
                           (s.jsonl_url_field, req.url)):
            if value:
                record[fld] = value
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            data = line.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError("the posted text contains unpaired surrogates", code="E441") from exc
        sources, stdin = ["-"], io.BytesIO(data)
    else:
        raise bad("give exactly one of 'url', 'text' or 'html' (text/html may carry a 'url')")
    done: list[m.IngestedDoc] = []

    def record_doc(name: str, result: Any, status: str) -> None:
        from qasid.store.store import doc_id

        if status == "failed":
            done.append(m.IngestedDoc(name=name, status=status,
                                      reason=f"{result.code} {result.message}"))
        else:
            ident = doc_id(result.locator)
            done.append(m.IngestedDoc(id=ident, name=result.name, status=status,
                                      url=doc_url(ident)))

    rep = corpus.ingest(sources, stdin=stdin, on_document=record_doc)
    return m.IngestResponse(read=rep.read, new=rep.new, updated=rep.updated,
                            unchanged=rep.unchanged, failed=rep.failed, documents=done)
