"""One service function per page: store queries in, a response model out.

The HTML route and the ``.json`` route of a page both call the same function here (through a
FastAPI dependency in :mod:`qasid.web.app`), so a page and its JSON twin always show the same
records. Nothing here knows about HTML.

Filters the store answers itself (type, source, target, between, dates, document) are passed
to :meth:`qasid.store.Store.events`; the rest (actor substring, channel, mode, medium,
language, third parties) are applied here, on the rows the store returned.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from qasid.corpus import Corpus
from qasid.errors import ConfigError, InputError
from qasid.web import models as m
from qasid.web.text import text_dir

#: the twelve FORMAT.md event types, in the order charts list them
EVENT_TYPES = ("INTENT_TALKS", "APPEAL_TALKS", "REQUEST_MEDIATION", "MEDIATE", "CONSULT",
               "DEMAND", "REFUSE_TALKS", "REJECT", "DENY", "ACCUSE", "THREATEN", "ATTACK")
#: willingness to talk (issue 4: INTENT/APPEAL) versus refusal (REFUSE/REJECT/THREATEN)
POSITIVE = ("INTENT_TALKS", "APPEAL_TALKS")
NEGATIVE = ("REFUSE_TALKS", "REJECT", "THREATEN")
MODES = ("direct", "indirect", "unspecified")
#: a channel filter value matching events without any channel
NO_CHANNEL = "NONE"

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


def url(path: str, **params: Any) -> str:
    """``path?query`` with empty values dropped and lists repeated.

    >>> url("/events", type=["CONSULT"], between="IRN,USA", mode=None)
    '/events?type=CONSULT&between=IRN%2CUSA'
    """
    pairs = []
    for key, value in params.items():
        if value is None or value in ("", [], ()):
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((key.rstrip("_"), str(v)))
    return f"{path}?{urlencode(pairs)}" if pairs else path


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


def channel_of(row: dict[str, Any]) -> str | None:
    """The channel of an event: its ``via``, or the mediator of a MEDIATE event."""
    if row.get("via"):
        return str(row["via"])
    if row.get("type") == "MEDIATE" and row.get("source"):
        return str(row["source"])
    return None


def participants(row: dict[str, Any]) -> set[str]:
    return {p for p in (row.get("source"), row.get("target"), *(row.get("parties") or ())) if p}


def _matches(row: dict[str, Any], f: m.EventFilters) -> bool:
    if f.party and f.party not in participants(row):
        return False
    if f.channel:
        ch = channel_of(row)
        if (ch is not None) if f.channel == NO_CHANNEL else (ch != f.channel):
            return False
    if f.mode and (row.get("mode") or "unspecified") != f.mode:
        return False
    if f.medium and (row.get("medium") or "unspecified").lower() != f.medium.lower():
        return False
    if f.actor:
        want = f.actor.casefold()
        if not any(want in (row.get(k) or "").casefold() for k in ("source_actor",
                                                                    "target_actor")):
            return False
    if f.source_actor and row.get("source_actor") != f.source_actor:
        return False
    return not (f.lang and row.get("lang") != f.lang)


def _in_store_between(row: dict[str, Any], a: str, b: str) -> bool:
    """:meth:`Store.events` ``between`` semantics, for rows fetched without it."""
    pair = {a, b}
    if {row.get("source"), row.get("target")} == pair and a != b:
        return True
    if row.get("type") == "MEDIATE":
        return set(row.get("parties") or ()) >= pair or row.get("source") in pair
    return False


def _in_timeline(row: dict[str, Any], a: str, b: str, third: set[str]) -> bool:
    if _in_store_between(row, a, b):
        return True
    if not third:
        return False
    parts = participants(row)
    return bool(parts & {a, b}) and bool(parts & third) and parts <= {a, b} | third


def resolve_doc(corpus: Corpus, key: str | None) -> str | None:
    """A document filter value (id, name, locator) as the document's id."""
    if not key:
        return None
    found = corpus.get(key)
    if found is None:
        raise NotFoundError(f"no document {key!r}")
    return str(found.id)


