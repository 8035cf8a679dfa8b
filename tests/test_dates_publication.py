"""publication_date: metadata > scraper header > labelled publication line > standalone date
line in the page head; updated/crawl dates and dates in prose are never the publication date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qasid.records import DateFinding
from qasid.stages.dates import parse_meta_date, publication_date

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
GOLD = {
    rec["doc"]: rec["published"]
    for rec in map(json.loads, (ROOT / "examples/gold/seeds.jsonl").read_text("utf-8").splitlines())
}


@pytest.mark.parametrize("doc", sorted(GOLD), ids=sorted(GOLD))
def test_seed_publication_dates_match_gold(doc: str) -> None:
    text = (SEEDS / doc).read_text(encoding="utf-8")
    chosen, candidates = publication_date(text)
    assert (chosen.iso if chosen else None) == GOLD[doc]
    for c in candidates:  # every candidate points at the date as written
        assert c.start is not None and c.end is not None and text[c.start : c.end].strip()


def test_seed_001_labelled_publication_beats_banner_and_update() -> None:
    text = (SEEDS / "001_c489b840f046fcbc.txt").read_text(encoding="utf-8")
    chosen, candidates = publication_date(text)
    assert chosen is not None and (chosen.kind, chosen.calendar) == ("published", "jalali")
    assert text[chosen.start : chosen.end] == "۲۳-۰۲-۱۴۰۳"  # type: ignore[misc]
    assert [c.kind for c in candidates] == ["unlabelled", "updated", "published", "published"]


# (document, expected iso or None, expected kind or None) — rule per row in the id
DOCS = [
    # --- labelled publication lines ---
    ("عنوان خبر\nتاریخ انتشار: ۱۴۰۳/۰۲/۲۳ - ۰۹:۴۴\nمتن خبر درباره دیدار ۱۸ فوریه ۲۰۲۵ است.",
     "2024-05-12", "published", "fa-label-then-time"),
    ("کد خبر: ۹۶۵۷۰۸ | تاریخ انتشار: ۱۴۰۳/۰۲/۲۳\nمتن", "2024-05-12", "published",
     "fa-label-after-news-code"),
    ("تاریخ انتشار: ۲۳ اردیبهشت ۱۴۰۳ - خبرگزاری مهر\nمتن", "2024-05-12", "published",
     "fa-label-opening-line-with-source-after"),
    ("منتشر شده در ۲۳ اردیبهشت ۱۴۰۳\nمتن", "2024-05-12", "published", "fa-published-in"),
    ("نشر في: 12/01/2026 - 10:30 آخر تحديث: 13/01/2026 - 12:00\nنص الخبر", "2026-01-12",
     "published", "ar-published-and-updated-one-line"),
    ("آخر تحديث: 13/01/2026\nنُشر في ١٢ كانون الثاني ٢٠٢٦\nنص", "2026-01-12", "published",
     "ar-updated-first-then-published"),
    ("تاريخ النشر: الأحد 12 يناير 2025\nنص", "2025-01-12", "published", "ar-publication-date"),
    ("Iran talks\nPublished: 3 November 2025 | Updated: 4 November 2025\nBody.", "2025-11-03",
     "published", "en-published-updated"),
    ("Iran talks\nPosted on Nov. 3, 2025 at 10:30 a.m. ET\nBody.", "2025-11-03", "published",
     "en-posted-on-with-time"),
    ("Iran talks\nPublished\n3 November 2025\nBody.", "2025-11-03", "published",
     "en-label-on-line-above"),
    # --- labelled publication beats a standalone banner date ---
    ("۱۰ آبان ۱۴۰۴\nعنوان\nانتشار: ۰۹:۴۴ - ۲۳-۰۲-۱۴۰۳\nمتن", "2024-05-12", "published",
     "fa-label-beats-banner"),
    # --- updated / crawl dates are never chosen ---
    ("به‌روزرسانی: ۱۴۰۳/۰۲/۲۳\nمتن خبر", None, None, "fa-updated-only"),
    ("به روز شده در: ۱۰ آبان ۱۴۰۴ - ۰۱:۵۱\nمتن", None, None, "fa-updated-spaced"),
    ("آخر تحديث: 13/01/2026\nنص", None, None, "ar-updated-only"),
    ("Last modified: 2025-11-04\nBody", None, None, "en-last-modified"),
    ("Crawled at: 2026-01-01\nBody", None, None, "en-crawl-date"),
    # --- standalone date lines in the page head ---
    ("Iran talks\nSunday, 2 November 2025 10:30 GMT\nBody text.", "2025-11-02", "unlabelled",
     "en-standalone-with-weekday-and-time"),
    ("۱۰ آبان ۱۴۰۴\nعنوان خبر\nمتن خبر", "2025-11-01", "unlabelled", "fa-standalone-only"),
    ("\n".join(f"سطر {i}" for i in range(12)) + "\n۱۰ آبان ۱۴۰۴\nمتن", None, None,
     "fa-standalone-too-late"),
    ("آبان ۱۴۰۴\nمتن", None, None, "month-only-line-is-not-a-publication-date"),
    # --- dates in prose are event dates ---
    ("مسعود پزشکیان صبح روز یکشنبه ۱۲ اسفند ۱۴۰۳، در نشست علنی مجلس گفت که مذاکره نمی‌کنیم.",
     None, None, "fa-prose-event"),
    ("The report, published on 3 November 2025, said talks would resume.", None, None,
     "en-published-inside-a-sentence"),
    ("Officials published on 3 November 2025 a report.", None, None, "en-label-after-a-word"),
    ("تاریخ تولد: ۱۳۶۰/۰۱/۰۱\nمتن", None, None, "fa-birth-date-label-is-not-publication"),
    ("وأعلن ترامب يوم الأحد 12 يناير 2025 أن إيران اتصلت", None, None, "ar-prose-event"),
    ("", None, None, "empty"),
]


@pytest.mark.parametrize(
    ("text", "iso", "kind"), [d[:3] for d in DOCS], ids=[d[3] for d in DOCS]
)
def test_publication_rules(text: str, iso: str | None, kind: str | None) -> None:
    chosen, _ = publication_date(text)
    got = (chosen.iso, chosen.kind) if chosen else (None, None)
    assert got == (iso, kind)


def test_header_line_of_the_scraper() -> None:
    chosen, _ = publication_date(" date 2025-11-03 خبرنامه گویا - متن خبر در ۱۲ اسفند")
    assert chosen == DateFinding("2025-11-03", "gregorian", "header", 6, 16)


def test_header_label_elsewhere_is_not_a_header() -> None:
    chosen, _ = publication_date("متن خبر date 2025-11-03 و ادامه متن خبر که طولانی است")
    assert chosen is None or chosen.kind != "header"


def test_meta_date_wins_over_text() -> None:
    text = "تاریخ انتشار: ۱۴۰۳/۰۲/۲۳\nمتن"
    chosen, candidates = publication_date(text, meta_date="2025-01-02T10:00:00+03:30")
    assert chosen == DateFinding("2025-01-02", "gregorian", "meta")
    assert [c.kind for c in candidates] == ["meta", "published"]


def test_unparseable_meta_date_falls_back_to_text() -> None:
    chosen, candidates = publication_date("تاریخ انتشار: ۱۴۰۳/۰۲/۲۳", meta_date="soon")
    assert chosen is not None and chosen.kind == "published"
    assert all(c.kind != "meta" for c in candidates)


def test_body_extends_the_page_head() -> None:
    head = "\n".join(f"menu {i}" for i in range(15)) + "\n2 November 2025\n"
    text = head + "Body paragraph of the article."
    assert publication_date(text)[0] is None  # beyond the first 10 non-blank lines
    chosen, _ = publication_date(text, body=[(len(head), len(text))])
    assert chosen is not None and chosen.iso == "2025-11-02"


META = [
    ("2025-11-03", "2025-11-03"),
    ("2025-11-03T23:30:00-05:00", "2025-11-03"),  # publisher's local day, not UTC
    ("2025-11-03 10:00:00", "2025-11-03"),
    ("20251103", "2025-11-03"),
    ("2025-11", "2025-11"),
    ("Mon, 03 Nov 2025 10:00:00 GMT", "2025-11-03"),  # RSS pubDate
    ("۱۴۰۳/۰۲/۲۳", "2024-05-12"),
    ("1403-02-23", "2024-05-12"),  # Jalali in ISO shape: the year range decides
    ("١٢ يناير ٢٠٢٥", "2025-01-12"),
    ("2025-02-30", None),
    ("soon", None),
    ("", None),
]


@pytest.mark.parametrize(("value", "iso"), META, ids=[m[0] or "empty" for m in META])
def test_parse_meta_date(value: str, iso: str | None) -> None:
    found = parse_meta_date(value)
    assert (found.iso if found else None) == iso
    if found:
        assert found.kind == "meta"
