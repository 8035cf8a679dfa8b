"""Match trigger patterns against the tokens of a sentence (normalised view)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from qasid.stages.cues import Lexicon
from qasid.stages.cues.lexicon import MAX_GAP

_TOKEN = re.compile(r"\w+")


class Token(NamedTuple):
    """A word of a sentence's normalised text (a tuple: built for every word of every
    sentence, where a dataclass's constructor cost showed in profiles)."""

    text: str
    start: int  # normalised offsets within the sentence's normalised text
    end: int


def tokenize(norm: str) -> list[Token]:
    """The words of ``norm`` with their offsets. ``findall`` plus ``str.find`` is about twice
    as fast as building each token from a match object: between two words there are only
    non-word characters, so a word's next occurrence from the previous word's end is itself."""
    out: list[Token] = []
    pos = 0
    new = tuple.__new__
    for word in _TOKEN.findall(norm):
        start = norm.find(word, pos)
        pos = start + len(word)
        out.append(new(Token, (word, start, pos)))
    return out


@dataclass(frozen=True)
class TriggerHit:
    trigger: int  # index into Lexicon.triggers
    first: int  # token indices, inclusive
    last: int


def _match_rest(words: list[str], i: int, rest: tuple[tuple[str, bool, bool], ...]
                ) -> int | None:
    """Index of the last token when the pattern whose first token matched at ``i`` goes on
    with ``rest`` (each token within :data:`MAX_GAP` words when a gap precedes it)."""
    pos = i
    n = len(words)
    for word, prefix, gap in rest:
        limit = min(pos + 2 + (MAX_GAP if gap else 0), n)
        for j in range(pos + 1, limit):
            w = words[j]
            if (w.startswith(word) if prefix else w == word):
                pos = j
                break
        else:
            return None
    return pos


def find_triggers(tokens: list[Token], lex: Lexicon) -> list[TriggerHit]:
    """Every pattern match, then the longest non-overlapping ones (earliest first)."""
    hits: list[TriggerHit] = []
    words = [t.text for t in tokens]
    present = set(words)
    memo, candidates = lex._by_token, lex.candidates
    for i, word in enumerate(words):
        found = memo.get(word)
        for ti, required, rest in candidates(word) if found is None else found:
            if required <= present:
                last = _match_rest(words, i, rest) if rest else i
                if last is not None:
                    hits.append(TriggerHit(ti, i, last))
    hits.sort(key=lambda h: (-(h.last - h.first), h.first))
    chosen: list[TriggerHit] = []
    for h in hits:
        if all(h.last < c.first or h.first > c.last for c in chosen):
            chosen.append(h)
    chosen.sort(key=lambda h: h.first)
    return chosen
