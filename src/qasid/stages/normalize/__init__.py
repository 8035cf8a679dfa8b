"""Normalised view of a text for matching and search, with an offset map back to the original.

Stored text is never rewritten: matching runs on the view returned here and every hit is mapped
back to original offsets through :meth:`NormalizedText.to_original`.
"""

from qasid.stages.normalize.normalizer import NormalizedText, normalize, normalized_text
from qasid.stages.normalize.search_keys import search_stems, stem, tokenize

__all__ = ["NormalizedText", "normalize", "normalized_text", "search_stems", "stem", "tokenize"]
