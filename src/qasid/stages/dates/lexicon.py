"""Load the packaged date lexicons once and compile them into lookup tables and patterns.

Every name, label and phrase lives in ``qasid/data/dates/`` so linguists can extend coverage
without touching code. Entries are folded with :func:`qasid.stages.dates.view.fold` — the same
view the patterns run on — so one entry matches its ي/ی, ك/ک, hamza, tatweel, diacritic,
ZWNJ and digit variants. A folded entry's *key* drops spaces as well, which makes ``ربیع‌الاول``
(ZWNJ, folded to ``ربیعالاول``) and ``ربیع الاول`` one key; in the patterns a space inside an
entry matches "space or nothing" for the same reason.

Tables are built on first use and cached for the process (``functools.cache``); the returned
objects are frozen dataclasses of read-only mappings, so no stage can alter them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TypeVar

from qasid.errors import ResourceError
from qasid.resources import tsv
from qasid.stages.dates.view import fold

V = TypeVar("V")
_Trie = dict[str, "_Trie"]  # regex unit -> subtree; the key "" marks the end of an entry

_DIR = "dates"
CALENDARS = ("gregorian", "jalali", "hijri")
LANGS = ("fa", "ar", "en")
UNITS = ("day", "week", "month", "year")
LABEL_KINDS = ("header", "published", "updated", "crawl", "filler")
RELATIVE_KINDS = ("offset", "cue", "before", "after")

#: the slot standing for "a number in digits or words" in relative phrases, and its key form
N_SLOT = "{n}"
N_KEY = "#"


def key(folded: str) -> str:
    """Lookup key of a folded string: spaces dropped, so spacing variants share one key."""
    return folded.replace(" ", "")


def _split(cell: str) -> list[str]:
    return [] if cell.strip() in ("", "-") else [v.strip() for v in cell.split(";") if v.strip()]


def _alternation(folded: Iterable[str], *, dotted: Iterable[str] = ()) -> str:
    """Regex alternation of folded entries, built as a prefix trie.

    A space inside an entry matches space-or-nothing; entries in ``dotted`` (abbreviations)
    may be followed by a full stop. Why a trie: at each word start the regex engine tries
    alternatives one by one, so 150 month names cost 150 tries; factored by prefix it is one
    try per distinct first letter, which halves the matching time. Longer entries still win:
    every pattern using an alternation ends in a word-boundary check, so a shorter prefix
    that stops mid-word is backtracked out of.
    """
    dotted_set = set(dotted)
    trie: _Trie = {}
    for item in set(folded):
        units = [" ?" if ch == " " else re.escape(ch) for ch in item]
        if item in dotted_set:
            units.append(r"\.?")
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = {}  # an entry ends here
    if not trie:
        raise ResourceError("an alternation built from date data is empty", code="E210")
    return f"(?:{_emit(trie)})"


def _emit(node: _Trie) -> str:
    """Regex for a trie node: its branches, optional when an entry also ends here."""
    branches = [unit + _emit(child) for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _add(table: dict[str, V], k: str, value: V, source: str) -> None:
    old = table.get(k)
    if old is not None and old != value:
        raise ResourceError(
            f"data file {source!r}: {k!r} means both {old!r} and {value!r}", code="E211"
        )
    table[k] = value


@dataclass(frozen=True)
class AbsoluteLexicon:
    """Month, weekday, era and year-cue tables plus the compiled absolute-date patterns."""

    months: Mapping[str, tuple[str, int]]  # key -> (calendar, number)
    latin: frozenset[str]  # keys of English names: must be capitalised in the text
    weekdays: Mapping[str, int]  # key -> 0 (Monday) .. 6 (Sunday)
    eras: Mapping[str, str]  # key -> calendar
    year_cues: Mapping[str, str]  # key -> calendar of a 13xx/14xx year after it
    month_words: frozenset[str]  # word keys that make a nearby digit run worth parsing
    cue_words: frozenset[str]  # year-cue keys, same purpose
    named_dmy: re.Pattern[str]
    named_mdy: re.Pattern[str]
    named_my: re.Pattern[str]
    cued_year: re.Pattern[str]
    numeric_ymd: re.Pattern[str]
    numeric_dmy: re.Pattern[str]
    month_alt: str  # full names and variants, no abbreviations (for relative mentions)
    weekday_alt: str  # full names and variants, no abbreviations
    month_tail: str  # optional "ماه" after a month name


@cache
def absolute_lexicon() -> AbsoluteLexicon:
    """Build (once) the tables and patterns :func:`find_dates` runs with."""
    months: dict[str, tuple[str, int]] = {}
    latin: set[str] = set()
    full_months: list[str] = []
    abbrevs: list[str] = []
    month_words: set[str] = set()
    src = f"{_DIR}/months.tsv"
    for row in tsv(src):
        cal = row["calendar"].strip()
        try:
            num = int(row["number"])
        except ValueError as exc:
            raise ResourceError(f"data file {src!r}: bad month number {row}", code="E212") from exc
        if cal not in CALENDARS or not 1 <= num <= 12:
            raise ResourceError(f"data file {src!r}: bad calendar/month in {row}", code="E212")
        names = [row["name"], *_split(row["variants"])]
        for is_abbrev, group in ((False, names), (True, _split(row["abbreviations"]))):
            for name in group:
                f = fold(name)
                _add(months, key(f), (cal, num), src)
                (abbrevs if is_abbrev else full_months).append(f)
                month_words.update((key(f), key(f.split(" ")[0])))
                if name.isascii():
                    latin.add(key(f))

    weekdays: dict[str, int] = {}
    full_weekdays: list[str] = []
    wd_abbrevs: list[str] = []
    src = f"{_DIR}/weekdays.tsv"
    for row in tsv(src):
        num = int(row["number"])
        if row["lang"] not in LANGS or not 0 <= num <= 6:
            raise ResourceError(f"data file {src!r}: bad row {row}", code="E212")
        for is_abbrev, group in (
            (False, [row["name"], *_split(row["variants"])]),
            (True, _split(row["abbreviations"])),
        ):
            for name in group:
                f = fold(name)
                _add(weekdays, key(f), num, src)
                (wd_abbrevs if is_abbrev else full_weekdays).append(f)
                if name.isascii():
                    latin.add(key(f))

    eras: dict[str, str] = {}
    src = f"{_DIR}/eras.tsv"
    for row in tsv(src):
        if row["calendar"] not in CALENDARS:
            raise ResourceError(f"data file {src!r}: bad calendar in {row}", code="E212")
        _add(eras, key(fold(row["marker"])), row["calendar"], src)
    era_alt = _alternation(fold(r["marker"]) for r in tsv(src))

    cues: dict[str, str] = {}
    cue_words: set[str] = set()
    src = f"{_DIR}/year_cues.tsv"
    for row in tsv(src):
        if row["calendar_13xx"] not in CALENDARS:
            raise ResourceError(f"data file {src!r}: bad calendar in {row}", code="E212")
        f = fold(row["cue"])
        _add(cues, key(f), row["calendar_13xx"], src)
        cue_words.add(key(f))
    cue_alt = _alternation(fold(r["cue"]) for r in tsv(src))

    words: dict[str, list[str]] = {"month_suffix": [], "day_suffix": [], "day_joiner": []}
    src = f"{_DIR}/date_words.tsv"
    for row in tsv(src):
        if row["kind"] not in words:
            raise ResourceError(f"data file {src!r}: unknown kind in {row}", code="E212")
        words[row["kind"]].append(fold(row["word"]))
    for suffix in words["month_suffix"]:
        month_words.update(k + key(suffix) for k in list(month_words))

    mon = _alternation([*full_months, *abbrevs], dotted=abbrevs)
    lmon = _alternation(
        [m for m in [*full_months, *abbrevs] if key(m) in latin], dotted=abbrevs
    )
    wd = _alternation([*full_weekdays, *wd_abbrevs], dotted=wd_abbrevs)
    era = rf"(?: ?(?P<era>{era_alt})(?!\w))?"
    # a month name may be followed by "ماه", detached or joined (آبان ماه / آبانماه)
    month_tail = rf"(?: ?{_alternation(words['month_suffix'])})?(?!\w)"
    alt_month = rf"(?: ?[/(] ?(?P<m2>{mon}){month_tail} ?\)?)?"
    weekday = rf"(?:(?P<wd>{wd}) ?,? ?)?"
    ordinal = rf"{_alternation(words['day_suffix'])}?"
    joiner = rf"(?:{_alternation(words['day_joiner'])} )?"
    year_part = rf"(?P<ypart> ?,? ?(?P<y>[0-9]{{4}})(?![0-9]){era})"
    num_tail = rf"(?![0-9])(?![-/.][0-9]){era}"

    return AbsoluteLexicon(
        months=MappingProxyType(months),
        latin=frozenset(latin),
        weekdays=MappingProxyType(weekdays),
        eras=MappingProxyType(eras),
        year_cues=MappingProxyType(cues),
        month_words=frozenset(month_words),
        cue_words=frozenset(cue_words),
        # ۱۲ اسفند ۱۴۰۳ / یکشنبه ۱۲ اسفند / 4 February 2026 / ١٥ شباط/فبراير ٢٠٢٥ هـ
        named_dmy=re.compile(
            rf"(?<![\w./-]){weekday}(?P<d>[0-9]{{1,2}}){ordinal}(?![0-9]) ?{joiner}"
            rf"(?P<m>{mon}){month_tail}{alt_month}{year_part}?(?!\w)"
        ),
        # February 4, 2026 / Sunday, Feb. 4 (English order, English names only)
        named_mdy=re.compile(
            rf"(?<![\w./-]){weekday}(?P<m>{lmon})(?!\w) ?(?P<d>[0-9]{{1,2}}){ordinal}"
            rf"(?![0-9])(?!\w)(?P<ypart>,? ?(?P<y>[0-9]{{4}})(?![0-9]))?(?!\w)"
        ),
        # آبان ۱۴۰۴ / February 2026 / شباط 2025
        named_my=re.compile(
            rf"(?<![\w./-])(?P<m>{mon}){month_tail}{alt_month}{year_part}(?!\w)"
        ),
        # سال ۲۰۲۲ / عام 2025 / in 1979 (the cue is evidence, not part of the span)
        cued_year=re.compile(
            rf"(?<!\w)(?P<cue>{cue_alt}) (?P<y>[0-9]{{4}})(?![0-9]|[.,/-][0-9]){era}(?!\w)"
        ),
        # 2025-11-03 / 1403/02/23 (a four-digit year first)
        numeric_ymd=re.compile(
            r"(?<![0-9])(?<![0-9][-/.])(?P<y>[0-9]{4})(?P<s> ?[-/.] ?)(?P<mo>[0-9]{1,2})"
            rf"(?P=s)(?P<d>[0-9]{{1,2}}){num_tail}"
        ),
        # ۲۳-۰۲-۱۴۰۳ / 03/11/2025 (day first)
        numeric_dmy=re.compile(
            r"(?<![0-9])(?<![0-9][-/.])(?P<d>[0-9]{1,2})(?P<s> ?[-/.] ?)(?P<mo>[0-9]{1,2})"
            rf"(?P=s)(?P<y>[0-9]{{4}}){num_tail}"
        ),
        month_alt=_alternation(full_months),
        month_tail=month_tail,
        weekday_alt=_alternation(full_weekdays),
    )


@dataclass(frozen=True)
class LabelLexicon:
    """Date-line labels (published/updated/crawl), scraper header labels and filler words."""

    kinds: Mapping[str, str]  # key -> "published" | "updated" | "crawl"
    header: frozenset[str]  # keys of scraper header labels ("date")
    label_re: re.Pattern[str]  # any published/updated/crawl label, as a whole word group
    filler_re: re.Pattern[str]  # fullmatch: only punctuation, clock times and filler words


@cache
def label_lexicon() -> LabelLexicon:
    """Build (once) the label tables from ``labels_{fa,ar,en}.tsv``."""
    kinds: dict[str, str] = {}
    header: set[str] = set()
    labels: list[str] = []
    fillers: list[str] = []
    for lang in LANGS:
        src = f"{_DIR}/labels_{lang}.tsv"
        for row in tsv(src):
            kind = row["kind"].strip()
            if kind not in LABEL_KINDS:
                raise ResourceError(f"data file {src!r}: unknown kind in {row}", code="E212")
            f = fold(row["label"])
            if kind == "header":
                header.add(key(f))
            elif kind == "filler":
                fillers.append(f)
            else:
                _add(kinds, key(f), kind, src)
                labels.append(f)
    # "8:15am", "6:41 PM", and UTC offsets as news pages print them ("GMT+3", "+03:30")
    clock = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ap]\.?m\.?)?"
    zone = r"[+-][0-9]{1,2}(?::?[0-9]{2})?"
    filler = rf"(?:[^\w]|{clock}|{zone}|(?<!\w){_alternation(fillers)}(?!\w))*"
    return LabelLexicon(
        kinds=MappingProxyType(kinds),
        header=frozenset(header),
        label_re=re.compile(rf"(?<!\w){_alternation(labels)}(?!\w)"),
        filler_re=re.compile(filler),
    )


@dataclass(frozen=True)
class RelativeLexicon:
    """Relative phrases (offsets), cues and modifiers, with their compiled patterns."""

    offsets: Mapping[str, tuple[str, int]]  # key -> (unit, signed amount; per {n} if counted)
    numbers: Mapping[str, int]  # number word key -> value
    number_re: re.Pattern[str]  # a count: digits or a number word
    before: Mapping[str, int]
    after: Mapping[str, int]
    offset_re: re.Pattern[str]
    weekday_re: re.Pattern[str]
    month_re: re.Pattern[str]


@cache
def relative_lexicon() -> RelativeLexicon:
    """Build (once) the relative-expression tables from ``relative_{fa,ar,en}.tsv``."""
    offsets: dict[str, tuple[str, int]] = {}
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    alts: dict[str, list[str]] = {"offset": [], "cue": [], "before": [], "after": []}
    for lang in LANGS:
        src = f"{_DIR}/relative_{lang}.tsv"
        for row in tsv(src):
            kind, unit = row["kind"].strip(), row["unit"].strip()
            try:
                amount = int(row["amount"])
            except ValueError as exc:
                raise ResourceError(f"data file {src!r}: bad amount in {row}", code="E212") from exc
            if kind not in RELATIVE_KINDS or (kind == "offset" and unit not in UNITS):
                raise ResourceError(f"data file {src!r}: bad kind/unit in {row}", code="E212")
            f = fold(row["phrase"].replace(N_SLOT, N_KEY))
            k = key(f)
            alts[kind].append(f)
            if kind == "offset":
                _add(offsets, k, (unit, amount), src)
            elif kind == "before":
                _add(before, k, amount, src)
            elif kind == "after":
                _add(after, k, amount, src)
    numbers: dict[str, int] = {}
    src = f"{_DIR}/numbers.tsv"
    for row in tsv(src):
        if row["lang"] not in LANGS or not row["value"].isdigit():
            raise ResourceError(f"data file {src!r}: bad row {row}", code="E212")
        _add(numbers, key(fold(row["word"])), int(row["value"]), src)
    count = rf"(?:[0-9]{{1,3}}|{_alternation(fold(r['word']) for r in tsv(src))})"
    lex = absolute_lexicon()
    offset_alt = _alternation(alts["offset"]).replace(re.escape(N_KEY), count)
    cue = rf"(?:(?P<cue>{_alternation(alts['cue'])}) )?"
    pre = rf"(?:(?P<pre>{_alternation(alts['before'])}) )?"
    post = rf"(?: (?P<post>{_alternation(alts['after'])})(?!\w))?"
    return RelativeLexicon(
        offsets=MappingProxyType(offsets),
        numbers=MappingProxyType(numbers),
        number_re=re.compile(rf"(?<!\w){count}(?!\w)"),
        before=MappingProxyType(before),
        after=MappingProxyType(after),
        offset_re=re.compile(rf"(?<!\w)(?=\w){offset_alt}(?!\w)"),
        weekday_re=re.compile(
            rf"(?<!\w)(?=\w){cue}{pre}(?P<wd>{lex.weekday_alt})(?!\w){post}"
        ),
        # A month name next to a number is part of an absolute date (۱۸ فوریه, June 2025).
        month_re=re.compile(
            rf"(?<!\w)(?<![0-9] )(?=\w){cue}{pre}(?P<m>{lex.month_alt}){lex.month_tail}"
            rf"(?! ?,? ?[0-9]){post}"
        ),
    )
