"""Find absolute date expressions (Jalali, Hijri, Gregorian) with offsets into the original text.

Why digit-anchored windows: every absolute date has a number in it (a day or a year), while
folding a whole article and trying a 150-name alternation at every word would cost about a
millisecond per 5 KB. So the text is scanned for digit runs of plausible length (1-2 or 4
digits, in ASCII, Persian or Arabic-Indic digits); a run is kept when it starts a numeric date
(``۲۳-۰۲-۱۴۰۳``) or a month name / year cue stands within two words of it (checked with a
translate table); only a short window of the line around kept runs is folded
(:mod:`.view`) and matched, and only with the patterns its neighbourhood allows. An article
without dates costs one regex scan.

Why not dateparser: it reads ``۲۳-۰۲-۱۴۰۳`` as Gregorian year 1403, resolves year-less dates
against today and is slow (see LIBRARY-NOTES).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator

from qasid.stages.dates import calendars
from qasid.stages.dates.lexicon import AbsoluteLexicon, absolute_lexicon, key
from qasid.stages.dates.mentions import Calendar, DateMention, Form, Precision
from qasid.stages.dates.view import RAW_WORD, WORD_CHARS, DateView, date_view, fold_table

_D = "0-9\u0660-\u0669\u06f0-\u06f9"  # ASCII, Arabic-Indic and Persian digits
_TATWEEL = "\u0640"
_DIGIT_RUN = re.compile(f"[{_D}]+")
_NUMERIC_SHAPE = re.compile(f"[{_D}]{{1,4}} ?[-/.] ?[{_D}]{{1,2}} ?[-/.] ?[{_D}]{{1,4}}")
#: words next to a digit run (read forwards, or backwards on the reversed text) across at
#: most a few non-letters (spaces, punctuation, other numbers: "February 4, 2026")
_GAP = f"[^{WORD_CHARS}\\n]{{0,8}}"
_WORDS_BEFORE = re.compile(f"{_GAP}({RAW_WORD})(?:{_GAP}({RAW_WORD}))?")
_WORDS_AFTER_DAY = re.compile(f"{_GAP}({RAW_WORD})(?:{_GAP}({RAW_WORD}))?(?:{_GAP}({RAW_WORD}))?")
#: (on the reversed text) a Latin letter, maybe with a full stop, right before a day
_LATIN_BEFORE = re.compile(r"[ ,\u00a0]{0,2}\.?[A-Za-z]")
#: chars of context folded on each side of a kept run: "Wednesday, " before a day,
#: "Sept. " or "كانون الثاني/" before a number, a two-word month and an era marker after
_MARGIN = 24
#: the last year a marker-less numeric date is read as Jalali (= 2041/42); later 14xx years
#: are read as Hijri (see :func:`_numeric`)
JALALI_NUMERIC_MAX = 1420
#: merged windows stop growing here (a paragraph dense with numbers stays linear)
_MAX_WINDOW = 160

Builder = Callable[[re.Match[str], str, int, DateView, AbsoluteLexicon], DateMention | None]

# What a window may hold, so only the patterns that can match are run on it.
_NUMERIC, _MONTH, _LATIN, _CUE = 1, 2, 4, 8


def find_dates(text: str) -> list[DateMention]:
    """Every absolute date expression in ``text``, in text order, without overlaps.

    >>> [(m.iso, m.calendar) for m in find_dates("تاریخ انتشار: ۰۹:۴۴ - ۲۳-۰۲-۱۴۰۳")]
    [('2024-05-12', 'jalali')]
    >>> m = find_dates("صبح روز یکشنبه ۱۲ اسفند، در نشست علنی مجلس")[0]
    >>> (m.iso, m.month, m.day, m.weekday, m.year_missing)
    (None, 12, 12, 6, True)
    >>> [m.iso for m in find_dates("Posted February 4, 2026 and 4 Feb. 2026")]
    ['2026-02-04', '2026-02-04']
    """
    lex = absolute_lexicon()
    found: list[DateMention] = []
    for start, end, flags in _windows(text, lex):
        view = date_view(text[start:end])
        found.extend(_match_window(text, start, view, flags, lex))
    return _without_overlaps(found)


def _windows(text: str, lex: AbsoluteLexicon) -> Iterator[tuple[int, int, int]]:
    """``[start, end)`` windows (within one line) around digit runs worth parsing, with flags
    saying which patterns can match there.

    Nearby windows are merged up to :data:`_MAX_WINDOW` chars; past that a new (possibly
    overlapping) window starts, so a number-dense paragraph costs linear time, and the
    overlap resolution in :func:`_without_overlaps` drops the duplicate finds.
    """
    rev = ""  # the reversed text, built on first need
    n = len(text)
    ls = le = -1
    cur_start = cur_end = -1
    cur_flags = 0
    for run in _DIGIT_RUN.finditer(text):
        s, e = run.span()
        if e - s not in (1, 2, 4):
            continue
        if s >= le:  # entered a new line
            ls = text.rfind("\n", 0, s) + 1
            le = text.find("\n", e)
            le = n if le < 0 else le
        if not rev:
            rev = text[::-1]
        flags = _run_flags(text, rev, s, e, lex)
        if not flags:
            continue
        a = max(ls, s - _MARGIN)
        while a > ls and not text[a - 1].isspace():
            a -= 1
        b = min(le, e + _MARGIN)
        while b < le and not text[b].isspace():
            b += 1
        if cur_start >= 0 and a <= cur_end and b - cur_start <= _MAX_WINDOW:
            cur_end, cur_flags = max(cur_end, b), cur_flags | flags
            continue
        if cur_start >= 0:
            yield cur_start, cur_end, cur_flags
        cur_start, cur_end, cur_flags = a, b, flags
    if cur_start >= 0:
        yield cur_start, cur_end, cur_flags


def _run_flags(text: str, rev: str, s: int, e: int, lex: AbsoluteLexicon) -> int:
    """Which patterns a digit run can start or end, from the words next to it.

    A day (1-2 digits) is followed by its month (``۱۲ اسفند``, ``4th of February``) or, in
    English order, preceded by it (``February 4``); a year (4 digits) is preceded by its month
    or a year cue (``کانون الثانی 2025``, ``سال ۲۰۲۲``). Words before a run are read as a
    forward match on the reversed text, which avoids slicing and searching backwards; the
    English-order check only runs when a Latin letter stands right before the day.
    """
    flags = _NUMERIC if _NUMERIC_SHAPE.match(text, s) else 0
    table = fold_table()
    keys: list[str] = []
    if e - s < 4:
        after = _WORDS_AFTER_DAY.match(text, e)
        if after:
            keys += [w.translate(table) for w in after.groups() if w]
        look_back = _LATIN_BEFORE.match(rev, len(text) - s) is not None
    else:
        look_back = True
    if look_back:
        before = _WORDS_BEFORE.match(rev, len(text) - s)
        if before:
            keys += [w[::-1].translate(table) for w in before.groups() if w]
    for k in keys:
        if k in lex.month_words:
            flags |= _MONTH | (_LATIN if k.isascii() else 0)
        elif k in lex.cue_words:
            flags |= _CUE
    return flags


def _match_window(
    text: str, offset: int, view: DateView, flags: int, lex: AbsoluteLexicon
) -> Iterator[DateMention]:
    """Run the patterns a window may hold over its folded view; build supported mentions."""
    builders: list[tuple[re.Pattern[str], Builder]] = []
    if flags & _NUMERIC:
        builders += [(lex.numeric_ymd, _numeric), (lex.numeric_dmy, _numeric)]
    if flags & _MONTH:
        builders += [(lex.named_dmy, _named), (lex.named_my, _named)]
    if flags & _LATIN:
        builders.append((lex.named_mdy, _named))
    if flags & _CUE:
        builders.append((lex.cued_year, _cued_year))
    for pattern, build in builders:
        for m in pattern.finditer(view.text):
            mention = build(m, text, offset, view, lex)
            if mention is not None:
                yield mention


def _span(view: DateView, offset: int, a: int, b: int, text: str = "") -> tuple[int, int]:
    """Original span of a folded span; the end takes in marks folded away right after it
    (the tatweel of ``هـ``, a final diacritic), which belong to the last word — but not
    direction marks or ZWNJ, which separate words."""
    s, e = view.to_original(a, b)
    s, e = s + offset, e + offset
    while e < len(text) and (text[e] == _TATWEEL or unicodedata.category(text[e]) == "Mn"):
        e += 1
    return s, e


def _capitalised(text: str, offset: int, view: DateView, m: re.Match[str], g: str) -> bool:
    """English month/weekday names count only when capitalised ("May", not the verb "may")."""
    s, _ = _span(view, offset, m.start(g), m.end(g))
    return text[s].isupper()


def _era(m: re.Match[str], lex: AbsoluteLexicon) -> str | None:
    era = m.group("era")
    return lex.eras.get(key(era)) if era else None


def _numeric(
    m: re.Match[str], text: str, offset: int, view: DateView, lex: AbsoluteLexicon
) -> DateMention | None:
    """``2025-11-03``, ``1403/02/23``, ``۲۳-۰۲-۱۴۰۳``: the year range picks the calendar.

    Without an era marker: 1900-2100 is Gregorian, 1300-:data:`JALALI_NUMERIC_MAX` Jalali,
    and a later 14xx year Hijri — a Jalali 1421+ is 2042 or later, which a news date almost
    never is, while Hijri 1421-1500 (2000-2077) is exactly what Arabic sites print.
    """
    year, month, day = int(m.group("y")), int(m.group("mo")), int(m.group("d"))
    cal = _era(m, lex)
    if cal is None:
        if calendars.year_in_range("gregorian", year):
            cal = "gregorian"
        elif calendars.year_in_range("jalali", year) and year <= JALALI_NUMERIC_MAX:
            cal = "jalali"
        elif calendars.year_in_range("hijri", year):
            cal = "hijri"
        else:
            return None
    if cal == "gregorian" and month > 12 >= day and m.re is lex.numeric_dmy:
        month, day = day, month  # 11/30/2025: only a month-first reading is valid
    try:
        iso = calendars.to_gregorian(cal, year, month, day).isoformat()
    except ValueError:
        return None
    s, e = _span(view, offset, m.start(), m.end(), text)
    form: Form = "iso" if m.group("s") == "-" and m.re is lex.numeric_ymd else "numeric"
    return DateMention(s, e, _cal(cal), "day", iso, year, month, day, None, form)


def _cal(name: str) -> Calendar:
    if name == "jalali":
        return "jalali"
    if name == "hijri":
        return "hijri"
    return "gregorian"


def _named(
    m: re.Match[str], text: str, offset: int, view: DateView, lex: AbsoluteLexicon
) -> DateMention | None:
    """A month name with a day, a year or both; an impossible year leaves a year-less date."""
    gd = m.groupdict()
    mkey = key(gd["m"]).rstrip(".")
    cal, month = lex.months[mkey]
    if mkey in lex.latin and not _capitalised(text, offset, view, m, "m"):
        return None
    start = m.start()
    weekday = None
    if gd.get("wd"):
        wkey = key(gd["wd"].rstrip("."))
        if wkey in lex.latin and not _capitalised(text, offset, view, m, "wd"):
            start = m.start("d") if m.re is lex.named_dmy else m.start("m")
        else:
            weekday = lex.weekdays.get(wkey)
    day = int(gd["d"]) if gd.get("d") else None
    year = int(gd["y"]) if gd.get("y") else None
    end = m.end()
    if year is not None and not calendars.year_in_range(cal, year):
        if day is None:
            return None  # "آبان 2025": a month-year pair that cannot be one
        year, end = None, m.start("ypart")
    precision: Precision = "month" if day is None else "day"
    try:
        if year is None:
            if day is None or day > calendars.month_length_max(cal, month):
                return None
            iso = None
        elif day is None:
            iso = calendars.month_iso(cal, year, month)
        else:
            iso = calendars.to_gregorian(cal, year, month, day).isoformat()
    except ValueError:
        return None
    s, e = _span(view, offset, start, end, text)
    return DateMention(s, e, _cal(cal), precision, iso, year, month, day, weekday, "named")


def _cued_year(
    m: re.Match[str], text: str, offset: int, view: DateView, lex: AbsoluteLexicon
) -> DateMention | None:
    """``سال ۲۰۲۲``, ``عام 1446 هـ``: a bare year, only after a year cue."""
    year = int(m.group("y"))
    cal = _era(m, lex)
    if cal is None:
        cal = "gregorian" if year >= 1900 else lex.year_cues[key(m.group("cue"))]
    if not calendars.year_in_range(cal, year):
        return None
    s, e = _span(view, offset, m.start("y"), m.end(), text)
    iso = calendars.year_iso(cal, year)
    return DateMention(s, e, _cal(cal), "year", iso, year, None, None, None, "year")


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    """Keep the longest of overlapping mentions (``۱۰ آبان ۱۴۰۴`` over ``آبان ۱۴۰۴``)."""
    starts: list[int] = []
    kept: list[DateMention] = []  # sorted by start, pairwise disjoint
    for mention in sorted(found, key=lambda d: (d.start - d.end, d.start)):
        i = bisect.bisect_right(starts, mention.start)
        if i > 0 and kept[i - 1].end > mention.start:
            continue
        if i < len(kept) and kept[i].start < mention.end:
            continue
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept
