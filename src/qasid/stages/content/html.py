"""Main content of an HTML page through trafilatura, with a structural fallback.

trafilatura is the reference extractor for real markup (article vs nav/aside, plus title, date,
site name); when it finds no main content (tiny or unusual pages) we fall back to the page's
visible text with block boundaries kept as line breaks, and let the paragraph classifier judge
it as it judges flattened text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import load_html

LOGGER = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head")
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class HtmlExtraction:
    """What an HTML page yields: the text qasid stores for it and page metadata."""

    text: str
    title: str | None
    date: str | None
    url: str | None
    sitename: str | None
    description: str | None
    trusted: bool  # True when trafilatura isolated the article (classifier runs leniently)


#: The publication date must come from the page's metadata, not a guess from any date-looking
#: string in the body (htmldate's extensive search does that).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_SITE_FROM_URL = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


def _page_metadata(tree: Any, url: str | None) -> Any:
    """Title, URL, date, site name and description, as trafilatura's ``extract_metadata``
    finds them, without what qasid does not keep: the author, categories, tags and licence.

    Why not ``bare_extraction(with_metadata=True)``: its author search (XPath over the whole
    page) and category/tag/licence lookups were a fifth of trafilatura's time per page in
    ``benchmarks/bench_ingest.py``, for fields that are discarded. The steps kept are
    trafilatura's own functions, in its order; ``tests/test_html_metadata.py`` checks that
    both paths agree."""
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura guards its JSON-LD parser the same way
        LOGGER.debug("JSON-LD metadata failed on %s: %s", url, exc)
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.url:
        meta.url = extract_url(tree, url)
    meta.date = find_date(tree, url=meta.url, **_DATE_PARAMS)
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        found = _SITE_FROM_URL.match(meta.url)
        if found:
            meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


def extract_html(html: str, *, url: str | None = None, fast: bool = False) -> HtmlExtraction:
    """Extract title and article text; the stored text is ``title + "\\n\\n" + body``."""
    doc = meta = None
    try:
        tree = load_html(html)
        if tree is not None:
            meta = _page_metadata(tree, url)
            doc = trafilatura.bare_extraction(
                tree, url=url, with_metadata=False, include_comments=False,
                include_tables=True, fast=fast)
    except (ValueError, TypeError, etree.ParserError) as exc:  # malformed markup
        LOGGER.debug("trafilatura failed on %s: %s", url, exc)
    if doc is not None and meta is not None and (doc.text or "").strip():
        title = (meta.title or "").strip() or None
        body = doc.text.strip()
        text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
        return HtmlExtraction(text, title, meta.date, meta.url or url, meta.sitename,
                              meta.description, trusted=True)
    text, title = visible_text(html)
    return HtmlExtraction(text, title, None, url, None, None, trusted=False)


def visible_text(html: str) -> tuple[str, str | None]:
    """All visible text of a page, one line per block element (the fallback path)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", None
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree() if bad.getparent() is not None else None
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    lines = (_BLANKS.sub(" ", ln).strip() for ln in "".join(parts).split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return text, title or None


_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|p|div|article|meta)[\s>/]", re.I)


def looks_like_html(head: bytes | str) -> bool:
    """Whether content without a declared type is HTML (sniffs the first 2 KB)."""
    sample = head[:2048]
    if isinstance(sample, str):
        sample = sample.encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.search(sample))
