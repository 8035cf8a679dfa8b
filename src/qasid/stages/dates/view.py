"""The folded view date patterns run on, with a map back to original offsets.

It applies exactly :func:`qasid.stages.normalize.normalize`'s character folding — the table is
*derived from* ``normalize`` (one call over every relevant code point), so ي/ی, ك/ک, hamza,
ة/ه, digits, diacritics, tatweel, ZWNJ, bidi marks and Latin case fold the same way everywhere
in qasid — and collapses whitespace the same way. It does not apply ``normalize``'s Persian
affix joining, which no date expression needs and which would glue ``۱۸ می در`` into
``۱۸ میدر``.

Why a separate builder: ``normalize`` visits every whitespace run, about a millisecond per 5 KB
article; this one visits only the characters that change length (deletions, expansions,
unusual whitespace), so a typical line costs one ``str.translate``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from qasid.stages.normalize import normalize


@dataclass(frozen=True)
class DateView:
    """Folded text plus, for each of its characters, the original index it came from.

    ``offsets`` has one extra final entry, the original length (as ``NormalizedText``).
    """

    text: str
    offsets: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Smallest original span ``[s, e)`` covering the folded span ``[start, end)``."""
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@cache
def fold_table() -> Mapping[int, str]:
    """Per-code-point result of ``normalize`` ('' = deleted), whitespace excluded."""
    cps = [
        cp
        for rng in (range(0x21, 0x800), range(0x2000, 0x2070), range(0xFB50, 0xFF00))
        for cp in rng
        if not chr(cp).isspace()
    ]
    view = normalize("".join(map(chr, cps)))
    out: dict[int, list[str]] = {cp: [] for cp in cps}
    for i, ch in enumerate(view.text):
        out[cps[view.offsets[i]]].append(ch)
    return MappingProxyType({cp: "".join(chars) for cp, chars in out.items()})


@cache
def _builders() -> tuple[dict[int, str], re.Pattern[str]]:
    table = fold_table()
    one_to_one = {cp: s for cp, s in table.items() if len(s) == 1 and s != chr(cp)}
    special = "".join(re.escape(chr(cp)) for cp, s in sorted(table.items()) if len(s) != 1)
    pattern = re.compile(rf"(?P<ws>\s{{2,}}|[^\S ])|(?P<x>[{special}]+)")
    return one_to_one, pattern


def date_view(raw: str) -> DateView:
    """Fold ``raw`` for date matching, keeping the offset map.

    >>> v = date_view("سه‌شنبه ۲۳  اردیبهشت")
    >>> v.text
    'سهشنبه 23 اردیبهشت'
    >>> v.to_original(7, 9)
    (8, 10)
    """
    one_to_one, pattern = _builders()
    table = fold_table()
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in pattern.finditer(raw):
        s, e = m.span()
        if s > pos:
            parts.append(raw[pos:s].translate(one_to_one))
            offsets.extend(range(pos, s))
        if m.lastgroup == "ws":
            parts.append("\n" if "\n" in m.group() else " ")
            offsets.append(s)
        else:
            for i in range(s, e):
                folded = table[ord(raw[i])]
                parts.append(folded)
                offsets.extend([i] * len(folded))
        pos = e
    if pos == 0:
        return DateView(raw.translate(one_to_one), range(len(raw) + 1))
    if pos < len(raw):
        parts.append(raw[pos:].translate(one_to_one))
        offsets.extend(range(pos, len(raw)))
    offsets.append(len(raw))
    return DateView("".join(parts), offsets)


def fold(entry: str) -> str:
    """The folded form of a data entry (a month name, a label), trimmed."""
    return date_view(entry).text.strip()


#: letters of the scripts date words are written in (Latin, Arabic incl. Persian letters and
#: presentation forms) with their marks, tatweel and joiners — digits excluded. A positive
#: class: much faster than "letters or marks" alternations in the per-number pre-filter.
WORD_CHARS = (
    "A-Za-z\u00c0-\u024f\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff"
    "\u200c\u200d\ufb50-\ufdff\ufe70-\ufefc"
)
RAW_WORD = f"[{WORD_CHARS}]+"
