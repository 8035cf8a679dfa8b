"""Main-content stage: HTML through trafilatura, flattened text through a paragraph classifier."""

from qasid.stages.content.classifier import (
    ContentSettings,
    body_spans,
    classify_paragraphs,
)
from qasid.stages.content.html import HtmlExtraction, extract_html, looks_like_html

__all__ = [
    "ContentSettings",
    "HtmlExtraction",
    "body_spans",
    "classify_paragraphs",
    "extract_html",
    "looks_like_html",
]
