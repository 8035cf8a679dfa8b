"""WARC and ARC archives (the CC-NEWS layout): one document per HTML/text ``response`` record.

Other record types (``request``, ``metadata``, ``warcinfo``), non-2xx responses and payloads
that are neither HTML nor text (images, PDFs, scripts) are skipped without a rejection: they
are not documents, and a news WARC holds many of them. warcio undoes chunked transfer and
content encodings of the payloads.

Locators are ``<archive locator>#<WARC-Record-ID>`` (angle brackets removed). ARC records have
no record id, and warcio invents a random one when converting, so ARC records are keyed by
their byte offset instead, which is stable for the same file.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from qasid.records import RawDocument, Rejected
from qasid.sources.base import BAD_WARC, EMPTY, TOO_LARGE, Origin, one_line
from qasid.sources.options import SourceOptions
from qasid.sources.sniff import HTML, TEXT, format_from_mime, parse_content_type, sniff
from qasid.sources.streams import SNIFF_BYTES, peek, read_bounded

LOGGER = logging.getLogger(__name__)

#: What warcio raises on broken archives. Its parser is not hardened against cut-off headers
#: (a record without WARC-Target-URI raises AttributeError), hence the lookup errors too.
_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError, OSError,
           zlib.error, AttributeError, TypeError, IndexError, KeyError)


def read_warc(stream: BinaryIO, origin: Origin, options: SourceOptions
              ) -> Iterator[RawDocument | Rejected]:
    """Documents for the response records of an (uncompressed) WARC/ARC stream.

    The dispatcher decompresses ``.warc.gz`` itself rather than leaving it to warcio, so that
    whole-file gzip (not one member per record) reads too, and a truncated member surfaces as
    an error instead of a silently shorter archive.
    """
    head, stream = peek(stream, 64)
    start = head.lstrip()
    is_arc = start.startswith(b"filedesc://")
    if not (is_arc or start.startswith(b"WARC/")):
        # warcio would take any line of five words for an ARC header and read garbage.
        shown = start[:20].decode("ascii", errors="replace")
        yield origin.reject(BAD_WARC, f"not a WARC or ARC file (starts with {shown!r})")
        return
    records = ArchiveIterator(stream, arc2warc=True)
    count = 0
    try:
        for record in records:
            count += 1
            if record.rec_type != "response":
                continue
            item = _response(record, records, origin, options, is_arc=is_arc)
            if item is not None:
                yield item
        # warcio ends quietly when the last record is cut off inside its headers; the bytes
        # it consumed past the end of the last complete record give that away.
        if records.fh.tell() > records.offset:
            yield origin.reject(BAD_WARC, f"truncated WARC/ARC: incomplete data after record "
                                f"{count} (byte {records.offset})")
    except _ERRORS as exc:
        where = f"after record {count}" if count else "at the start"
        yield origin.reject(BAD_WARC, f"malformed WARC/ARC {where}: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    """warcio's messages can be paragraphs; keep the first 160 characters on one line."""
    text = one_line(str(exc)) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _response(record: Any, records: ArchiveIterator, origin: Origin, options: SourceOptions,
              *, is_arc: bool) -> RawDocument | Rejected | None:
    """One response record as a document; ``None`` for records that are not documents."""
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or None
    http = record.http_headers
    status = (http.get_statuscode() or "") if http is not None else ""
    if not status.startswith("2"):
        LOGGER.debug("skipping %s: HTTP status %s", uri, status or "missing")
        return None
    mime, charset = parse_content_type(http.get_header("Content-Type"))
    kind = format_from_mime(mime)
    if mime is not None and kind not in (HTML, TEXT):
        LOGGER.debug("skipping %s: payload is %s", uri, mime)
        return None

    payload = read_bounded(record.content_stream(), options.max_bytes)
    # Drain the record: if the archive ends before the record's Content-Length, it is cut off.
    while record.raw_stream.read(65_536):
        pass
    truncated = getattr(record.raw_stream, "limit", 0) > 0
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    if is_arc or not record_id:
        record_id = f"offset-{records.get_record_offset()}"
    locator = f"{origin.locator}#{record_id}"
    name = uri or record_id
    if truncated:
        return origin.reject(BAD_WARC, f"WARC record of {uri} is truncated", locator=locator,
                             name=name)
    if payload is None:
        return origin.reject(TOO_LARGE, f"WARC record payload of {uri} is larger than max_bytes "
                             f"{options.max_bytes}", locator=locator, name=name)
    if not payload:
        return origin.reject(EMPTY, f"WARC record of {uri} has an empty payload",
                             locator=locator, name=name)
    if kind is None:  # no Content-Type: look at the payload
        sniffed, _ = sniff(payload[:SNIFF_BYTES])
        if sniffed not in (HTML, TEXT):
            LOGGER.debug("skipping %s: untyped payload sniffed as %s", uri, sniffed)
            return None
        kind = sniffed
    meta = {"url": uri, "warc_record_id": record_id, "http_status": int(status)}
    return origin.document(payload, kind, locator=locator, name=name, url=uri,
                           declared_charset=charset, meta={k: v for k, v in meta.items() if v},
                           fetched_at=headers.get_header("WARC-Date"))
