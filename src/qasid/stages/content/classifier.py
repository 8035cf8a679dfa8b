"""Paragraph classifier for scraped text that still carries page chrome.

Works in the jusText spirit — length, stop-word density and the verdict of neighbouring
paragraphs — with signals that flattened news pages need and jusText lacks: widget phrases
(share/comment/captcha bars), page-metadata lines (news codes, update stamps), image captions
with agency credits, the repeated headline/lead that a caption block carries, run-on
"related headlines" blobs (long lines with almost no sentence punctuation) and the
after-article zone that starts at a "comments"/"related news" marker.

Thresholds live in :class:`ContentSettings`; they were tuned with ``qasid eval`` on the seed
gold (``examples/gold/seeds.jsonl``) and hand-written fixtures — re-run both after changing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qasid.records import Paragraph
from qasid.stages.content.lexicon import ContentLexicon, content_lexicon
from qasid.stages.normalize import normalize, normalized_text

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^\s*[•·▪►‣◦∙●○■□◆\-–—*|]\s*")
_NAV_ARROWS = re.compile(r"(?:»»|>>|›|«««|<<)\s*$")
_TERMINATOR = re.compile(r"[.!?؟…。](?!\d)")
_PAREN_TAIL = re.compile(r"\(([^()]{2,160})\)\W*$")
_LINK_ONLY = re.compile(
    r"^\s*(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?)\s*$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?؟…][\"'»”)]*\s*$")
_MENU_SEPARATORS = re.compile(r"\s[|•·»/]\s|\s{2,}")
_CREDIT_TAIL = re.compile(r"(?:\s[/|]\s|[.،,]\s)([^/|.،,]{0,40}?[/:][^/|]{0,40})$|(\S+/\S+)$")
_QUESTION = re.compile(r"[?؟]\s*$")
_DIGIT = re.compile(r"[0-9۰-۹٠-٩]")

GOOD, BAD, SHORT, NEARGOOD = "good", "bad", "short", "neargood"
#: reasons that are noise whatever the neighbours say
HARD_NOISE = frozenset(
    {"symbols", "boilerplate", "tail-marker", "metadata", "caption", "credit", "link", "menu",
     "navigation", "headline-list"}
)


@dataclass(frozen=True)
class ContentSettings:
    """Thresholds of the classifier (tuned on the seed gold; re-run ``qasid eval`` after
    changes)."""

    short_chars: int = 60
    good_chars: int = 120
    stop_high: float = 0.22
    stop_low: float = 0.08
    widget_max_words: int = 8
    widget_extra_words: int = 3
    metadata_max_words: int = 6
    runon_min_words: int = 60
    runon_words_per_sentence: float = 55.0
    runon_max_stop: float = 0.35
    dup_jaccard: float = 0.75
    headline_max_words: int = 20
    tail_ratio: float = 0.5


@dataclass
class _Para:
    start: int
    end: int
    text: str
    words: list[str]
    key: str
    chars: int
    stop: float
    cls: str = BAD
    reason: str = ""
    dup_of: int | None = None
    marker_tail: bool = False


def _split_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        seg = m.group()
        stripped = seg.strip()
        if not stripped:
            continue
        s += len(seg) - len(seg.lstrip())
        e -= len(seg) - len(seg.rstrip())
        spans.append((s, e))
    return spans


def _features(text: str, s: int, e: int, lex: ContentLexicon) -> _Para:
    seg = text[s:e]
    norm = normalized_text(seg)
    words = [w for w in _WORD.findall(norm) if not w.isdigit()]
    n = len(words)
    stop = sum(1 for w in words if _is_stopword(w, lex.stopwords)) / n if n else 0.0
    return _Para(s, e, seg, words, " ".join(words), len(seg) - seg.count(" "), stop)


def _is_stopword(word: str, stopwords: frozenset[str]) -> bool:
    """Also count Arabic function words carrying a one-letter proclitic (و، ف، ب، ل، ک): Arabic
    writes them attached (``ويتم``, ``وفي``), which otherwise makes Arabic prose look stop-word
    poor next to Persian and English."""
    if word in stopwords:
        return True
    return len(word) > 2 and word[0] in _PROCLITICS and word[1:] in stopwords


_PROCLITICS = frozenset("وفبلک")


def _starts_with_phrase(key: str, phrases: frozenset[str] | tuple[str, ...]) -> str | None:
    """The longest phrase that ``key`` equals or starts with (whole words)."""
    index = _phrase_index(phrases)
    first = key.split(" ", 1)[0]
    for ph in index.get(first, ()):
        if key == ph or key.startswith(ph + " "):
            return ph
    return None


@cache
def _phrase_index(phrases: frozenset[str] | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Phrases grouped by first word, longest first: one dict probe per line instead of a
    scan over every phrase."""
    index: dict[str, list[str]] = {}
    for ph in phrases:
        index.setdefault(ph.split(" ", 1)[0], []).append(ph)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def _initial(p: _Para, lex: ContentLexicon, cfg: ContentSettings) -> tuple[str, str]:
    n = len(p.words)
    if n == 0:
        return BAD, "symbols"
    if n <= cfg.widget_max_words:
        ph = _starts_with_phrase(p.key, lex.boilerplate)
        if ph is not None and n <= len(ph.split()) + cfg.widget_extra_words:
            if ph in lex.tail_markers:
                p.marker_tail = True
                return BAD, "tail-marker"
            return BAD, "boilerplate"
    digits = len(_DIGIT.findall(p.text))
    labelled = _starts_with_phrase(p.key, lex.metadata_labels) is not None
    if (n <= cfg.metadata_max_words and (labelled or (n <= 4 and digits >= 0.3 * p.chars))) or (
        n <= 2 * cfg.metadata_max_words and digits >= 0.2 * p.chars
        and (labelled or not _SENTENCE_END.search(p.text))
    ):
        # date/time stamps, also long ones ("نشر في: … آخر تحديث: …", "June 16, 2025 6:41 PM")
        return BAD, "metadata"
    segments = [x for x in _MENU_SEPARATORS.split(p.text) if x.strip()]
    if len(segments) >= 4 and n <= 3 * len(segments):
        return BAD, "menu"  # "صفحه اصلی | سیاسی | اقتصادی | …"
    paren = _PAREN_TAIL.search(p.text)
    if paren and lex.credit_re.search(normalize(paren.group(1)).text):
        return BAD, "caption"
    if n <= 4 and lex.credit_re.search(p.key):
        return BAD, "credit"
    tail = _CREDIT_TAIL.search(p.text)
    if tail and lex.credit_re.search(normalize(tail.group(1) or tail.group(2)).text):
        return BAD, "caption"  # "… / عکس: ایرنا", "… Doha, June 23. REUTERS/Stringer"
    if _LINK_ONLY.match(p.text):
        return BAD, "link"
    if n <= cfg.widget_max_words and _BULLET.match(p.text) and not _QUESTION.search(p.text):
        return BAD, "menu"  # (a bulleted question is an interview question, kept)
    if n <= 5 and _NAV_ARROWS.search(p.text):
        return BAD, "navigation"
    if n >= cfg.runon_min_words:
        sentences = max(1, len(_TERMINATOR.findall(p.text)))
        if n / sentences > cfg.runon_words_per_sentence and p.stop < cfg.runon_max_stop:
            return BAD, "headline-list"
    if n <= cfg.metadata_max_words and _starts_with_phrase(p.key, lex.source_labels):
        return GOOD, "source"
    if p.chars < cfg.short_chars:
        return SHORT, "short"
    if p.stop >= cfg.stop_high and p.chars >= cfg.good_chars:
        return GOOD, "good"
    if p.stop >= cfg.stop_low:
        return NEARGOOD, "neargood"
    if n <= cfg.headline_max_words and not _SENTENCE_END.search(p.text):
        # headlines carry few function words; their neighbours decide, as for short lines
        return SHORT, "headline-like"
    return BAD, "low-stopwords"


