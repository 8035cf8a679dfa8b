"""Code diplomatic events sentence by sentence.

For every trigger (``qasid/data/lexicons/<lang>/triggers.yaml``) found in a body sentence:

* **Polarity** — a negation cue within three tokens of an affirmative trigger turns it into
  its ``negated_type`` (``not ready to talk`` → REFUSE_TALKS) or drops it.
* **Conditions** — a condition cue (``اگر``, ``إذا``, ``if``) before the trigger in its
  sentence makes the clause a condition; an offer of talks or cooperation under conditions is
  coded as a DEMAND carrying them (FORMAT.md: "if → conditions, not an unconditional event").
* **Source** — inside a quotation, the speaker; otherwise the first actor of the trigger's
  clause (after ``که``/``أن``/``that``), or of the main clause, or the subject carried over
  from the previous sentence. Coordinated actors (``عمان و قطر``) each become a source.
* **Claims** — when the main clause's speaker reports an act of another state (``مدعی شد``,
  ``زعم``, ``claimed``, or any reporting verb whose clause has a foreign subject), the event
  is that state's, ``claimed_by`` the speaker.
* **Target** — the actors after the trigger's target markers (``با``, ``مع``, ``with``),
  else the nearest other state in the sentence, else, for the two principals of the
  relationship (Iran and the United States), the other principal when the article names it.
* **Channel** — ``via`` is the state after a channel marker (``از طریق سفارت سوئیس``,
  ``بوساطة عمانية``, ``through Omani mediators``: mode indirect) or a third-country venue of a
  meeting (``در ریاض``: mode direct); ``medium`` from the trigger or cue words.
* **Date** — an absolute or relative date in the sentence, resolved against the publication
  date; otherwise none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from qasid.resources import tsv
from qasid.stages.actors.matcher import Mention
from qasid.stages.cues import Lexicon, Trigger, lexicon
from qasid.stages.dates import find_dates, find_relative_dates, resolve
from qasid.stages.events.matching import Token, find_triggers, tokenize
from qasid.stages.events.types import consult_refinements, event_types
from qasid.stages.normalize import NormalizedText, normalize
from qasid.stages.quotes import Quote
from qasid.stages.segment import sentence_spans

#: the principals of the relationship qasid covers first; a talks event between one of them
#: and an unnamed counterpart is about the other when the article names it
PRINCIPALS = ("IRN", "USA")
NEG_WINDOW = 3


@dataclass(frozen=True)
class Event:
    type: str
    source: str | None
    target: str | None
    start: int  # evidence: the sentence
    end: int
    trigger_start: int
    trigger_end: int
    parties: tuple[str, ...] = ()
    source_actor: Mention | None = None
    target_actor: Mention | None = None
    mode: str | None = None
    via: str | None = None
    medium: str | None = None
    date: str | None = None
    claimed_by: Mention | None = None
    conditions: tuple[tuple[int, int], ...] = ()
    cameo: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    negated: bool = False
    in_quote: bool = False
    rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@cache
def _complementizers(lang: str) -> re.Pattern[str] | None:
    forms = [normalize(r["form"]).text for r in tsv("lexicons/complementizers.tsv")
             if r["lang"] == lang]
    if not forms:
        return None
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


def _actor(m: Mention) -> bool:
    return m.country is not None


def extract_events(
    text: str,
    paragraphs: Sequence[tuple[int, int, str | None]],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    *,
    lang: str | None,
    published: str | None,
) -> list[Event]:
    """Events in the body paragraphs ``(start, end, lang)`` of ``text``."""
    mentions = sorted((m for m in mentions if _actor(m)), key=lambda m: m.start)
    doc_countries = {m.country for m in mentions}
    anchor = _anchor(published)
    events: list[Event] = []
    prev_subject: Mention | None = None
    for ps, pe, plang in paragraphs:
        lex = lexicon(plang or lang or "en")
        for a, b in sentence_spans(text, ps, pe):
            sent_mentions = [m for m in mentions if a <= m.start and m.end <= b]
            norm = normalize(text[a:b])
            tokens = tokenize(norm.text)
            ctx = _Sentence(text, a, b, norm, tokens, sent_mentions, lex, plang or lang or "en")
            for hit in find_triggers(tokens, lex):
                trig = lex.triggers[hit.trigger]
                events.extend(_events_for(ctx, trig, hit.first, hit.last, quotes, prev_subject,
                                          doc_countries, anchor))
            subj = next((m for m in sent_mentions if m.kind in ("person", "title", "org")), None)
            if subj is not None:
                prev_subject = subj
    return _dedupe(events)


def _anchor(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        parts = [int(x) for x in published.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2
                       else 1)
    except (ValueError, IndexError):
        return None


@dataclass
class _Sentence:
    text: str
    start: int
    end: int
    norm: NormalizedText
    tokens: list[Token]
    mentions: list[Mention]
    lex: Lexicon
    lang: str

    def orig(self, ns: int, ne: int) -> tuple[int, int]:
        s, e = self.norm.to_original(ns, ne)
        return s + self.start, e + self.start

    def tok_span(self, i: int, j: int) -> tuple[int, int]:
        return self.orig(self.tokens[i].start, self.tokens[j].end)

    def cue_spans(self, category: str) -> list[tuple[int, int]]:
        return [self.orig(s, e) for s, e, _ in self.lex.cue(category).finditer(self.norm.text)]


def _events_for(ctx: _Sentence, trig: Trigger, first: int, last: int, quotes: Sequence[Quote],
                prev_subject: Mention | None, doc_countries: set[str | None],
                anchor: dt.date | None) -> list[Event]:
    ts, te = ctx.tok_span(first, last)
    etype = trig.type
    negated = False
    # polarity
    if trig.polarity != "negative":
        lo = ctx.tokens[max(0, first - NEG_WINDOW)].start
        hi = ctx.tokens[min(len(ctx.tokens) - 1, last + NEG_WINDOW)].end
        if any(lo <= s and e <= hi for s, e, _ in ctx.lex.cue("negation").finditer(ctx.norm.text)
               if not (ctx.tokens[first].start <= s < ctx.tokens[last].end)):
            if trig.negated_type is None:
                return []
            etype, negated = trig.negated_type, True
    # clause structure
    comp = _complementizers(ctx.lang)
    clause_start = ctx.start
    main_end = None
    if comp is not None:
        for m in comp.finditer(ctx.norm.text, 0, ctx.tokens[first].start):
            main_end = ctx.orig(m.start(), m.start())[0]
            clause_start = ctx.orig(m.end(), m.end())[0]
    quote = next((q for q in quotes if q.start <= ts < q.end), None)
    if quote is not None and quote.start > clause_start:
        clause_start = quote.start
    # conditions
    conditions: list[tuple[int, int]] = []
    for cs, _ce in ctx.cue_spans("condition"):
        if clause_start <= cs < ts or (quote and quote.start <= cs < ts):
            cond_end = ts
            comma = ctx.text.rfind("،", cs, ts)
            comma = max(comma, ctx.text.rfind(",", cs, ts))
            if comma > cs:
                cond_end = comma
            conditions.append((cs, cond_end))
    if conditions and etype in ("INTENT_TALKS", "CONSULT", "MEDIATE"):
        etype = "DEMAND"
    # source
    in_clause = [m for m in ctx.mentions if clause_start <= m.start and m.end <= ts]
    main = [m for m in ctx.mentions if main_end is not None and m.end <= main_end]
    speaker: Mention | None = quote.speaker if quote is not None else None
    claimed_by: Mention | None = None
    if speaker is not None:
        sources = [speaker]
    elif in_clause:
        sources = _coordinated(ctx, in_clause, in_clause[0])
        head = next((m for m in main if m.kind in ("person", "title", "org")), None)
        if head is not None and head.country not in {s.country for s in sources}:
            claimed_by = head  # "Trump said that Iran wants a deal"
        elif head is not None and sources[0].kind == "country":
            sources = [head]  # "Vance said Washington is open to talks": Vance is the actor
    elif main:
        sources = [main[0]]
    else:
        after = [m for m in ctx.mentions if m.start >= te]
        # Arabic verb-first clauses: the subject follows the verb
        if ctx.lang == "ar" and after and after[0].start - te < 60:
            sources = [after[0]]
        elif prev_subject is not None:
            sources = [prev_subject]
        else:
            return []
    claim_cues = ctx.cue_spans("claim")
    if claimed_by is None and claim_cues and speaker is None:
        head = next((m for m in ctx.mentions if m.end <= claim_cues[0][0]
                     and m.kind in ("person", "title", "org")), None)
        if head is not None and head not in sources:
            claimed_by = head
    # channel
    via, venue = _channel(ctx, sources)
    # targets
    source_countries = {s.country for s in sources}
    targets = _targets(ctx, trig, ts, te, sources, via, clause_start)
    if not targets and etype != "MEDIATE":
        other = [c for c in PRINCIPALS if c not in source_countries and c in doc_countries]
        if source_countries & set(PRINCIPALS) and len(other) == 1:
            targets = [Mention(ts, ts, "country", other[0], other[0], None, "principal")]
    if etype != "MEDIATE" and not targets:
        return []
    mode = trig.mode
    if ctx.cue_spans("mode_indirect"):
        mode = "indirect"
    elif ctx.cue_spans("mode_direct"):
        mode = "direct"
    if via is not None and not venue and mode is None:
        mode = "indirect"
    medium = trig.medium or _medium(ctx)
    if etype == "CONSULT" and mode is None and medium in ("phone", "visit", "meeting"):
        mode = "direct"
    date = _date(ctx, anchor)
    base = Event(
        type=etype, source=None, target=None, start=ctx.start, end=ctx.end, trigger_start=ts,
        trigger_end=te, mode=mode if etype in ("CONSULT", "MEDIATE") else None,
        via=via if etype in ("CONSULT", "MEDIATE", "APPEAL_TALKS", "INTENT_TALKS") else None,
        medium=medium if etype == "CONSULT" else None, date=date, claimed_by=claimed_by,
        conditions=tuple(conditions), negated=negated, in_quote=quote is not None,
        rule=f"{trig.type}:{trig.note}"[:80],
    )
    base = _codes(base, trig, venue)
    out: list[Event] = []
    if etype == "MEDIATE":
        parties = tuple(sorted({t.country for t in targets if t.country} - source_countries))
        if len(parties) < 2:
            parties = tuple(sorted(set(PRINCIPALS) - source_countries))
        for s in sources:
            out.append(replace(base, source=s.country, parties=parties,
                               source_actor=s if s.kind != "country" else None))
        return out
    for s in sources:
        for t in targets:
            if t.country == s.country:
                continue
            out.append(replace(base, source=s.country, target=t.country,
                               source_actor=s if s.kind != "country" else None,
                               target_actor=t if t.kind not in ("country",) else None))
    return out


def _coordinated(ctx: _Sentence, pool: list[Mention], head: Mention) -> list[Mention]:
    """``head`` and the actors joined to it by "and"/"و"/commas (``عمان و قطر``)."""
    group = [head]
    idx = pool.index(head)
    for m in pool[idx + 1 :]:
        gap = ctx.text[group[-1].end : m.start]
        if re.fullmatch(r"\s*(?:و|and|,|،|and the)?\s*", gap):
            group.append(m)
        else:
            break
    return group


def _targets(ctx: _Sentence, trig: Trigger, ts: int, te: int, sources: list[Mention],
             via: str | None, clause_start: int) -> list[Mention]:
    src = {s.country for s in sources}
    cands = [m for m in ctx.mentions if m.country not in src and m.country != via
             and m not in sources]
    if not cands:
        return []
    # after a target marker of the trigger ("با X", "مع X", "with X", "از X خواستند")
    for marker in trig.target_markers:
        for mk in re.finditer(rf"(?<!\w){re.escape(marker)}(?!\w)", ctx.norm.text):
            pos = ctx.orig(mk.end(), mk.end())[0]
            after = [m for m in cands if 0 <= m.start - pos <= 40]
            if after:
                return _coordinated(ctx, cands, after[0])
    after = [m for m in cands if m.start >= te]
    if after:
        return _coordinated(ctx, cands, after[0])
    before = [m for m in cands if clause_start <= m.start < ts]
    if before:
        return _coordinated(ctx, cands, before[0])
    before = [m for m in cands if m.start < ts]
    return [before[-1]] if before else []


def _channel(ctx: _Sentence, sources: list[Mention]) -> tuple[str | None, bool]:
    """The intermediary (or third-country venue) of the sentence, and whether it is a venue."""
    src = {s.country for s in sources}
    for _s, e in ctx.cue_spans("via_marker"):
        nxt = [m for m in ctx.mentions if m.start >= e and m.start - e <= 40
               and m.country not in src]
        if nxt:
            return nxt[0].country, False
    for _s, e in ctx.cue_spans("venue_marker"):
        nxt = [m for m in ctx.mentions if m.start >= e and m.start - e <= 2
               and m.kind == "country" and m.how in ("capital", "country")
               and m.country not in src]
        if nxt:
            return nxt[0].country, True
    return None, False


_MEDIA = (("medium_phone", "phone"), ("medium_text_messages", "text messages"),
          ("medium_letter", "letter"), ("medium_visit", "visit"), ("medium_meeting", "meeting"))


def _medium(ctx: _Sentence) -> str | None:
    for cat, name in _MEDIA:
        if ctx.cue_spans(cat):
            return name
    return None


def _date(ctx: _Sentence, anchor: dt.date | None) -> str | None:
    seg = ctx.text[ctx.start : ctx.end]
    for d in find_dates(seg):
        if d.iso:
            return d.iso
    if anchor is None:
        return None
    for rel in find_relative_dates(seg):
        res = resolve(rel, anchor)
        if res is not None:
            return res.iso
    return None


def _codes(ev: Event, trig: Trigger, venue: bool) -> Event:
    et = event_types().get(ev.type)
    cameo = trig.cameo if trig.type == ev.type and trig.cameo else (et.cameo if et else None)
    plover = et.plover if et else None
    pmode = et.plover_mode if et else None
    if ev.type == "CONSULT":
        for cond, code, mode in consult_refinements():
            key, _, val = cond.partition("=")
            if ((key == "medium" and ev.medium == val) or (key == "mode" and ev.mode == val)
                    or (key == "venue" and venue)):
                cameo, pmode = code, mode
                break
    return replace(ev, cameo=cameo, plover=plover, plover_mode=pmode)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, source, target) per document; the first evidence wins, and
    attributes missing there are taken from later mentions of the same event."""
    out: dict[tuple[str, str | None, str | None, tuple[str, ...]], Event] = {}
    for ev in events:
        key = (ev.type, ev.source, ev.target, ev.parties)
        if ev.type == "CONSULT":
            pair = tuple(sorted(x for x in (ev.source, ev.target) if x))
            key = (ev.type, pair[0] if pair else None, pair[-1] if pair else None, ())
        if key not in out:
            out[key] = ev
            continue
        first = out[key]
        out[key] = replace(
            first, mode=first.mode or ev.mode, via=first.via or ev.via,
            medium=first.medium or ev.medium, date=first.date or ev.date,
            source_actor=first.source_actor or ev.source_actor,
            target_actor=first.target_actor or ev.target_actor)
    return list(out.values())
