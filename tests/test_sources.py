"""Readers for local inputs: files, directories, globs, stdin, gzip, JSONL, feeds, WARC/ARC.

No test here may touch the network: ``no_network`` refuses every non-loopback connection and
DNS lookup, so a reader that tried to follow a fixture link would fail loudly.
"""

from __future__ import annotations

import doctest
import gzip
import importlib
import io
import json
import os
import shutil
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from qasid.errors import ConfigError
from qasid.records import RawDocument, Rejected
from qasid.sources import SourceOptions, iter_documents
from qasid.stages.decode import decode

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SEEDS = Path(__file__).parents[1] / "examples" / "seeds"

# no test here may touch the network (the fixture is in conftest.py)
pytestmark = pytest.mark.usefixtures("no_network")


def read(*specs: str | Path, **options: Any) -> list[RawDocument | Rejected]:
    return list(iter_documents([str(s) for s in specs], SourceOptions(**options)))


def docs(items: list[RawDocument | Rejected]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejects(items: list[RawDocument | Rejected]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- options -----------------------------------------------------------------------------------

def test_options_defaults_and_validation() -> None:
    options = SourceOptions()
    assert (options.max_bytes, options.timeout, options.max_redirects) == (10_000_000, 10.0, 5)
    assert (options.jsonl_text_field, options.jsonl_html_field, options.jsonl_url_field,
            options.jsonl_date_field, options.jsonl_title_field, options.jsonl_id_field) == (
        "text", "html", "url", "date", "title", "id")
    assert options.follow_feed_links is True
    with pytest.raises(ConfigError):
        SourceOptions(max_bytes=0)
    with pytest.raises(ConfigError):
        SourceOptions(timeout=-1)
    with pytest.raises(ConfigError):
        SourceOptions(max_redirects=-1)


# --- plain files -------------------------------------------------------------------------------

def test_seed_files_by_glob() -> None:
    spec = str(SEEDS / "*.txt")
    items = read(spec)
    assert [d.name for d in docs(items)] == sorted(p.name for p in SEEDS.glob("*.txt"))
    first = items[0]
    assert isinstance(first, RawDocument)
    path = SEEDS / "000_6e7595907d6b6f7a.txt"
    assert first.locator == str(path.resolve())
    assert first.source == spec
    assert first.content_type == "text"
    assert first.data == path.read_bytes()
    assert first.url is None


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("story.txt", "text"),
        ("story.html", "html"),
        ("story.htm", "html"),
        ("story.xhtml", "html"),
        ("story.TXT", "text"),  # extensions are case-insensitive
        ("story", "html"),  # no extension: sniffed
        ("notes.md", "text"),  # unknown extension, text content
    ],
    ids=["txt", "html", "htm", "xhtml", "upper-case", "sniffed-html", "unknown-ext-text"],
)
def test_single_document_files(tmp_path: Path, filename: str, kind: str) -> None:
    body = (FIXTURES / "article_fa.html").read_bytes() if kind == "html" else \
        "متن ساده‌ی یک خبر\n".encode()
    path = write(tmp_path / filename, body)
    (item,) = read(path)
    assert isinstance(item, RawDocument)
    assert (item.locator, item.name, item.content_type, item.data) == (
        str(path), filename, kind, body)


