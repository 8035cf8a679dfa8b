"""Tokens and light stems of the normalised view, shared by the index and the query side.

Both sides go through the same functions, so a query matches across letter/ZWNJ/digit variants
and common inflections (``مذاکره`` ~ ``مذاکرات``, ``مفاوضات`` ~ ``المفاوضات``) on every backend.
The stemmer is deliberately light (strip one proclitic, up to two suffixes): over-stemming costs
a little precision in search, while an aggressive morphological analyser would need models that
do not install offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from qasid.resources import word_list
from qasid.stages.normalize.normalizer import normalize

_TOKEN = re.compile(r"\w+")
MIN_STEM = 3


@cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    pre = tuple(sorted(word_list("normalize/stem_prefixes.txt"), key=len, reverse=True))
    suf = tuple(sorted(word_list("normalize/stem_suffixes.txt"), key=len, reverse=True))
    # The lists are written in original letters; fold them like the text they apply to.
    return (tuple(normalize(p).text for p in pre), tuple(normalize(s).text for s in suf))


@cache
def stem(token: str) -> str:
    """Light stem of one normalised token.

    >>> stem(normalize("المفاوضات").text) == stem(normalize("مفاوضات").text)
    True
    >>> stem(normalize("مذاکرات").text) == stem(normalize("مذاکره").text)
    True
    """
    if token.isascii():
        return token
    prefixes, suffixes = _affixes()
    for p in prefixes:
        if token.startswith(p) and len(token) - len(p) >= MIN_STEM:
            token = token[len(p) :]
            break
    for _ in range(2):
        for s in suffixes:
            if token.endswith(s) and len(token) - len(s) >= MIN_STEM:
                token = token[: -len(s)]
                break
        else:
            break
    return token


def tokenize(norm_text: str) -> Iterator[tuple[str, int, int]]:
    """Word tokens of a normalised text with their normalised offsets."""
    for m in _TOKEN.finditer(norm_text):
        yield m.group(), m.start(), m.end()


def search_stems(text: str) -> list[str]:
    """Stems of every token of ``text`` (original or normalised), in order."""
    return [stem(tok) for tok, _, _ in tokenize(normalize(text).text)]
