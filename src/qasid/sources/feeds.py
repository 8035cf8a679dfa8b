"""RSS and Atom feeds: one document per entry.

feedparser only ever sees bytes we read ourselves, wrapped in a file object: given a string
(or bytes) it may treat it as a URL to fetch or a local path to open, and fetching must stay
in :mod:`qasid.sources.http`, where the bounds are.

An entry's ``content`` (Atom ``<content>``, RSS ``content:encoded``) or else its summary is the
document (HTML, re-encoded as UTF-8 because feedparser has already decoded it). An entry with
neither is fetched from its link when ``follow_feed_links`` is on. ``meta`` gets ``title``,
``url`` (the entry link), ``date`` (publication date only, ISO 8601 UTC when feedparser could
parse it: an entry's ``updated`` is not its publication date and goes to ``updated``), ``feed``
(the feed's locator) and ``language`` when the feed declares one.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import feedparser

from qasid.records import RawDocument, Rejected
from qasid.sources.base import BAD_FEED, NO_CONTENT, Fetch, Origin
from qasid.sources.options import SourceOptions
from qasid.sources.pages import fetch_page
from qasid.sources.sniff import HTML, TEXT

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(data: bytes, origin: Origin, options: SourceOptions, fetch: Fetch
              ) -> Iterator[RawDocument | Rejected]:
    """Documents for the entries of the feed in ``data``."""
    headers = {"content-location": origin.url} if origin.url else {}
    if origin.content_type:
        headers["content-type"] = origin.content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield origin.reject(BAD_FEED, f"not an RSS or Atom feed{detail}")
        return
    if parsed.get("bozo"):
        LOGGER.debug("feed %s is not well-formed (%s); reading what feedparser recovered",
                     origin.locator, parsed.get("bozo_exception"))
    language = parsed.feed.get("language")
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry(entry, index, language=language, origin=origin, options=options,
                     fetch=fetch)


def _entry(entry: Any, index: int, *, language: str | None, origin: Origin,
           options: SourceOptions, fetch: Fetch) -> RawDocument | Rejected:
    link = (entry.get("link") or "").strip() or None
    key = (entry.get("id") or "").strip() or link
    # An entry id or link that is a full URI/URN is globally unique by the feed standards;
    # a bare one ("42") is only unique inside its feed, so it is qualified with the feed.
    if key and urlsplit(key).scheme:
        locator = key
    elif key:
        locator = f"{origin.locator}#{key}"
    else:
        locator = f"{origin.locator}#E{index}"
    name = key or f"{origin.name}#E{index}"
    meta = _meta(entry, link, language, origin)

    content = _content(entry)
    if content is not None:
        value, kind = content
        return origin.document(value.encode("utf-8"), kind, locator=locator, name=name,
                               url=link, declared_charset="utf-8", meta=meta)
    if not link:
        return origin.reject(NO_CONTENT, f"feed entry {index} has no content and no link",
                             locator=locator, name=name)
    if not options.follow_feed_links:
        return origin.reject(
            NO_CONTENT, f"feed entry {index} has no content and follow_feed_links is off",
            locator=locator, name=name,
        )
    return fetch_page(fetch, link, origin, locator=locator, name=name, meta=meta)


def _content(entry: Any) -> tuple[str, str] | None:
    """The entry's full content if it has any, else its summary, as (value, content type)."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    for item in candidates:
        value = item.get("value") or ""
        if value.strip():
            kind = HTML if (item.get("type") or "text/html") in _HTML_TYPES else TEXT
            return value, kind
    return None


def _meta(entry: Any, link: str | None, language: str | None, origin: Origin
          ) -> dict[str, Any]:
    meta: dict[str, Any] = {"feed": origin.locator}
    if entry.get("title"):
        meta["title"] = entry["title"]
    if link:
        meta["url"] = link
    # dict.get: FeedParserDict.get("updated…") silently falls back to the published date.
    published = _iso(dict.get(entry, "published_parsed")) or dict.get(entry, "published")
    if published:
        meta["date"] = published
    updated = _iso(dict.get(entry, "updated_parsed")) or dict.get(entry, "updated")
    if updated:
        meta["updated"] = updated
    if language:
        meta["language"] = language
    return meta


def _iso(parsed: time.struct_time | None) -> str | None:
    """feedparser's UTC ``struct_time`` as ``2025-11-03T08:30:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None
