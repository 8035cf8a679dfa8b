"""Sentence spans inside a paragraph, never splitting inside a quotation.

Rules: a sentence ends at ``.``, ``!``, ``?``, ``؟``, ``…`` or ``;``/``؛`` followed by space or
the paragraph end, unless the period belongs to a number (``2.5``), an abbreviation listed
in the language's data (``U.S.``, ``Mr.``) or a single initial (``J. D. Vance``), and unless it
falls inside a quotation — a quoted speech of several sentences stays in the sentence that
introduces it, which is what quote attribution and event coding need.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from qasid.resources import word_list
from qasid.stages.segment.quotemarks import quote_spans

_INITIAL = re.compile(r"\(?[A-Za-z]\.")
_END = re.compile(r"[.!?؟…]+[\"'»”)\]]*(?=\s|$)")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in word_list("lexicons/abbreviations.txt"))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (original offsets, stripped) of ``text[start:end]``."""
    end = len(text) if end is None else end
    # Quote and event extraction both segment every paragraph: memoise on the paragraph.
    return [(s + start, e + start) for s, e in _sentences(text[start:end])]


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    start, end = 0, len(text)
    inside = [(q.open, q.close) for q in quote_spans(text, start, end)]
    abbrevs = _abbreviations()
    cuts: list[int] = []
    for m in _END.finditer(text, start, end):
        pos = m.start()
        # inside a quotation, unless the terminator closes it (``… آنهاست.» او افزود``)
        if any(o < pos < c and m.end() <= c for o, c in inside):
            continue
        if text[pos] == ".":
            w = pos  # the word the period ends (walking back is cheaper than a regex
            while w > start and not text[w - 1].isspace():  # over the paragraph prefix)
                w -= 1
            token = (text[w:pos] + ".").lower() if w < pos else ""
            if token in abbrevs or _INITIAL.fullmatch(token or "x"):
                continue
        cuts.append(m.end())
    spans = []
    prev = start
    for c in [*cuts, end]:
        seg = text[prev:c]
        if seg.strip():
            s = prev + len(seg) - len(seg.lstrip())
            e = c - (len(seg) - len(seg.rstrip()))
            spans.append((s, e))
        prev = c
    return tuple(spans)
