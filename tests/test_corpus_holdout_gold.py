"""Validate the held-out corpus (tests/corpus_holdout): gold records against their articles.

The held-out corpus is used only to measure qasid, never to tune it. It follows FORMAT.md and the
conventions of the development corpus (tests/corpus/README.md). These checks catch the mistakes
hand annotation makes (offsets that do not point at the quoted text, line numbers out of range,
unknown event types or codes, actor names the registry does not know) and keep the corpus
independent of the development corpus (no shared sentences).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import written_corpus as wc
from gold_support import check_article_encoding, check_record_shape, registry_names

ROOT = Path(__file__).resolve().parent.parent
CORPUS = wc.WrittenCorpus(
    root=ROOT / "tests" / "corpus_holdout",
    per_lang=6,
    min_words=150,
    max_words=400,
    others=(ROOT / "tests" / "corpus" / "articles",),
    # no registry gaps: the corpus was written with registry names only
)
GOLD_RECORDS = CORPUS.records
IDS = CORPUS.ids
records = pytest.mark.parametrize("rec", GOLD_RECORDS, ids=IDS)


def test_corpus_layout() -> None:
    wc.check_layout(CORPUS)


def test_independent_of_dev_corpus() -> None:
    """No sentence of eight or more words is shared with the development corpus."""
    wc.check_independence(CORPUS)


@records
def test_record_shape(rec: dict[str, Any]) -> None:
    check_record_shape(rec, CORPUS.articles)


@records
def test_article_encoding(rec: dict[str, Any]) -> None:
    check_article_encoding(CORPUS.articles / rec["doc"])


@records
def test_lines(rec: dict[str, Any]) -> None:
    wc.check_lines(CORPUS, rec)


@records
def test_length(rec: dict[str, Any]) -> None:
    wc.check_length(CORPUS, rec)


@records
def test_quotes(rec: dict[str, Any]) -> None:
    wc.check_quotes(CORPUS, rec)


@records
def test_quotes_inside_content(rec: dict[str, Any]) -> None:
    wc.check_quotes_inside_content(CORPUS, rec)


@records
def test_countries(rec: dict[str, Any]) -> None:
    wc.check_countries(rec)


@records
def test_events(rec: dict[str, Any]) -> None:
    wc.check_events(CORPUS, rec)


@records
def test_duplicate_keys_are_marked(rec: dict[str, Any]) -> None:
    wc.check_duplicate_keys(rec)


@records
def test_actors_in_registry(rec: dict[str, Any]) -> None:
    wc.check_actors_in_registry(CORPUS, rec)


def test_known_gaps_still_missing() -> None:
    """Drop a name from the corpus's registry gaps once the registry lists it."""
    assert not CORPUS.registry_gaps & registry_names()
