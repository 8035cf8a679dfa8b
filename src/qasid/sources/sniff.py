"""Decide what a stream holds from its name, its HTTP Content-Type and its first bytes.

The file extension wins when it is one we know (a ``.txt`` seed is text even if it mentions
``<html>``); content that can only be one thing (a WARC header, an RSS/Atom root) beats a
generic Content-Type; the rest is sniffed.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from qasid.stages.decode.detect import binary_reason, bom, utf16_without_bom

TEXT = "text"
HTML = "html"
JSON = "json"
FEED = "feed"
WARC = "warc"
BINARY = "binary"

GZIP_MAGIC = b"\x1f\x8b"

EXTENSIONS = {
    ".txt": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".jsonl": JSON, ".ndjson": JSON, ".json": JSON,
    ".xml": FEED, ".rss": FEED, ".atom": FEED,
    ".warc": WARC, ".arc": WARC,
}

_MIME = {
    "text/html": HTML, "application/xhtml+xml": HTML,
    "text/plain": TEXT,
    "application/json": JSON, "application/x-ndjson": JSON, "application/jsonl": JSON,
    "application/ndjson": JSON, "application/jsonlines": JSON,
    "application/rss+xml": FEED, "application/atom+xml": FEED, "application/rdf+xml": FEED,
    "application/xml": FEED, "text/xml": FEED,
    "application/warc": WARC,
}

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>/]")
_HTML_ROOT = re.compile(r"<(!doctype\s+html|html|head|body)[\s>/]")


def split_gz(name: str) -> tuple[str, bool]:
    """``("x.jsonl", True)`` for ``"x.jsonl.gz"``: the inner name and whether it was gzipped."""
    if name.lower().endswith(".gz"):
        return name[:-3], True
    return name, False


def format_from_name(name: str) -> str | None:
    """The format a file or URL path's extension promises (``.gz`` must be split off first)."""
    return EXTENSIONS.get(PurePosixPath(name).suffix.lower())


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "windows-1256")`` for ``"text/html; charset=Windows-1256"``.

    >>> parse_content_type('text/html; charset="UTF-8"')
    ('text/html', 'UTF-8')
    >>> parse_content_type(None)
    (None, None)
    """
    if not value:
        return None, None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip().strip("\"'"):
            charset = val.strip().strip("\"'")
    return (mime.strip().lower() or None), charset


def format_from_mime(mime: str | None) -> str | None:
    """The format a MIME type names, or ``None`` for unknown/generic types."""
    if not mime:
        return None
    if mime in _MIME:
        return _MIME[mime]
    if mime.endswith("+xml"):
        return FEED
    if mime.endswith("+json"):
        return JSON
    return None


def head_text(head: bytes) -> str:
    """The first bytes as text, good enough to look at markup (never used as document text)."""
    found = bom(head)
    if found:
        codec, size = found
        return head[size:].decode(codec, errors="replace")
    utf16 = utf16_without_bom(head)
    if utf16:
        return head.decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace")


def sniff(head: bytes) -> tuple[str, str | None]:
    """The format of content starting with ``head``, and for binary content the reason.

    >>> sniff(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    ('feed', None)
    >>> sniff("<p>سلام</p>".encode())
    ('html', None)
    >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....")
    ('binary', 'PNG image')
    """
    if head.lstrip().startswith((b"WARC/", b"filedesc://")):
        return WARC, None  # before the binary check: archived payloads may contain NULs
    reason = binary_reason(head)
    if reason:
        return BINARY, reason
    text = head_text(head).lstrip().lower()
    if text.startswith(("{", "[")):
        return JSON, None
    if text.startswith("<"):
        window = text[:4096]
        feed = _FEED_ROOT.search(window)
        html = _HTML_ROOT.search(window)
        if feed and (html is None or feed.start() < html.start()):
            return FEED, None
        return HTML, None
    return TEXT, None


def choose_format(name_format: str | None, mime_format: str | None,
                  sniffed: str) -> str:
    """Combine the three opinions: binary content always loses, then extension, then content."""
    if sniffed == BINARY:
        return BINARY
    if name_format:
        return name_format
    if sniffed in (WARC, FEED):
        return sniffed
    return mime_format or sniffed
