"""HTTP fetching and URL specs, against a local threaded ``http.server`` on 127.0.0.1.

The server serves fixtures and misbehaves on purpose (redirect loops, 404, a slow and a
dripping endpoint, oversized bodies). ``no_network`` refuses every other address, so nothing
here can reach the internet even if a reader tried.
"""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qasid.errors import InputError
from qasid.records import RawDocument, Rejected
from qasid.sources import SourceOptions, iter_documents
from qasid.sources.http import fetch
from qasid.stages.decode import decode

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


AR_CP1256 = (FIXTURES / "article_ar_cp1256.html").read_bytes()
FA_PAGE = (FIXTURES / "article_fa.html").read_bytes()

# no test here may touch the network (the fixture is in conftest.py)
pytestmark = pytest.mark.usefixtures("no_network")


def _feed(base: str) -> bytes:
    """An RSS feed whose entries link to pages on the local server."""
    items = [
        ("inline-1", "", "<p>وزیر خارجه عمان: دور بعدی گفت‌وگوها در مسقط برگزار می‌شود.</p>"),
        ("linked-1", f"{base}/news/linked-1.html", ""),
        ("linked-2", f"{base}/redirect/news", ""),
        ("gone", f"{base}/missing", ""),
        ("binary", f"{base}/logo.png", ""),
    ]
    body = "".join(
        f"<item><title>{guid}</title><guid isPermaLink=\"false\">{guid}</guid>"
        + (f"<link>{link}</link>" if link else "")
        + (f"<description><![CDATA[{html}]]></description>" if html else "")
        + "</item>"
        for guid, link, html in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>نمونه</title><link>{base}/</link>{body}</channel></rss>").encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes for the tests; ``server.base`` is the server's own URL."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def _send(self, status: int, body: bytes, content_type: str | None = "text/html",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        base = self.server.base
        try:
            if path == "/article-ar":
                self._send(200, AR_CP1256, "text/html; charset=windows-1256")
            elif path == "/news/linked-1.html":
                self._send(200, FA_PAGE, "text/html; charset=utf-8")
            elif path == "/plain":
                self._send(200, "متن ساده".encode(), "text/plain; charset=utf-8")
            elif path == "/feed":
                self._send(200, _feed(base), "application/rss+xml")
            elif path == "/feed-as-html":  # a misconfigured server: the content decides
                self._send(200, _feed(base), "text/html")
            elif path == "/records":
                lines = [{"id": "u1", "url": f"{base}/news/linked-1.html"},
                         {"id": "t1", "text": "متن درون رکورد"}]
                body = "".join(json.dumps(x) + "\n" for x in lines).encode()
                self._send(200, body, "application/x-ndjson")
            elif path == "/logo.png":
                self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
            elif path == "/gzip-encoded":
                self._send(200, gzip.compress(FA_PAGE), "text/html; charset=utf-8",
                           {"Content-Encoding": "gzip"})
            elif path == "/archive/day.txt.gz":  # a .gz the server sends content-encoded
                self._send(200, gzip.compress("متن فشرده".encode()), "text/plain; charset=utf-8",
                           {"Content-Encoding": "gzip"})
            elif path == "/archive/day.jsonl.gz":  # a .gz sent as is
                body = gzip.compress(b'{"id": "gz1", "text": "a"}\n{"id": "gz2", "text": "b"}\n')
                self._send(200, body, "application/gzip")
            elif path == "/empty":
                self._send(200, b"", "text/html")
            elif path == "/loop":
                self._send(302, b"", headers={"Location": "/loop"})
            elif path.startswith("/chain/"):
                hops = int(path.rsplit("/", 1)[1])  # redirects left before the page
                target = f"/chain/{hops - 1}" if hops > 1 else "/news/linked-1.html"
                self._send(302 if hops % 2 else 301, b"", headers={"Location": target})
            elif path == "/redirect/news":
                self._send(307, b"", headers={"Location": f"{base}/news/linked-1.html"})
            elif path == "/to-ftp":
                self._send(302, b"", headers={"Location": "ftp://files.example.org/x.txt"})
            elif path == "/slow":
                time.sleep(1.0)
                self._send(200, b"<p>too late</p>")
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/big":  # no Content-Length: the size is only known by reading
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b"y" * 65_536)
            elif path == "/big-declared":
                self._send(200, b"z" * 300_000, "text/plain")
            else:
                self._send(404, b"<h1>not found</h1>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (timeouts, size limits)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for the sleeping handlers at shutdown
    base = ""
    user_agents: list[str]


@pytest.fixture(scope="module")
def site() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.user_agents = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def base(site: _Server) -> str:
    return site.base


def options(**kwargs: Any) -> SourceOptions:
    kwargs.setdefault("timeout", 2.0)
    kwargs.setdefault("trust_env", False)
    return SourceOptions(**kwargs)


def read(*specs: str, **kwargs: Any) -> list[RawDocument | Rejected]:
    return list(iter_documents(list(specs), options(**kwargs)))


# --- fetch ---------------------------------------------------------------------------------------

def test_fetch_returns_bytes_and_headers(site: _Server, base: str) -> None:
    response = fetch(f"{base}/article-ar", options(user_agent="qasid-test/1"))
    assert response.content == AR_CP1256
    assert (response.status, response.mime, response.charset) == (200, "text/html",
                                                                  "windows-1256")
    assert response.url == f"{base}/article-ar"
    assert response.redirects == ()
    assert response.fetched_at.endswith("Z")
    assert site.user_agents[-1] == "qasid-test/1"


def test_fetch_decodes_content_encoding(base: str) -> None:
    assert fetch(f"{base}/gzip-encoded", options()).content == FA_PAGE


def test_redirects_are_followed_up_to_the_limit(base: str) -> None:
    response = fetch(f"{base}/chain/5", options(max_redirects=5))
    assert response.url == f"{base}/news/linked-1.html"
    assert response.redirects == tuple(f"{base}/chain/{n}" for n in (5, 4, 3, 2, 1))
    assert response.content == FA_PAGE


@pytest.mark.parametrize(
    ("path", "kwargs", "code", "message_part"),
    [
        ("/chain/6", {"max_redirects": 5}, "E133", "too many redirects (more than 5)"),
        ("/loop", {}, "E133", "too many redirects"),
        ("/chain/1", {"max_redirects": 0}, "E133", "more than 0"),
        ("/to-ftp", {}, "E130", "unsupported redirect target scheme 'ftp'"),
        ("/missing", {}, "E132", "HTTP 404 Not Found"),
        ("/slow", {"timeout": 0.2}, "E134", "timed out after 0.2 s"),
        ("/drip", {"timeout": 0.2}, "E134", "took longer than 1.2 s"),
        ("/big", {"max_bytes": 1_000_000}, "E124", "more than max_bytes 1000000"),
        ("/big-declared", {"max_bytes": 100_000}, "E124", "Content-Length 300000"),
    ],
    ids=["chain-over-limit", "loop", "no-redirects-allowed", "redirect-to-ftp", "404", "slow",
         "drip", "big-streamed", "big-declared"],
)
def test_fetch_failures(base: str, path: str, kwargs: dict[str, Any], code: str,
                        message_part: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        fetch(base + path, options(**kwargs))
    assert err.value.code == code
    assert message_part in err.value.reason
    assert time.monotonic() - started < 3  # every bound cuts the fetch short


def test_unreachable_host() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(InputError) as err:
        fetch(f"http://127.0.0.1:{port}/", options())
    assert err.value.code == "E131"
    assert err.value.reason.startswith(f"cannot reach http://127.0.0.1:{port}/")


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.org/a", "file:///etc/passwd", "/relative/path", "http:///no-host"],
    ids=["ftp", "file", "relative", "no-host"],
)
def test_only_absolute_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(InputError) as err:
        fetch(url, options())
    assert err.value.code == "E130"


# --- URL specs -----------------------------------------------------------------------------------

def test_url_spec_is_one_document(base: str) -> None:
    url = f"{base}/article-ar"
    (doc,) = read(url)
    assert isinstance(doc, RawDocument)
    assert (doc.locator, doc.name, doc.source, doc.url) == (url, url, url, url)
    assert (doc.content_type, doc.declared_charset) == ("html", "windows-1256")
    assert doc.fetched_at is not None
    assert "الجولة الرابعة من المحادثات" in decode(doc).text


def test_url_spec_keeps_the_requested_url_as_locator_after_redirects(base: str) -> None:
    url = f"{base}/redirect/news"
    (doc,) = read(url)
    assert isinstance(doc, RawDocument)
    assert (doc.locator, doc.url) == (url, f"{base}/news/linked-1.html")


def test_gzip_over_http_either_way(base: str) -> None:
    items = read(f"{base}/archive/day.txt.gz", f"{base}/archive/day.jsonl.gz")
    assert [(d.name, d.data) for d in items if isinstance(d, RawDocument)] == [
        (f"{base}/archive/day.txt.gz", "متن فشرده".encode()), ("gz1", b"a"), ("gz2", b"b")]


def test_url_spec_failures_are_rejected(base: str) -> None:
    items = read(f"{base}/missing", f"{base}/empty", f"{base}/logo.png", f"{base}/slow",
                 timeout=0.2)
    assert [(r.locator.removeprefix(base), r.code) for r in items] == [
        ("/missing", "E132"), ("/empty", "E122"), ("/logo.png", "E123"), ("/slow", "E134")]


@pytest.mark.parametrize("path", ["/feed", "/feed-as-html"])
def test_feed_entries_follow_links_to_local_pages(base: str, path: str) -> None:
    items = read(base + path)
    got = [(i.locator.rsplit("#", 1)[1], type(i).__name__,
            i.url if isinstance(i, RawDocument) else i.code) for i in items]
    assert got == [
        ("inline-1", "RawDocument", None),
        ("linked-1", "RawDocument", f"{base}/news/linked-1.html"),
        ("linked-2", "RawDocument", f"{base}/news/linked-1.html"),  # after a 307
        ("gone", "Rejected", "E132"),
        ("binary", "Rejected", "E123"),
    ]
    linked = items[1]
    assert isinstance(linked, RawDocument)
    assert linked.locator == f"{base}{path}#linked-1"  # the entry's, not the page's
    assert linked.data == FA_PAGE
    assert (linked.content_type, linked.declared_charset) == ("html", "utf-8")
    assert linked.meta["url"] == f"{base}/news/linked-1.html"
    assert linked.meta["feed"] == f"{base}{path}"


def test_feed_links_are_not_fetched_when_following_is_off(site: _Server, base: str) -> None:
    before = len(site.user_agents)
    items = read(f"{base}/feed", follow_feed_links=False)
    assert len(site.user_agents) == before + 1  # only the feed itself
    assert [i.code for i in items if isinstance(i, Rejected)] == ["E129"] * 4


def test_jsonl_url_only_record_is_fetched(base: str) -> None:
    fetched, inline = read(f"{base}/records")
    assert isinstance(fetched, RawDocument)
    assert isinstance(inline, RawDocument)
    assert (fetched.locator, fetched.name) == (f"{base}/records#u1", "u1")
    assert (fetched.url, fetched.data) == (f"{base}/news/linked-1.html", FA_PAGE)
    assert inline.data == "متن درون رکورد".encode()


def test_every_request_sends_the_user_agent(site: _Server, base: str) -> None:
    before = len(site.user_agents)
    read(f"{base}/plain", f"{base}/feed")
    agents = site.user_agents[before:]
    # /plain, /feed, linked-1, /redirect/news + its target, /missing, /logo.png
    assert len(agents) == 7
    assert set(agents) == {SourceOptions().user_agent}
    assert agents[0].startswith("qasid/")
