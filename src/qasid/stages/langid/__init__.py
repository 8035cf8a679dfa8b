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
from dataclasses import dataclass
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from qasid.errors import ConfigError, ResourceError
from qasid.resources import tsv, word_list
from qasid.stages.normalize import normalized_text

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


@dataclass(frozen=True)
class _Evidence:
    letters: dict[str, dict[str, int]]  # lang -> letter -> weight
    words: dict[str, frozenset[str]]  # lang -> function words no other language here has


@cache
def _evidence(languages: tuple[str, ...]) -> _Evidence:
    letters: dict[str, dict[str, int]] = {}
    for row in tsv("langid/orthography.tsv"):
        if row["lang"] in languages:
            for ch in row["letters"]:
                letters.setdefault(row["lang"], {})[ch] = int(row["weight"])
    words: dict[str, set[str]] = {}
    for code in languages:
        try:
            words[code] = {normalized_text(w) for w in word_list(f"content/stopwords_{code}.txt")}
        except ResourceError:
            continue
    exclusive = {
        code: frozenset(ws - set().union(*(o for c, o in words.items() if c != code)))
        for code, ws in words.items()
    }
    return _Evidence(letters, exclusive)


#: a paragraph whose letter and function-word evidence favours one language this many times
#: over the next, with at least MIN_EVIDENCE points, is settled without lingua
EVIDENCE_RATIO = 4
MIN_EVIDENCE = 6


def _orthographic_vote(text: str, cands: tuple[str, ...]) -> str | None:
    """Settle fa vs ar (vs ur) from letters only one of them writes and function words only
    one of them uses, when the evidence is one-sided; ``None`` leaves it to lingua.

    This is what makes per-paragraph identification affordable at ingest speed: lingua costs
    ~0.2 ms a paragraph, and most news paragraphs carry unmistakable evidence (پ/گ or ة, and
    dozens of function words). Mixed or short paragraphs still go to lingua.
    """
    ev = _evidence(cands)
    sample = text[:PARAGRAPH_SAMPLE]
    scores = dict.fromkeys(cands, 0)
    for code, table in ev.letters.items():
        if code in scores:
            scores[code] += sum(w * sample.count(ch) for ch, w in table.items())
    words = _WORD.findall(normalized_text(sample))
    for code, ws in ev.words.items():
        if code in scores:
            scores[code] += 2 * sum(1 for w in words if w in ws)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, runner = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0)
    if best[1] >= MIN_EVIDENCE and best[1] >= EVIDENCE_RATIO * max(runner[1], 1):
        return best[0]
    return None


_WORD = re.compile(r"\w+")


def detect_one(text: str, languages: tuple[str, ...]) -> str | None:
    """Language of one paragraph, comparing only languages of the paragraph's script.

    A Latin-script paragraph in a fa/ar/en set is English without asking lingua; an
    Arabic-script one is settled by orthographic evidence when it is one-sided, else by
    lingua between fa and ar only.
    """
    cands = _candidates(languages, _script_of(text))
    if len(cands) == 1:
        return cands[0]
    voted = _orthographic_vote(text, cands)
    if voted is not None:
        return voted
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
