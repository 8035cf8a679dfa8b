"""The packaged date lexicons: headers, schemas, and every entry actually matching."""

from __future__ import annotations

from importlib import resources

import pytest

from qasid.resources import tsv
from qasid.stages.dates import find_dates, find_relative_dates, publication_date
from qasid.stages.dates.lexicon import (
    CALENDARS,
    absolute_lexicon,
    label_lexicon,
    relative_lexicon,
)

DATA = resources.files("qasid.data").joinpath("dates")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".tsv", ".txt", ".yaml")))


def test_lexicons_build_without_conflicts() -> None:
    # Building raises ResourceError (E211) when one folded key means two things.
    absolute_lexicon(), label_lexicon(), relative_lexicon()


@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_every_data_file_starts_with_a_provenance_header(name: str) -> None:
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    header = "\n".join(ln for ln in text.splitlines() if ln.startswith("#"))
    assert text.startswith("#"), "first line must be a comment header"
    assert "License" in header and "2026" in header, "header needs source, date and license"
    assert "\ufeff" not in text, "no BOM"


def test_each_calendar_has_twelve_months_and_each_language_seven_days() -> None:
    months = {(r["calendar"], int(r["number"])) for r in tsv("dates/months.tsv")}
    assert months == {(c, n) for c in CALENDARS for n in range(1, 13)}
    days = {(r["lang"], int(r["number"])) for r in tsv("dates/weekdays.tsv")}
    assert days == {(lang, n) for lang in ("fa", "ar", "en") for n in range(7)}


# a valid day/year per calendar to frame every month name in
FRAME = {"gregorian": ("12", "2025"), "jalali": ("12", "1403"), "hijri": ("12", "1446")}


def _month_names() -> list[tuple[str, str, int]]:
    out = []
    for row in tsv("dates/months.tsv"):
        names = [row["name"], *row["variants"].split(";"), *row["abbreviations"].split(";")]
        out += [(n.strip(), row["calendar"], int(row["number"])) for n in names if n != "-"]
    return out


@pytest.mark.parametrize(("name", "calendar", "number"), _month_names(),
                         ids=[n for n, _, _ in _month_names()])
def test_every_month_name_is_read_in_a_full_date(name: str, calendar: str, number: int) -> None:
    day, year = FRAME[calendar]
    (m,) = find_dates(f"{day} {name} {year}")
    assert (m.calendar, m.month, m.day, m.raw_year) == (calendar, number, 12, int(year))


def _weekday_names() -> list[tuple[str, int]]:
    out = []
    for row in tsv("dates/weekdays.tsv"):
        names = [row["name"], *row["variants"].split(";")]
        out += [(n.strip(), int(row["number"])) for n in names if n != "-"]
    return out


@pytest.mark.parametrize(("name", "number"), _weekday_names(),
                         ids=[n for n, _ in _weekday_names()])
def test_every_weekday_name_is_read(name: str, number: int) -> None:
    (m,) = find_dates(f"{name} 12 اسفند 1403")
    assert m.weekday == number
    (r,) = find_relative_dates(f"گفت {name} که")
    assert r.kind == "weekday" and r.weekday == number


def _labels(kind: str) -> list[str]:
    return [
        r["label"] for lang in ("fa", "ar", "en")
        for r in tsv(f"dates/labels_{lang}.tsv") if r["kind"] == kind
    ]


@pytest.mark.parametrize("kind", ["published", "updated", "crawl"])
def test_every_label_classifies_its_date_line(kind: str) -> None:
    for label in _labels(kind):
        text = f"عنوان\n{label}: 2025-11-03\nمتن"
        _, candidates = publication_date(text)
        assert [c.kind for c in candidates] == [kind], label


def test_every_offset_phrase_is_found() -> None:
    for lang in ("fa", "ar", "en"):
        for row in tsv(f"dates/relative_{lang}.tsv"):
            if row["kind"] != "offset":
                continue
            phrase = row["phrase"].replace("{n}", "3")
            found = find_relative_dates(f"x {phrase} x")
            assert [(r.kind, r.unit) for r in found] == [("offset", row["unit"])], phrase
