"""Function words of clause structure (``data/lexicons/syntax.tsv``), shared by the quote and
event rules: both need to know, for instance, that an actor after a preposition (``با
آمریکا``, ``مع نظيره``, "with Iran") is an object and cannot head its clause or speak."""

from __future__ import annotations

from functools import cache

from qasid.resources import tsv
from qasid.stages.normalize import normalize, normalized_text

#: one-letter prepositions written on the following word (``بالولايات``, ``لطهران``)
PREP_PROCLITICS = frozenset({"ب", "ل", "ک", "لل", "وب", "ول", "فب", "فل", "وک"})


@cache
def syntax_words(lang: str, category: str) -> tuple[str, ...]:
    """Normalised forms of one category of ``syntax.tsv`` for ``lang``."""
    return tuple(normalize(r["form"]).text for r in tsv("lexicons/syntax.tsv")
                 if r["lang"] == lang and r["category"] == category)


def after_preposition(text: str, start: int, floor: int, lang: str, *, words: int = 1) -> bool:
    """Whether the word at ``text[start]`` is the object of a preposition: an attached
    proclitic, or a preposition among the ``words`` previous words of the same phrase (no
    punctuation between; ``مع نظيره العماني بدر البوسعيدي``: the name ends the object), looking
    back no further than ``floor``."""
    j = start
    while j > floor and text[j - 1].isalpha():
        j -= 1
    if j < start:  # a proclitic attached to the name
        return normalized_text(text[j:start]) in PREP_PROCLITICS
    window = text[max(floor, start - 25 * words) : start]
    for mark in ",،;؛:«»\"“”()":
        window = window.rsplit(mark, 1)[-1]
    before = normalized_text(window).split()[-words:]
    preps = syntax_words(lang, "preposition")
    return any(w in preps for w in before)
