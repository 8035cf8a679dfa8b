"""Properties: the dates stage never raises on arbitrary text and every span is inside it."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from qasid.stages.dates import (
    find_dates,
    find_relative_dates,
    publication_date,
    resolve,
    resolve_relative,
)

# Text made of the pieces dates are made of, so the property reaches the parsers and
# converters, not just the pre-filter: digits of three scripts, separators, marks, month and
# weekday names, labels and filler, mixed with arbitrary characters.
PIECES = st.sampled_from([
    "۱", "۲", "۱۴۰۳", "١٤٤٧", "2025", "31", "0", "00", "13", "99", "-", "/", ".", ":", " ", "\n",
    "\u200c", "\u200f", "\u0640", "\u064e", ",", "،", "(", ")", "آبان", "اسفند", "ماه", "فوریه",
    "شباط/فبراير", "كانون الثاني", "رجب", "ربیع‌الاول", "May", "may", "Feb.", "Sunday",
    "یکشنبه", "الأحد", "يوم", "هـ", "ه.ش", "سال", "عام", "in", "of", "4th",
    "تاریخ انتشار:", "به روز شده در:", "نشر في", "Published:", "Updated", " date ",
    "گذشته", "الماضي", "last", "next", "دیروز", "شش هفته پیش", "قبل ثلاثة أيام",
])
DATEISH = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), DATEISH)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_find_dates_never_raises_and_spans_are_inside(text: str) -> None:
    previous_end = 0
    for m in find_dates(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end  # sorted, no overlaps
        previous_end = m.end
        assert text[m.start : m.end].strip()
        assert (m.iso is None) == m.year_missing
        assert m.precision in ("day", "month", "year")
        assert m.calendar in ("gregorian", "jalali", "hijri")


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_publication_date_never_raises_and_points_into_the_text(text: str) -> None:
    chosen, candidates = publication_date(text)
    assert chosen is None or chosen in candidates
    for c in candidates:
        assert c.start is not None and c.end is not None
        assert 0 <= c.start < c.end <= len(text)
        assert c.kind in ("header", "published", "updated", "crawl", "unlabelled")


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.dates(min_value=date(1930, 1, 1), max_value=date(2070, 12, 31)))
def test_relative_dates_never_raise_and_resolve_inside_the_span(text: str, anchor: date) -> None:
    for r in find_relative_dates(text):
        assert 0 <= r.start < r.end <= len(text)
        resolved = resolve(r, anchor)
        if resolved is not None:
            assert (resolved.start, resolved.end) == (r.start, r.end)
        whole = resolve_relative(text, r.start, r.end, anchor)
        assert whole is None or r.start <= whole.start <= whole.end <= r.end
