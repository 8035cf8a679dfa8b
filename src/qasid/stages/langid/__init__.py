"""Language identification per paragraph and per document with lingua.

lingua is restricted to a configurable set (default fa, ar, en): LIBRARY-NOTES measured that
restricting it labels every seed right at ~1.5 ms per article, while loading all 75 languages
costs 8 s and 1.3 GB. The document's language is the one covering most characters of its
content paragraphs, so an English tweet inside a Persian article leaves the article Persian.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from qasid.errors import ConfigError
from qasid.resources import tsv

#: paragraphs shorter than this (in characters) take the document's language: lingua is
#: unreliable on a few words, and a menu item's language does not matter
MIN_PARAGRAPH_CHARS = 20
#: how much of a paragraph lingua reads
PARAGRAPH_SAMPLE = 400
#: how much of the content the document-level vote reads; more costs time, not accuracy
SAMPLE_CHARS = 4000


@cache
def detector(languages: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector for ISO 639-1 codes, built once per language set."""
    langs = []
    for code in languages:
        try:
            iso = getattr(IsoCode639_1, code.upper())
            langs.append(Language.from_iso_code_639_1(iso))
        except (AttributeError, ValueError) as exc:
            raise ConfigError(f"unknown language code {code!r} (use ISO 639-1, e.g. fa, ar, en)",
                              code="E401") from exc
    if len(langs) < 2:
        raise ConfigError("language identification needs at least two languages", code="E402")
    return LanguageDetectorBuilder.from_languages(*langs).build()


@cache
def _scripts() -> dict[str, str]:
    return {row["code"]: row["script"] for row in tsv("langid/scripts.tsv")}


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _script_of(text: str) -> str | None:
    """``arab`` or ``latn`` when one of them clearly dominates the paragraph, else ``None``."""
    sample = text[:400]
    arab = len(_ARABIC.findall(sample))
    latn = len(_LATIN.findall(sample))
    if arab > 4 * latn:
        return "arab"
    if latn > 4 * arab:
        return "latn"
    return None


@cache
def _candidates(languages: tuple[str, ...], script: str | None) -> tuple[str, ...]:
    """The configured languages written in ``script`` (all of them when unknown)."""
    if script is None:
        return languages
    scripts = _scripts()
    if any(code not in scripts for code in languages):
        return languages  # an unlisted language might be written in any script
    same = tuple(code for code in languages if scripts[code] == script)
    return same or languages


def detect_one(text: str, languages: tuple[str, ...]) -> str | None:
    """Language of one paragraph, comparing only languages of the paragraph's script.

    A Latin-script paragraph in a fa/ar/en set is English without asking lingua; an
    Arabic-script one is decided by lingua between fa and ar only.
    """
    cands = _candidates(languages, _script_of(text))
    if len(cands) == 1:
        return cands[0]
    # A few hundred characters decide a paragraph's language; lingua's cost grows with length.
    return _code(detector(cands).detect_language_of(text[:PARAGRAPH_SAMPLE]))


def _code(lang: Language | None) -> str | None:
    return lang.iso_code_639_1.name.lower() if lang is not None else None


def detect(text: str, languages: tuple[str, ...]) -> str | None:
    """Language of one piece of text, or ``None`` when lingua cannot tell."""
    detector(languages)  # validates the codes
    return detect_one(text[:SAMPLE_CHARS], languages)


def detect_paragraphs(
    texts: Sequence[str], languages: tuple[str, ...]
) -> tuple[str | None, list[str | None]]:
    """Return the document language and one language per paragraph (``None`` for short ones)."""
    idx = [i for i, t in enumerate(texts) if len(t) >= MIN_PARAGRAPH_CHARS]
    langs: list[str | None] = [None] * len(texts)
    votes: Counter[str] = Counter()
    budget = SAMPLE_CHARS * 4
    for i in idx:
        code = detect_one(texts[i], languages)
        langs[i] = code
        if code is not None and budget > 0:
            votes[code] += len(texts[i])
            budget -= len(texts[i])
    if votes:
        doc_lang = votes.most_common(1)[0][0]
    else:
        doc_lang = detect_one(" ".join(texts)[:SAMPLE_CHARS], languages) if texts else None
    return doc_lang, [lang if lang is not None else doc_lang for lang in langs]
