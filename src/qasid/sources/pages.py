"""Fetch one linked page (a feed entry's link, a URL-only JSONL record) as one document."""

from __future__ import annotations

from typing import Any

from qasid.errors import InputError
from qasid.records import RawDocument, Rejected
from qasid.sources.base import BINARY, EMPTY, Fetch, Origin
from qasid.sources.sniff import HTML, TEXT, format_from_mime, sniff
from qasid.sources.streams import SNIFF_BYTES


def fetch_page(fetch: Fetch, url: str, origin: Origin, *, locator: str, name: str,
               meta: dict[str, Any]) -> RawDocument | Rejected:
    """The page at ``url`` as a document keyed by ``locator`` (the entry's, not the URL's).

    The document keeps the locator of the record or entry that pointed to the page, so that
    re-reading the same feed or JSONL updates the same document even if the link redirects
    elsewhere next time. ``url`` is the final URL after redirects.
    """
    try:
        response = fetch(url)
    except InputError as exc:
        return origin.reject(exc.code, exc.reason, locator=locator, name=name)
    if not response.content:
        return origin.reject(EMPTY, f"empty response from {response.url}", locator=locator,
                             name=name)
    sniffed, reason = sniff(response.content[:SNIFF_BYTES])
    if reason:
        return origin.reject(BINARY, f"linked page {response.url} is binary ({reason})",
                             locator=locator, name=name)
    kind = format_from_mime(response.mime)
    if kind not in (HTML, TEXT):
        kind = sniffed if sniffed in (HTML, TEXT) else None
    return origin.document(
        response.content, kind, locator=locator, name=name, url=response.url,
        declared_charset=response.charset, meta=meta, fetched_at=response.fetched_at,
    )
