"""Quality gate: the whole pipeline on the seed articles and the development corpus must
not fall below the floors measured when they were last raised.

Floors are set a little under the measured scores so that unrelated changes do not flap the
gate; raise them when a change improves a score (never lower them to make a change pass).
The held-out corpus (tests/corpus_holdout) is deliberately not gated: it measures, it does
not steer (see README, "Evaluation").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qasid import Corpus

ROOT = Path(__file__).resolve().parents[1]

FLOORS = {
    "seeds": {"lang": 1.0, "published": 1.0, "body.content_kept": 0.95,
              "body.noise_removed": 0.90, "actors": 0.90, "quotes": 0.90, "events": 0.80},
    "dev": {"lang": 0.95, "published": 0.90, "body.content_kept": 0.95,
            "body.noise_removed": 0.90, "actors": 0.85, "countries": 0.88, "quotes": 0.85,
            "events": 0.65},
}
SETS = {
    "seeds": (ROOT / "examples/seeds", ROOT / "examples/gold/seeds.jsonl"),
    "dev": (ROOT / "tests/corpus/articles", ROOT / "tests/corpus/gold.jsonl"),
}


@pytest.mark.parametrize("name", list(SETS))
def test_scores_stay_above_their_floors(name: str, tmp_path: Path) -> None:
    articles, gold = SETS[name]
    with Corpus.open(str(tmp_path / "gate.db")) as corpus:
        rep = corpus.ingest([str(articles)])
        assert rep.failed == 0
        report = corpus.evaluate(gold)
    got = {}
    for field, floor in FLOORS[name].items():
        fs = report.fields[field]
        got[field] = fs.f1 if fs.kind == "prf" else fs.accuracy
        assert got[field] is not None and got[field] >= floor, (field, got[field], floor)
