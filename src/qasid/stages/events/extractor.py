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
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from qasid.resources import tsv
from qasid.stages.actors.matcher import Mention
from qasid.stages.cues import Lexicon, Trigger, lexicon
from qasid.stages.cues.syntax import after_preposition, syntax_words
from qasid.stages.dates import find_dates, find_relative_dates, resolve
from qasid.stages.events.matching import Token, find_triggers, tokenize
from qasid.stages.events.types import consult_refinements, event_types
from qasid.stages.normalize import NormalizedText, normalize, normalized_text
from qasid.stages.quotes import Quote
from qasid.stages.segment import sentence_spans

#: the principals of the relationship qasid covers first; a talks event between one of them
#: and an unnamed counterpart is about the other when the article names it
PRINCIPALS = ("IRN", "USA")
NEG_WINDOW = 3
#: characters from a reporting verb to the complementizer that opens its clause: English puts
#: adverbials between them ("said in a joint statement on Monday that"); Persian "که" farther
#: from the verb is mostly a relative pronoun
COMPLEMENT_REACH = {"en": 45, "fa": 12}
#: event types that are contacts or offers of contact (their venue is coded)
CONTACT_TYPES = frozenset({"CONSULT", "MEDIATE", "INTENT_TALKS", "APPEAL_TALKS",
                           "REQUEST_MEDIATION"})
#: characters between a trigger and a target marker that governs its target
MARKER_REACH = 80
#: tokens between a refusal or denial and the contact it refuses ("ruled out any meeting")
REFUSED_CONTACT_WINDOW = 4
#: tokens between a "must" (DEMAND) and the call to negotiate it introduces
APPEAL_AFTER_DEMAND = 6


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


def _evolve(ev: Event, **changes: object) -> Event:
    """``dataclasses.replace`` without its per-call field introspection, which showed in
    profiles: every event is copied several times on its way out (codes, actors, channel)."""
    new = object.__new__(Event)
    new.__dict__.update(ev.__dict__, **changes)
    return new


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
    mentions = sorted((m for m in mentions if _actor(m) and not _dateline(text, m)),
                      key=lambda m: m.start)
    starts = [m.start for m in mentions]
    doc_countries = {m.country for m in mentions}
    dyad = _dyad(mentions)
    anchor = _anchor(published)
    events: list[Event] = []
    prev_subject: Mention | None = None
    for ps, pe, plang in paragraphs:
        lex = lexicon(plang or lang or "en")
        slang = plang or lang or "en"
        pending: tuple[str | None, bool] = (None, False)
        if (text[ps:pe].lstrip().startswith(("*", "•"))
                and _QUESTION.search(text, ps, pe) is not None):
            continue  # an interview question: interviewers ask, they don't code
        for a, b in sentence_spans(text, ps, pe):
            if _QUESTION.search(text, a, b):
                continue  # a question reports nobody's act
            lo = bisect_left(starts, a)
            sent_mentions = [m for m in mentions[lo:bisect_left(starts, b, lo)] if m.end <= b]
            norm = normalize(text[a:b])
            tokens = tokenize(norm.text)
            ctx = _Sentence(text, a, b, norm, tokens, sent_mentions, lex, slang, dyad)
            hits = find_triggers(tokens, lex, norm.text)
            types = [lex.triggers[h.trigger].type for h in hits]
            if "DENY" in types:
                # a denial swallows what it denies: the act named just before it ("any
                # exchange of messages … denied"), not an unrelated clause of the sentence
                # ("… open to diplomacy, but there are no talks": not across a clause break)
                denies = [h for h, t in zip(hits, types, strict=True) if t == "DENY"]
                brk = _syntax_re(slang, "clause_break")
                breaks = [m.start() for m in brk.finditer(norm.text)] if brk else []
                hits = [h for h, t in zip(hits, types, strict=True) if t == "DENY" or not any(
                    0 <= d.first - h.last <= 12 and not any(
                        tokens[h.last].end <= p < tokens[d.first].start for p in breaks)
                    for d in denies)]
            if ("REFUSE_TALKS" in types or "DENY" in types) and "CONSULT" in types:
                # "ruled out any meeting between …", "denied any talks with …": the contact
                # named right after a refusal or a denial is what is refused, not a contact
                refusals = [h for h in hits
                            if lex.triggers[h.trigger].type in ("REFUSE_TALKS", "DENY")]
                hits = [h for h in hits if lex.triggers[h.trigger].type != "CONSULT" or not any(
                    0 <= h.first - r.last <= REFUSED_CONTACT_WINDOW for r in refusals)]
            if "DEMAND" in types and "APPEAL_TALKS" in types:
                # "must return to the negotiating table" is the appeal, not a second demand
                appeals = [h for h in hits if lex.triggers[h.trigger].type == "APPEAL_TALKS"]
                hits = [h for h in hits if lex.triggers[h.trigger].type != "DEMAND" or not any(
                    0 <= a.first - h.last <= APPEAL_AFTER_DEMAND for a in appeals)]
            found: list[Event] = []
            for hit in hits:
                trig = _as_appeal(ctx, lex.triggers[hit.trigger], hit.last)
                found.extend(_events_for(ctx, trig, hit.first, hit.last, quotes, prev_subject,
                                         doc_countries, anchor))
            found = _accused_attacks(found, slang)
            if not found:
                if events:
                    events[-1] = _continue_channel(ctx, events[-1])
                pending = _channel(ctx, []) if pending[0] is None else pending
            else:
                # a channel named just before the contact it belongs to, in the same paragraph
                found = [_with_channel(e, *pending) for e in found]
                pending = (None, False)
            events.extend(found)
            subj = next((m for m in sent_mentions if m.kind in ("person", "title", "org")
                         and not _prepositional(ctx, m)), None)
            if subj is not None:
                prev_subject = subj
    return _dedupe(events)


_QUESTION = re.compile(r"[?؟][\s\"'»”)]*$")