def test_txt_extension_wins_over_html_looking_content(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", "<html><body><p>سلام</p></body></html>")
    (item,) = read(path)
    assert isinstance(item, RawDocument)
    assert item.content_type == "text"


def test_encoded_fixture_pages_are_read_as_bytes_and_decode(tmp_path: Path) -> None:
    items = read(FIXTURES / "article_ar_cp1256.html", FIXTURES / "article_fa_utf16.html")
    ar, fa = docs(items)
    assert "الجولة الرابعة من المحادثات" in decode(ar).text
    assert "گفت‌وگوی غیرمستقیم" in decode(fa).text
    assert ar.data == (FIXTURES / "article_ar_cp1256.html").read_bytes()


@pytest.mark.parametrize(
    ("make", "code", "message_part"),
    [
        (lambda d: d / "missing.txt", "E120", "no such file"),
        (lambda d: d / "nothing-*.html", "E120", "no files match"),
        (lambda d: write(d / "empty.txt", b""), "E122", "empty file"),
        (lambda d: write(d / "big.txt", "خبر " * 400), "E124", "larger than max_bytes 1000"),
        (lambda d: write(d / "big.unknown", "x" * 1200), "E124", "larger than max_bytes 1000"),
        (lambda d: write(d / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "E123",
         "JPEG image"),
        (lambda d: write(d / "blob.bin", bytes(range(256)) * 2), "E123", "binary file"),
        (lambda d: write(d / "x.html", b"<html>\x00\x00\x01\x02</html>" * 3), "E123",
         "NUL bytes"),
    ],
    ids=["missing", "glob-no-match", "empty", "over-limit", "over-limit-sniffed", "jpeg",
         "random-binary", "html-with-nuls"],
)
def test_file_failures_are_rejected_with_a_reason(
    tmp_path: Path, make: Callable[[Path], Path], code: str, message_part: str
) -> None:
    spec = make(tmp_path)
    (item,) = read(spec, max_bytes=1000)
    assert isinstance(item, Rejected)
    assert (item.stage, item.code, item.source) == ("read", code, str(spec))
    assert message_part in item.message
    assert "\n" not in item.message


def test_permission_denied_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, for whom chmod 000 does not deny anything.
    path = write(tmp_path / "secret.txt", "محرمانه")
    real_open = Path.open

    def fake_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    (item,) = read(path)
    assert isinstance(item, Rejected)
    assert (item.code, item.locator, item.name) == ("E121", str(path), "secret.txt")
    assert "permission denied" in item.message


def test_other_schemes_are_rejected_without_fetching() -> None:
    items = read("ftp://files.example.org/a.txt", "file:///etc/passwd")
    assert [(r.code, r.locator) for r in rejects(items)] == [
        ("E130", "ftp://files.example.org/a.txt"), ("E130", "file:///etc/passwd")]


# --- directories -------------------------------------------------------------------------------

@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "b.txt", "دومین خبر")
    write(root / "a.html", "<html><body><p>نخستین خبر</p></body></html>")
    write(root / "sub" / "c.txt", "خبر سوم در زیرپوشه")
    write(root / "sub" / "deeper" / "d.txt", "خبر چهارم")
    write(root / ".hidden.txt", "پنهان")
    write(root / ".git" / "HEAD", "ref: refs/heads/main")
    write(root / "README.md", "# corpus notes")
    write(root / "logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return root


def test_directory_walk_is_sorted_recursive_and_skips_hidden(corpus_dir: Path) -> None:
    items = read(corpus_dir)
    assert [(type(i).__name__, i.name) for i in items] == [
        ("RawDocument", "a.html"),
        ("RawDocument", "b.txt"),
        ("Rejected", "logo.png"),
        ("RawDocument", "c.txt"),
        ("RawDocument", "d.txt"),
    ]
    (png,) = rejects(items)
    assert (png.code, png.message) == ("E123", "binary file (PNG image)")
    assert all(i.source == str(corpus_dir) for i in items)


@pytest.mark.parametrize(
    ("exclude", "names"),
    [
        ((), ["README.md", "a.html", "b.txt", "logo.png", "c.txt", "d.txt"]),
        (("*.png", "c.*"), ["README.md", "a.html", "b.txt", "d.txt"]),
    ],
    ids=["nothing-excluded", "patterns"],
)
def test_directory_walk_exclude_patterns(corpus_dir: Path, exclude: tuple[str, ...],
                                         names: list[str]) -> None:
    assert [i.name for i in read(corpus_dir, exclude=exclude)] == names


@pytest.mark.parametrize("spec", ["README.md", "*.md"], ids=["explicit", "glob"])
def test_explicit_files_and_globs_are_never_excluded(corpus_dir: Path, spec: str) -> None:
    items = read(corpus_dir / spec)
    assert [(type(i).__name__, i.name) for i in items] == [("RawDocument", "README.md")]


def test_unlistable_subdirectory_is_rejected_and_the_walk_goes_on(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qasid.sources import paths

    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(paths.os, "scandir", scandir)
    items = read(corpus_dir)
    assert [i.name for i in items] == ["a.html", "b.txt", "logo.png", "sub"]
    assert (items[-1].code, items[-1].locator) == ("E121", str(corpus_dir / "sub"))


def test_seed_directory_reads_the_five_articles_only() -> None:
    assert [i.name for i in read(SEEDS)] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_recursive_glob(corpus_dir: Path) -> None:
    items = read(corpus_dir / "**" / "*.txt")
    assert [i.name for i in items] == ["b.txt", "c.txt", "d.txt"]


def test_a_file_named_twice_is_read_once(corpus_dir: Path) -> None:
    items = read(corpus_dir / "b.txt", corpus_dir, corpus_dir / "b.txt")
    assert [i.name for i in items].count("b.txt") == 1


def test_locators_are_stable_and_unique_across_a_mixed_run(corpus_dir: Path,
                                                            tmp_path: Path) -> None:
    warc = write(tmp_path / "news.warc.gz", build_warc(gzip_records=True))
    specs = (corpus_dir, FIXTURES / "records.jsonl", FIXTURES / "feed.atom", warc)
    first = [i.locator for i in read(*specs)]
    second = [i.locator for i in read(*specs)]
    assert first == second
    assert len(set(first)) == len(first)


# --- gzip ----------------------------------------------------------------------------------------

def test_gzip_files_are_decompressed(tmp_path: Path) -> None:
    text = "خبر فشرده شده".encode()
    jsonl = b'{"id": "g1", "text": "one"}\n{"id": "g2", "text": "two"}\n'
    items = read(
        write(tmp_path / "a.txt.gz", gzip.compress(text)),
        write(tmp_path / "b.jsonl.gz", gzip.compress(jsonl)),
        write(tmp_path / "c.gz", gzip.compress(b"<html><body>x</body></html>")),
        write(tmp_path / "d.html", gzip.compress(b"<html><body>y</body></html>")),
    )
    assert [(i.name, i.content_type) for i in docs(items)] == [
        ("a.txt.gz", "text"), ("g1", "text"), ("g2", "text"), ("c.gz", "html"),
        ("d.html", "html")]
    assert docs(items)[0].data == text


@pytest.mark.parametrize(
    ("make", "code", "message_part"),
    [
        (lambda: gzip.compress("متن".encode() * 500)[:-30], "E125", "truncated or corrupt gzip"),
        (lambda: b"\x1f\x8b" + b"garbage" * 10, "E125", "truncated or corrupt gzip"),
        (lambda: b"this is plain text", "E125", "named .gz but is not gzip data"),
        (lambda: gzip.compress(b"a" * 5000), "E124", "decompressed content larger than"),
    ],
    ids=["truncated", "corrupt", "not-gzip", "bomb-over-limit"],
)
def test_bad_gzip(tmp_path: Path, make: Callable[[], bytes], code: str,
                  message_part: str) -> None:
    (item,) = read(write(tmp_path / "x.txt.gz", make()), max_bytes=1000)
    assert isinstance(item, Rejected)
    assert item.code == code
    assert message_part in item.message


def test_truncated_gzip_jsonl_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    lines = b"".join(json.dumps({"id": f"r{i}", "text": "خبر " * 50}).encode() + b"\n"
                     for i in range(200))
    data = gzip.compress(lines)
    items = read(write(tmp_path / "cut.jsonl.gz", data[: len(data) * 3 // 4]))
    assert len(docs(items)) > 50
    assert [d.name for d in docs(items)] == [f"r{i}" for i in range(len(docs(items)))]
    assert rejects(items)[-1].code == "E125"


# --- stdin ---------------------------------------------------------------------------------------

class _Pipe(io.RawIOBase):
    """A non-seekable stream, like a real pipe."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("متن خبر از ورودی استاندارد".encode(), [("<stdin>", "<stdin>", "text")]),
        (b"<!doctype html><html><body>x</body></html>", [("<stdin>", "<stdin>", "html")]),
        (b'{"id": "s1", "text": "a"}\n{"text": "b"}\n',
         [("<stdin>#s1", "s1", "text"), ("<stdin>#L2", "<stdin>#L2", "text")]),
        (gzip.compress(b'{"id": "z1", "html": "<p>x</p>"}\n'), [("<stdin>#z1", "z1", "html")]),
        ((FIXTURES / "feed.atom").read_bytes(),
         [("tag:wire.example.com,2025:news/4471", "tag:wire.example.com,2025:news/4471", "html"),
          ("tag:wire.example.com,2025:news/4480", "tag:wire.example.com,2025:news/4480", "text")]),
    ],
    ids=["text", "html", "jsonl", "gzip-jsonl", "atom"],
)
def test_stdin_is_sniffed(data: bytes, expected: list[tuple[str, str, str]]) -> None:
    stream = io.BufferedReader(_Pipe(data))
    items = read("-", stdin=stream)
    assert [(d.locator, d.name, d.content_type) for d in docs(items)] == expected
    assert all(i.source == "-" for i in items)


def test_empty_stdin_is_rejected() -> None:
    (item,) = read("-", stdin=io.BytesIO(b""))
    assert isinstance(item, Rejected)
    assert (item.code, item.locator, item.message) == ("E122", "<stdin>", "empty input")


# --- JSONL / JSON ------------------------------------------------------------------------------

def test_jsonl_fixture_line_by_line() -> None:
    path = FIXTURES / "records.jsonl"
    base = str(path)
    items = read(path)
    got = [(i.locator.removeprefix(base), i.name,
            i.content_type if isinstance(i, RawDocument) else i.code) for i in items]
    assert got == [
        ("#irna-2025-0512-01", "irna-2025-0512-01", "text"),
        ("#alj-7781", "alj-7781", "html"),
        ("#L3", "records.jsonl#L3", "text"),  # no id: line number
        ("#L4", "records.jsonl", "E126"),  # malformed line
        ("#L5", "records.jsonl", "E126"),  # not an object
        ("#empty-1", "empty-1", "E129"),  # nothing to read
        ("#L8", "irna-2025-0512-01", "text"),  # repeated id: line number keeps it unique
        ("#42", "42", "text"),  # numeric id
        ("#ftp-1", "ftp-1", "E130"),  # url-only record, but not http(s): never fetched
    ]
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.data.decode("utf-8").startswith("وزیر امور خارجه ایران")
    assert (first.url, first.declared_charset) == ("https://www.example.ir/fa/news/2001", "utf-8")
    assert first.meta == {"id": "irna-2025-0512-01", "url": "https://www.example.ir/fa/news/2001",
                          "date": "2025-05-12", "title": "عراقچی در مسقط", "lang": "fa"}
    assert docs(items)[2].meta == {"source": "wire"}
    malformed = rejects(items)[0]
    assert malformed.message.startswith("line 4: invalid JSON (Unterminated string")


def test_json_array_and_single_object() -> None:
    items = read(FIXTURES / "records.json", FIXTURES / "article.json")
    array = str(FIXTURES / "records.json")
    single = str(FIXTURES / "article.json")
    got = [(i.locator, i.name, i.content_type if isinstance(i, RawDocument) else i.code)
           for i in items]
    assert got == [
        (f"{array}#a-1", "a-1", "text"),
        (f"{array}#a-2", "a-2", "html"),
        (f"{array}#R3", "records.json", "E126"),
        (single, "https://www.example.ir/fa/news/3005", "text"),
    ]
    assert docs(items)[2].meta["date"] == "1404-02-22"


def test_jsonl_custom_field_names(tmp_path: Path) -> None:
    path = write(tmp_path / "custom.ndjson",
                 '{"guid": "x-1", "body": "متن", "link": "https://example.org/1", '
                 '"headline": "تیتر", "published": "2025-05-01", "text": "ignored?"}\n')
    (item,) = read(path, jsonl_text_field="body", jsonl_id_field="guid", jsonl_url_field="link",
                   jsonl_title_field="headline", jsonl_date_field="published")
    assert isinstance(item, RawDocument)
    assert (item.name, item.data, item.url) == ("x-1", "متن".encode(), "https://example.org/1")
    assert item.meta == {"id": "x-1", "url": "https://example.org/1", "title": "تیتر",
                         "date": "2025-05-01", "text": "ignored?"}


def test_jsonl_oversized_line_is_rejected_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "small-1", "text": "a"}),
             json.dumps({"id": "huge", "text": "ب" * 3000}),
             json.dumps({"id": "small-2", "text": "c"})]
    items = read(write(tmp_path / "x.jsonl", "\n".join(lines) + "\n"), max_bytes=1000)
    assert [(i.name, getattr(i, "code", "ok")) for i in items] == [
        ("small-1", "ok"), ("x.jsonl", "E124"), ("small-2", "ok")]
    assert items[1].locator.endswith("#L2")


def test_jsonl_whose_first_line_is_broken_still_reads_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "x.jsonl", '{"id": "a", "text": \n{"id": "b", "text": "ok"}\n')
    items = read(path)
    assert [(i.locator.rsplit("#", 1)[1], type(i).__name__) for i in items] == [
        ("L1", "Rejected"), ("b", "RawDocument")]


def test_json_bad_array_and_bad_utf8(tmp_path: Path) -> None:
    items = read(write(tmp_path / "a.json", '[{"id": 1, "text": "x"},'),
                 write(tmp_path / "b.jsonl", b'{"text": "\xff\xfe"}\n'))
    assert [(r.code, r.message.split(" (")[0]) for r in rejects(items)] == [
        ("E126", "invalid JSON: Expecting value: line 1 column 25"),
        ("E126", "line 1 is not valid UTF-8"),
    ]


# --- feeds ---------------------------------------------------------------------------------------

def test_rss_fixture_without_following_links() -> None:
    path = FIXTURES / "feed.rss"
    items = read(path, follow_feed_links=False)
    first, second, third = items
    assert isinstance(first, RawDocument)
    assert isinstance(second, RawDocument)
    assert isinstance(third, Rejected)
    # a bare guid is qualified with the feed; a URL guid stands on its own
    assert (first.locator, first.name) == (f"{path}#news-1001", "news-1001")
    assert (second.locator, second.name) == ("https://news.example.ir/fa/news/1002",) * 2
    # content:encoded is preferred to the teaser description
    assert "از طریق عمان ارسال می‌شود" in first.data.decode("utf-8")
    assert (first.content_type, first.declared_charset) == ("html", "utf-8")
    assert first.url == "https://news.example.ir/fa/news/1001"
    assert first.meta == {
        "feed": str(path), "title": "بقائی: پاسخ ایران به پیام آمریکا آماده است",
        "url": "https://news.example.ir/fa/news/1001", "date": "2025-05-12T06:00:00Z",
        "language": "fa"}
    # description only → it is the content
    assert "درباره دور بعدی" in second.data.decode("utf-8")
    assert (third.code, third.locator) == ("E129", "https://news.example.ir/fa/news/1003")
    assert "follow_feed_links is off" in third.message


def test_atom_fixture_dates_and_content_types() -> None:
    published, summary_only = read(FIXTURES / "feed.atom")
    assert isinstance(published, RawDocument)
    assert isinstance(summary_only, RawDocument)
    assert published.content_type == "html"
    assert "fourth round of indirect talks" in published.data.decode()
    assert (published.meta["date"], published.meta["updated"]) == ("2025-05-11T08:15:00Z",
                                                                   "2025-05-11T09:00:00Z")
    # type="text" summary → text; no <published> → no "date" (updated is not publication)
    assert summary_only.content_type == "text"
    assert "date" not in summary_only.meta
    assert summary_only.meta["updated"] == "2025-05-12T07:30:00Z"


def test_feed_is_sniffed_without_extension_and_xml_that_is_no_feed_is_rejected(
    tmp_path: Path,
) -> None:
    items = read(write(tmp_path / "latest", (FIXTURES / "feed.rss").read_bytes()),
                 write(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>'
                       "https://example.org/</loc></url></urlset>"),
                 follow_feed_links=False)
    assert [i.name if isinstance(i, RawDocument) else i.code for i in items] == [
        "news-1001", "https://news.example.ir/fa/news/1002", "E129", "E128"]
    assert items[-1].message.startswith("not an RSS or Atom feed")


def test_feedparser_never_opens_what_the_feed_bytes_name(tmp_path: Path) -> None:
    # Given bytes/str, feedparser would try them as a local path (or URL). Here the "feed"
    # content is the path of a real feed: reading it must not yield that feed's entries.
    path = write(tmp_path / "pointer.xml", str(FIXTURES / "feed.atom"))
    (item,) = read(path)
    assert isinstance(item, Rejected)
    assert item.code == "E128"


# --- WARC / ARC ----------------------------------------------------------------------------------

AR_PAGE = ("<html><head><title>خبر</title></head><body><p>أكد المتحدث باسم الخارجية أن "
           "طهران تدرس الرسالة الأمريكية بعناية.</p></body></html>")
WARC_DATE = "2025-05-12T10:00:00Z"
CHUNKED_PAGE = "<p>خبری که تکه‌تکه و فشرده رسید.</p>"


def _http(status: str, content_type: str | None,
          extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


def build_warc(*, gzip_records: bool, big: bool = False) -> bytes:
    """A CC-NEWS-like WARC: warcinfo, request/response pairs and records to skip."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("news.warc", {"software": "test"}))

    def response(uri: str, body: bytes, status: str = "200 OK",
                 content_type: str | None = "text/html; charset=windows-1256",
                 extra: list[tuple[str, str]] | None = None) -> None:
        writer.write_record(writer.create_warc_record(
            uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body),
            http_headers=_http(status, content_type, extra),
            warc_headers_dict={"WARC-Date": WARC_DATE}))

    response("https://ar.example.com/news/1", AR_PAGE.encode("cp1256"))
    response("https://ar.example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00",
             content_type="image/png")
    response("https://ar.example.com/gone", b"<html>not found</html>", status="404 Not Found")
    response("https://en.example.com/wire.txt", b"Plain text wire copy.",
             content_type="text/plain; charset=utf-8")
    response("https://fa.example.com/no-type", "<p>خبر بدون نوع محتوا</p>".encode(),
             content_type=None)
    # archived as sent: chunked and gzip-encoded (warcio undoes both)
    zipped = gzip.compress(CHUNKED_PAGE.encode())
    response("https://fa.example.com/chunked", b"%x\r\n%s\r\n0\r\n\r\n" % (len(zipped), zipped),
             content_type="text/html; charset=utf-8",
             extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
    if big:
        response("https://fa.example.com/huge", b"<p>" + b"x" * 5000 + b"</p>")
    response("https://fa.example.com/last", "<p>آخرین خبر</p>".encode(),
             content_type="text/html; charset=utf-8")
    return out.getvalue()


def _record_ids(data: bytes) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    return [r.rec_headers.get_header("WARC-Record-ID").strip("<>")
            for r in ArchiveIterator(io.BytesIO(data)) if r.rec_type == "response"]


@pytest.mark.parametrize(
    ("filename", "pack"),
    [
        ("news.warc", lambda: build_warc(gzip_records=False)),
        ("news.warc.gz", lambda: build_warc(gzip_records=True)),
        ("whole.warc.gz", lambda: gzip.compress(build_warc(gzip_records=False))),
        ("no-extension", lambda: build_warc(gzip_records=True)),
    ],
    ids=["plain", "per-record-gzip", "whole-file-gzip", "sniffed"],
)
def test_warc_response_records(tmp_path: Path, filename: str,
                               pack: Callable[[], bytes]) -> None:
    data = pack()
    path = write(tmp_path / filename, data)
    items = read(path)
    assert not rejects(items)
    got = [(d.name, d.content_type, d.declared_charset) for d in docs(items)]
    assert got == [
        ("https://ar.example.com/news/1", "html", "windows-1256"),
        ("https://en.example.com/wire.txt", "text", "utf-8"),
        ("https://fa.example.com/no-type", "html", None),  # no Content-Type: sniffed
        ("https://fa.example.com/chunked", "html", "utf-8"),
        ("https://fa.example.com/last", "html", "utf-8"),
    ]
    assert docs(items)[3].data == CHUNKED_PAGE.encode()
    first = docs(items)[0]
    raw_ids = _record_ids(gzip.decompress(data) if filename == "whole.warc.gz" else data)
    assert first.locator == f"{path}#{raw_ids[0]}"
    assert (first.url, first.fetched_at, first.source) == (
        "https://ar.example.com/news/1", WARC_DATE, str(path))
    assert first.meta["http_status"] == 200
    assert decode(first).text == AR_PAGE


def test_warc_record_over_the_limit_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    path = write(tmp_path / "big.warc.gz", build_warc(gzip_records=True, big=True))
    items = read(path, max_bytes=1000)
    (big,) = rejects(items)
    assert (big.code, big.name) == ("E124", "https://fa.example.com/huge")
    assert big.locator.startswith(f"{path}#urn:uuid:")
    assert docs(items)[-1].name == "https://fa.example.com/last"


def _cut(data: bytes) -> bytes:
    """The archive cut off inside the payload of the "no-type" response record."""
    return data[: data.index("خبر بدون نوع محتوا".encode()) + 5]


def _gzip_cut(data: bytes) -> bytes:
    """A gzip stream of :func:`_cut` without its end: decompression stops with EOFError."""
    packer = zlib.compressobj(wbits=31)
    return packer.compress(_cut(data)) + packer.flush(zlib.Z_SYNC_FLUSH)


@pytest.mark.parametrize(
    ("filename", "make", "names"),
    [
        ("cut.warc", _cut, ["https://ar.example.com/news/1", "https://en.example.com/wire.txt"]),
        ("cut.warc.gz", _gzip_cut,
         ["https://ar.example.com/news/1", "https://en.example.com/wire.txt"]),
        ("junk.warc", lambda d: b"this is not a warc file at all\n", []),
        ("junk2.warc", lambda d: b"<html>an html page named .warc</html>", []),
    ],
    ids=["truncated-plain", "truncated-gzip", "five-words-not-arc", "html-named-warc"],
)
def test_malformed_warc(tmp_path: Path, filename: str, make: Callable[[bytes], bytes],
                        names: list[str]) -> None:
    items = read(write(tmp_path / filename, make(build_warc(gzip_records=False))))
    assert [d.name for d in docs(items)] == names
    (bad,) = rejects(items)
    assert bad.code == "E127"
    assert "\n" not in bad.message


def build_arc() -> bytes:
    """A tiny ARC v1 file (the pre-WARC Internet Archive format)."""
    desc = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://news.arc 0.0.0.0 20250512100000 text/plain %d\n%s\n" % (len(desc), desc)
    for i, text in enumerate(["خبر نخست", "خبر دوم"]):
        body = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + f"<html><body><p>{text}</p></body></html>".encode())
        out += b"http://fa.example.com/%d 127.0.0.1 20250512100000 text/html %d\n%s\n" % (
            i, len(body), body)
    return out


def test_arc_records_are_keyed_by_offset_and_stable(tmp_path: Path) -> None:
    path = write(tmp_path / "news.arc.gz", gzip.compress(build_arc()))
    first, second = read(path), read(path)
    assert [d.locator for d in docs(first)] == [d.locator for d in docs(second)]
    assert [d.name for d in docs(first)] == ["http://fa.example.com/0", "http://fa.example.com/1"]
    assert all("#offset-" in d.locator for d in docs(first))
    assert decode(docs(first)[1]).text.endswith("<p>خبر دوم</p></body></html>")


# --- the dispatcher as a whole -------------------------------------------------------------------

def test_iter_documents_is_lazy_and_closes_cleanly(corpus_dir: Path) -> None:
    iterator: Iterator[RawDocument | Rejected] = iter_documents([str(corpus_dir)])
    assert next(iterator).name == "a.html"
    iterator.close()  # type: ignore[attr-defined]


def test_fixture_directory_reads_without_surprises(tmp_path: Path) -> None:
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy, ignore=shutil.ignore_patterns("*.py", "*.md"))
    items = read(copy, follow_feed_links=False)
    # 4 pages + 1 JSON object + 2 array records + 5 JSONL records + 2 Atom + 2 RSS entries
    assert len(docs(items)) == 16
    assert all(decode(d).text.strip() for d in docs(items))  # every document decodes
    assert sorted(r.code for r in rejects(items)) == [
        "E126", "E126", "E126", "E129", "E129", "E130"]


@pytest.mark.parametrize("module", ["qasid.sources.sniff", "qasid.sources.http",
                                    "qasid.sources.paths"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0
