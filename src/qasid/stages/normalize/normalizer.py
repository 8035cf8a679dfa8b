"""Fold Arabic/Persian letter variants, digits, diacritics and ZWNJ forms, keeping offsets.

Why not hazm/parsivar: both return a bare string (offsets lost), rewrite dates
(``۲۳-۰۲-۱۴۰۳`` → ``۲۳ - ۰۲ - ۱۴۰۳``) and none restores lost ZWNJ reliably (see
LIBRARY-NOTES). Instead of restoring ZWNJ we make the view ZWNJ-insensitive: ZWNJ is deleted and
a space before a detached Persian suffix (or after ``می``) is deleted too, so ``خامنه‌ای``,
``خامنه ای`` and ``خامنهای`` all read ``خامنهای``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from qasid.resources import ordered_list, tsv, word_list


@dataclass(frozen=True)
class NormalizedText:
    """The normalised view and, for each of its characters, the original index it came from.

    ``offsets`` has one extra final entry equal to the original text's length, so that an
    end-exclusive normalised span ``[a, b)`` maps to ``[offsets[a], offsets[b - 1] + 1)``.
    """

    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the smallest original span covering it.

        >>> n = normalize("خامنه‌ای گفت")
        >>> n.text
        'خامنهای گفت'
        >>> n.to_original(0, 7)
        (0, 8)
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"E202 normalised span [{start}, {end}) is outside the text")
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_normalized(self, orig_start: int, orig_end: int) -> tuple[int, int]:
        """Map an original span to the normalised span of the characters that came from it."""
        import bisect

        offs = self.offsets[:-1]
        a = bisect.bisect_left(offs, orig_start)
        b = bisect.bisect_left(offs, orig_end)
        return a, b


def _parse_codepoints(entry: str) -> list[int]:
    entry = entry.split(maxsplit=1)[0]
    if "-" in entry:
        lo, hi = entry.split("-")
        return list(range(int(lo[2:], 16), int(hi[2:], 16) + 1))
    return [int(entry[2:], 16)]


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """Build the 1:1 translate table and the pattern of positions that change length."""
    table: dict[int, str] = {}
    # Case folding for scripts where lower() keeps one code point (Latin, Greek, Cyrillic).
    for cp in range(0x41, 0x530):
        ch = chr(cp)
        low = ch.lower()
        if low != ch and len(low) == 1:
            table[cp] = low
    for row in tsv("normalize/char_map.tsv"):
        src, dst = row["src"], row["dst"]
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"char_map row {row} is not one-to-one")
        table[ord(src)] = dst
    deletable: list[int] = []
    for entry in ordered_list("normalize/deletable.txt"):
        deletable.extend(_parse_codepoints(entry))
    del_class = "".join(re.escape(chr(cp)) for cp in sorted(set(deletable)))
    suffixes = sorted(word_list("normalize/fa_detached_suffixes.txt"), key=len, reverse=True)
    prefixes = sorted(word_list("normalize/fa_detached_prefixes.txt"), key=len, reverse=True)
    letter = "[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]"
    suffix_alt = "|".join(map(re.escape, suffixes))
    prefix_alt = "|".join(map(re.escape, prefixes))
    # Order matters: the affix rules must win over plain whitespace collapsing. Suffixes and
    # prefixes are matched on the original letters (Persian yeh ی), so Arabic ``في أي`` is never
    # joined: Arabic writes ي and hamza forms there.
    # Every branch below consumes first a whitespace, a prefix's first letter, a deletable
    # character or a presentation form: a lookahead on that class lets the scanner reject
    # the (vast majority of) other positions at once instead of trying five branches there.
    firsts = "".join(sorted({re.escape(p[0]) for p in prefixes}))
    gate = rf"(?=[\s\u00a0{firsts}{del_class}\ufb50-\ufdff\ufe70-\ufefc])"
    pattern = re.compile(
        gate + rf"(?:(?P<sfx>(?<={letter})[ \u00a0](?=(?:{suffix_alt})(?!{letter})))"
        rf"|(?P<pfx>(?<!{letter})(?:{prefix_alt})[ \u00a0](?={letter}))"
        # A lone ASCII space maps to itself and stays in the bulk-translated segments; only
        # runs, and other whitespace (tab, newline, NBSP), are rewritten one by one.
        rf"|(?P<ws>\s{{2,}}|[^\S ])"
        rf"|(?P<del>[{del_class}]+)"
        rf"|(?P<pres>[\ufb50-\ufdff\ufe70-\ufefc]+))"
    )
    return table, pattern


@lru_cache(maxsize=16384)
def normalized_text(text: str) -> str:
    """Only the normalised string (no offset map), memoised.

    Paragraph-level callers (content classifier, duplicate keys) normalise the same paragraph
    strings one after the other; the cache makes the second pass free. Without the offset map
    (one integer per character, most of :func:`normalize`'s work) the string alone is built
    in a third of the time.
    """
    return _fold(text, None)


@lru_cache(maxsize=2048)
def normalize(text: str) -> NormalizedText:
    """Return the matching/search view of ``text`` with its offset map.

    Folds letter variants and digits (``ي``→``ی``, ``ك``→``ک``, ``ة``→``ه``, ``۲``→``2``), drops
    diacritics, tatweel and ZWNJ, joins detached Persian affixes, lower-cases Latin script and
    collapses whitespace (a run containing a newline becomes ``\n``, any other run one space).

    >>> normalize("گفت‌وگو").text == normalize("گفتوگو").text
    True
    >>> normalize("می گویند").text == normalize("میگویند").text
    True
    >>> normalize("المفاوضاتُ ١٤٠٣").text
    'المفاوضات 1403'
    """
    offsets: list[int] = []
    folded = _fold(text, offsets)
    offsets.append(len(text))
    return NormalizedText(folded, tuple(offsets))


def _fold(text: str, offsets: list[int] | None) -> str:
    """The folding itself, shared by :func:`normalize` and :func:`normalized_text`: with
    ``offsets``, the original index of every output character is appended to it (building
    that map is most of the cost, so the string-only caller passes ``None``)."""
    table, pattern = _tables()
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        if s > pos:
            out.append(text[pos:s].translate(table))
            if offsets is not None:
                offsets.extend(range(pos, s))
        kind = m.lastgroup
        if kind == "ws":
            out.append("\n" if "\n" in m.group() else " ")
            if offsets is not None:
                offsets.append(s)
        elif kind == "pfx":
            out.append(text[s : e - 1].translate(table))
            if offsets is not None:
                offsets.extend(range(s, e - 1))
        elif kind == "pres":
            for i in range(s, e):
                folded = unicodedata.normalize("NFKC", text[i]).translate(table)
                out.append(folded)
                if offsets is not None:
                    offsets.extend([i] * len(folded))
        # "sfx" and "del": deleted, nothing emitted
        pos = e
    if pos < len(text):
        out.append(text[pos:].translate(table))
        if offsets is not None:
            offsets.extend(range(pos, len(text)))
    return "".join(out)
