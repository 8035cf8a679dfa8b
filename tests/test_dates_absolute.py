"""find_dates: absolute Jalali/Hijri/Gregorian dates in fa/ar/en sentences, with exact spans."""

from __future__ import annotations

import pytest

from qasid.stages.dates import DateMention, find_dates

# (sentence, [(surface as written, iso, calendar, precision), ...])
CASES: list[tuple[str, list[tuple[str, str | None, str, str]]]] = [
    # --- numeric forms: the four-digit year decides the calendar ---
    ("جلسه در 2025-11-03 برگزار شد.", [("2025-11-03", "2025-11-03", "gregorian", "day")]),
    ("انتشار: ۰۹:۴۴ - ۲۳-۰۲-۱۴۰۳", [("۲۳-۰۲-۱۴۰۳", "2024-05-12", "jalali", "day")]),  # DMY
    ("تاریخ: 1403/02/23", [("1403/02/23", "2024-05-12", "jalali", "day")]),  # YMD slashes
    ("تاریخ: 1403-02-23 ساعت ۱۰", [("1403-02-23", "2024-05-12", "jalali", "day")]),
    ("به تاریخ ۱۴۰۳/۲/۲۳", [("۱۴۰۳/۲/۲۳", "2024-05-12", "jalali", "day")]),  # 1-digit month
    ("بتاريخ ١٤٠٣/٠٢/٢٣", [("١٤٠٣/٠٢/٢٣", "2024-05-12", "jalali", "day")]),  # Arabic-Indic
    ("صدر في 12/01/2026", [("12/01/2026", "2026-01-12", "gregorian", "day")]),  # day first
    ("on 11/30/2025 officials", [("11/30/2025", "2025-11-30", "gregorian", "day")]),  # M>12 swap
    ("at 2025-11-03T10:00:00Z", [("2025-11-03", "2025-11-03", "gregorian", "day")]),  # datetime
    ("وفي 1447/07/15 هـ أعلن", [("1447/07/15 هـ", "2026-01-04", "hijri", "day")]),  # era marker
    ("۱۴۰۳/۰۲/۲۳ ه.ش", [("۱۴۰۳/۰۲/۲۳ ه.ش", "2024-05-12", "jalali", "day")]),
    ("١٤٤٧/٠٧/١٥", [("١٤٤٧/٠٧/١٥", "2026-01-04", "hijri", "day")]),  # Jalali 1447 = 2068
    ("1403/07/15 هـ", [("1403/07/15 هـ", "1983-04-28", "hijri", "day")]),  # marker wins
    # --- Persian month names (Jalali) ---
    ("۱۰ آبان ۱۴۰۴", [("۱۰ آبان ۱۴۰۴", "2025-11-01", "jalali", "day")]),
    ("در آبان ۱۴۰۴ مذاکرات ادامه یافت", [("آبان ۱۴۰۴", "2025-11", "jalali", "month")]),
    ("روز ۱۲ اسفند در مجلس", [("۱۲ اسفند", None, "jalali", "day")]),  # year-less
    ("یکشنبه ۱۲ اسفند ۱۴۰۳ در تهران", [("یکشنبه ۱۲ اسفند ۱۴۰۳", "2025-03-02", "jalali", "day")]),
    ("سه‌شنبه ۲۳ اردیبهشت ۱۴۰۳", [("سه‌شنبه ۲۳ اردیبهشت ۱۴۰۳", "2024-05-12", "jalali", "day")]),
    ("۱۰ آبان‌ماه ۱۴۰۴", [("۱۰ آبان‌ماه ۱۴۰۴", "2025-11-01", "jalali", "day")]),  # joined ماه
    ("۱۰ آبان ماه ۱۴۰۴ ه.ش", [("۱۰ آبان ماه ۱۴۰۴ ه.ش", "2025-11-01", "jalali", "day")]),
    ("۵ دی ۱۴۰۳", [("۵ دی ۱۴۰۳", "2024-12-25", "jalali", "day")]),  # two-letter month
    # --- Gregorian month names in Persian ---
    ("در ۱۸ فوریه در ریاض", [("۱۸ فوریه", None, "gregorian", "day")]),
    ("دیدار ۱۸ فوریه ۲۰۲۵ در ریاض", [("۱۸ فوریه ۲۰۲۵", "2025-02-18", "gregorian", "day")]),
    ("از ژوئن ۲۰۲۵ تا کنون", [("ژوئن ۲۰۲۵", "2025-06", "gregorian", "month")]),
    ("۵ ژانویه ۲۰۲۶", [("۵ ژانویه ۲۰۲۶", "2026-01-05", "gregorian", "day")]),
    ("۱۸ می ۲۰۲۵", [("۱۸ می ۲۰۲۵", "2025-05-18", "gregorian", "day")]),
    # --- Arabic: Levantine/Iraqi and Egyptian/Gulf names, double names ---
    ("في 15 كانون الثاني 2025", [("15 كانون الثاني 2025", "2025-01-15", "gregorian", "day")]),
    ("١٥ شباط/فبراير ٢٠٢٥", [("١٥ شباط/فبراير ٢٠٢٥", "2025-02-15", "gregorian", "day")]),
    ("يوم 3 آذار 2025", [("3 آذار 2025", "2025-03-03", "gregorian", "day")]),
    ("الأحد، 12 يناير 2025", [("الأحد، 12 يناير 2025", "2025-01-12", "gregorian", "day")]),
    ("١٢ أيار ٢٠٢٤", [("١٢ أيار ٢٠٢٤", "2024-05-12", "gregorian", "day")]),
    ("12 تشرين الأول 2025", [("12 تشرين الأول 2025", "2025-10-12", "gregorian", "day")]),
    ("في اغسطس 2025", [("اغسطس 2025", "2025-08", "gregorian", "month")]),  # no hamza
    # --- Hijri months ---
    ("15 رجب 1447", [("15 رجب 1447", "2026-01-04", "hijri", "day")]),
    ("١٥ رجب ١٤٤٧ هـ", [("١٥ رجب ١٤٤٧ هـ", "2026-01-04", "hijri", "day")]),  # tatweel kept
    ("۱۵ ربیع‌الاول ۱۴۴۷", [("۱۵ ربیع‌الاول ۱۴۴۷", "2025-09-07", "hijri", "day")]),
    ("15 ربيع الأول 1447 هـ", [("15 ربيع الأول 1447 هـ", "2025-09-07", "hijri", "day")]),
    ("خلال رمضان 1446", [("رمضان 1446", "2025-03", "hijri", "month")]),
    # --- English ---
    ("(@user) February 4, 2026", [("February 4, 2026", "2026-02-04", "gregorian", "day")]),
    ("on 4 February 2026,", [("4 February 2026", "2026-02-04", "gregorian", "day")]),
    ("Feb. 4, 2026", [("Feb. 4, 2026", "2026-02-04", "gregorian", "day")]),
    ("Sunday, February 4, 2026", [("Sunday, February 4, 2026", "2026-02-04", "gregorian", "day")]),
    ("the 4th of February 2026", [("4th of February 2026", "2026-02-04", "gregorian", "day")]),
    ("in February 2026 talks", [("February 2026", "2026-02", "gregorian", "month")]),
    ("Sept. 11, 2001", [("Sept. 11, 2001", "2001-09-11", "gregorian", "day")]),
    ("met on 5 May", [("5 May", None, "gregorian", "day")]),
    # --- bare years only after a year cue ---
    ("در سال ۲۰۲۲ آمریکا", [("۲۰۲۲", "2022", "gregorian", "year")]),
    ("در سال ۱۳۵۷", [("۱۳۵۷", "1978", "jalali", "year")]),
    ("اختر الشخصية الأكثر تأثيرا عام 2025", [("2025", "2025", "gregorian", "year")]),
    ("عام 1446 هـ", [("1446 هـ", "2025", "hijri", "year")]),
    ("since 1979 the two", [("1979", "1979", "gregorian", "year")]),
    # --- several dates in one line ---
    (
        "Published: 3 Nov 2025 | Updated: 2025-11-04",
        [("3 Nov 2025", "2025-11-03", "gregorian", "day"),
         ("2025-11-04", "2025-11-04", "gregorian", "day")],
    ),
]