def query_events(corpus: Corpus, f: m.EventFilters, *,
                 keep: Callable[[dict[str, Any]], bool] | None = None,
                 use_between: bool = True) -> list[dict[str, Any]]:
    """All stored events matching ``f`` (and ``keep``), in timeline order."""
    if f.since and f.until and f.since > f.until + "~":
        raise bad(f"since {f.since} is after until {f.until}")
    rows = corpus.events(
        types=f.types, source=f.source, target=f.target,
        between=tuple(f.between) if (f.between and use_between) else None,
        since=f.since, until=f.until, doc=resolve_doc(corpus, f.doc))
    return [r for r in rows if _matches(r, f) and (keep is None or keep(r))]


@dataclass
class _Docs:
    """Documents of one request, each read once (for evidence text and titles)."""

    corpus: Corpus
    cache: dict[str, Any] = field(default_factory=dict)

    def get(self, ident: str) -> Any:
        if ident not in self.cache:
            self.cache[ident] = self.corpus.get(ident)
        return self.cache[ident]


def _none(value: Any) -> str | None:
    """Stored optional text; the literal 'None' some extractors wrote counts as missing."""
    if value is None:
        return None
    s = str(value)
    return None if s in ("", "None") else s


def to_event(row: dict[str, Any], docs: _Docs | None = None) -> m.Event:
    doc = docs.get(row["doc_id"]) if docs is not None else None
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
        evidence=doc.text[start:end] if doc is not None else None,
        evidence_url=doc_url(row["doc_id"], f"ev-{row['idx']}"))


def _page(rows: Sequence[Any], limit: int, offset: int,
          pager: Pager) -> tuple[list[Any], str | None]:
    chunk = list(rows[offset : offset + limit])
    more = offset + limit < len(rows)
    return chunk, (pager(offset + limit) if more else None)


#: filters :meth:`Store.events` cannot apply itself (they are applied to its rows here)
_ROW_FILTERS = ("party", "channel", "mode", "medium", "actor", "source_actor", "lang")


def events_page(corpus: Corpus, f: m.EventFilters, *, limit: int, offset: int,
                pager: Pager) -> m.EventsPage:
    """A page of events. When the store can apply every filter, it also pages (one more row
    than asked tells whether a next page exists) and the list is not counted: reading every
    row of a large store to count it would cost more than the page itself."""
    docs = _Docs(corpus)
    if not any(getattr(f, k) for k in _ROW_FILTERS):
        if f.since and f.until and f.since > f.until + "~":
            raise bad(f"since {f.since} is after until {f.until}")
        rows = corpus.events(types=f.types, source=f.source, target=f.target,
                             between=tuple(f.between) if f.between else None, since=f.since,
                             until=f.until, doc=resolve_doc(corpus, f.doc), limit=limit + 1,
                             offset=offset)
        more = len(rows) > limit
        return m.EventsPage(limit=limit, offset=offset, total=None,
                            next=pager(offset + limit) if more else None, filters=f,
                            events=[to_event(r, docs) for r in rows[:limit]])
    rows = query_events(corpus, f)
    chunk, nxt = _page(rows, limit, offset, pager)
    return m.EventsPage(limit=limit, offset=offset, total=len(rows), next=nxt, filters=f,
                        events=[to_event(r, docs) for r in chunk])