def _mark_duplicates(paras: list[_Para], cfg: ContentSettings) -> None:
    """Point each repeated paragraph at its first occurrence (exact key or word Jaccard)."""
    seen: dict[str, int] = {}
    sets: list[tuple[int, frozenset[str]]] = []
    for i, p in enumerate(paras):
        if not p.key:
            continue
        if p.key in seen:
            p.dup_of = seen[p.key]
            continue
        seen[p.key] = i
        if len(p.words) >= 5:
            ws = frozenset(p.words)
            for j, other in sets:
                inter = len(ws & other)
                if inter and inter / len(ws | other) >= cfg.dup_jaccard:
                    p.dup_of = j
                    break
            else:
                sets.append((i, ws))


#: paragraphs that do not vote on their neighbours: an image block (caption, credit, the
#: headline repeated under the picture) or a byline/date line sits inside the article
#: (between headline and lead) without ending it
_TRANSPARENT = frozenset({"caption", "credit", "metadata"})


def _neighbour(paras: list[_Para], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(paras):
        p = paras[j]
        if p.dup_of is None and p.cls in (GOOD, BAD) and p.reason not in _TRANSPARENT:
            return p.cls
        j += step
    return BAD


def classify_paragraphs(
    text: str,
    *,
    trusted: bool = False,
    settings: ContentSettings | None = None,
    lexicon: ContentLexicon | None = None,
) -> list[Paragraph]:
    """Split ``text`` into line paragraphs and label each ``content`` or ``noise``.

    ``trusted`` is for text that an HTML extractor already cut to the article: only hard
    noise signals (widgets, metadata, captions, link lists, the after-article zone) remove a
    paragraph there, because short headings and list items are legitimate in real markup.
    """
    cfg = settings or ContentSettings()
    lex = lexicon or content_lexicon()
    paras = [_features(text, s, e, lex) for s, e in _split_lines(text)]
    for p in paras:
        p.cls, p.reason = _initial(p, lex, cfg)
    _mark_duplicates(paras, cfg)

    if trusted:
        for p in paras:
            if p.reason not in HARD_NOISE:
                p.cls = GOOD
    else:
        decided = [p.cls for p in paras]
        for i, p in enumerate(paras):
            if p.dup_of is not None or p.cls not in (SHORT, NEARGOOD):
                continue
            prev, nxt = _neighbour(paras, i, -1), _neighbour(paras, i, 1)
            if p.cls == NEARGOOD:
                decided[i] = BAD if prev == BAD and nxt == BAD else GOOD
            elif prev == nxt:
                decided[i] = prev
            elif nxt == GOOD and len(p.words) >= 3:
                # A short line that opens good text is a headline or a lead-in ("he said:").
                decided[i] = GOOD
            elif prev == GOOD and len(p.words) >= 4 and _SENTENCE_END.search(p.text):
                # A short full sentence closing the article ("The White House declined to
                # comment."); headlines and widget lines carry no final punctuation.
                decided[i] = GOOD
            else:
                decided[i] = BAD
        for p, cls in zip(paras, decided, strict=True):
            p.cls = cls

    _apply_tail_zone(paras, cfg)

    if not any(p.cls == GOOD for p in paras):
        # Nothing survived context: a one- or two-paragraph text (a JSONL dump's article
        # field, a feed summary) has only the document edges as neighbours, which vote "bad".
        # Keep whatever is not hard noise rather than store an empty article.
        for p in paras:
            if p.reason not in HARD_NOISE and p.dup_of is None:
                p.cls, p.reason = GOOD, "fallback"

    for i, p in enumerate(paras):
        if p.dup_of is None:
            continue
        if _next_to_caption(paras, i):
            p.cls, p.reason = BAD, "caption-duplicate"
        else:
            orig = paras[p.dup_of]
            p.cls, p.reason = orig.cls, "duplicate"

    return [
        Paragraph(p.start, p.end, "content" if p.cls == GOOD else "noise", p.reason) for p in paras
    ]


def _apply_tail_zone(paras: list[_Para], cfg: ContentSettings) -> None:
    """Everything after an end-of-article marker is noise, when little content follows it.

    The mass condition keeps a share bar placed between headline and body from swallowing
    the article: the zone starts only at a marker followed by less good text than precedes it.
    """
    total_good = sum(p.chars for p in paras if p.cls == GOOD)
    before = 0
    for i, p in enumerate(paras):
        if p.marker_tail and before > 0 and (total_good - before) < cfg.tail_ratio * before:
            for q in paras[i + 1 :]:
                if q.cls == GOOD or q.reason not in HARD_NOISE:
                    q.cls, q.reason = BAD, "after-article"
            return
        if p.cls == GOOD:
            before += p.chars


def _next_to_caption(paras: list[_Para], i: int) -> bool:
    for j in (i - 1, i + 1):
        if 0 <= j < len(paras) and paras[j].reason in ("caption", "credit"):
            return True
    return False


def body_spans(text: str, paragraphs: list[Paragraph]) -> tuple[tuple[int, int], ...]:
    """Merge runs of content paragraphs (with the blank lines between them) into spans."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for p in paragraphs:
        if p.kind == "content":
            if cur is None:
                cur = [p.start, p.end]
            else:
                cur[1] = p.end
        elif cur is not None:
            spans.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        spans.append((cur[0], cur[1]))
    return tuple(spans)
