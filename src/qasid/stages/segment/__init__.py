"""Sentences and quotation-mark spans of a paragraph, as original offsets."""

from qasid.stages.segment.quotemarks import QuoteSpan, quote_spans
from qasid.stages.segment.sentences import sentence_spans

__all__ = ["QuoteSpan", "quote_spans", "sentence_spans"]