NOT_DATES = [
    ("", "empty"),
    ("   \n\t ", "whitespace"),
    ("کد خبر ۹۶۵۷۰۸", "news code"),
    ("ساعت ۰۹:۴۴", "clock time"),
    ("از ۱۸۲ کیلوگرم به ۲۷۵ کیلوگرم", "three-digit counts"),
    ("كأس أمم إفريقيا 2025", "bare year without a cue"),
    ("they may 2025 be", "lower-case may is a verb"),
    ("3 may be enough", "lower-case may after a number"),
    ("۲۰ جوان بازداشت شدند", "جوان means young, not June"),
    ("the 1990s", "decade"),
    ("1402/12/30", "Esfand 30 of a common year does not exist"),
    ("آبان 2025", "Jalali month with a Gregorian year"),
    ("phone 0912-345-6789", "phone number"),
    ("1 2 2025", "spaces are not date separators"),
]


def _surface(text: str, mentions: list[DateMention]) -> list[tuple[str, str | None, str, str]]:
    return [(text[m.start : m.end], m.iso, m.calendar, m.precision) for m in mentions]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_dates_are_found_with_spans_into_the_original(
    text: str, expected: list[tuple[str, str | None, str, str]]
) -> None:
    assert _surface(text, find_dates(text)) == expected


