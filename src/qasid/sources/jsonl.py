"""JSON Lines (and JSON array / single-object) files: one document per record.

A record's ``text`` field becomes a ``text`` document, its ``html`` field an ``html`` document
(``text`` first when both are there: it is what the producer already extracted), and a record
with only a ``url`` is fetched. Field names come from :class:`SourceOptions`. Every other field
is kept in ``meta`` as is, with the date/title/url/id fields under the keys ``date``,
``title``, ``url`` and ``id`` whatever they are called in the input.

JSONL is streamed line by line, each line bounded by ``max_bytes``, and a bad line is rejected
on its own (``path#L12``) while the others are read. A JSON array or a pretty-printed object
must be parsed whole and is bounded by ``max_container_bytes``.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
from collections.abc import Iterator
from typing import Any, BinaryIO

from qasid.records import RawDocument, Rejected
from qasid.sources.base import BAD_JSON, NO_CONTENT, TOO_LARGE, Fetch, Origin
from qasid.sources.options import SourceOptions
from qasid.sources.pages import fetch_page
from qasid.sources.sniff import HTML, TEXT
from qasid.sources.streams import SNIFF_BYTES, peek, read_bounded

LOGGER = logging.getLogger(__name__)

_SKIP_CHUNK = 1 << 20


def read_json(stream: BinaryIO, origin: Origin, options: SourceOptions, fetch: Fetch
              ) -> Iterator[RawDocument | Rejected]:
    """Documents from a JSONL stream, a JSON array of objects, or one JSON object."""
    head, stream = peek(stream)
    body = head.removeprefix(codecs.BOM_UTF8).lstrip()
    whole = body.startswith(b"[") or (body.startswith(b"{") and not _first_line_parses(body))
    if whole:
        data = read_bounded(stream, options.max_container_bytes)
        if data is None:
            yield origin.reject(
                TOO_LARGE,
                f"JSON document larger than max_container_bytes {options.max_container_bytes}"
                " (write one record per line, JSONL, to stream it)",
            )
            return
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except ValueError as exc:  # includes UnicodeDecodeError
            if body.startswith(b"["):
                reason = (f"JSON is not valid UTF-8 (byte {exc.start})"
                          if isinstance(exc, UnicodeDecodeError) else f"invalid JSON: {exc}")
                yield origin.reject(BAD_JSON, reason)
                return
            # Not one pretty-printed object after all: JSONL whose first line is broken.
            stream = io.BytesIO(data)
        else:
            seen: set[str] = set()
            if isinstance(value, list):
                for index, item in enumerate(value, start=1):
                    yield _record(item, f"R{index}", f"record {index}", origin=origin,
                                  options=options, fetch=fetch, seen=seen)
            else:
                yield _record(value, None, "the JSON document", origin=origin, options=options,
                              fetch=fetch, seen=seen)
            return
    yield from _read_lines(stream, origin, options, fetch)


def _first_line_parses(body: bytes) -> bool:
    """Whether the first line is a JSON value on its own (JSONL) or the start of a bigger one."""
    line, newline, _ = body.partition(b"\n")
    if not newline and len(body) >= SNIFF_BYTES - 3:
        return True  # first line longer than the look-ahead: only JSONL has such lines
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _read_lines(stream: BinaryIO, origin: Origin, options: SourceOptions, fetch: Fetch
                ) -> Iterator[RawDocument | Rejected]:
    limit = options.max_bytes
    seen: set[str] = set()
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        label, where = f"L{lineno}", f"line {lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield origin.reject(TOO_LARGE, f"{where} is larger than max_bytes {limit}",
                                locator=f"{origin.locator}#{label}")
            continue
        if lineno == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield origin.reject(BAD_JSON, f"{where} is not valid UTF-8 (byte {exc.start + 1})",
                                locator=f"{origin.locator}#{label}")
            continue
        except json.JSONDecodeError as exc:
            yield origin.reject(
                BAD_JSON, f"{where}: invalid JSON ({exc.msg} at column {exc.colno})",
                locator=f"{origin.locator}#{label}",
            )
            continue
        yield _record(value, label, where, origin=origin, options=options, fetch=fetch,
                      seen=seen)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record(value: Any, label: str | None, where: str, *, origin: Origin,
            options: SourceOptions, fetch: Fetch, seen: set[str]) -> RawDocument | Rejected:
    """One JSON value → a document, a fetched page, or a rejection naming the record."""
    fallback = f"{origin.locator}#{label}" if label else origin.locator
    if not isinstance(value, dict):
        kind = type(value).__name__
        return origin.reject(BAD_JSON, f"{where} is a JSON {kind}, not an object",
                             locator=fallback)
    raw_id = value.get(options.jsonl_id_field)
    record_id = (str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool)
                 else "").strip() or None
    raw_url = value.get(options.jsonl_url_field)
    url = raw_url.strip() if isinstance(raw_url, str) and raw_url.strip() else None
    # The id keys the record when it is unique in this file; a repeated id falls back to the
    # line/record number so two records never share a locator.
    if record_id and record_id not in seen:
        seen.add(record_id)
        locator = f"{origin.locator}#{record_id}"
    else:
        locator = fallback
    name = record_id or url or (f"{origin.name}#{label}" if label else origin.name)
    meta = _meta(value, options)

    for field, kind in ((options.jsonl_text_field, TEXT), (options.jsonl_html_field, HTML)):
        content = value.get(field)
        if content is None:
            continue
        if not isinstance(content, str):
            return origin.reject(
                BAD_JSON, f"{where}: field {field!r} is a JSON {type(content).__name__}, "
                "not a string", locator=locator, name=name,
            )
        if not content.strip():
            continue
        try:
            data = content.encode("utf-8")
        except UnicodeEncodeError:
            return origin.reject(BAD_JSON, f"{where}: field {field!r} has an unpaired "
                                 "surrogate escape", locator=locator, name=name)
        if len(data) > options.max_bytes:
            return origin.reject(TOO_LARGE, f"{where}: field {field!r} is larger than "
                                 f"max_bytes {options.max_bytes}", locator=locator, name=name)
        return origin.document(data, kind, locator=locator, name=name, url=url,
                               declared_charset="utf-8", meta=meta)
    if url:
        return fetch_page(fetch, url, origin, locator=locator, name=name, meta=meta)
    return origin.reject(
        NO_CONTENT,
        f"{where} has no non-empty {options.jsonl_text_field!r} or "
        f"{options.jsonl_html_field!r} field and no {options.jsonl_url_field!r} to fetch",
        locator=locator, name=name,
    )


def _meta(value: dict[str, Any], options: SourceOptions) -> dict[str, Any]:
    """Every field but the content ones, with the mapped fields under their standard keys."""
    mapped = {
        "id": options.jsonl_id_field,
        "url": options.jsonl_url_field,
        "date": options.jsonl_date_field,
        "title": options.jsonl_title_field,
    }
    skip = {options.jsonl_text_field, options.jsonl_html_field, *mapped.values()}
    meta = {key: val for key, val in value.items() if key not in skip}
    for key, field in mapped.items():
        if value.get(field) not in (None, ""):
            meta[key] = value[field]
    return meta