def timeline_page(corpus: Corpus, a: str, b: str, third: Sequence[str], f: m.EventFilters, *,
                  limit: int, offset: int, pager: Pager) -> m.TimelinePage:
    if a == b:
        raise bad(f"a dyad needs two different parties, got {a} and {b}")
    thirds = {t for t in third if t not in (a, b)}
    if thirds:
        rows = query_events(corpus, f, keep=lambda r: _in_timeline(r, a, b, thirds))
    else:
        rows = query_events(corpus, f.model_copy(update={"between": [a, b]}))
    counts: Counter[tuple[str, str]] = Counter()
    undated = 0
    for r in rows:
        day = r.get("day")
        if day:
            counts[(day[:7], r["type"])] += 1
        else:
            undated += 1
    chunk, nxt = _page(rows, limit, offset, pager)
    docs = _Docs(corpus)
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    return m.TimelinePage(
        limit=limit, offset=offset, total=len(rows), next=nxt, a=a, b=b,
        third=sorted(thirds), filters=f, undated=undated,
        counts=[m.MonthCount(month=mo, type=t, count=n)
                for (mo, t), n in sorted(counts.items(), key=lambda x: (x[0][0],
                                                                     order.get(x[0][1], 99)))],
        events=[to_event(r, docs) for r in chunk])


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


def channels_page(corpus: Corpus, f: m.EventFilters) -> m.ChannelsPage:
    """CONSULT and MEDIATE events as links between parties, through their channels."""
    f = f.model_copy(update={"types": ["CONSULT", "MEDIATE"]})
    rows = query_events(corpus, f)
    groups: dict[tuple[str, str, str, str | None, str], list[dict[str, Any]]] = defaultdict(list)
    roles: dict[tuple[str, str, str, str | None, str], str | None] = {}
    unplaced = 0
    for r in rows:
        mode = r.get("mode") or "unspecified"
        if r["type"] == "CONSULT":
            src, tgt = r.get("source"), r.get("target")
            if not src or not tgt or src == tgt:
                unplaced += 1
                continue
            via = r.get("via") or None
            pairs = [tuple(sorted((src, tgt)))]
            role = ("intermediary" if via and mode == "indirect" else "venue" if via else None)
            channel = via
        else:
            parties = sorted(set(r.get("parties") or ()))
            if len(parties) < 2 or not r.get("source"):
                unplaced += 1
                continue
            pairs = [(x, y) for i, x in enumerate(parties) for y in parties[i + 1:]]
            channel, role = r["source"], "mediator"
        for a, b in pairs:
            key = (r["type"], a, b, channel, mode)
            groups[key].append(r)
            roles[key] = role
    links = []
    involved: dict[str, set[str]] = defaultdict(set)
    party_codes: set[str] = set()
    channel_codes: set[str] = set()
    base = {"lang": f.lang, "since": f.since, "until": f.until, "party": f.party}
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k[0], k[1], k[2], k[3] or "",
                                             k[4])):
        kind, a, b, channel, mode = key
        evs = groups[key]
        ids = [f"{r['doc_id']}-{r['idx']}" for r in evs]
        party_codes.update((a, b))
        role = roles[key]
        if channel and role in ("intermediary", "mediator"):
            channel_codes.add(channel)
        for r in evs:
            ident = f"{r['doc_id']}-{r['idx']}"
            for c in (a, b, *([channel] if role in ("intermediary", "mediator") else [])):
                if c:
                    involved[c].add(ident)
        media = Counter((r.get("medium") or "unspecified") for r in evs)
        links.append(m.ChannelLink(
            id=f"{kind}:{a}-{b}:{channel or '-'}:{mode}", type=kind, a=a, b=b,
            channel=channel, channel_role=role, mode=mode, media=dict(sorted(media.items())),
            count=len(evs), event_ids=ids,
            events_url=url("/events", type=kind, between=f"{a},{b}",
                           channel=channel or NO_CHANNEL.lower(), mode=mode, **base)))
    nodes = [m.ChannelNode(id=c, label=country_label(c),
                           role="party" if c in party_codes else "intermediary",
                           events=len(involved[c]))
             for c in sorted(party_codes | channel_codes,
                             key=lambda c: (-len(involved[c]), c))]
    return m.ChannelsPage(filters=f, nodes=nodes, links=links, unplaced=unplaced)


