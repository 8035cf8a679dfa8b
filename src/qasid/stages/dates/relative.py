"""Relative date expressions (weekdays, "yesterday", "last week", "in June", year-less days)
and their resolution against an anchor date, for dating events.

Resolution follows the news convention that reports are in the past tense: a plain weekday,
month or year-less day is the latest one *on or before* the anchor (the article date), unless a
modifier says otherwise ("last"/"الماضي"/"گذشته" = strictly before, "next"/"المقبل"/"آینده" =
strictly after). Choices where the brief left room:

- ``last week``/``هفته گذشته``/``الأسبوع الماضي`` resolves to the anchor minus 7 days with
  precision ``"week"`` — "some day of the week around this date". Not a calendar week: Iranian
  weeks start on Saturday, Arab weeks on Sunday or Saturday, ISO weeks on Monday, and a news
  "last week" means "about a week ago" more often than any of those.
- ``last month``/``last year`` resolve to the previous *Gregorian* month (``YYYY-MM``) and year
  (``YYYY``). A Persian writer's ``سال گذشته`` may mean the previous Jalali year (known gap).
- A Jalali or Hijri month name (``در ماه آبان``) is placed in its own calendar, then reported
  as the Gregorian month holding its middle (as :class:`DateMention` does).
- A year-less ``۱۲ اسفند`` takes the latest occurrence on or before the anchor; when the text
  also names a weekday, occurrences falling on that weekday are preferred (a year-less date
  with a matching weekday is far more likely to be right).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from qasid.errors import InputError
from qasid.stages.dates import calendars
from qasid.stages.dates.absolute import find_dates
from qasid.stages.dates.lexicon import (
    N_KEY,
    AbsoluteLexicon,
    RelativeLexicon,
    absolute_lexicon,
    key,
    relative_lexicon,
)
from qasid.stages.dates.mentions import Calendar, DateMention, RelativeDateMention, ResolvedDate
from qasid.stages.dates.view import DateView, date_view


def find_relative_dates(text: str) -> list[RelativeDateMention]:
    """Relative date expressions in ``text`` (offsets into ``text``), in text order.

    Weekdays or month names inside a full absolute date are not relative; a year-less day+month
    (``۱۲ اسفند``) is returned as ``kind="day_month"``.

    >>> [(r.kind, r.weekday) for r in find_relative_dates("وأعلن ترامب يوم الأحد أن")]
    [('weekday', 6)]
    >>> [(r.kind, r.unit, r.amount) for r in find_relative_dates("ماه گذشته، رهبر ...")]
    [('offset', 'month', -1)]
    """
    return _find(text, date_view(text), require_cue=True)


def resolve(mention: RelativeDateMention, anchor: date) -> ResolvedDate | None:
    """Place a relative mention on the calendar, given the article date.

    Returns None when the calendar arithmetic leaves the converters' (or ``date``'s) range.

    >>> r = find_relative_dates("on Sunday")[0]
    >>> resolve(r, date(2025, 3, 5)).iso  # a Wednesday
    '2025-03-02'
    """
    try:
        return _resolve(mention, anchor)
    except (ValueError, OverflowError):
        return None


def resolve_relative(text: str, start: int, end: int, anchor: date) -> ResolvedDate | None:
    """Resolve the date expression in ``text[start:end]`` against ``anchor``.

    The span is trusted to be a date expression (typically one returned by
    :func:`find_relative_dates` or :func:`find_dates`), so a bare month name counts here. A
    full absolute date resolves to itself; the longest expression in the span is used.

    Raises:
        InputError: (E160) when ``[start, end)`` is not a span of ``text``.

    >>> resolve_relative("رافائل گروسی در نشست روز دوشنبه ۱۳ اسفند", 21, 39,
    ...                  date(2025, 3, 5)).iso
    '2025-03-03'
    """
    if not 0 <= start <= end <= len(text):
        raise InputError(f"span [{start}, {end}) is outside the text", code="E160")
    segment = text[start:end]
    options: list[tuple[int, int, ResolvedDate | None]] = []
    for d in find_dates(segment):
        if d.iso is not None:
            options.append((d.end - d.start, -d.start, _absolute(d, start)))
    for r in _find(segment, date_view(segment), require_cue=False):
        shifted = RelativeDateMention(
            r.start + start, r.end + start, r.kind, r.unit, r.amount, r.weekday, r.month,
            r.day, r.calendar,
        )
        options.append((r.end - r.start, -r.start, resolve(shifted, anchor)))
    if not options:
        return None
    return max(options, key=lambda o: (o[0], o[1]))[2]


def _absolute(d: DateMention, offset: int) -> ResolvedDate:
    assert d.iso is not None
    return ResolvedDate(d.iso, d.precision, d.start + offset, d.end + offset, "absolute")


# --- finding ---------------------------------------------------------------------------------


def _find(text: str, view: DateView, *, require_cue: bool) -> list[RelativeDateMention]:
    rel, lex = relative_lexicon(), absolute_lexicon()
    absolute = find_dates(text)
    found: list[RelativeDateMention] = [
        RelativeDateMention(
            d.start, d.end, "day_month", None, 0, d.weekday, d.month, d.day, d.calendar
        )
        for d in absolute
        if d.year_missing
    ]
    taken = [(d.start, d.end) for d in absolute]
    for mention in _scan(text, view, rel, lex, require_cue=require_cue):
        if all(mention.end <= s or mention.start >= e for s, e in taken):
            found.append(mention)
    kept: list[RelativeDateMention] = []
    for m in sorted(found, key=lambda r: (r.start - r.end, r.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda r: r.start)


def _scan(
    text: str,
    view: DateView,
    rel: RelativeLexicon,
    lex: AbsoluteLexicon,
    *,
    require_cue: bool,
) -> Iterator[RelativeDateMention]:
    norm = view.text
    for m in rel.offset_re.finditer(norm):
        entry = rel.offsets.get(key(m.group()))
        if entry is None:  # a counted phrase: "{n} روز پیش", "قبل ثلاثة أيام"
            count = rel.number_re.search(m.group())
            if count is None:
                continue
            entry = rel.offsets.get(key(rel.number_re.sub(N_KEY, m.group(), count=1)))
            if entry is None:
                continue
            n = count.group()
            unit, amount = entry
            amount *= int(n) if n.isdigit() else rel.numbers[key(n)]
        else:
            unit, amount = entry
        s, e = view.to_original(m.start(), m.end())
        yield RelativeDateMention(s, e, "offset", unit, amount)
    for m in rel.weekday_re.finditer(norm):
        wkey = key(m.group("wd"))
        if wkey in lex.latin and not _capitalised(text, view, m.start("wd")):
            continue
        s, e = view.to_original(m.start(), m.end())
        yield RelativeDateMention(
            s, e, "weekday", None, _modifier(m, rel), weekday=lex.weekdays[wkey]
        )
    for m in rel.month_re.finditer(norm):
        mkey = key(m.group("m"))
        if mkey in lex.latin and not _capitalised(text, view, m.start("m")):
            continue
        if require_cue and not (m.group("cue") or m.group("pre") or m.group("post")):
            continue
        cal, number = lex.months[mkey]
        s, e = view.to_original(m.start(), m.end())
        yield RelativeDateMention(
            s, e, "month", None, _modifier(m, rel), month=number, calendar=_calendar(cal)
        )


def _capitalised(text: str, view: DateView, norm_pos: int) -> bool:
    return text[view.offsets[norm_pos]].isupper()


def _modifier(m: re.Match[str], rel: RelativeLexicon) -> int:
    if m.group("pre"):
        return rel.before[key(m.group("pre"))]
    if m.group("post"):
        return rel.after[key(m.group("post"))]
    return 0


def _calendar(name: str) -> Calendar:
    return "jalali" if name == "jalali" else "hijri" if name == "hijri" else "gregorian"


# --- resolving -------------------------------------------------------------------------------


def _resolve(r: RelativeDateMention, anchor: date) -> ResolvedDate | None:
    if r.kind == "weekday" and r.weekday is not None:
        back = (anchor.weekday() - r.weekday) % 7
        if r.amount < 0:
            day, rule = anchor - timedelta(days=back or 7), "weekday-before"
        elif r.amount > 0:
            day = anchor + timedelta(days=(r.weekday - anchor.weekday()) % 7 or 7)
            rule = "weekday-after"
        else:
            day, rule = anchor - timedelta(days=back), "weekday-on-or-before"
        return ResolvedDate(day.isoformat(), "day", r.start, r.end, rule)
    if r.kind == "offset":
        return _offset(r, anchor)
    if r.kind == "month" and r.month is not None and r.calendar is not None:
        return _month(r, anchor)
    if r.kind == "day_month" and r.month and r.day and r.calendar is not None:
        return _day_month(r, anchor)
    return None


def _offset(r: RelativeDateMention, anchor: date) -> ResolvedDate | None:
    rule = f"offset-{r.unit}"
    if r.unit == "day":
        day = anchor + timedelta(days=r.amount)
        return ResolvedDate(day.isoformat(), "day", r.start, r.end, rule)
    if r.unit == "week":
        day = anchor + timedelta(days=7 * r.amount)
        return ResolvedDate(day.isoformat(), "week", r.start, r.end, rule)
    if r.unit == "month":
        idx = anchor.year * 12 + anchor.month - 1 + r.amount
        return ResolvedDate(f"{idx // 12:04d}-{idx % 12 + 1:02d}", "month", r.start, r.end, rule)
    if r.unit == "year":
        return ResolvedDate(f"{anchor.year + r.amount:04d}", "year", r.start, r.end, rule)
    return None


def _month(r: RelativeDateMention, anchor: date) -> ResolvedDate:
    """The latest such month not after the anchor's month (or strictly before/after)."""
    assert r.month is not None and r.calendar is not None
    ay, am, _ = calendars.from_gregorian(r.calendar, anchor)
    if r.amount < 0:
        year, rule = (ay if r.month < am else ay - 1), "month-before"
    elif r.amount > 0:
        year, rule = (ay if r.month > am else ay + 1), "month-after"
    else:
        year, rule = (ay if r.month <= am else ay - 1), "month-latest-not-after"
    iso = calendars.month_iso(r.calendar, year, r.month)
    return ResolvedDate(iso, "month", r.start, r.end, rule)


def _day_month(r: RelativeDateMention, anchor: date) -> ResolvedDate | None:
    """Latest occurrence on or before the anchor, preferring ones on the named weekday."""
    assert r.month is not None and r.day is not None and r.calendar is not None
    ay = calendars.from_gregorian(r.calendar, anchor)[0]
    days = []
    for year in (ay - 1, ay, ay + 1):
        try:
            days.append(calendars.to_gregorian(r.calendar, year, r.month, r.day))
        except ValueError:
            continue
    if r.weekday is not None and any(d.weekday() == r.weekday for d in days):
        days = [d for d in days if d.weekday() == r.weekday]
        rule = "day-month-weekday"
    else:
        rule = "day-month-latest-not-after"
    past = [d for d in days if d <= anchor]
    if past:
        day = max(past)
    elif days:
        day = min(days)
    else:
        return None
    return ResolvedDate(day.isoformat(), "day", r.start, r.end, rule)
