"""Find quotes and attribute each to a speaker.

Candidates, in the order a reader sees them:

* text inside «…», “…”, „…“ or "…" (outermost pairs; nested quotes stay inside);
* text after a speech verb and a colon (``گفت:``, ``قال:``, ``said:``) to the paragraph end;
* the paragraph(s) after an introducing line that ends with a colon and names a speaker (an
  embedded post: ``Secretary of State Marco Rubio on Iran:`` followed by the English tweet);
* interview answers: a paragraph that follows a question line (``*…``, ``…؟``, ``س:``), spoken
  by the person the article says was interviewed (or its main speaker).

A candidate is dropped when it is a topic or title (``در خصوص «…»``, ``عملية "…"``), a
slogan (``شعار «مرگ بر …»``), or when no speaker can be found. The speaker is the actor
mention that heads the clause introducing the quote (Persian and English put the subject
first; Arabic puts the verb first, and the first actor after it is still the first mention of
the clause), or the one right after the quote when the speech verb follows it (``«…»، X
گفت``, ``"…," X said``); a pronoun or a dropped subject (``او افزود``, ``وأضاف``, ``وقال
للصحفيين``) refers back to the last speaker, else to the subject of the previous sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qasid.stages.actors.matcher import Mention
from qasid.stages.cues import Lexicon, lexicon
from qasid.stages.cues.syntax import after_preposition
from qasid.stages.normalize import normalize
from qasid.stages.segment import quote_spans, sentence_spans

_COLON = re.compile(r"\s*[:：]")  # used with .match(text, pos): anchored at pos
#: from a speech verb to its colon: no sentence end, no quotation mark in between
_COLON_AFTER = re.compile(r"[^.!?؟«»“”\"\n:]*?[:：]")
#: between a speaker's name and a label colon: nothing, or "to <outlet>" ("لـ«الشرق الأوسط»")
_NAME_COLON_GAP = re.compile(r"\s*(?:(?:ل|لـ|به|to)\s*[«\"“]?[^:«»\"“”]{1,30}[»\"”]?\s*)?")
#: what may join two quotations of one speaker in one sentence: "and", "and called it",
#: "adding:"
_JOINED = re.compile(r"[\s,،]*(?:و|and)?[\s\w]{0,20}(?:[:：]\s*)?")
_QUESTION_END = re.compile(r"[?؟]\s*[\"»”]?\s*$")
_QUESTION_START = re.compile(r"^\s*[*•]")
_POST_TAIL = re.compile(
    r"\s*(?:(?:pic\.twitter\.com|https?://t\.co)/\S+.*|(?:—|--|–)\s*[^\n]{0,80}"
    r"\(@\w+\)[^\n]*)$"
)
_MARKS = "«»“”„\"'‹›"


@dataclass(frozen=True)
class Quote:
    """An attributed quote: ``text == document_text[start:end]`` without the marks."""

    start: int
    end: int
    speaker: Mention
    lang: str | None
    how: str  # marks|colon|post|interview


@dataclass
class _State:
    last_speaker: Mention | None = None
    last_speaker_para: int = -10
    interviewee: Mention | None = None
    text: str = ""


def _mentions_between(mentions: Sequence[Mention], a: int, b: int) -> list[Mention]:
    return [m for m in mentions if a <= m.start and m.end <= b]


def _speaker_kinds(m: Mention) -> bool:
    return m.kind in ("person", "org") or (m.kind == "title" and m.country is not None)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in _MARKS):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _MARKS):
        e -= 1
    return s, e


#: characters between a quote and the next sentence-opening quote that continues it
RUN_ON_GAP = 150


def extract_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int, str | None]],
    mentions: Sequence[Mention],
    *,
    lang: str | None,
) -> list[Quote]:
    """Quotes in the content ``paragraphs`` (``(start, end, lang)``) of ``text``."""
    mentions = sorted(mentions, key=lambda m: m.start)
    out: list[Quote] = []
    st = _State(text=text)
    intro: Mention | None = None  # speaker announced by a line ending with a colon
    intro_fresh = False
    question_before = False
    doc_lex = lexicon(lang or "en")
    for pi, (ps, pe, plang) in enumerate(paragraphs):
        lex = lexicon(plang or lang or "en")
        seg = text[ps:pe]
        if intro is not None and (_QUESTION_START.match(seg) or _QUESTION_END.search(seg)):
            intro = None  # "the interview follows:" then questions and answers
        if intro is not None:
            # The next paragraph is the announced speech; an embedded post in another
            # language (a tweet inside a Persian article) runs on while that language does.
            foreign = plang is not None and lang is not None and plang != lang
            if intro_fresh or foreign:
                s, e = _strip(text, ps, pe)
                tail = _POST_TAIL.search(text, s, e)
                if tail:
                    e = _strip(text, s, tail.start())[1]
                if e > s:
                    out.append(Quote(s, e, intro, plang, "post" if foreign else "colon"))
                    st.last_speaker, st.last_speaker_para = intro, pi
                intro_fresh = False
                if not foreign:
                    intro = None
                continue
            intro = None
        is_question = bool(_QUESTION_START.match(seg) or _QUESTION_END.search(seg)
                           or doc_lex.cue("question_prefix").search(normalize(seg[:12]).text))
        if question_before and not is_question:
            speaker = st.interviewee or st.last_speaker or _main_person(mentions)
            if speaker is not None:
                s, e = _strip(text, ps, pe)
                out.append(Quote(s, e, speaker, plang, "interview"))
                question_before = False
                continue
        question_before = is_question
        if is_question:
            continue
        para_mentions = _mentions_between(mentions, ps, pe)
        _note_interviewee(seg, ps, para_mentions, lex, st)
        found = _quotes_in_paragraph(text, ps, pe, plang, para_mentions, mentions, lex, st, pi)
        out.extend(found)
        if not found and seg.rstrip().endswith((":", "：")):
            cands = [m for m in para_mentions if _speaker_kinds(m) and m.kind != "org"]
            if cands:
                intro, intro_fresh = cands[0], True
    return _dedupe(text, out)


def _main_person(mentions: Sequence[Mention]) -> Mention | None:
    return next((m for m in mentions if m.kind == "person"), None)


def _note_interviewee(seg: str, offset: int, para_mentions: list[Mention], lex: Lexicon,
                      st: _State) -> None:
    norm = normalize(seg)
    for a, _b in lex.cue_scanner.scan(norm.text).get("interview_frame", ()):
        pos = norm.to_original(a, a)[0] + offset
        # the person who gives the interview is the clause subject before the frame
        before = [m for m in para_mentions if m.end <= pos and m.kind == "person"]
        if before:
            st.interviewee = before[0]
            return


def _quotes_in_paragraph(text: str, ps: int, pe: int, plang: str | None,
                         para_mentions: list[Mention], all_mentions: Sequence[Mention],
                         lex: Lexicon, st: _State, pi: int) -> list[Quote]:
    seg = text[ps:pe]
    norm = normalize(seg)

    def o(a: int, b: int) -> tuple[int, int]:
        s, e = norm.to_original(a, b)
        return s + ps, e + ps

    speech = [o(a, b) for a, b, _ in lex.speech.finditer(norm.text)]
    candidates: list[tuple[int, int, int, int, str]] = []  # open, close, inner s, inner e, how
    spans = quote_spans(text, ps, pe)
    for q in spans:
        s, e = _strip(text, *q.inner)
        if e > s:
            candidates.append((q.open, q.close + 1, s, e, "marks"))
    covered = [(q.open, q.close) for q in spans]
    # Colon speech: a speech verb, or a speaker's name alone ("عراقچی: …", "Zarif: …"), then
    # a colon in the same clause ("وقال الصفدي في مؤتمر صحفي: …", "he said at a briefing: …").
    openers = [(vs, ve, True) for vs, ve in speech]
    openers += [(m.start, m.end, False) for m in para_mentions if m.kind == "person"]
    seen_colons: set[int] = set()
    for vs, ve, is_verb in sorted(openers):
        m = _COLON_AFTER.match(text, ve, min(pe, ve + (80 if is_verb else 25)))
        if not m or m.end() in seen_colons:
            continue
        if not is_verb and not _NAME_COLON_GAP.fullmatch(text, ve, m.start()):
            continue  # a name then a colon only as a label: "X:", "X لـ«Y»:"
        seen_colons.add(m.end())
        s = m.end()
        while s < pe and text[s].isspace():
            s += 1
        if s >= pe or text[s] in _MARKS or any(a <= s <= b for a, b in covered):
            continue
        s, e = _strip(text, s, pe)
        if e > s and not _QUESTION_END.search(text, s, e):
            candidates.append((vs, e, s, e, "colon" if is_verb else "label"))
    if not candidates:
        return []
    candidates.sort()
    cues = lex.cue_scanner.scan(norm.text)  # every category in one pass
    topics = [o(a, b) for a, b in cues.get("topic_marker", ())]
    slogans = [o(a, b) for a, b in cues.get("slogan", ())]
    pronouns = [o(a, b) for cat in ("pronoun_3sg", "pronoun_3pl")
                for a, b in cues.get(cat, ())]
    sentences = sentence_spans(text, ps, pe)
    objects = [m for m in para_mentions
               if after_preposition(text, m.start, ps, plang or lex.lang, words=3)]
    quotes: list[Quote] = []
    prev_end = ps
    for open_, close, s, e, how in candidates:
        sent = next(((a, b) for a, b in sentences if a <= open_ < b), (ps, pe))
        pre_start = max(sent[0], prev_end)
        if how == "marks" and _is_topic_or_slogan(text, pre_start, open_, topics, slogans):
            prev_end = close
            continue
        n_words = len(text[s:e].split())
        pre_verbs = [v for v in speech if pre_start <= v[0] < open_ + (1 if how == "colon" else 0)]
        if how == "label":
            pre_verbs = [(open_, open_)]  # the name before the colon speaks
        post_end = min([b for a, b in sentences if a <= close <= b] or [sent[1]])
        nxt = next((c[0] for c in candidates if c[0] >= close), pe)
        post_end = min(post_end, nxt)
        post_verbs = [v for v in speech if close <= v[0] < post_end]
        if n_words < 2 or (not pre_verbs and not post_verbs and n_words < 4):
            prev_end = close
            continue  # a term in scare quotes, not speech
        if how == "label":
            speaker = next((m for m in para_mentions if m.start == open_), None)
        else:
            speaker = _attribute(pre_start, open_, close, post_end, pre_verbs, post_verbs,
                                 para_mentions, all_mentions, pronouns, st, pi, sentences, ps,
                                 objects)
        if speaker is None and quotes and quotes[-1].end >= sent[0] and \
                _JOINED.fullmatch(normalize(text[prev_end:open_]).text):
            speaker = quotes[-1].speaker  # «…» و آن را «…» خواند: the same speaker goes on
        if (speaker is None and how == "marks" and quotes and not text[sent[0]:open_].strip()
                and open_ - quotes[-1].end <= RUN_ON_GAP):
            speaker = quotes[-1].speaker  # '"A," Flynn said. "B."': the speech runs on
        prev_end = close
        if speaker is None:
            continue
        quotes.append(Quote(s, e, speaker, plang, how))
        st.last_speaker, st.last_speaker_para = speaker, pi
    return quotes


def _is_topic_or_slogan(text: str, pre_start: int, open_: int,
                        topics: list[tuple[int, int]], slogans: list[tuple[int, int]]) -> bool:
    gap_ok = re.compile(r"^[\s:،,]*$")
    for a, b in topics:
        if pre_start <= a and b <= open_ and gap_ok.match(text[b:open_]):
            return True
    return any(pre_start <= a and b <= open_ + 12 and open_ - b < 40 for a, b in slogans)


def _attribute(pre_start: int, open_: int, close: int, post_end: int,
               pre_verbs: list[tuple[int, int]], post_verbs: list[tuple[int, int]],
               para_mentions: list[Mention], all_mentions: Sequence[Mention],
               pronouns: list[tuple[int, int]], st: _State, pi: int,
               sentences: list[tuple[int, int]], ps: int,
               objects: Sequence[Mention] = ()) -> Mention | None:
    pre = [m for m in para_mentions if pre_start <= m.start and m.end <= open_
           and _speaker_kinds(m)]
    post = [m for m in para_mentions if close <= m.start and m.end <= post_end
            and _speaker_kinds(m)]

    def coref() -> Mention | None:
        return _coref(st, pi, all_mentions, pre_start, sentences)

    def people(ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if m.kind != "org"] or ms

    if pre_verbs:
        verb = pre_verbs[0][0]
        # ("در دیدار با گروسی تصریح کرد", "في اتصال مع نظيره … قال"): not the speaker
        heads = people([m for m in pre if m.start < verb and m not in objects])
        pron = [a for a, b in pronouns if pre_start <= a and b <= verb]
        if pron and (not heads or pron[0] < heads[0].start):
            return coref()  # "او افزود: «…»", "he said: …"
        right_after = [m for m in pre if m.kind != "org" and 0 <= m.start - pre_verbs[0][1] <= 2]
        if heads and all(m.kind == "org" for m in heads) and right_after:
            # "…، حيث يشارك في اجتماع منظمة …، قال وزير الخارجية …": the body named in a side
            # remark is not the speaker; the person right after the verb is
            return right_after[0]
        if heads:
            return heads[0]
        after_verb = people([m for m in pre if m.start >= verb])
        if after_verb:
            return after_verb[0]  # verb-first clauses: "وقال المتحدث …: «…»"
        return coref()  # a dropped subject: "وقال للصحفيين: …"
    if post_verbs:
        verb = post_verbs[0][0]
        near = people([m for m in post if m.start <= verb + 60])
        pron = [a for a, b in pronouns if close <= a and b <= verb + 30]
        if pron and (not near or pron[0] < near[0].start):
            return coref()  # '"…," he said'
        if near:
            return near[0]  # '"…," X said' / '"…" said X'
        if pre:
            return people(pre)[0]  # 'X called it "…" and said …'
        return coref()
    if pre:
        return people(pre)[0]  # 'X described the move as "…"'
    if any(pre_start <= a and b <= open_ for a, b in pronouns):
        return coref()  # 'He described the leadership as "…"'
    return None


def _coref(st: _State, pi: int, mentions: Sequence[Mention], before: int,
           sentences: list[tuple[int, int]]) -> Mention | None:
    """The antecedent of a pronoun or dropped subject: the person heading the previous
    sentence of the paragraph (outside quotations), else the last speaker if recent, else the
    last person named before."""
    prev = [(a, b) for a, b in sentences if b <= before]
    if prev:
        a, b = prev[-1]
        spans = [(q.open, q.close) for q in quote_spans(st.text, a, b)]
        head = next((m for m in mentions if a <= m.start < b and m.kind == "person"
                     and not any(o < m.start < c for o, c in spans)), None)
        if head is not None:
            return head
    if st.last_speaker is not None and pi - st.last_speaker_para <= 2:
        return st.last_speaker
    earlier = [m for m in mentions if m.end <= before and m.kind == "person"]
    if earlier:
        return earlier[-1]
    return st.last_speaker


def _dedupe(text: str, quotes: list[Quote]) -> list[Quote]:
    """FORMAT.md: the same quote repeated in one article is one quote."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for q in quotes:
        key = (q.speaker.ref or q.speaker.role, normalize(text[q.start : q.end]).text)
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out
