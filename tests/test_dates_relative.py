"""Relative dates for event dating: find in fa/ar/en, resolve against the article date."""

from __future__ import annotations

from datetime import date

import pytest

from qasid.errors import InputError
from qasid.stages.dates import find_relative_dates, resolve, resolve_relative

WEDNESDAY = date(2025, 3, 5)  # = ۱۴ اسفند ۱۴۰۳ = ٥ رمضان ١٤٤٦

# (sentence, surface of the mention, resolved iso, precision) against WEDNESDAY
CASES = [
    # --- weekdays: latest on/before the anchor; "last" strictly before; "next" after ---
    ("وأعلن الرئيس الأمريكي يوم الأحد أن إيران", "يوم الأحد", "2025-03-02", "day"),
    ("وقال الأحد الماضي إن", "الأحد الماضي", "2025-03-02", "day"),
    ("يعقد اجتماعا الأحد المقبل", "الأحد المقبل", "2025-03-09", "day"),
    ("رافائل گروسی روز دوشنبه اعلام کرد", "روز دوشنبه", "2025-03-03", "day"),
    ("سخنگو روز چهارشنبه گفت", "روز چهارشنبه", "2025-03-05", "day"),  # the anchor itself
    ("وزیر یکشنبه گذشته گفت", "یکشنبه گذشته", "2025-03-02", "day"),
    ("در نشست سه‌شنبه آینده", "سه‌شنبه آینده", "2025-03-11", "day"),
    ("Trump said on Sunday that", "on Sunday", "2025-03-02", "day"),
    ("He spoke last Wednesday", "last Wednesday", "2025-02-26", "day"),  # anchor excluded
    ("They will meet next Monday", "next Monday", "2025-03-10", "day"),
    # --- day offsets ---
    ("دیروز اعلام شد", "دیروز", "2025-03-04", "day"),
    ("روز گذشته در تهران", "روز گذشته", "2025-03-04", "day"),
    ("وقال أمس إن", "أمس", "2025-03-04", "day"),
    ("officials said yesterday", "yesterday", "2025-03-04", "day"),
    ("۳ روز پیش", "۳ روز پیش", "2025-03-02", "day"),
    ("قبل ثلاثة أيام", "قبل ثلاثة أيام", "2025-03-02", "day"),
    ("two days ago", "two days ago", "2025-03-03", "day"),
    # --- weeks: anchor - 7 days, precision "week" ---
    ("هفته گذشته", "هفته گذشته", "2025-02-26", "week"),
    ("أكد الأسبوع الماضي أن", "الأسبوع الماضي", "2025-02-26", "week"),
    ("said last week", "last week", "2025-02-26", "week"),
    ("از زمان شروع به کار ترامپ حدود شش هفته پیش", "شش هفته پیش", "2025-01-22", "week"),
    # --- months and years ---
    ("ماه گذشته، رهبر", "ماه گذشته", "2025-02", "month"),
    ("الشهر الماضي", "الشهر الماضي", "2025-02", "month"),
    ("last month", "last month", "2025-02", "month"),
    ("سال گذشته", "سال گذشته", "2024", "year"),
    ("خلال المحادثات النووية العام الماضي", "العام الماضي", "2024", "year"),
    ("last year", "last year", "2024", "year"),
    ("this year", "this year", "2025", "year"),
    # --- month names: latest such month not after the anchor ---
    ("الضربات الأمريكية في يونيو", "في يونيو", "2024-06", "month"),
    ("در ماه ژوئن", "در ماه ژوئن", "2024-06", "month"),
    ("in June", "in June", "2024-06", "month"),
    ("in March", "in March", "2025-03", "month"),  # the anchor's own month
    ("last March", "last March", "2024-03", "month"),  # strictly before
    ("حتى أكتوبر الماضي", "حتى أكتوبر الماضي", "2024-10", "month"),
    ("ترامپ در ماه فوریه مطرح کرد", "در ماه فوریه", "2025-02", "month"),
    ("در ماه آبان", "در ماه آبان", "2024-11", "month"),  # Jalali: آبان ۱۴۰۳
    ("في رمضان", "في رمضان", "2025-03", "month"),  # Hijri: رمضان ١٤٤٦
    # --- year-less day+month: nearest on/before the anchor, weekday-aware ---
    ("صبح روز یکشنبه ۱۲ اسفند، در مجلس", "یکشنبه ۱۲ اسفند", "2025-03-02", "day"),
    ("در دیداری که در ۱۸ فوریه در ریاض", "۱۸ فوریه", "2025-02-18", "day"),
    ("۲۰ اسفند", "۲۰ اسفند", "2024-03-10", "day"),  # 20 Esfand 1403 is after the anchor
    ("met on 5 May", "5 May", "2024-05-05", "day"),
]