_syntax = syntax_words  # the function words of data/lexicons/syntax.tsv, shared with quotes


@cache
def _syntax_re(lang: str, category: str) -> re.Pattern[str] | None:
    forms = _syntax(lang, category)
    if not forms:
        return None
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


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
    dyad: tuple[str, ...] = PRINCIPALS  # the article's two main states (see _dyad)
    _cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _scan: dict[str, list[tuple[int, int]]] | None = None
    _marks: tuple[list[tuple[int, int, int]], list[int], list[tuple[int, int, int]]] | None = None
    _memo: dict[object, object] = field(default_factory=dict)

    def orig(self, ns: int, ne: int) -> tuple[int, int]:
        s, e = self.norm.to_original(ns, ne)
        return s + self.start, e + self.start

    def tok_span(self, i: int, j: int) -> tuple[int, int]:
        return self.orig(self.tokens[i].start, self.tokens[j].end)

    def norm_cues(self, category: str) -> list[tuple[int, int]]:
        """Normalised spans of a cue category (the sentence is scanned once for all)."""
        if self._scan is None:
            self._scan = self.lex.cue_scanner.scan(self.norm.text)
        return self._scan.get(category, [])

    def syntax_spans(self, category: str) -> list[tuple[int, int]]:
        """Original spans of a syntax-word category (memoised per sentence)."""
        key = "syntax:" + category
        found = self._cues.get(key)
        if found is None:
            rx = _syntax_re(self.lang, category)
            found = [] if rx is None else [self.orig(m.start(), m.end())
                                           for m in rx.finditer(self.norm.text)]
            self._cues[key] = found
        return found

    def cue_spans(self, category: str) -> list[tuple[int, int]]:
        """Original spans of a cue category in the sentence (memoised per sentence)."""
        found = self._cues.get(category)
        if found is None:
            found = [self.orig(s, e) for s, e in self.norm_cues(category)]
            self._cues[category] = found
        return found

    def norm_pos(self, orig_pos: int) -> int:
        return self.norm.to_normalized(orig_pos - self.start, orig_pos - self.start)[0]


def _prepositional(ctx: _Sentence, m: Mention) -> bool:
    """Whether ``m`` is the object of a preposition (``با آمریکا``, ``بالولايات``, ``with Iran``)
    and so cannot be a clause's subject (memoised per sentence: several rules ask)."""
    key = ("prep", m.start)
    found = ctx._memo.get(key)
    if found is None:
        found = ctx._memo[key] = after_preposition(ctx.text, m.start, ctx.start, ctx.lang)
    return bool(found)


#: tokens between a demand word and a talk complement that makes it an appeal
TALK_COMPLEMENT_WINDOW = 12


def _as_appeal(ctx: _Sentence, trig: Trigger, last: int) -> Trigger:
    """A demand whose complement is to talk ("urged both sides to negotiate", "از تهران و
    واشنگتن خواست گفت‌وگو کنند") is coded as an appeal for talks (FORMAT.md APPEAL_TALKS)."""
    if trig.type != "DEMAND" or trig.polarity == "negative":
        return trig
    rx = _syntax_re(ctx.lang, "talk_complement")
    if rx is None:
        return trig
    lo = ctx.tokens[last].start  # ("asked … to" ends on the "to" of "to hold talks")
    hi = ctx.tokens[min(len(ctx.tokens) - 1, last + TALK_COMPLEMENT_WINDOW)].end
    if any(lo <= m.start() and m.end() <= hi for m in rx.finditer(ctx.norm.text)):
        return _appeal_of(trig)
    return trig


@cache
def _appeal_of(trig: Trigger) -> Trigger:
    et = event_types().get("APPEAL_TALKS")
    return replace(trig, type="APPEAL_TALKS", cameo=et.cameo if et else "026",
                   negated_type=None, note=f"{trig.note} (complement: talks)")


#: the principals stay the article's dyad unless another state is named this many times more
DYAD_DOMINANCE = 3


