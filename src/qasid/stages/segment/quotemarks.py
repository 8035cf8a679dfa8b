"""Quotation-mark spans: «…», “…”, „…“ and straight "…", outermost pairs only.

A nested pair inside a quote (``«برخی می‌گویند … "مرگ بر آمریکا" است»``) belongs to the outer
quote, so only outermost spans are returned. Straight quotes are paired left to right within
a paragraph; an unpaired one is ignored rather than swallowing the rest of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: opening mark -> closing marks that end it
_PAIRS = {"«": "»", "“": "”", "„": "“”", "‹": "›"}
_CLOSERS = {"»", "”", "“", "›"}
_MARK = re.compile("[\"«»“”„‹›]")


@dataclass(frozen=True)
class QuoteSpan:
    """``[open, close]`` are the marks' positions; the quoted text is ``[open + 1, close)``."""

    open: int
    close: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[QuoteSpan]:
    """Outermost quotation spans within ``text[start:end]``, in text order."""
    end = len(text) if end is None else end
    return [QuoteSpan(q.open + start, q.close + start) for q in _spans(text[start:end])]


@lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[QuoteSpan, ...]:
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    # only the marks themselves change the state: visit them, not every character
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch == '"':
            if stack:
                continue  # nested straight quotes belong to the outer quote
            if straight_open is None:
                straight_open = i
            else:
                spans.append(QuoteSpan(straight_open, i))
                straight_open = None
            continue
        if straight_open is not None:
            continue
        if stack and ch in _PAIRS[stack[-1][0]]:
            _opener, pos = stack.pop()
            if not stack:
                spans.append(QuoteSpan(pos, i))
            continue
        if ch in _PAIRS and not (ch == "“" and stack and stack[-1][0] == "„"):
            stack.append((ch, i))
        elif ch in _CLOSERS and not stack:
            continue  # a stray closer
    spans.sort(key=lambda q: q.open)
    return tuple(spans)