@pytest.mark.parametrize(("text", "surface", "iso", "precision"), CASES,
                         ids=[c[1] for c in CASES])
def test_find_and_resolve(text: str, surface: str, iso: str, precision: str) -> None:
    (mention,) = find_relative_dates(text)
    assert text[mention.start : mention.end] == surface
    resolved = resolve(mention, WEDNESDAY)
    assert resolved is not None
    assert (resolved.iso, resolved.precision) == (iso, precision)
    assert (resolved.start, resolved.end) == (mention.start, mention.end)


NOT_RELATIVE = [
    ("", "empty"),
    ("روسيا اليوم", "اليوم in a channel name"),
    ("they may come", "lower-case may"),
    ("ژوئن", "bare month name without a cue"),
    ("یکشنبه ۱۲ اسفند ۱۴۰۳", "weekday inside a full date"),
    ("في يونيو 2025", "month with a year is absolute"),
]


@pytest.mark.parametrize(("text", "why"), NOT_RELATIVE, ids=[w for _, w in NOT_RELATIVE])
def test_not_relative(text: str, why: str) -> None:
    assert find_relative_dates(text) == [], why


def test_seed_004_event_dates() -> None:
    text = (
        "مسعود پزشکیان صبح روز یکشنبه ۱۲ اسفند، در نشست علنی مجلس گفت. "
        "رافائل گروسی در نشست روز دوشنبه ۱۳ اسفند در مقر این نهاد در وین، اعلام کرد"
    )
    found = find_relative_dates(text)
    got = [(text[r.start : r.end], resolve(r, WEDNESDAY).iso) for r in found]  # type: ignore[union-attr]
    assert got == [("یکشنبه ۱۲ اسفند", "2025-03-02"), ("دوشنبه ۱۳ اسفند", "2025-03-03")]


RESOLVE_SPAN = [
    # (text, start, end, iso) — a span handed over by a later stage
    ("رافائل گروسی در نشست روز دوشنبه ۱۳ اسفند", 21, 39, "2025-03-03"),
    ("ژوئن", 0, 4, "2024-06"),  # a bare month is accepted when the caller vouches for it
    ("وقال يوم 12 يناير 2025 إن", 5, 22, "2025-01-12"),  # absolute dates resolve to themselves
    ("the day before yesterday", 0, 24, "2025-03-03"),
]


@pytest.mark.parametrize(("text", "start", "end", "iso"), RESOLVE_SPAN,
                         ids=[r[0] for r in RESOLVE_SPAN])
def test_resolve_relative_span(text: str, start: int, end: int, iso: str) -> None:
    resolved = resolve_relative(text, start, end, WEDNESDAY)
    assert resolved is not None and resolved.iso == iso
    assert start <= resolved.start <= resolved.end <= end


def test_resolve_relative_without_a_date_is_none() -> None:
    assert resolve_relative("متن بدون تاریخ", 0, 5, WEDNESDAY) is None


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)],
                         ids=["negative", "reversed", "past-end"])
def test_resolve_relative_rejects_bad_spans(start: int, end: int) -> None:
    with pytest.raises(InputError, match="E160"):
        resolve_relative("دیروز", start, end, WEDNESDAY)


def test_weekday_on_anchor_day_with_last_goes_back_a_week() -> None:
    (r,) = find_relative_dates("last Wednesday")
    assert resolve(r, WEDNESDAY).iso == "2025-02-26"  # type: ignore[union-attr]


def test_year_less_date_prefers_the_year_matching_the_weekday() -> None:
    # 12 Esfand was a Sunday in 1403 (2025-03-02) and a Saturday in 1402 (2024-03-02).
    (r,) = find_relative_dates("شنبه ۱۲ اسفند")
    resolved = resolve(r, WEDNESDAY)
    assert resolved is not None and resolved.iso == "2024-03-02"
    assert resolved.rule == "day-month-weekday"
