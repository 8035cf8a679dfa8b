"""Run the extraction stages on one document and shape FORMAT.md records.

Pure: text, body paragraphs, language and publication date in; plain dicts out. The same
function serves ingest, ``qasid extract`` (re-extraction after a lexicon change) and Spark.
Every record keeps its evidence offsets into the document's text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from qasid.stages.actors.matcher import Mention, find_mentions
from qasid.stages.actors.registry import Registry, load_registry
from qasid.stages.cues import lexicon
from qasid.stages.events import Event, extract_events
from qasid.stages.normalize import normalize
from qasid.stages.quotes import Quote, extract_quotes
from qasid.stages.segment import sentence_spans

#: versioned name of this extractor, stored with every extraction for provenance
EXTRACTOR = "qasid.rules.v1"


@cache
def resources_hash() -> str:
    """sha256 over every packaged data file: an extraction records which lexicons made it."""
    h = hashlib.sha256()
    root = resources.files("qasid.data")

    def walk(node: Any, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}/{child.name}"
            if child.is_dir():
                walk(child, name)
            elif not child.name.endswith((".py", ".pyc", ".md")):
                h.update(name.encode())
                h.update(child.read_bytes())

    walk(root, "")
    return h.hexdigest()[:16]


def _day(published: str | None) -> dt.date | None:
    if not published:
        return None
    parts = published.split("-")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 15)
    except ValueError:
        return None
    return None


def extract_document(
    text: str,
    paragraphs: Sequence[tuple[int, int, str | None]],
    *,
    lang: str | None,
    published: str | None,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """Actors, countries, quotes and events of the body ``paragraphs`` (``(start, end, lang)``).

    Returns a dict with FORMAT.md lists (``actors``, ``countries``, ``quotes``, ``events``)
    plus ``mentions`` (every actor mention with its span) and provenance keys.
    """
    reg = registry or load_registry()
    day = _day(published)
    mentions = find_mentions(text, paragraphs, lang=lang, day=day, registry=reg)
    quotes = extract_quotes(text, paragraphs, mentions, lang=lang)
    events = extract_events(text, paragraphs, mentions, quotes, lang=lang, published=published)
    acting = _acting_organisations(text, paragraphs, mentions, quotes, events, reg, lang)
    return {
        "actors": _actors(mentions, reg, day, acting),
        "countries": _countries(text, mentions, events, reg, lang),
        "quotes": [_quote(text, q, reg) for q in quotes],
        "events": [_event(text, e, reg) for e in events],
        "mentions": [_mention(m, reg) for m in mentions],
        "extractor": EXTRACTOR,
        "resources_hash": resources_hash(),
    }


def _name(m: Mention | None, reg: Registry) -> str | None:
    if m is None:
        return None
    if m.kind == "person" and m.ref in reg.people:
        return reg.people[m.ref].name
    if m.kind == "org" and m.ref in reg.organisations:
        return reg.organisations[m.ref].name
    if m.kind == "title" and m.role in reg.roles and m.country:
        role = reg.roles[m.role]
        label = role.country_labels.get(m.country) or role.label
        return label.format(country=reg.country_name(m.country), org="", host="")
    if m.kind == "country" and m.country:
        return reg.country_name(m.country)
    return None


def _mention(m: Mention, reg: Registry) -> dict[str, Any]:
    return {"start": m.start, "end": m.end, "kind": m.kind, "id": m.ref, "name": _name(m, reg),
            "country": m.country, "role": m.role, "how": m.how}


def _acting_organisations(text: str, paragraphs: Sequence[tuple[int, int, str | None]],
                          mentions: Sequence[Mention], quotes: Sequence[Quote],
                          events: Sequence[Event], reg: Registry, lang: str | None) -> set[str]:
    """Organisations that act in the article, as FORMAT.md's actors must.

    News names many bodies in passing ("at the UN", "a White House statement said", "the
    Security Council met"): an organisation counts when it speaks (a quote), takes part in an
    event (as actor, or as the IGO that is an event's source or target), heads a sentence
    with a reporting verb, or is an armed group (in this field, non-state armed groups are
    principals whenever they are named).
    """
    out: set[str] = set()
    codes = {c for e in events for c in (e.source, e.target, *e.parties) if c}
    for q in quotes:
        if q.speaker.kind == "org" and q.speaker.ref:
            out.add(q.speaker.ref)
    for e in events:
        for m in (e.source_actor, e.target_actor):
            if m is not None and m.kind == "org" and m.ref:
                out.add(m.ref)
    for m in mentions:
        if m.kind != "org" or m.ref is None:
            continue
        org = reg.organisations.get(m.ref)
        if org is None:
            continue
        if org.type == "armed group" or (org.code and org.code in codes):
            out.add(m.ref)
    for ps, pe, plang in paragraphs:
        lex = lexicon(plang or lang or "en")
        for a, b in sentence_spans(text, ps, pe):
            head = next((m for m in mentions if a <= m.start < b), None)
            if head is not None and head.kind == "org" and head.ref and \
                    lex.speech.search(normalize(text[a:b]).text):
                out.add(head.ref)
    return out


def _actors(mentions: Sequence[Mention], reg: Registry, day: dt.date | None,
            acting: set[str]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Mention] = {}
    by_role: dict[tuple[str, str], bool] = {}
    for m in mentions:
        if m.kind not in ("person", "org") or m.ref is None:
            continue
        if m.kind == "org" and m.ref not in acting:
            continue
        key = (m.kind, m.ref)
        counts[key] += 1
        first.setdefault(key, m)
        by_role[key] = by_role.get(key, True) and m.how == "title"
    out = []
    for key, m in sorted(first.items(), key=lambda kv: kv[1].start):
        if key[0] == "person":
            p = reg.people[m.ref or ""]
            rec: dict[str, Any] = {"name": p.name, "type": "person", "country": p.country,
                                   "role": reg.role_label(p, day), "id": p.id}
        else:
            o = reg.organisations[m.ref or ""]
            rec = {"name": o.name, "type": o.export_type, "country": o.code or o.country,
                   "id": o.id}
        rec["mentions"] = counts[key]
        rec["start"], rec["end"] = m.start, m.end
        if by_role[key]:
            rec["by_role"] = True
        out.append(rec)
    return out


def _countries(text: str, mentions: Sequence[Mention], events: Sequence[Event], reg: Registry,
               lang: str | None) -> list[str]:
    """States named as actors or venues: country names, demonyms and capitals in the body —
    except inside slogans (``مرگ بر انگلیس`` names no political actor) — and every state an
    event involves."""
    slogan = lexicon(lang or "en").cue("slogan")
    seen: dict[str, None] = {}
    for m in mentions:
        if m.kind != "country" or m.country not in reg.countries:
            continue
        before = normalize(text[max(0, m.start - 30) : m.start]).text
        if any(e >= len(before) - 2 for _s, e, _f in slogan.finditer(before)):
            continue
        seen.setdefault(m.country, None)
    for e in events:
        for code in (e.source, e.target, e.via, *e.parties):
            if code in reg.countries:
                seen.setdefault(code, None)
    return list(seen)


def _quote(text: str, q: Quote, reg: Registry) -> dict[str, Any]:
    return {"speaker": _name(q.speaker, reg), "speaker_id": q.speaker.ref,
            "text": text[q.start : q.end], "start": q.start, "end": q.end, "lang": q.lang,
            "how": q.how}


def _event(text: str, e: Event, reg: Registry) -> dict[str, Any]:
    rec: dict[str, Any] = {"type": e.type, "source": e.source}
    if e.type == "MEDIATE":
        rec["parties"] = list(e.parties)
    else:
        rec["target"] = e.target
    rec.update({
        "source_actor": _name(e.source_actor, reg) if e.source_actor and
        e.source_actor.kind != "country" else None,
        "target_actor": _name(e.target_actor, reg) if e.target_actor and
        e.target_actor.kind != "country" else None,
        "mode": e.mode, "via": e.via, "medium": e.medium, "date": e.date,
        "claimed_by": _name(e.claimed_by, reg),
        "conditions": [text[s:t].strip() for s, t in e.conditions],
        "cameo": e.cameo, "plover": e.plover, "plover_mode": e.plover_mode,
        "start": e.start, "end": e.end, "trigger": [e.trigger_start, e.trigger_end],
        "text": text[e.start : e.end], "negated": e.negated, "in_quote": e.in_quote,
    })
    return {k: v for k, v in rec.items() if v is not None and v != []}
