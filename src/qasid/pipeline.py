"""The per-document pipeline: one pure function from a raw record to a processed document.

``run_document`` is the single entry point every runner uses (the local ingest loop today, a
Spark ``mapPartitions`` later): it does no I/O, holds no state between calls and never raises
for bad input — a document that cannot be processed comes back as :class:`Rejected` with the
stage and a one-line reason.
"""

from __future__ import annotations

import hashlib
import logging
import re

from qasid.errors import QasidError
from qasid.records import ProcessedDocument, RawDocument, Rejected
from qasid.settings import Settings
from qasid.stages.content import body_spans, classify_paragraphs, extract_html, looks_like_html
from qasid.stages.dates import publication_date
from qasid.stages.decode import decode
from qasid.stages.dedup import body_hash, minhash, unique_paragraph_keys
from qasid.stages.extract import extract_document
from qasid.stages.langid import detect_paragraphs

LOGGER = logging.getLogger(__name__)

#: stage names in order, as recorded in ``Rejected.stage``
STAGES = ("decode", "content", "langid", "dates", "dedup", "extract")

#: a title taken from the first content paragraph of plain text must look like a headline:
#: short, and not a sentence (headlines carry no final punctuation)
MAX_TITLE_CHARS = 150
_SENTENCE_END = re.compile(r"[.!?؟:…»\"”]\s*$")


def run_document(raw: RawDocument, settings: Settings) -> ProcessedDocument | Rejected:
    """Decode, extract content, identify language, date and fingerprint one document."""
    stage = "decode"
    try:
        decoded = decode(raw)
        stage = "content"
        is_html = raw.content_type == "html" or (
            raw.content_type is None and looks_like_html(decoded.text)
        )
        meta = dict(raw.meta)
        title = meta.get("title") or None
        url = raw.url or meta.get("url")
        meta_date = meta.get("date")
        if is_html:
            ext = extract_html(decoded.text, url=url, fast=settings.html_fast)
            text = ext.text
            title = ext.title or title
            url = ext.url or url
            meta_date = meta_date or ext.date
            if ext.sitename:
                meta["sitename"] = ext.sitename
            if ext.description:
                meta["description"] = ext.description
            trusted = ext.trusted
        else:
            text, trusted = decoded.text, False
        if not text.strip():
            return _reject(raw, stage, "E110", "no text content found")
        paragraphs = classify_paragraphs(text, trusted=trusted)
        body = body_spans(text, paragraphs)
        content = [p for p in paragraphs if p.kind == "content"]
        if title is None and content:
            first = text[content[0].start : content[0].end]
            if len(first) <= MAX_TITLE_CHARS and not _SENTENCE_END.search(first):
                title = first

        stage = "langid"
        doc_lang, para_langs = detect_paragraphs(
            [text[p.start : p.end] for p in content], settings.languages
        )
        it = iter(para_langs)
        paragraphs = [
            type(p)(p.start, p.end, p.kind, p.reason, next(it) if p.kind == "content" else None)
            for p in paragraphs
        ]

        stage = "dates"
        published, dates = publication_date(text, meta_date=meta_date, body=body)

        stage = "dedup"
        keys = unique_paragraph_keys(text[p.start : p.end] for p in content)
        extraction = None
        if settings.extract:
            stage = "extract"
            extraction = extract_document(
                text, [(p.start, p.end, p.lang) for p in paragraphs if p.kind == "content"],
                lang=doc_lang, published=published.iso if published else None)
        return ProcessedDocument(
            locator=raw.locator,
            name=raw.name,
            source=raw.source,
            text=text,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            url=url,
            title=title,
            encoding=decoded.encoding,
            content_type="html" if is_html else "text",
            body=body,
            paragraphs=tuple(paragraphs),
            lang=doc_lang,
            published=published.iso if published else None,
            dates=tuple(dates),
            body_hash=body_hash(keys),
            minhash=minhash(keys),
            meta=meta,
            fetched_at=raw.fetched_at,
            extraction=extraction,
        )
    except QasidError as exc:
        return _reject(raw, stage, exc.code, exc.reason)
    except (ValueError, TypeError, UnicodeError, RecursionError) as exc:
        # Library code (parsers, converters) can fail on hostile input; the document is
        # rejected with the reason and the run goes on.
        LOGGER.debug("stage %s failed on %s", stage, raw.locator, exc_info=True)
        return _reject(raw, stage, "E199", f"{type(exc).__name__}: {exc}")


def extract_stored(doc: ProcessedDocument) -> dict[str, object]:
    """Re-run extraction on a stored document (after a lexicon or registry change)."""
    return extract_document(
        doc.text, [(p.start, p.end, p.lang) for p in doc.paragraphs if p.kind == "content"],
        lang=doc.lang, published=doc.published)


def _reject(raw: RawDocument, stage: str, code: str, message: str) -> Rejected:
    return Rejected(raw.locator, raw.name, raw.source, stage, code, message)
