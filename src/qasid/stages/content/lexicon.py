"""The content classifier's word lists, loaded once from ``qasid/data/content``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qasid.resources import ordered_list, word_list
from qasid.stages.normalize import normalize

LANGS = ("fa", "ar", "en")


def _key(phrase: str) -> str:
    """Normalised, punctuation-free form used to compare a line with a phrase."""
    words = re.findall(r"\w+", normalize(phrase).text)
    return " ".join(w for w in words if not w.isdigit())


@dataclass(frozen=True)
class ContentLexicon:
    stopwords: frozenset[str]
    boilerplate: frozenset[str]  # normalised phrase keys
    tail_markers: frozenset[str]
    metadata_labels: tuple[str, ...]  # normalised, longest first
    source_labels: frozenset[str]
    credits: frozenset[str]
    credit_re: re.Pattern[str]


@cache
def content_lexicon() -> ContentLexicon:
    """Merge the per-language lists: scraped pages mix languages (an English tweet inside a
    Persian article), and one merged list keeps such paragraphs from looking stop-word-free."""
    stop: set[str] = set()
    boiler: set[str] = set()
    tail: set[str] = set()
    for lang in LANGS:
        stop.update(normalize(w).text for w in word_list(f"content/stopwords_{lang}.txt"))
        for entry in ordered_list(f"content/boilerplate_{lang}.txt"):
            phrase, _, flag = entry.partition(">")
            key = _key(phrase)
            if not key:
                continue
            boiler.add(key)
            if flag.strip() == "tail":
                tail.add(key)
    labels = tuple(
        sorted({_key(x) for x in ordered_list("content/metadata_labels.txt")}, key=len,
               reverse=True)
    )
    credits = frozenset(_key(x) for x in word_list("content/credits.txt"))
    credit_alt = "|".join(sorted((re.escape(c) for c in credits), key=len, reverse=True))
    credit_re = re.compile(rf"(?<!\w)(?:{credit_alt})(?!\w)")
    return ContentLexicon(
        stopwords=frozenset(stop),
        boilerplate=frozenset(boiler),
        tail_markers=frozenset(tail),
        metadata_labels=labels,
        source_labels=frozenset(_key(x) for x in word_list("content/source_labels.txt")),
        credits=credits,
        credit_re=credit_re,
    )


phrase_key = _key