# -- stance ------------------------------------------------------------------------------------


def _index(pos: int, neg: int) -> float:
    return round((pos - neg) / (pos + neg), 4) if pos + neg else 0.0


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
    """Per country (or actor) and month: events of willingness against events of refusal."""
    f = event_filters(types=[*POSITIVE, *NEGATIVE], target=target, since=since, until=until,
                      lang_=lang_)
    rows = query_events(corpus, f)
    key_field = "source" if by == "country" else "source_actor"
    wanted = set(sources)
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        k = r.get(key_field)
        if not k or (wanted and k not in wanted):
            continue
        per[k].append(r)
    months_seen = sorted({r["day"][:7] for rs in per.values() for r in rs if r.get("day")})
    months = month_range(months_seen[0], months_seen[-1]) if months_seen else []
    series = []
    for k, rs in per.items():
        by_month: dict[str, Counter[str]] = defaultdict(Counter)
        undated = 0
        for r in rs:
            if r.get("day"):
                by_month[r["day"][:7]][r["type"]] += 1
            else:
                undated += 1
        pos = sum(1 for r in rs if r["type"] in POSITIVE)
        neg = len(rs) - pos
        ms = []
        for mo in months:
            c = by_month.get(mo)
            if not c:
                continue
            p = sum(c[t] for t in POSITIVE)
            n = sum(c[t] for t in NEGATIVE)
            ms.append(m.StanceMonth(month=mo, positive=p, negative=n, index=_index(p, n),
                                    types=dict(sorted(c.items()))))
        label = country_label(k) if by == "country" else k
        series.append(m.StanceSeries(key=k, label=label, positive=pos, negative=neg,
                                     undated=undated, index=_index(pos, neg), months=ms))
    series.sort(key=lambda s: (-(s.positive + s.negative), s.key))
    return m.StancePage(by="country" if by == "country" else "actor", target=f.target,
                        since=f.since, until=f.until, lang=f.lang,
                        positive_types=list(POSITIVE), negative_types=list(NEGATIVE),
                        months=months, series=series[:top])


# -- quotes ------------------------------------------------------------------------------------


def quotes_page(corpus: Corpus, *, speaker: str | None, lang_: str | None, q: str | None,
                doc: str | None, limit: int, offset: int, pager: Pager) -> m.QuotesPage:
    speaker, lang_v, q = text(speaker), lang(lang_), text(q)
    rows = corpus.quotes(speaker=speaker, lang=lang_v, text=q, doc=resolve_doc(corpus, doc))
    chunk, nxt = _page(rows, limit, offset, pager)
    out = [m.Quote(id=f"{r['doc_id']}-{r['idx']}", doc_id=r["doc_id"], doc=r.get("doc") or "",
                   idx=int(r["idx"]), speaker=_none(r.get("speaker")),
                   speaker_id=_none(r.get("speaker_id")), lang=_none(r.get("lang")),
                   dir=text_dir(r["text"], r.get("lang")), text=r["text"],
                   start=int(r["start"]), end=int(r["end"]), published=_none(r.get("published")),
                   url=doc_url(r["doc_id"], f"q-{r['idx']}"))
           for r in chunk]
    return m.QuotesPage(limit=limit, offset=offset, total=len(rows), next=nxt, speaker=speaker,
                        lang=lang_v, q=q, quotes=out)


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
    docs = _Docs(corpus, {doc.id: doc})
    events = [to_event(r, docs) for r in corpus.events(doc=doc.id)]
    dups = []
    for link in doc.duplicates:
        mine = link.doc_id == doc.id
        other_id = link.dup_of if mine else link.doc_id
        other = docs.get(other_id)
        dups.append(m.DuplicateOut(
            id=other_id, name=other.name if other else None, title=other.title if other else None,
            relation="duplicate_of" if mine else "duplicated_by", kind=link.kind,
            similarity=float(link.similarity), url=doc_url(other_id)))
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
