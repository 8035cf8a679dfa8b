"""Text for the browser: writing direction, and span highlighting without markup injection.

Document text is untrusted (scraped pages contain ``<script>``, event-handler attributes and
anything else). Nothing here builds HTML: text is cut at span boundaries into plain-string
segments carrying their annotations, and the Jinja templates (autoescape on) render each
segment inside an element, so every character of the original is escaped exactly once and no
span can open or close a tag.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: languages written right to left (ISO 639-1 and the few 639-3 codes lingua reports)
RTL_LANGS = frozenset({"fa", "ar", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv", "ku"})


def lang_dir(lang: str | None) -> str:
    """``rtl``/``ltr`` for a known language, ``auto`` without one.

    >>> lang_dir("fa"), lang_dir("en"), lang_dir(None)
    ('rtl', 'ltr', 'auto')
    """
    if not lang:
        return "auto"
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def _strong(text: str) -> tuple[int, int]:
    rtl = ltr = 0
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            rtl += 1
        elif bidi == "L":
            ltr += 1
    return rtl, ltr


def text_dir(text: str, lang: str | None) -> str:
    """The direction to render ``text`` in, trusting ``lang`` unless the script disagrees.

    A Persian article's quote of an English post is stored with the article's language; it
    must still run left to right, and a Persian sentence that starts with "IAEA" must still
    run right to left (which ``dir="auto"``, deciding on the first strong letter, gets wrong).

    >>> text_dir("ما آماده‌ایم", "fa"), text_dir("We remain open", "fa")
    ('rtl', 'ltr')
    >>> text_dir("IAEA گزارش داد که بازرسی ادامه دارد", "fa")
    'rtl'
    >>> text_dir("۱۴۰۴", None), text_dir("", None)
    ('auto', 'auto')
    """
    rtl, ltr = _strong(text)
    wanted = lang_dir(lang)
    if wanted == "rtl":
        return "rtl" if rtl or not ltr else "ltr"
    if wanted == "ltr":
        return "ltr" if ltr or not rtl else "rtl"
    if rtl > ltr:
        return "rtl"
    return "ltr" if ltr else "auto"


def lang_attr(text: str, lang: str | None) -> str | None:
    """``lang`` for the element, or ``None`` (inherit) when the text's script contradicts it."""
    if not lang:
        return None
    wanted = lang_dir(lang)
    return lang if text_dir(text, lang) == wanted else None


# -- embedded foreign-direction runs -----------------------------------------------------------

#: ASCII/English quotes and brackets that belong to an embedded run when they touch it:
#: `"We remain open … </b>"` inside a Persian line. The host language's own marks (« », ،)
#: are left to the paragraph.
_OPENERS = frozenset("\"'\u201c\u2018([{<")
_CLOSERS = frozenset("\"'\u201d\u2019)]}>")
_RTL_CLASSES = frozenset({"R", "AL"})
#: bidi classes of a number: digits (European, Persian and Arabic-Indic) and the separators
#: and signs inside or around it (``2025-11-03``, ``1.5``, ``12%``), plus spaces before it
_NUMBER_CLASSES = frozenset({"EN", "AN", "ES", "CS", "ET", "WS", "NSM", "BN"})
_DIGIT_CLASSES = frozenset({"EN", "AN"})


def _number_after(text: str, b: int, end: int) -> int:
    """The end of a number that follows a run ending at ``b`` (``b`` when none does).

    The bidi algorithm lays out such a number with the run before it (``date 2025-11-03``
    in a Persian line reads left to right as one piece; ``ساعت ۱۲`` in an English one right
    to left): isolating the letters alone would move the number to the other side.
    """
    last = b
    for i in range(b, end):
        cls = unicodedata.bidirectional(text[i])
        if cls not in _NUMBER_CLASSES:
            break
        if cls in _DIGIT_CLASSES:
            last = i + 1
    return last


def foreign_runs(text: str, start: int, end: int, base: str) -> list[tuple[int, int, str]]:
    """Runs of ``text[start:end]`` written in the direction opposite to ``base``.

    Each run spans from its first to its last strong letter of that direction (with the
    spaces and punctuation between them), extended over a number that follows it and over
    quotes and brackets that touch it.
    Wrapped in ``<bdi>``, such a run is laid out on its own: without the isolation, the
    bidi algorithm gives a closing ``>"`` after an English quote the Persian paragraph's
    direction, mirrors it and moves it to the other end of the quote.

    >>> t = 'گفت: "We are open <b>x</b>" و رفت'
    >>> [(t[a:b], d) for a, b, d in foreign_runs(t, 0, len(t), "rtl")]
    [('"We are open <b>x</b>"', 'ltr')]
    >>> t = "date 2025-11-03 خبرنامه"
    >>> [(t[a:b], d) for a, b, d in foreign_runs(t, 0, len(t), "rtl")]
    [('date 2025-11-03', 'ltr')]
    """
    if base not in ("rtl", "ltr"):
        return []
    foreign_rtl = base == "ltr"
    runs: list[list[int]] = []
    first: int | None = None
    last = 0
    for i in range(start, end):
        cls = unicodedata.bidirectional(text[i])
        is_rtl = cls in _RTL_CLASSES
        if not is_rtl and cls != "L":
            continue
        if is_rtl == foreign_rtl:
            if first is None:
                first = i
            last = i
        elif first is not None:
            runs.append([first, last + 1])
            first = None
    if first is not None:
        runs.append([first, last + 1])
    out: list[tuple[int, int, str]] = []
    floor = start
    direction = "rtl" if foreign_rtl else "ltr"
    for first_, last_ in runs:
        a, b = first_, _number_after(text, last_, end)
        while a > floor and text[a - 1] in _OPENERS:
            a -= 1
        while b < end and text[b] in _CLOSERS:
            b += 1
        out.append((a, b, direction))
        floor = b
    return out


