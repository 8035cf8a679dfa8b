"""Extraction: actors, countries, attributed quotes and events of one document."""

from qasid.stages.extract.document import EXTRACTOR, extract_document, resources_hash

__all__ = ["EXTRACTOR", "extract_document", "resources_hash"]