def _dyad(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """The two states an article is about: the principals (Iran and the United States) when
    both are named and neither is dwarfed by a third state, else the two most named states
    (an Iran–Saudi article: "the two neighbours" are Iran and Saudi Arabia)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.country:
            counts[m.country] = counts.get(m.country, 0) + 1
    if len(counts) < 2:
        return PRINCIPALS
    top = max(counts.values())
    if all(counts.get(c, 0) * DYAD_DOMINANCE >= top for c in PRINCIPALS):
        return PRINCIPALS
    ranked = sorted(counts, key=lambda c: (-counts[c], c not in PRINCIPALS))
    return tuple(ranked[:2])


def _negations(ctx: _Sentence) -> list[tuple[int, int]]:
    """Negation words of the sentence (normalised spans), minus those inside a fixed phrase
    that does not negate: ``لا يزال`` (still), ``لا بد`` (must), ``نه تنها``, "not only"."""
    spans = ctx.norm_cues("negation")
    fixed = ctx.norm_cues("not_negation")
    if not fixed:
        return spans
    return [(s, e) for s, e in spans if not any(a <= s < b for a, b in fixed)]


def _clause_marks(ctx: _Sentence) -> tuple[list[tuple[int, int, int]], list[int],
                                            list[tuple[int, int, int]]]:
    """What :func:`_clause` needs from a sentence, computed once per sentence (a sentence
    often holds several triggers): clause breaks ``(norm start, norm end, original start)``
    that can open a clause, the original end offsets of reporting verbs and claim words, and
    complementizers ``(norm end, original start, original end)``."""
    memo = ctx._marks
    if memo is not None:
        return memo
    breaks: list[tuple[int, int, int]] = []
    brk = _syntax_re(ctx.lang, "clause_break")
    if brk is not None:
        for m in brk.finditer(ctx.norm.text):
            pre = ctx.norm.text[: m.start()].rstrip()
            if not pre.endswith((",", "،", ";", "؛")) and ctx.lang != "ar":
                continue
            breaks.append((m.start(), m.end(), ctx.orig(m.start(), m.start())[0]))
    speech: list[int] = []
    comps: list[tuple[int, int, int]] = []
    comp = _complementizers(ctx.lang)
    if comp is not None:
        speech = [e for _s, e in _speech_spans(ctx)]
        speech += [e for _s, e in ctx.cue_spans("claim")]
        comps = [(m.end(), ctx.orig(m.start(), m.start())[0], ctx.orig(m.end(), m.end())[0])
                 for m in comp.finditer(ctx.norm.text)]
    ctx._marks = (breaks, speech, comps)
    return ctx._marks


#: words after a reporting verb within which the reported clause's subject is looked for
SUBJECT_REACH = 4


def _opens_with_actor(ctx: _Sentence, pos: int, ts: int) -> bool:
    """Whether the words at ``pos`` (before ``ts``) name an actor that can be a subject: one
    of the first few words, not an adjective ("the American demand") and not the object of
    a preposition ("گفت با رفتار فعلی آمریکا …")."""
    m = next((x for x in ctx.mentions if pos <= x.start < ts), None)
    if m is None or m.how == "demonym":
        return False
    if len(normalized_text(ctx.text[pos : m.start]).split()) >= SUBJECT_REACH:
        return False
    return not after_preposition(ctx.text, m.start, pos, ctx.lang, words=SUBJECT_REACH)


def _speech_spans(ctx: _Sentence) -> list[tuple[int, int]]:
    """Original spans of the sentence's reporting verbs (memoised per sentence)."""
    found = ctx._memo.get("speech")
    if found is None:
        found = ctx._memo["speech"] = [ctx.orig(a, b)
                                       for a, b, _ in ctx.lex.speech.finditer(ctx.norm.text)]
    return found  # type: ignore[return-value]


def _clause(ctx: _Sentence, ts: int, te: int) -> tuple[int, int, int | None]:
    """``(start, end, main_end)`` of the trigger's clause; ``main_end`` is where a reporting
    clause ends when the trigger sits in its complement (``X گفت که …``, ``X أعلن أن …``)."""
    start, end, main_end = ctx.start, ctx.end, None
    nts, nte = ctx.norm_pos(ts), ctx.norm_pos(te)
    breaks, speech, comps = _clause_marks(ctx)
    for b_start, b_end, pos in breaks:
        if b_end <= nts:
            start = pos
        elif b_start >= nte and pos < end:
            end = pos
            break
    if _complementizers(ctx.lang) is not None:
        # "X مدعی شد ایران …" / "X claimed Iran …": the claim opens the clause even without
        # a complementizer
        for cs, ce in ctx.cue_spans("claim"):
            if ce <= ts and cs >= start:
                main_end, start = cs, ce
        for n_end, cpos, after in comps:
            if n_end > nts:
                break
            # a complement clause follows a reporting verb ("گفت که", "said that"); Persian
            # and English "که"/"that" after a noun open a relative clause instead. Arabic
            # "أن" is a complementizer wherever it stands.
            reach = COMPLEMENT_REACH.get(ctx.lang, 12)
            reported = ctx.lang == "ar" or any(0 <= cpos - e <= reach for e in speech)
            if reported and cpos >= start:
                main_end = cpos
                start = after
        if main_end is None:
            # "The State Department said Iran was …", "بقائی گفت ایران …": a reported clause
            # without a complementizer starts right after its reporting verb, when an actor
            # opens it (its subject); otherwise the clause may have no subject of its own
            # ("گفت با رفتار آمریکا … باقی نمانده": the speaker's statement)
            for vs, ve in _speech_spans(ctx):
                if start <= vs and ve <= ts and _opens_with_actor(ctx, ve, ts):
                    main_end, start = vs, ve
    if ctx.lang in ("fa", "en"):
        # a relative or complement clause after the trigger ("… مذاکره … بود که با حمله
        # اسرائیل …") is another predicate: its actors are not the trigger's
        nxt = next((cpos for _n, cpos, _a in comps if cpos >= te), None)
        if nxt is not None:
            end = min(end, nxt)
    return start, end, main_end


def _events_for(ctx: _Sentence, trig: Trigger, first: int, last: int, quotes: Sequence[Quote],
                prev_subject: Mention | None, doc_countries: set[str | None],
                anchor: dt.date | None) -> list[Event]:
    ts, te = ctx.tok_span(first, last)
    etype = trig.type
    negated = False
    cl_start, cl_end, _main = _clause(ctx, ts, te)
    if trig.polarity != "negative":
        # the window stops at the clause: "prefers diplomacy, but will not accept …"
        lo = max(ctx.tokens[max(0, first - NEG_WINDOW)].start, ctx.norm_pos(cl_start))
        hi = min(ctx.tokens[min(len(ctx.tokens) - 1, last + NEG_WINDOW)].end,
                 ctx.norm_pos(cl_end))
        t_lo, t_hi = ctx.tokens[first].start, ctx.tokens[last].end
        # nor into a condition that follows ("warned of consequences if it did not agree")
        hi = min([hi, *(cs for cs, _ce in ctx.norm_cues("condition") if cs > t_lo)])
        if any(lo <= s and e <= hi and not (t_lo <= s < t_hi)
               for s, e in _negations(ctx)):
            if trig.negated_type is None:
                return []
            etype, negated = trig.negated_type, True
    c_start, c_end, main_end = cl_start, cl_end, _main
    # the comma-delimited stretch that ends at the trigger: "که پیشتر نقش میانجی … ایفا
    # کرده‌اند، از تهران … خواستند" recounts history before the comma, reports after it
    seg_start = max(c_start, *(ctx.text.rfind(ch, c_start, ts) + 1 for ch in "،,:«\"“"))
    for category in ("background", "embedded"):
        if any(seg_start <= a < ts for a, _b in ctx.syntax_spans(category)):
            return []  # history or an embedded question, not a reported event
    quote = next((q for q in quotes if q.start <= ts < q.end), None)
    if quote is not None:
        c_start = max(c_start, quote.start)
        c_end = min(c_end, quote.end)
    # conditions: "if X does Y, ..." before the trigger
    conditions: list[tuple[int, int]] = []
    demand_in_condition = False
    for cs, _ce in ctx.cue_spans("condition"):
        if c_start <= cs < ts:
            comma = max(ctx.text.rfind("،", cs, ts), ctx.text.rfind(",", cs, ts))
            if comma > cs:
                conditions.append((cs, comma))
            elif etype == "DEMAND":
                # "if America withdraws its bases…": what the condition asks is the demand
                end = min((p for p in (ctx.text.find("،", te, c_end), ctx.text.find(",", te, c_end))
                           if p != -1), default=te)
                conditions.append((cs, end))
                demand_in_condition = True
            else:
                return []  # the trigger itself is inside the condition: hypothetical

    def in_conditions(m: Mention) -> bool:
        return any(a <= m.start < b for a, b in conditions)

    frame_override = "speaker" if demand_in_condition else None

    via_zone, free = _free_mentions(ctx)
    free = free + _duals(ctx, ts, doc_countries, free)
    subjects = [m for m in free if c_start <= m.start and m.end <= ts and not in_conditions(m)]
    if quote is not None:
        subjects = _with_first_person(ctx, quote, subjects, c_start, ts)
    main_head = None
    if main_end is not None:
        heads = [m for m in free if m.end <= main_end and m.kind in ("person", "title", "org")]
        # verb-first reporting ("قال وزير الخارجية الإيراني … إن"): the actor right after the
        # speech verb speaks, not one named earlier in a side remark ("حيث يشارك في اجتماع …")
        speech_ends = _clause_marks(ctx)[1]
        after_verb = [m for m in heads if any(0 <= m.start - e <= 2 for e in speech_ends)]
        main_head = after_verb[-1] if after_verb else next(iter(heads), None)
        if main_head is None:  # "France, Germany and Britain said that …"
            # ("the leaders of France": a genitive, though "of" is a preposition)
            main_head = next((m for m in ctx.mentions if m.end <= main_end and m.kind == "country"
                              and m.start >= ctx.start and not _venue_only(ctx, m)), None)
    reporter = quote.speaker if quote is not None else main_head
    if reporter is not None and main_end is not None and subjects:
        # "Trump said he had sent a letter to Iran's leader …": a pronoun opening the reported
        # clause is its subject and stands for the reporter; names after it are objects
        lead = [a for cat in ("pronoun_3sg", "pronoun_3pl") for a, _b in ctx.cue_spans(cat)
                if 0 <= a - c_start <= 3]
        if lead:
            subjects = [m for m in subjects if m.start < lead[0]]
    adjacent = _genitive(ctx, first, last, ts, te)
    if adjacent is not None and any(a <= adjacent.start < b for a, b in via_zone):
        adjacent = None  # "قناة الوساطة السويسرية": the channel, not the actor
    if trig.genitive == "party":
        adjacent = None  # "پیام ایران را … رساند": Iran's message, carried by the subject
    patient = None
    if (trig.genitive == "patient" and adjacent is not None
            and "after" in _syntax(ctx.lang, "genitive")):
        patient, adjacent = adjacent, None  # "ترور اسماعیل هنیه": the victim
    et = event_types().get(etype)
    frame = frame_override or (et.frame if et else "subject")
    agent = _agent(ctx, te, c_end)
    if agent is not None and etype in ("ATTACK", "THREATEN", "CONSULT", "MEDIATE",
                                       "REQUEST_MEDIATION", "ACCUSE", "DEMAND"):
        adjacent = agent  # "strikes carried out by the US", "was attacked by Israel"
    if (etype in ("ATTACK", "THREATEN") and adjacent is None and agent is None
            and (_topic_before(ctx, first, c_start) or _condemned(ctx, first, last))):
        return []  # "discussed/condemned the attack": the subject talks about it
    if patient is not None and agent is None:
        return []  # the act is named by its victim only: who did it is not stated here
    claimed_by: Mention | None = None
    target_hint: list[Mention] = []
    if adjacent is not None and frame == "subject":
        sources = _coordinated(ctx, ctx.mentions, adjacent, backward=adjacent.end <= ts)
        # "Putin answered Trump's request": the clause subject is the other party
        target_hint = [] if _marker_after(ctx, trig, ts, te, c_end) else [
            m for m in subjects if m.country not in {s.country for s in sources}
            and m.start < adjacent.start]
        if _is_claim(reporter, sources):
            claimed_by = reporter  # '"Iran wants a deal," Trump said'
        elif reporter is not None and reporter.country in {s.country for s in sources} and \
                sources[0].kind == "country":
            sources = [reporter]
    elif frame == "speaker" and reporter is not None:
        # a reporting clause may have several heads ("France, Germany and Britain said")
        sources = [reporter] if quote is not None else _coordinated(ctx, ctx.mentions, reporter)
        target_hint = [m for m in subjects if m.country != reporter.country]
        if demand_in_condition:
            target_hint = [m for m in free if in_conditions(m) and m.country != reporter.country]
    elif subjects:
        if subjects[0].how == "dual":
            sources = [m for m in subjects if m.how == "dual" and m.start == subjects[0].start]
        else:
            sources = _coordinated(ctx, subjects, subjects[0])
        if _is_claim(reporter, sources):
            claimed_by = reporter  # "Trump said that Iran wants a deal"
        elif reporter is not None and reporter.country in {s.country for s in sources} and \
                sources[0].kind == "country":
            sources = [reporter]  # "Vance said Washington is open to talks"
    elif reporter is not None and etype != "ATTACK":
        # (a speaker is not the agent of an attack they only name: «حمله به عراق … نقض …»)
        sources = [reporter]
    else:
        place, is_venue = _channel(ctx, [])
        after = [m for m in free if te <= m.start < c_end
                 and not (is_venue and m.country == place and m.kind == "country")]
        # verb-first clauses whose pattern runs past the subject ("وهدد ترامب بقصف …",
        # "شنت إسرائيل هجوما"): the first actor inside the match, not after it, acts
        inside = [m for m in free if ts < m.start and m.end <= te
                  and not _prepositional(ctx, m)]
        if inside and ctx.lang == "ar":
            after = inside
        elif etype == "ATTACK":
            return []  # an attack is coded only with its agent in the sentence
        pronoun = any(c_start <= a < ts for cat in ("pronoun_3sg", "pronoun_3pl")
                      for a, _b in ctx.cue_spans(cat))
        if pronoun and prev_subject is not None:
            sources = [prev_subject]  # "He met Rouhani": he, not Rouhani, met
        elif after and after[0].start - te < 60:  # verb-first clauses (Arabic, headlines)
            sources = _coordinated(ctx, ctx.mentions, after[0])
        elif prev_subject is not None:
            sources = [prev_subject]
        else:
            return []
    if patient is not None:
        target_hint = [patient]
    claims = [s for s, _e in ctx.cue_spans("claim") if s < ts]
    if claimed_by is None and claims and quote is None:
        head = next((m for m in free if m.end <= claims[0]
                     and m.kind in ("person", "title", "org")), None)
        if head is not None and head.country not in {s.country for s in sources}:
            claimed_by = head
    # an offer under conditions another party must meet is a demand on that party
    if conditions and etype in ("INTENT_TALKS", "CONSULT", "MEDIATE", "REFUSE_TALKS"):
        cond_subjects = [m for m in free if in_conditions(m)
                         and m.country not in {s.country for s in sources}]
        if cond_subjects:
            etype = "DEMAND"
            target_hint = [cond_subjects[0]]
    via, venue = _channel(ctx, sources, contact=etype in CONTACT_TYPES)
    src_countries = {s.country for s in sources}
    symmetric = bool(event_types().get(etype) and event_types()[etype].symmetric)
    targets = [m for m in target_hint if m.country not in src_countries]
    if not targets and symmetric and len(src_countries) >= 2:
        targets, sources = sources[1:2], sources[:1]  # "Iran and the US held talks"
        src_countries = {s.country for s in sources}
    if not targets:
        # a venue may be the target's own capital ("اتصال ب… وزير الخارجية الإيراني … في
        # طهران"): its people stay candidates, only the place itself does not
        targets = _targets(ctx, trig, ts, te, sources, None if venue else via, c_start, c_end,
                           venue=via if venue else None)
    if not targets and etype != "MEDIATE":
        other = [c for c in ctx.dyad if c not in src_countries and c in doc_countries]
        if src_countries & set(ctx.dyad) and len(other) == 1 and other[0] != via:
            targets = [Mention(ts, ts, "country", other[0], other[0], None, "principal")]
    if not targets and via is not None and not venue:
        # "قناة الاتصال بين … والمبعوث الأمريكي": what followed the channel word is the party
        targets = _targets(ctx, trig, ts, te, sources, None, c_start, c_end)
    if via is not None and via in {t.country for t in targets} | src_countries:
        via, venue = None, False
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
    if etype == "CONSULT" and mode is None and medium in ("phone", "visit", "meeting",
                                                          "text messages"):
        mode = "direct"
    date = _date(ctx, anchor)
    if date is None and anchor is not None and not _recounted(ctx, ts):
        # News reports what happened on the day it reports it: with no other time in the
        # sentence and nothing marking it as recounted history, the event is dated with
        # the publication (evaluated on the development corpus: better than leaving it empty)
        date = anchor.isoformat()
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
        parties = tuple(sorted({t.country for t in targets if t.country} - src_countries))
        if len(parties) < 2:
            parties = tuple(sorted(set(ctx.dyad) - src_countries))
        if len(parties) < 2:
            return []  # a principal cannot mediate between itself and the other
        for s in sources:
            out.append(_evolve(base, source=s.country, parties=parties,
                               source_actor=s if s.kind != "country" else None))
        return out
    for s in sources:
        for t in targets:
            if t.country == s.country:
                continue
            out.append(_evolve(base, source=s.country, target=t.country,
                               source_actor=s if s.kind != "country" else None,
                               target_actor=t if t.kind != "country" else None))
    return out


#: how many words may stand between a topic word and the trigger ("about the latest attack")
TOPIC_WINDOW = 4


def _topic_before(ctx: _Sentence, first: int, c_start: int) -> bool:
    """Whether a topic word (``درباره``, ``بشأن``, "discussed") shortly precedes the trigger in
    its clause."""
    rx = _syntax_re(ctx.lang, "topic")
    if rx is None:
        return False
    lo = ctx.tokens[max(0, first - TOPIC_WINDOW - 1)].start
    hi = ctx.tokens[first].start
    return any(lo <= m.start() and m.end() <= hi and ctx.orig(m.start(), m.start())[0] >= c_start
               for m in rx.finditer(ctx.norm.text))


def _with_first_person(ctx: _Sentence, quote: Quote, subjects: list[Mention], c_start: int,
                       ts: int) -> list[Mention]:
    """Inside a quote, "we" (``ما``, ``نحن``) before the trigger stands for the speaker's
    country when the clause names no subject ("we were attacked by Israel": the target)."""
    country = quote.speaker.country
    if country is None or subjects:
        return subjects  # a named subject comes first ("ما … که اسرائیل به ما حمله کرد")
    we = next(((a, b) for a, b in ctx.cue_spans("first_person_plural")
               if c_start <= a <= ts and quote.start <= a), None)  # or on the verb: تعرضنا
    if we is None:
        return subjects
    pronoun = Mention(we[0], we[1], "country", country, country, None, "pronoun")
    return [pronoun]


#: tokens a condemnation verb may stand before (Arabic: verb, subject, object) or after
#: (Persian: object را, verb) the attack word it governs
CONDEMN_BEFORE, CONDEMN_AFTER = 12, 5


def _condemned(ctx: _Sentence, first: int, last: int) -> bool:
    """Whether the trigger is the object of a condemnation verb (``أدان … الهجمات``, ``این
    حملات را محکوم کرد``, "condemned the strikes")."""
    rx = _syntax_re(ctx.lang, "condemn")
    if rx is None:
        return False
    lo = ctx.tokens[max(0, first - CONDEMN_BEFORE)].start
    hi = ctx.tokens[min(len(ctx.tokens) - 1, last + CONDEMN_AFTER)].end
    t_lo, t_hi = ctx.tokens[first].start, ctx.tokens[last].end
    return any(lo <= m.start() and m.end() <= hi and not t_lo <= m.start() < t_hi
               for m in rx.finditer(ctx.norm.text))


#: characters between an accusation and the attack it charges ("accused Iran of attacking",
#: "اتهم … إيران بشن هجوم"; Persian puts the verb last: "ایران را به حمله … متهم کرد")
ACCUSED_REACH = 80


def _accused_attacks(found: list[Event], lang: str) -> list[Event]:
    """An attack named as the charge of an accusation is the accused's, as the accuser claims
    it: ATTACK by the accused, ``claimed_by`` the accuser (FORMAT.md claims), not an attack by
    the accuser's side."""
    accusations = [e for e in found if e.type == "ACCUSE" and e.target and e.source]
    if not accusations:
        return found
    out: list[Event] = []
    for ev in found:
        acc = None
        if ev.type == "ATTACK" and ev.claimed_by is None:
            acc = next((a for a in accusations if (
                0 <= ev.trigger_start - a.trigger_end <= ACCUSED_REACH if lang != "fa"
                else 0 <= a.trigger_start - ev.trigger_end <= ACCUSED_REACH)), None)
        if acc is not None:
            # the accuser as named ("Saudi Arabia blamed Iran for the attack": the state)
            accuser = acc.source_actor or Mention(acc.trigger_start, acc.trigger_start,
                                                  "country", acc.source, acc.source, None,
                                                  "accuser")
            if acc.target != ev.target:
                out.append(_evolve(ev, source=acc.target, source_actor=acc.target_actor,
                                   claimed_by=accuser))
            elif ev.source == acc.source:
                # the attack was read as the accuser's on the accused; with no other target
                # named, the accuser is the one attacked ("… for the attack on its oil
                # facilities")
                out.append(_evolve(ev, source=acc.target, source_actor=acc.target_actor,
                                   target=acc.source, target_actor=acc.source_actor,
                                   claimed_by=accuser))
            else:
                out.append(ev)
        else:
            out.append(ev)
    return out


def _free_mentions(ctx: _Sentence) -> tuple[list[tuple[int, int]], list[Mention]]:
    """The zones after channel markers, and the sentence's mentions that can head a clause
    (not the object of a preposition, not inside a channel zone); the same for every trigger
    of the sentence, so computed once."""
    memo = ctx._memo.get("free")
    if memo is None:
        via_zone = [(e, e + 40) for _s, e in ctx.cue_spans("via_marker")]
        free = [m for m in ctx.mentions if not _prepositional(ctx, m)
                and not any(a <= m.start < b for a, b in via_zone)]
        memo = ctx._memo["free"] = (via_zone, free)
    return memo  # type: ignore[return-value]


def _agent(ctx: _Sentence, te: int, c_end: int) -> Mention | None:
    """The actor after an agent marker that follows the trigger (passive or relative agent)."""
    rx = _syntax_re(ctx.lang, "agent")
    if rx is None:
        return None
    for m in rx.finditer(ctx.norm.text):
        s, e = ctx.orig(m.start(), m.end())
        if te <= s <= te + 40 and e < c_end:
            if normalized_text(ctx.text[e : e + 8]).split()[:1] == ["دیگر"]:
                continue  # "از سوی دیگر": "on the other hand", not an agent
            nxt = next((x for x in ctx.mentions if x.start >= e), None)
            if nxt is not None and nxt.start - e <= 3:
                return nxt
    return None


def _recounted(ctx: _Sentence, ts: int) -> bool:
    """Whether the sentence recounts the past (``پیش‌تر``, ``previously``, a pluperfect
    ``گفته بود``, ``had said``): such events did not happen on the publication day."""
    memo = ctx._memo.get("recounted")
    if memo is None:
        bg, past = _syntax_re(ctx.lang, "background"), _syntax_re(ctx.lang, "past_marker")
        memo = ctx._memo["recounted"] = bool(
            (bg is not None and bg.search(ctx.norm.text))
            or (past is not None and past.search(ctx.norm.text)))
    return bool(memo)


def _is_claim(reporter: Mention | None, sources: list[Mention]) -> bool:
    """A principal's statement about the other principal's intentions or acts is a claim
    (``Trump said Iran wants a deal``): the two sides of the relationship contest each other's
    accounts. A third party reporting what others did is an account, not a claim; explicit
    claim words (``مدعی شد``, ``زعم``, "claimed") are handled separately."""
    if reporter is None or reporter.country not in PRINCIPALS:
        return False
    countries = {s.country for s in sources}
    return reporter.country not in countries and bool(countries & set(PRINCIPALS))


def _duals(ctx: _Sentence, ts: int, doc_countries: set[str | None],
           free: list[Mention]) -> list[Mention]:
    """"Both countries" (``البلدين``, ``دو کشور``) before the trigger stands for the two
    principals when the article names both."""
    rx = _syntax_re(ctx.lang, "dual")
    if rx is None or not all(c in doc_countries for c in ctx.dyad):
        return []
    out: list[Mention] = []
    for m in rx.finditer(ctx.norm.text):
        s, e = ctx.orig(m.start(), m.end())
        if e <= ts and not any(x.start <= s < x.end for x in free):
            out.extend(Mention(s, e, "country", c, c, None, "dual") for c in ctx.dyad)
    return out


def _genitive(ctx: _Sentence, first: int, last: int, ts: int, te: int) -> Mention | None:
    """The actor a trigger noun governs directly: Persian/Arabic put it right after the noun
    (``حملات نظامی اسرائیل``, ``التهديدات الأمريكية``), English right before (``US strikes``)."""
    side = _syntax(ctx.lang, "genitive")
    if "before" in side:
        prev = [m for m in ctx.mentions if m.end <= ts and ts - m.end <= 3]
        if prev and prev[-1].kind == "country":
            return prev[-1]
        return None
    first_end = ctx.orig(ctx.tokens[first].start, ctx.tokens[first].end)[1]
    nxt = next((m for m in ctx.mentions if m.start >= first_end), None)
    if nxt is None or nxt.start > te + 2:
        return None
    gap = ctx.text[first_end : nxt.start]
    words = normalized_text(gap).split()
    # the noun may take one modifier ("حملات نظامی اسرائیل", "درخواست رسمی ترامپ")
    modifier_ok = len(words) <= 1 and not (words and words[0] in _syntax(ctx.lang, "preposition"))
    if modifier_ok and not _prepositional(ctx, nxt):
        return nxt
    return None


def _coordinated(ctx: _Sentence, pool: Sequence[Mention], head: Mention, *,
                 backward: bool = False) -> list[Mention]:
    """``head`` and the actors joined to it by "and"/"و"/commas (``عمان و قطر``)."""
    coord = set(_syntax(ctx.lang, "coordinator"))
    group = [head]
    ordered = sorted(pool, key=lambda m: m.start)
    if head not in ordered:
        return group
    at = ordered.index(head)
    joins: list[bool] = []  # per added member: joined by a conjunction (not a comma only)
    for m in ordered[at + 1 :]:
        raw = ctx.text[group[-1].end : m.start]
        gap = normalized_text(raw).strip(" ,،")
        # two names with only a space between are subject and object ("طالب غروسي طهران"),
        # not a list: a list needs a comma or a conjunction
        if (gap == "" and any(c in raw for c in ",،")) or gap in coord:
            if m.country != group[-1].country:
                group.append(m)
                joins.append(gap in coord and gap != "")
        else:
            break
    # a list ends with its conjunction ("Iran, Russia and China"); names after a comma with
    # none ("سخنگوی … ایران، واشنگتن را …") are the next phrase, not more of the list
    while joins and not joins[-1]:
        joins.pop()
        group.pop()
    if backward:
        # a head found right before the trigger may end a list ("Russia and China rejected")
        for m in reversed(ordered[:at]):
            raw = ctx.text[m.end : group[0].start]
            gap = normalized_text(raw).strip(" ,،")
            if gap not in coord or m.country == group[0].country:
                break
            group.insert(0, m)
    return group


@cache
def _marker_re(marker: str) -> re.Pattern[str]:
    """A target marker as a whole-word pattern; ``*`` lets it run on (``ب*``: an attached
    preposition)."""
    body = re.escape(marker).replace(r"\*", r"\w*")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _marker_after(ctx: _Sentence, trig: Trigger, ts: int, te: int, c_end: int) -> bool:
    """Whether one of the trigger's target markers follows its first word in the clause
    ("حمله روسیه به اوکراین": the target is after به, whoever heads the clause; the marker
    may be part of the matched pattern, as in "حمله … به")."""
    first_end = ts
    while first_end < te and not ctx.text[first_end].isspace():
        first_end += 1
    for marker in trig.target_markers:
        for mk in _marker_re(marker).finditer(ctx.norm.text):
            pos = ctx.orig(mk.start(), mk.start())[0]
            if first_end <= pos < c_end and any(m.start >= pos and m.start - pos <= 40
                                                for m in ctx.mentions):
                return True
    return False


def _dateline(text: str, m: Mention) -> bool:
    """A capital opening a line before a dash or an agency ("VIENNA (Reuters) -", "وین-
    ایسنا-"): where the report was filed, never a party to what it reports."""
    if m.kind != "country" or m.how != "capital":
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    before = text[line_start : m.start]
    # "BAGHDAD/TEHRAN —": several places joined by slashes open the line
    if before.strip() and not _DATELINE_PLACES.fullmatch(before):
        return False
    return _DATELINE.match(text, m.end) is not None


def _venue_only(ctx: _Sentence, m: Mention) -> bool:
    """A capital after "in"/"در"/"في" is where something happened, not who took part
    ("talks in Muscat and Rome"); a capital opening a paragraph before a dash or an agency
    is a dateline ("VIENNA (Reuters) -", "مسقط- ایرنا-")."""
    if m.kind != "country" or m.how != "capital":
        return False
    if _DATELINE.match(ctx.text, m.end) and not ctx.text[max(0, m.start - 2) : m.start].strip():
        return True
    before = normalized_text(ctx.text[max(ctx.start, m.start - 20) : m.start]).split()
    venue_words = set(ctx.lex.cue("venue_marker").labels)
    if not before:
        return False
    if before[-1] in venue_words:
        return True
    # "in Muscat and Rome": a capital coordinated with a venue
    return before[-1] in {"و", "and"} and len(before) >= 3 and before[-3] in venue_words


_DATELINE = re.compile(r"(?:\s*/\s*[^\W\d_]+(?: [^\W\d_]+)?)*\s*(?:\([^)]{1,30}\))?\s*[-–—:]")
_DATELINE_PLACES = re.compile(r"\s*(?:[^\W\d_]+(?: [^\W\d_]+)?\s*/\s*)+")


def _targets(ctx: _Sentence, trig: Trigger, ts: int, te: int, sources: list[Mention],
             via: str | None, c_start: int, c_end: int, *, venue: str | None = None
             ) -> list[Mention]:
    src = {s.country for s in sources}
    cands = [m for m in ctx.mentions if m.country not in src and m.country != via
             and m not in sources and not _venue_only(ctx, m)
             and not (m.country == venue and m.kind == "country")]
    if not cands:
        return []
    in_clause = [m for m in cands if c_start <= m.start < c_end]
    # after a target marker of the trigger ("با X", "مع X", "with X", "از X خواستند")
    # (near the trigger: "ب*" or "to" far away in another phrase governs something else)
    for marker in trig.target_markers:
        for mk in _marker_re(marker).finditer(ctx.norm.text):
            pos = ctx.orig(mk.end(), mk.end())[0]
            if pos - te > MARKER_REACH or ts - pos > MARKER_REACH:
                continue
            after = [m for m in in_clause if 0 <= m.start - pos <= 40]
            if after:
                return _coordinated(ctx, cands, after[0])
    for pool in ([m for m in in_clause if ts <= m.start < te],
                 [m for m in in_clause if m.start >= te], [m for m in in_clause if m.start < ts]):
        if pool:
            return _coordinated(ctx, cands, pool[0])
    return []


def _channel(ctx: _Sentence, sources: list[Mention], *, contact: bool = True
             ) -> tuple[str | None, bool]:
    """The intermediary (or third-country venue) of the sentence, and whether it is a venue.
    ``contact``: the event is a contact or an offer of one, whose venue may be a city the
    gazetteer does not know followed by its country ("در شهر لوزان سوئیس"); for other events
    "في جنوب لبنان", "في نوايا إيران" name a target, not a place of talks."""
    src = {s.country for s in sources}
    key = ("channel", frozenset(src), contact)  # asked per trigger and per sentence
    found = ctx._memo.get(key)
    if found is None:
        found = ctx._memo[key] = _find_channel(ctx, src, contact)
    return found  # type: ignore[return-value]


def _find_channel(ctx: _Sentence, src: set[str | None], contact: bool
                  ) -> tuple[str | None, bool]:
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
        city = _venue_city(ctx, e, src, unknown_city=contact)
        if city is not None:
            return city, True
    return None, False


#: words a venue marker may be separated from its city by ("در هتل گراند وین", "في العاصمة
#: العمانية مسقط", "in the Omani capital Muscat")
MAX_VENUE_GAP_WORDS = 3


def _venue_city(ctx: _Sentence, e: int, src: set[str | None], *, unknown_city: bool = True
                ) -> str | None:
    """A capital a few words after a venue marker: the place of the event, when nothing
    between them is a preposition, a conjunction or another state."""
    nxt = next((m for m in ctx.mentions if m.start >= e and m.how == "capital"), None)
    if nxt is None and unknown_city:
        # a city the gazetteer does not know, then its country ("در شهر لوزان سوئیس", "in
        # Lausanne, Switzerland", "في مدينة لوزان السويسرية"): one word between
        nxt = next((m for m in ctx.mentions if m.start >= e and m.kind == "country"), None)
        if nxt is None or len(normalized_text(ctx.text[e : nxt.start]).split()) != 1:
            return None
        gap = ctx.text[e : nxt.start].strip(" ,،")
        if not gap or any(ch in gap for ch in ",،;؛:«»\"“”()"):
            return None
    if nxt is None or nxt.country in src:
        return None
    between = [m for m in ctx.mentions if e <= m.start < nxt.start]
    if any(m.country != nxt.country for m in between):
        return None
    words = normalized_text(ctx.text[e : nxt.start]).split()
    stop = set(_syntax(ctx.lang, "preposition")) | set(_syntax(ctx.lang, "coordinator"))
    if not words or len(words) > MAX_VENUE_GAP_WORDS or any(w in stop for w in words):
        return None
    if any(ch in ctx.text[e : nxt.start] for ch in ",،;؛:«»\"“”()"):
        return None
    return nxt.country


def _with_channel(ev: Event, via: str | None, venue: bool) -> Event:
    if (via is None or ev.via is not None or ev.type not in ("CONSULT", "MEDIATE")
            or via in (ev.source, ev.target, *ev.parties)):
        return ev
    return _evolve(ev, via=via, mode=ev.mode or ("direct" if venue else "indirect"))


def _continue_channel(ctx: _Sentence, last: Event) -> Event:
    """A sentence without a trigger that names the channel of the previous contact
    ("… سال‌هاست برقرار است، چه از طریق سفارت سوئیس …") completes that event."""
    if last.type not in ("CONSULT", "MEDIATE") or last.via is not None:
        return last
    if ctx.start - last.end > 400:
        return last
    via, venue = _channel(ctx, [])
    if via is None or via in (last.source, last.target):
        return last
    return _evolve(last, via=via, mode=last.mode or ("direct" if venue else "indirect"))


_MEDIA = (("medium_phone", "phone"), ("medium_text_messages", "text messages"),
          ("medium_letter", "letter"), ("medium_visit", "visit"), ("medium_meeting", "meeting"))


def _medium(ctx: _Sentence) -> str | None:
    return next((name for cat, name in _MEDIA if ctx.norm_cues(cat)), None)


def _date(ctx: _Sentence, anchor: dt.date | None) -> str | None:
    key = ("date", anchor)
    if key not in ctx._memo:
        ctx._memo[key] = _sentence_date(ctx, anchor)
    found = ctx._memo[key]
    return found if isinstance(found, str) else None


def _sentence_date(ctx: _Sentence, anchor: dt.date | None) -> str | None:
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
    return _evolve(ev, cameo=cameo, plover=plover, plover_mode=pmode)


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
        # a direct contact and an indirect one are different events with the same key: only
        # complete the first from a later mention whose channel does not contradict it
        same_channel = first.mode is None or ev.mode is None or first.mode == ev.mode
        out[key] = _evolve(
            first, mode=first.mode or ev.mode,
            via=first.via or (ev.via if same_channel else None),
            medium=first.medium or (ev.medium if same_channel else None),
            date=first.date or ev.date,
            source_actor=first.source_actor or ev.source_actor,
            target_actor=first.target_actor or ev.target_actor)
    return list(out.values())
