"""Input side: read documents from files, directories, globs, stdin and URLs.

:func:`iter_documents` is the one entry point. Each spec is dispatched on what it is:

========================  ==================================================================
spec                      read as
========================  ==================================================================
``-``                     stdin, content sniffed
``http(s)://…``           fetched within the bounds of :class:`SourceOptions`, then sniffed
other ``scheme://…``      rejected (``E130``)
directory                 walked recursively, sorted, hidden entries skipped
glob (``data/**/*.html``) every match, sorted
file                      by extension, else by content
========================  ==================================================================

and each file, response or stream by format: ``.txt`` text, ``.html/.htm/.xhtml`` HTML (one
document each), ``.jsonl/.ndjson/.json`` one document per record (:mod:`.jsonl`),
``.xml/.rss/.atom`` or RSS/Atom content one per entry (:mod:`.feeds`), ``.warc/.arc`` (also
gzipped) one per response record (:mod:`.warc`), and ``.gz`` of any of these decompressed.
Unknown extensions are sniffed; binary content is rejected.

Nothing here raises for bad input: every failure is yielded as a
:class:`~qasid.records.Rejected` with stage ``read``, a code (see :mod:`qasid.sources.base`)
and a one-line reason, and reading goes on with the next document.

Locators (unique, and the same every time the same input is read): the absolute path of a
file; ``path#<id>`` (or ``path#L12`` for line 12 when a record has no unique id) for JSONL;
``path#R3`` for the 3rd object of a JSON array; ``path#<WARC-Record-ID>`` for WARC; the entry
id or link for a feed entry; the URL as given for a URL spec; ``<stdin>`` for stdin.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO, cast
from urllib.parse import urlsplit

import httpx

from qasid.errors import InputError
from qasid.records import RawDocument, Rejected
from qasid.sources.base import (
    BAD_GZIP,
    BINARY,
    EMPTY,
    NOT_FOUND,
    PERMISSION,
    READ_ERROR,
    STAGE,
    TOO_LARGE,
    Origin,
    one_line,
)
from qasid.sources.feeds import read_feed
from qasid.sources.http import FetchedResponse, fetch, make_client
from qasid.sources.jsonl import read_json
from qasid.sources.options import SourceOptions
from qasid.sources.paths import expand, locator_of
from qasid.sources.sniff import (
    BINARY as BINARY_FORMAT,
)
from qasid.sources.sniff import (
    FEED,
    GZIP_MAGIC,
    HTML,
    JSON,
    TEXT,
    WARC,
    choose_format,
    format_from_mime,
    format_from_name,
    parse_content_type,
    sniff,
    split_gz,
)
from qasid.sources.streams import STREAM_ERRORS, peek, read_bounded
from qasid.sources.warc import read_warc

__all__ = ["FetchedResponse", "SourceOptions", "fetch", "iter_documents"]

LOGGER = logging.getLogger(__name__)

STDIN = "<stdin>"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def iter_documents(specs: Iterable[str], options: SourceOptions | None = None
                   ) -> Iterator[RawDocument | Rejected]:
    """Every document the specs name, in order, as :class:`RawDocument` or :class:`Rejected`.

    One HTTP client is shared by all fetches of the call and closed when the iterator is
    exhausted or closed. A file or URL named twice (e.g. a directory and a file inside it) is
    read once.

    Example::

        for item in iter_documents(["examples/seeds/*.txt", "-"], SourceOptions(max_bytes=2**20)):
            if isinstance(item, Rejected):
                print(item.name, item.code, item.message)
    """
    with _Reader(options or SourceOptions()) as reader:
        for spec in specs:
            LOGGER.debug("reading %s", spec)
            yield from reader.read_spec(spec)


class _Reader:
    """The state of one :func:`iter_documents` call: the HTTP client and what was read."""

    def __init__(self, options: SourceOptions) -> None:
        self.options = options
        self._client: httpx.Client | None = None
        self._seen: set[str] = set()

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._client is not None:
            self._client.close()

    def fetch(self, url: str) -> FetchedResponse:
        """Fetch with the shared client (created on first use, so local runs never make one)."""
        if self._client is None:
            self._client = make_client(self.options)
        return fetch(url, self.options, client=self._client)

    def _first_time(self, locator: str) -> bool:
        if locator in self._seen:
            LOGGER.debug("skipping %s: already read in this run", locator)
            return False
        self._seen.add(locator)
        return True

    def read_spec(self, spec: str) -> Iterator[RawDocument | Rejected]:
        if spec == "-":
            yield from self._read_stdin(spec)
        elif _SCHEME.match(spec):
            yield from self._read_url(spec)
        else:
            for item in expand(spec, self.options.exclude):
                if isinstance(item, Rejected):
                    yield item
                else:
                    yield from self._read_file(item, spec)

    def _read_stdin(self, spec: str) -> Iterator[RawDocument | Rejected]:
        if not self._first_time(STDIN):
            return
        stream: BinaryIO = self.options.stdin or sys.stdin.buffer
        origin = Origin(STDIN, STDIN, spec)
        try:
            yield from self._read_stream(stream, origin, "")
        except OSError as exc:
            yield origin.reject(READ_ERROR, f"cannot read stdin: {exc}")

    def _read_url(self, spec: str) -> Iterator[RawDocument | Rejected]:
        if not self._first_time(spec):
            return
        try:
            response = self.fetch(spec)
        except InputError as exc:
            yield Rejected(spec, spec, spec, STAGE, exc.code, one_line(exc.reason))
            return
        origin = Origin(spec, spec, spec, url=response.url, content_type=response.content_type,
                        charset=response.charset, fetched_at=response.fetched_at)
        name = PurePosixPath(urlsplit(response.url).path).name
        yield from self._read_stream(io.BytesIO(response.content), origin, name)

    def _read_file(self, path: Path, spec: str) -> Iterator[RawDocument | Rejected]:
        locator = locator_of(path)
        if not self._first_time(locator):
            return
        origin = Origin(locator, path.name, spec)
        try:
            handle = path.open("rb")
        except PermissionError:
            yield origin.reject(PERMISSION, f"permission denied: {path}")
            return
        except FileNotFoundError:
            yield origin.reject(NOT_FOUND, f"no such file: {path}")
            return
        except OSError as exc:
            yield origin.reject(READ_ERROR, f"cannot open {path}: {exc.strerror or exc}")
            return
        with handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                yield origin.reject(EMPTY, "empty file (0 bytes)")
                return
            if format_from_name(path.name) in (TEXT, HTML) and size > self.options.max_bytes:
                yield origin.reject(TOO_LARGE, f"file is {size} bytes, larger than max_bytes "
                                    f"{self.options.max_bytes}")
                return
            try:
                yield from self._read_stream(handle, origin, path.name)
            except OSError as exc:
                yield origin.reject(READ_ERROR, f"error reading {path}: {exc.strerror or exc}")

    def _read_stream(self, stream: BinaryIO, origin: Origin, name: str, *,
                     decompressed: bool = False) -> Iterator[RawDocument | Rejected]:
        """Dispatch one byte stream on its name, Content-Type and first bytes."""
        head, stream = peek(stream)
        if decompressed:
            what = "decompressed content"
        else:
            what = "response" if origin.url else "input" if origin.locator == STDIN else "file"
        if not head:
            yield origin.reject(EMPTY, f"empty {what}")
            return
        inner, gzipped = split_gz(name)
        if head.startswith(GZIP_MAGIC) and not decompressed:
            yield from self._read_gzip(stream, origin, inner)
            return
        if gzipped and not decompressed and origin.url is None:
            # (over HTTP a .gz often arrives already decoded through Content-Encoding)
            yield origin.reject(BAD_GZIP, f"{name} is named .gz but is not gzip data")
            return
        name_format = format_from_name(inner)
        if name_format == WARC:  # before sniffing: record payloads may look binary
            yield from read_warc(stream, origin, self.options)
            return
        sniffed, reason = sniff(head)
        mime, _ = parse_content_type(origin.content_type)
        kind = choose_format(name_format, format_from_mime(mime), sniffed)
        options = self.options
        if kind == BINARY_FORMAT:
            yield origin.reject(BINARY, f"binary {what} ({reason})")
        elif kind == WARC:
            yield from read_warc(stream, origin, options)
        elif kind == JSON:
            yield from read_json(stream, origin, options, self.fetch)
        elif kind == FEED:
            data = read_bounded(stream, options.max_container_bytes)
            if data is None:
                yield origin.reject(TOO_LARGE, f"feed larger than max_container_bytes "
                                    f"{options.max_container_bytes}")
            else:
                yield from read_feed(data, origin, options, self.fetch)
        else:
            data = read_bounded(stream, options.max_bytes)
            if data is None:
                yield origin.reject(TOO_LARGE, f"{what} larger than max_bytes "
                                    f"{options.max_bytes}")
            else:
                yield origin.document(data, kind, url=origin.url,
                                      declared_charset=origin.charset,
                                      meta={"url": origin.url} if origin.url else None)

    def _read_gzip(self, stream: BinaryIO, origin: Origin, inner: str
                   ) -> Iterator[RawDocument | Rejected]:
        try:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield from self._read_stream(cast(BinaryIO, unzipped), origin, inner,
                                             decompressed=True)
        except STREAM_ERRORS as exc:
            yield origin.reject(BAD_GZIP, f"truncated or corrupt gzip data: {exc}")