def bidi_pieces(text: str, direction: str) -> list[tuple[str | None, str]]:
    """``text`` as ``(isolate direction or None, piece)`` pairs for an element of
    ``direction``: foreign-direction runs get their own direction (rendered as ``<bdi>``).

    >>> bidi_pieces("Iran said «عراقچی» today", "ltr")
    [(None, 'Iran said «'), ('rtl', 'عراقچی'), (None, '» today')]
    """
    out: list[tuple[str | None, str]] = []
    pos = 0
    for a, b, d in foreign_runs(text, 0, len(text), direction):
        if a > pos:
            out.append((None, text[pos:a]))
        out.append((d, text[a:b]))
        pos = b
    if pos < len(text) or not out:
        out.append((None, text[pos:]))
    return out


def snippet_pieces(text: str, highlights: Iterable[Sequence[int]],
                   direction: str) -> list[tuple[str | None, list[tuple[str, bool]]]]:
    """A search snippet cut at highlights and at foreign-direction runs: groups of
    ``(isolate direction or None, [(piece, highlighted), …])``."""
    marks = highlight_pieces(text, highlights)
    bounds: list[int] = []
    pos = 0
    for piece, _ in marks:
        pos += len(piece)
        bounds.append(pos)
    runs = foreign_runs(text, 0, len(text), direction)
    cuts = sorted({0, len(text), *bounds, *(x for a, b, _ in runs for x in (a, b))})
    groups: list[tuple[str | None, list[tuple[str, bool]]]] = []
    mark_ends = [(end, hl) for end, (_, hl) in zip(bounds, marks, strict=True)]
    for a, b in itertools.pairwise(cuts):
        hl = next(h for end, h in mark_ends if end > a)
        iso = next((d for s_, e_, d in runs if s_ <= a < e_), None)
        if groups and groups[-1][0] == iso:  # runs are always separated by native text
            groups[-1][1].append((text[a:b], hl))
        else:
            groups.append((iso, [(text[a:b], hl)]))
    return groups


