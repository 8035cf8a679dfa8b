"""Persian and Arabic text in matplotlib labels: shaping, order and font.

Arabic-script letters change shape with their neighbours and run right to left. Matplotlib
3.11 and later lay text out with libraqm, which shapes and reorders by itself; older versions
draw code points one by one, left to right, so Persian comes out as isolated letters in reverse
order. :func:`label` hides the difference: it probes once what the installed matplotlib does
and, only when it cannot, hands it the visual form — presentation-form glyphs (arabic-reshaper)
in display order (python-bidi). Pre-shaping for a matplotlib that shapes itself would reverse
the text a second time, which is why the probe exists rather than an unconditional call.

The font is DejaVu Sans, which matplotlib bundles: it has the Arabic block, the presentation
forms and the Persian letters (پ چ ژ گ ک ی) and digits, so charts render the same on a fresh
machine after ``pip install`` without any system font package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

#: the family every chart uses; bundled with matplotlib
FONT_FAMILY = "DejaVu Sans"

#: bidi classes of right-to-left letters
_RTL_STRONG = frozenset({"R", "AL"})
#: mirrored pairs a right-to-left run must swap (the bidi algorithm's rule L4); the
#: Rust-based python-bidi (0.5 and later) reorders but does not mirror
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def has_rtl(text: str) -> bool:
    """Whether ``text`` contains a right-to-left letter (Arabic script, Hebrew)."""
    return any(unicodedata.bidirectional(c) in _RTL_STRONG for c in text)


def font_path() -> str:
    """The file of :data:`FONT_FAMILY` as matplotlib resolves it."""
    from matplotlib import font_manager

    return str(font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY),
                                     fallback_to_default=True))


@cache
def _reshaper() -> Any:
    """An arabic-reshaper configured for the chart font: ligatures the font lacks (the
    reshaper would emit U+FDF2 for "الله", which DejaVu Sans has no glyph for) are off;
    everything else is the library's default (isolated letters as presentation forms)."""
    try:
        import arabic_reshaper
        import bidi  # noqa: F401  (needed next, by _visual_line)
    except ImportError as exc:
        from qasid.errors import ConfigError

        raise ConfigError("Persian/Arabic labels with this matplotlib need arabic-reshaper "
                          "and python-bidi: pip install 'qasid[plots]'", code="E415") from exc
    config = dict(arabic_reshaper.reshaper_config.default_config)
    for key, value in arabic_reshaper.config_for_true_type_font(font_path()).items():
        if key.startswith("ARABIC LIGATURE") or key == "RIAL SIGN":
            config[key] = value
    return arabic_reshaper.ArabicReshaper(configuration=config)


def visual(text: str) -> str:
    """``text`` as a renderer without complex text layout must receive it: letters in their
    contextual presentation forms, in left-to-right display order, brackets of
    right-to-left runs mirrored. Text without right-to-left letters is returned unchanged;
    each line is a paragraph of its own."""
    if not has_rtl(text):
        return text
    return "\n".join(_visual_line(_reshaper().reshape(line)) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    """One line in display order: python-bidi resolves the embedding levels (the hard part
    of the bidi algorithm, bracket pairs included); reordering (L2) and mirroring (L4) are
    done here because the Rust-based python-bidi (0.5 and later) reorders without mirroring.
    If the levels cannot be read, python-bidi's own display order (unmirrored) is used."""
    from bidi import get_base_level, get_display

    levels = _levels(line)
    if levels is None:
        return str(get_display(line))
    base = int(get_base_level(line))
    # L1: trailing whitespace takes the paragraph level
    i = len(line)
    while i > 0 and unicodedata.bidirectional(line[i - 1]) in _TRAILING:
        i -= 1
        levels[i] = base
    order = list(range(len(line)))
    top = max(levels, default=0)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):  # L2: reverse runs at or above each level
        j = 0
        while j < len(order):
            if levels[order[j]] < level:
                j += 1
                continue
            k = j
            while k < len(order) and levels[order[k]] >= level:
                k += 1
            order[j:k] = order[j:k][::-1]
            j = k
    return "".join(_MIRROR.get(line[i], line[i]) if levels[i] % 2 else line[i] for i in order)


_TRAILING = frozenset({"WS", "S", "LRI", "RLI", "FSI", "PDI"})
_LEVELS = re.compile(r"levels:\s*\[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _levels(line: str) -> list[int] | None:
    """Resolved embedding level of each character, from python-bidi's ``debug=True`` report
    (levels per UTF-8 byte); ``None`` when the report is not in the expected shape."""
    from bidi import get_display

    try:
        report = get_display(line, debug=True)
    except TypeError:  # python-bidi < 0.5 has no levels report
        return None
    found = _LEVELS.search(str(report))
    if not found:
        return None
    per_byte = [int(x) for x in _LEVEL.findall(found.group(1))]
    out: list[int] = []
    offset = 0
    for c in line:
        if offset >= len(per_byte):
            return None
        out.append(per_byte[offset])
        offset += len(c.encode("utf-8"))
    return out if offset == len(per_byte) else None


@cache
def native_layout() -> bool:
    """Whether the installed matplotlib shapes and orders right-to-left text itself.

    Probe: lay out "بب" (two behs). A shaping, reordering engine draws the final form
    (U+FE90) first, at the left; a code-point-by-code-point engine draws an isolated beh.
    The outline of the first glyph tells which.
    """
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(family=FONT_FAMILY)
    pair = TextPath((0, 0), "\u0628\u0628", prop=prop).vertices
    final = TextPath((0, 0), "\ufe90", prop=prop).vertices
    return len(pair) >= len(final) and bool(np.allclose(pair[:len(final)], final))


def label(text: object) -> str:
    """Any value as matplotlib label text: right-to-left runs shaped and ordered for the
    installed matplotlib, ``$`` escaped so that scraped text is never read as mathtext."""
    s = "" if text is None else str(text)
    if has_rtl(s) and not native_layout():
        s = visual(s)
    return s.replace("$", r"\$")
