"""Conversions between the Jalali (solar hijri), Hijri (lunar) and Gregorian calendars.

jdatetime does the Jalali arithmetic and hijridate the Hijri one (Umm al-Qura tables, the
calendar Gulf and most Arabic news sites print). Everything else in the stage goes through these
few functions, so a change of library touches one module. All functions raise ``ValueError``
for a day that does not exist (``۳۱ اسفند ۱۴۰۳``) or lies outside what the converters cover;
callers treat that as "not a date".
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import jdatetime
from hijridate import Gregorian, Hijri

#: Years accepted per calendar. Gregorian and Jalali bounds follow the numeric-date rule (a
#: four-digit year decides the calendar: 1300-1499 Jalali, 1900-2100 Gregorian); the Hijri
#: bounds are those of hijridate's Umm al-Qura table (1343-1500 AH = 1924-2077 CE).
YEAR_RANGES: dict[str, tuple[int, int]] = {
    "gregorian": (1900, 2100),
    "jalali": (1300, 1499),
    "hijri": (1343, 1500),
}


def year_in_range(calendar: str, year: int) -> bool:
    """Whether ``year`` is a plausible (and convertible) year of ``calendar``."""
    lo, hi = YEAR_RANGES[calendar]
    return lo <= year <= hi


@lru_cache(maxsize=8192)
def to_gregorian(calendar: str, year: int, month: int, day: int) -> date:
    """The Gregorian date of a day written in ``calendar``.

    Cached: jdatetime's constructor consults the locale and dominates the cost of a date, while
    the dates of a corpus repeat a lot (the same few days of news).

    >>> to_gregorian("jalali", 1403, 2, 23).isoformat()
    '2024-05-12'
    >>> to_gregorian("hijri", 1447, 7, 15).isoformat()
    '2026-01-04'
    """
    if not year_in_range(calendar, year):
        raise ValueError(f"year {year} is outside the {calendar} range")
    if calendar == "gregorian":
        return date(year, month, day)
    if calendar == "jalali":
        g = jdatetime.date(year, month, day).togregorian()
        return date(g.year, g.month, g.day)
    try:
        g = Hijri(year, month, day).to_gregorian()
    except OverflowError as exc:  # hijridate signals its table bounds this way
        raise ValueError(str(exc)) from exc
    return date(g.year, g.month, g.day)


@lru_cache(maxsize=8192)
def from_gregorian(calendar: str, day: date) -> tuple[int, int, int]:
    """``(year, month, day)`` of a Gregorian day in ``calendar``.

    >>> from_gregorian("jalali", date(2025, 3, 2))
    (1403, 12, 12)
    """
    if calendar == "gregorian":
        return day.year, day.month, day.day
    if calendar == "jalali":
        j = jdatetime.date.fromgregorian(date=day)
        return j.year, j.month, j.day
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError as exc:
        raise ValueError(str(exc)) from exc
    return h.year, h.month, h.day


def month_length(calendar: str, year: int, month: int) -> int:
    """Number of days of a month (Jalali 31/30/29-30, Hijri 29/30 from the table)."""
    if calendar == "gregorian":
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return (nxt - timedelta(days=1)).day
    if calendar == "jalali":
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    try:
        return int(Hijri(year, month, 1).month_length())
    except OverflowError as exc:
        raise ValueError(str(exc)) from exc


def month_length_max(calendar: str, month: int) -> int:
    """Longest a month can be in any year: what a year-less ``day month`` may say."""
    if calendar == "gregorian":
        return 29 if month == 2 else month_length("gregorian", 2001, month)
    if calendar == "jalali":
        return 31 if month <= 6 else 30
    return 30


def period_range(
    calendar: str, year: int, month: int | None = None, day: int | None = None
) -> tuple[date, date]:
    """First and last Gregorian day of a day, month or year of ``calendar``."""
    if month is None:
        first = to_gregorian(calendar, year, 1, 1)
        return first, to_gregorian(calendar, year, 12, month_length(calendar, year, 12))
    if day is None:
        first = to_gregorian(calendar, year, month, 1)
        return first, to_gregorian(calendar, year, month, month_length(calendar, year, month))
    one = to_gregorian(calendar, year, month, day)
    return one, one


def month_iso(calendar: str, year: int, month: int) -> str:
    """``YYYY-MM`` for a month: itself if Gregorian, else the Gregorian month of its middle.

    A Jalali month runs from about the 21st to the 21st, so its 15th day falls in the Gregorian
    month that holds most of its days (آبان ۱۴۰۴ = 23 Oct - 21 Nov 2025 → ``2025-11``).

    >>> month_iso("jalali", 1404, 8)
    '2025-11'
    """
    if calendar == "gregorian":
        if not (year_in_range(calendar, year) and 1 <= month <= 12):
            raise ValueError(f"no month {year}-{month}")
        return f"{year:04d}-{month:02d}"
    mid = to_gregorian(calendar, year, month, 15)
    return f"{mid.year:04d}-{mid.month:02d}"


def year_iso(calendar: str, year: int) -> str:
    """``YYYY`` for a year: itself if Gregorian, else the Gregorian year of its middle.

    >>> year_iso("jalali", 1403)
    '2024'
    """
    if calendar == "gregorian":
        if not year_in_range(calendar, year):
            raise ValueError(f"year {year} is outside the gregorian range")
        return f"{year:04d}"
    return f"{to_gregorian(calendar, year, 7, 1).year:04d}"
