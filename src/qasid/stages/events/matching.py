"""Match trigger patterns against the tokens of a sentence (normalised view)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from qasid.stages.cues import Lexicon
from qasid.stages.cues.lexicon import MAX_GAP

_TOKEN = re.compile(r"\w+")
_CLAUSE_MARK = re.compile(r"[,،;؛:]")


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
    literals: int = 1  # the pattern's literal tokens (its ``…`` gaps not counted)


def _match_rest(words: list[str], i: int, rest: tuple[tuple[str, bool, bool], ...],
                max_gap: int = MAX_GAP, stop: int | None = None) -> int | None:
    """Index of the last token when the pattern whose first token matched at ``i`` goes on
    with ``rest`` (each token within ``max_gap`` words when a gap precedes it), before the
    token index ``stop``."""
    pos = i
    n = len(words) if stop is None else stop
    for word, prefix, gap in rest:
        limit = min(pos + 2 + (max_gap if gap else 0), n)
        for j in range(pos + 1, limit):
            w = words[j]
            if (w.startswith(word) if prefix else w == word):
                pos = j
                break
        else:
            return None
    return pos


def _segment_ends(tokens: list[Token], text: str) -> list[int] | None:
    """Per token, the index after the last token of its segment: segments end at clause
    punctuation (``,`` ``،`` ``;`` ``؛`` ``:``). ``None`` when the text has none."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
    if not marks:
        return None
    ends = [0] * len(tokens)
    j = len(tokens)
    k = len(marks) - 1
    for i in range(len(tokens) - 1, -1, -1):
        while k >= 0 and marks[k] >= tokens[i].end:
            k -= 1
            # the tokens from here on end before this mark: a new segment ends at i + 1
            j = i + 1
        ends[i] = j
    return ends


def find_triggers(tokens: list[Token], lex: Lexicon, text: str | None = None
                  ) -> list[TriggerHit]:
    """Every pattern match, then the longest non-overlapping ones (earliest first).

    With the normalised ``text`` the tokens come from, a pattern does not run over clause
    punctuation: a gap of several words that crosses a comma joins two clauses ("… مذاکرات
    است، گفت دور تازه … برگزار می‌شود"), not the parts of one expression."""
    hits: list[TriggerHit] = []
    words = [t.text for t in tokens]
    present = set(words)
    memo, candidates, gap = lex._by_token, lex.candidates, lex.max_gap
    ends = _segment_ends(tokens, text) if text is not None else None
    for i, word in enumerate(words):
        found = memo.get(word)
        for ti, required, rest in candidates(word) if found is None else found:
            if required <= present:
                last = (_match_rest(words, i, rest, gap, ends[i] if ends else None)
                        if rest else i)
                if last is not None:
                    hits.append(TriggerHit(ti, i, last, len(rest) + 1))
    # the lexicon contract (data/lexicons/README.md, "Overlaps"): more literal tokens win,
    # then the entry written first; span length only after that (a longer gap is no
    # evidence of a better reading)
    hits.sort(key=lambda h: (-h.literals, h.trigger, -(h.last - h.first), h.first))
    chosen: list[TriggerHit] = []
    for h in hits:
        if all(h.last < c.first or h.first > c.last for c in chosen):
            chosen.append(h)
    chosen.sort(key=lambda h: h.first)
    return chosen
