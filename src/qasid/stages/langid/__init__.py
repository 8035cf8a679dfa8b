"""Language identification per paragraph and per document with lingua.

lingua is restricted to a configurable set (default fa, ar, en): LIBRARY-NOTES measured that
restricting it labels every seed right at ~1.5 ms per article, while loading all 75 languages
costs 8 s and 1.3 GB. The document's language is the one covering most characters of its
content paragraphs, so an English tweet inside a Persian article leaves the article Persian.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from qasid.errors import ConfigError

#: paragraphs shorter than this (in characters) take the document's language: lingua is
#: unreliable on a few words, and a menu item's language does not matter
MIN_PARAGRAPH_CHARS = 20
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


def _code(lang: Language | None) -> str | None:
    return lang.iso_code_639_1.name.lower() if lang is not None else None


def detect(text: str, languages: tuple[str, ...]) -> str | None:
    """Language of one piece of text, or ``None`` when lingua cannot tell."""
    return _code(detector(languages).detect_language_of(text[:SAMPLE_CHARS]))


def detect_paragraphs(
    texts: Sequence[str], languages: tuple[str, ...]
) -> tuple[str | None, list[str | None]]:
    """Return the document language and one language per paragraph (``None`` for short ones)."""
    det = detector(languages)
    idx = [i for i, t in enumerate(texts) if len(t) >= MIN_PARAGRAPH_CHARS]
    langs: list[str | None] = [None] * len(texts)
    votes: Counter[str] = Counter()
    budget = SAMPLE_CHARS * 4
    for i in idx:
        code = _code(det.detect_language_of(texts[i]))
        langs[i] = code
        if code is not None and budget > 0:
            votes[code] += len(texts[i])
            budget -= len(texts[i])
    if votes:
        doc_lang = votes.most_common(1)[0][0]
    else:
        doc_lang = _code(det.detect_language_of(" ".join(texts)[:SAMPLE_CHARS])) if texts else None
    return doc_lang, [lang if lang is not None else doc_lang for lang in langs]