# -- span segmentation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """An annotation of ``text[start:end]``: ``kind`` is ``m`` (mention), ``q`` (quote) or
    ``ev`` (event evidence); ``idx`` its index in the document; ``label`` a tooltip."""

    start: int
    end: int
    kind: str
    idx: int
    label: str = ""
    css: str = ""


@dataclass
class Segment:
    """A run of text with one set of active annotations, and the anchors that start here."""

    text: str
    start: int
    anchors: list[str] = field(default_factory=list)
    iso: str | None = None  # direction of the foreign-direction run it belongs to
    run: int = -1  # which run (consecutive segments of one run share one <bdi>)
    mentions: list[Span] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)

    @property
    def classes(self) -> str:
        out = []
        if self.mentions:
            out.append("m")
            out.extend(sorted({m.css for m in self.mentions if m.css}))
        if self.quotes:
            out.append("q")
        if self.events:
            out.append("ev")
        return " ".join(out)

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.mentions if m.label))

    @property
    def data_q(self) -> str:
        return " ".join(str(i) for i in self.quotes)

    @property
    def data_m(self) -> str:
        return " ".join(str(m.idx) for m in self.mentions)

    @property
    def data_ev(self) -> str:
        return " ".join(str(i) for i in self.events)

    @property
    def plain(self) -> bool:
        return not (self.mentions or self.quotes or self.events)


def segment(text: str, start: int, end: int, spans: Sequence[Span],
            isolates: Sequence[tuple[int, int, str]] = ()) -> list[Segment]:
    """Cut ``text[start:end]`` at every boundary of ``spans`` (clipped to the range).

    A span that starts inside the range contributes an anchor (``ev-3``, ``q-0``, ``m-12``)
    to the segment at its start; empty spans contribute only the anchor. Runs in
    O(n log n) over the spans, so a long article with thousands of mentions stays fast.

    >>> segs = segment("Iran and USA", 0, 12, [Span(0, 4, "m", 0), Span(0, 12, "ev", 1)])
    >>> [(s.text, s.classes, s.anchors) for s in segs]
    [('Iran', 'm ev', ['ev-1', 'm-0']), (' and USA', 'ev', [])]
    """
    if end <= start:
        return []
    inside = [s for s in spans if (s.end > start and s.start < end) or start <= s.start < end]
    cuts = {start, end}
    for a, b, _ in isolates:
        cuts.update((min(max(a, start), end), min(max(b, start), end)))
    for s in inside:
        cuts.add(min(max(s.start, start), end))
        cuts.add(min(max(s.end, start), end))
    bounds = sorted(cuts)
    opening: dict[int, list[Span]] = {}
    for s in sorted(inside, key=lambda x: (x.start, x.kind, x.idx)):
        opening.setdefault(max(s.start, start), []).append(s)
    active: list[Span] = []
    out: list[Segment] = []
    pending: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active = [s for s in active if s.end > a]
        for s in opening.get(a, ()):
            if s.start >= start:
                pending.append(f"{s.kind}-{s.idx}")
            if s.end > a:
                active.append(s)
        seg = Segment(text[a:b], a, anchors=pending)
        for k, (ia, ib, idir) in enumerate(isolates):
            if ia <= a < ib:
                seg.iso, seg.run = idir, k
                break
        pending = []
        for s in active:
            if s.kind == "m":
                seg.mentions.append(s)
            elif s.kind == "q":
                seg.quotes.append(s.idx)
            elif s.kind == "ev":
                seg.events.append(s.idx)
        out.append(seg)
    if pending:  # empty spans at the very end
        out.append(Segment("", end, anchors=pending))
    return out


@dataclass(frozen=True)
class Block:
    """A paragraph (or an unclassified stretch between paragraphs) of the article view."""

    start: int
    end: int
    kind: str  # content | noise | gap
    reason: str
    lang: str | None
    dir: str
    segments: list[Segment]

    @property
    def groups(self) -> list[tuple[str | None, list[Segment]]]:
        """Consecutive segments of one foreign-direction run grouped (one ``<bdi>``)."""
        out: list[tuple[str | None, list[Segment]]] = []
        last_run = -2
        for seg in self.segments:
            same_run = seg.iso is not None and seg.run == last_run
            if same_run or (seg.iso is None and out and out[-1][0] is None):
                out[-1][1].append(seg)
            else:
                out.append((seg.iso, [seg]))
            last_run = seg.run if seg.iso is not None else -2
        return out


def blocks(text: str, paragraphs: Iterable[tuple[int, int, str, str, str | None]],
           spans: Sequence[Span], doc_lang: str | None,
           body: Sequence[tuple[int, int]] = ()) -> list[Block]:
    """The article as blocks: each paragraph with its own language and direction, and the
    text between paragraphs when it is not just whitespace or when an annotation starts
    there. A document stored without paragraphs becomes its body spans (content) and the
    rest (noise)."""
    paras = sorted(paragraphs)
    if not paras:
        paras = _from_body(len(text), body)
    out: list[Block] = []
    pos = 0
    for start, end, kind, reason, lang in paras:
        if start > pos:
            _gap(out, text, pos, start, spans, doc_lang)
        chunk = text[start:end]
        eff = lang or doc_lang
        direction = text_dir(chunk, eff)
        out.append(Block(start, end, kind or "content", reason or "", lang_attr(chunk, eff),
                         direction, segment(text, start, end, spans,
                                            foreign_runs(text, start, end, direction))))
        pos = max(pos, end)
    if pos < len(text):
        _gap(out, text, pos, len(text), spans, doc_lang)
    return out


def _from_body(n: int, body: Sequence[tuple[int, int]]) -> list[tuple[int, int, str, str, None]]:
    if not body:
        return [(0, n, "content", "", None)]
    out: list[tuple[int, int, str, str, None]] = []
    pos = 0
    for s, e in sorted(body):
        if s > pos:
            out.append((pos, s, "noise", "outside body", None))
        out.append((s, e, "content", "body", None))
        pos = e
    if pos < n:
        out.append((pos, n, "noise", "outside body", None))
    return out


def _gap(out: list[Block], text: str, a: int, b: int, spans: Sequence[Span],
         doc_lang: str | None) -> None:
    chunk = text[a:b]
    if not chunk.strip() and not any(a <= s.start < b for s in spans):
        return
    direction = text_dir(chunk, doc_lang)
    out.append(Block(a, b, "gap", "", lang_attr(chunk, doc_lang), direction,
                     segment(text, a, b, spans, foreign_runs(text, a, b, direction))))


def highlight_pieces(text: str, highlights: Iterable[Sequence[int]]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, highlighted)`` pairs at ``[start, end)`` highlights (a
    search snippet); overlapping or out-of-range highlights are merged and clipped.

    >>> highlight_pieces("a <b>x</b> c", [[2, 10]])
    [('a ', False), ('<b>x</b>', True), (' c', False)]
    """
    merged: list[list[int]] = []
    for h in sorted((max(0, int(h[0])), min(len(text), int(h[1]))) for h in highlights):
        if h[1] <= h[0]:
            continue
        if merged and h[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], h[1])
        else:
            merged.append([h[0], h[1]])
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in merged:
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out
