"""Match trigger patterns against the tokens of a sentence (normalised view)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qasid.stages.cues import Lexicon, TriggerPattern
from qasid.stages.cues.lexicon import MAX_GAP

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # normalised offsets within the sentence's normalised text
    end: int


def tokenize(norm: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm)]


@dataclass(frozen=True)
class TriggerHit:
    trigger: int  # index into Lexicon.triggers
    first: int  # token indices, inclusive
    last: int


def _tok_ok(tok: str, want: str, prefix: bool) -> bool:
    return tok.startswith(want) if prefix else tok == want


def _match_rest(tokens: list[Token], i: int, pat: TriggerPattern) -> int | None:
    """Index of the last token when ``pat`` matches starting at ``i`` (first token checked)."""
    pos = i
    for word, prefix, gap in pat.tokens[1:]:
        limit = pos + 1 + (MAX_GAP if gap else 0)
        nxt = None
        for j in range(pos + 1, min(limit + 1, len(tokens))):
            if _tok_ok(tokens[j].text, word, prefix):
                nxt = j
                break
        if nxt is None:
            return None
        pos = nxt
    return pos


def find_triggers(tokens: list[Token], lex: Lexicon) -> list[TriggerHit]:
    """Every pattern match, then the longest non-overlapping ones (earliest first)."""
    hits: list[TriggerHit] = []
    present = {t.text for t in tokens}
    for i, tok in enumerate(tokens):
        for ti, pat in lex.candidates(tok.text):
            if not pat.required <= present:
                continue
            last = _match_rest(tokens, i, pat) if len(pat.tokens) > 1 else i
            if last is not None:
                hits.append(TriggerHit(ti, i, last))
    hits.sort(key=lambda h: (-(h.last - h.first), h.first))
    chosen: list[TriggerHit] = []
    for h in hits:
        if all(h.last < c.first or h.first > c.last for c in chosen):
            chosen.append(h)
    chosen.sort(key=lambda h: h.first)
    return chosen