@pytest.mark.parametrize(("text", "why"), NOT_DATES, ids=[w for _, w in NOT_DATES])
def test_non_dates_are_ignored(text: str, why: str) -> None:
    assert find_dates(text) == [], why


FIELDS = [
    # (text, (raw_year, month, day, weekday, year_missing))
    ("یکشنبه ۱۲ اسفند", (None, 12, 12, 6, True)),
    ("یکشنبه ۱۲ اسفند ۱۴۰۳", (1403, 12, 12, 6, False)),
    ("يوم الاثنين 13 يناير 2025", (2025, 1, 13, 0, False)),
    ("Wednesday, Feb. 4, 2026", (2026, 2, 4, 2, False)),
    ("sun 4 Feb 2026", (2026, 2, 4, None, False)),  # lower-case "sun" is not a weekday
    ("آبان ۱۴۰۴", (1404, 8, None, None, False)),
]


@pytest.mark.parametrize(("text", "fields"), FIELDS, ids=[f[0] for f in FIELDS])
def test_fields_are_as_written_in_their_calendar(
    text: str, fields: tuple[int | None, int, int | None, int | None, bool]
) -> None:
    (m,) = find_dates(text)
    assert (m.raw_year, m.month, m.day, m.weekday, m.year_missing) == fields


def test_weekday_conflict_is_flagged_not_corrected() -> None:
    (m,) = find_dates("دوشنبه ۱۲ اسفند ۱۴۰۳")  # 12 Esfand 1403 was a Sunday
    assert m.iso == "2025-03-02" and m.weekday == 0 and m.weekday_conflict


def test_month_precision_iso_is_the_gregorian_month_holding_most_days() -> None:
    (m,) = find_dates("آبان ۱۴۰۴")  # 23 Oct - 21 Nov 2025
    assert m.iso == "2025-11"
    first, last = m.gregorian_range()  # type: ignore[misc]
    assert (first.isoformat(), last.isoformat()) == ("2025-10-23", "2025-11-21")


def test_impossible_day_degrades_to_month() -> None:
    # ۳۱ اسفند does not exist; the month and year the writer gave still hold.
    assert _surface("۳۱ اسفند ۱۴۰۳", find_dates("۳۱ اسفند ۱۴۰۳")) == [
        ("اسفند ۱۴۰۳", "2025-03", "jalali", "month")
    ]


def test_year_outside_the_calendar_leaves_a_year_less_date() -> None:
    assert _surface("۱۲ مهر ۲۰۲۵", find_dates("۱۲ مهر ۲۰۲۵")) == [
        ("۱۲ مهر", None, "jalali", "day")
    ]


def test_persian_verbal_prefix_rule_does_not_swallow_may() -> None:
    # normalize() would glue «می در» into «میدر»; the date view does not.
    assert _surface("۱۸ می در تهران", find_dates("۱۸ می در تهران")) == [
        ("۱۸ می", None, "gregorian", "day")
    ]


def test_offsets_survive_marks_and_zwnj_before_the_date() -> None:
    text = "\u200fتاریخ:\u200f ۱۴۰۳/۰۲/۲۳\u200f و ۱۰ آبــان ۱۴۰۴"
    got = [(text[m.start : m.end], m.iso) for m in find_dates(text)]
    assert got == [("۱۴۰۳/۰۲/۲۳", "2024-05-12"), ("۱۰ آبــان ۱۴۰۴", "2025-11-01")]


def test_dates_on_long_lines_far_from_line_start() -> None:
    text = "متن " * 400 + "در ۲۳ اردیبهشت ۱۴۰۳ گفت " + "ادامه " * 100
    (m,) = find_dates(text)
    assert text[m.start : m.end] == "۲۳ اردیبهشت ۱۴۰۳" and m.iso == "2024-05-12"
