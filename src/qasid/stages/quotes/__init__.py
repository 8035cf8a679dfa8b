"""Attributed quotes: quotation marks, colon speech, embedded posts and interview answers."""

from qasid.stages.quotes.extractor import Quote, extract_quotes

__all__ = ["Quote", "extract_quotes"]
