"""The whole per-document pipeline and the Python API, on real seed text and fixtures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from qasid import Corpus
from qasid.pipeline import run_document
from qasid.records import ProcessedDocument, RawDocument, Rejected
from qasid.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
FIX = Path(__file__).parent / "fixtures" / "sources"


def _raw(path: Path, content_type: str | None = None) -> RawDocument:
    return RawDocument(locator=str(path), name=path.name, data=path.read_bytes(),
                       source=str(path), content_type=content_type)


def test_tweet_paragraphs_are_english_inside_a_persian_article() -> None:
    doc = run_document(_raw(SEEDS / "002_ca22d49b7a009fcd.txt", "text"), Settings())
    assert isinstance(doc, ProcessedDocument)
    assert doc.lang == "fa"
    langs = {doc.text[p.start : p.end][:12]: p.lang for p in doc.paragraphs}
    assert langs["I think it's"] == "en"
    assert langs["روبیو گفت: «"] == "fa"


def test_every_body_span_and_paragraph_points_into_the_text() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        doc = run_document(_raw(path), Settings())
        assert isinstance(doc, ProcessedDocument)
        assert doc.text == path.read_text(encoding="utf-8")  # text input is stored as decoded
        for s, e in doc.body:
            assert 0 <= s < e <= len(doc.text)
            assert doc.text[s:e] == doc.text[s:e].strip()
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end].strip()
        assert len(doc.minhash) == 128 and doc.body_hash


def test_html_page_gets_title_metadata_date_and_clean_body() -> None:
    doc = run_document(_raw(FIX / "article_ar.html"), Settings())
    assert isinstance(doc, ProcessedDocument)
    assert doc.content_type == "html" and doc.lang == "ar"
    assert doc.title == "مسقط تستضيف جولة جديدة من المحادثات بين طهران وواشنطن"
    body = doc.body_text()
    assert "الجولة الرابعة من المحادثات" in body
    assert "اتصل بنا" not in body and "أضف تعليقك" not in body


def test_windows_1256_page_reads_like_its_utf8_twin() -> None:
    utf8 = run_document(_raw(FIX / "article_ar.html"), Settings())
    cp1256 = run_document(_raw(FIX / "article_ar_cp1256.html"), Settings())
    assert isinstance(utf8, ProcessedDocument) and isinstance(cp1256, ProcessedDocument)
    assert cp1256.encoding == "windows-1256"
    assert cp1256.body_hash == utf8.body_hash


def test_bad_bytes_come_back_as_rejected_not_raised() -> None:
    raw = RawDocument("x", "x.bin", b"\x00\x01\x02" * 100, "x")
    res = run_document(raw, Settings())
    assert isinstance(res, Rejected) and res.stage == "decode"
    empty_html = RawDocument("y", "y.html", b"<html><body><script>x()</script></body></html>",
                             "y", content_type="html")
    res = run_document(empty_html, Settings())
    assert isinstance(res, Rejected) and res.code == "E110"


def _warc(path: Path, pages: dict[str, str]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response",
                                            payload=io.BytesIO(html.encode("utf-8")),
                                            http_headers=headers)
            writer.write_record(rec)


PARA = ("وزير الخارجية الإيراني عباس عراقجي أجرى اتصالا هاتفيا مع نظيره العماني بدر البوسعيدي "
        "تناول فيه آخر التطورات المتعلقة بالمحادثات غير المباشرة مع الولايات المتحدة، وأكد أن "
        "طهران ما زالت ملتزمة بالمسار الدبلوماسي رغم التصعيد الأخير في المنطقة. ")


def _page(title: str, paras: list[str], date: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{date}'></head><body>"
            f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>"
            f"</body></html>")


def test_api_ingests_warc_jsonl_and_links_near_duplicates(tmp_path: Path) -> None:
    paras = [PARA, PARA.replace("هاتفيا", "مطولا") + "وأضاف أن الجولة المقبلة ستعقد قريبا.",
             "وقال المتحدث باسم الخارجية الإيرانية إن الاتصالات مستمرة عبر القناة السويسرية "
             "ولا توجد حاليا خطط لعقد لقاء مباشر بين الوفدين في الأسابيع المقبلة. " * 2,
             "ومن المنتظر أن يزور الوزير العماني طهران الأسبوع المقبل لنقل رسالة جديدة من "
             "واشنطن حول مقترح الاتفاق المرحلي الذي جرى بحثه خلال الجولة السابقة. " * 2]
    rewritten = [*paras[:3], paras[3].replace("الأسبوع المقبل", "خلال أيام")]
    warc = tmp_path / "news.warc.gz"
    _warc(warc, {
        "https://news.example/a": _page("عراقجي يتصل بالبوسعيدي", paras, "2025-04-20"),
        "https://other.example/b": _page("عراقجي والبوسعيدي", rewritten, "2025-04-20"),
    })
    with Corpus.open(str(tmp_path / "api.db")) as corpus:
        rep = corpus.ingest([str(warc), str(FIX / "records.jsonl")])
        assert rep.new >= 4 and rep.duplicate == 1
        b = corpus.get("https://other.example/b")
        assert b is not None and b.published == "2025-04-20"
        link = b.duplicates[0]
        assert link.kind == "near" and link.similarity >= 0.8
        hits = corpus.search("المحادثات", lang="ar")
        assert {h.doc.url for h in hits} >= {"https://news.example/a", "https://other.example/b"}
        rows = list(corpus.records(lang="fa"))
        assert rows and all(r["lang"] == "fa" for r in rows)
        out = io.StringIO()
        n = corpus.export(out, "jsonl")
        assert n == corpus.stats()["documents"] == len(out.getvalue().splitlines())
        recs = {r["url"]: r for r in map(json.loads, out.getvalue().splitlines())}
        call = recs["https://news.example/a"]
        # "عباس عراقجي أجرى اتصالا هاتفيا مع نظيره العماني بدر البوسعيدي"
        assert {"Abbas Araghchi", "Badr Albusaidi"} <= {a["name"] for a in call["actors"]}
        assert any(e["type"] == "CONSULT" and {e["source"], e["target"]} == {"IRN", "OMN"}
                   and e.get("medium") == "phone" for e in call["events"])


def test_settings_reject_unknown_language_codes() -> None:
    from qasid.errors import ConfigError
    from qasid.stages.langid import detect

    with pytest.raises(ConfigError, match="unknown language code"):
        detect("سلام", ("fa", "xx"))
