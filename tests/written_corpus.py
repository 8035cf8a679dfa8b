"""Checks shared by the gold validations of the written corpora that follow the stricter
conventions (tests/corpus_dev2, tests/corpus_holdout): offsets that are those of ``text.index``,
quotes from content lines, one scoring key marked primary, article length within bounds, no
sentence shared with the other written corpora, and every name and code known to the registry.
Each test module describes its corpus with a :class:`WrittenCorpus` and calls these checks."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from gold_support import (
    ACTOR_TYPES,
    EVENT_TYPES,
    ISO3,
    ISO_DATE,
    LANGS,
    MEDIA,
    MODES,
    actor_names,
    check_line_numbers,
    load_gold,
    registry_names,
    valid_code,
)
from gold_support import codes as registry_codes

EVENT_KEYS = {"type", "source", "target", "parties", "source_actor", "target_actor", "mode", "via",
              "medium", "date", "claimed_by", "conditions", "cameo", "note"}
QUOTE_MARKS = "«»\"“”„‘’"
CAMEO = re.compile(r"^\d{3,4}$")
SENTENCE_END = re.compile(r"(?<=[.!?؟،؛;:»”\"])\s+|\n")


@dataclass(frozen=True)
class WrittenCorpus:
    root: Path  # the corpus folder: articles/, gold.jsonl, README.md
    per_lang: int
    min_words: int
    max_words: int
    others: tuple[Path, ...]  # article folders that must share no sentence with this corpus
    registry_gaps: frozenset[str] = frozenset()  # names the registry does not list yet
    demands_need_conditions: bool = False
    records: list[dict[str, Any]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "records", load_gold(self.root / "gold.jsonl"))

    @property
    def articles(self) -> Path:
        return self.root / "articles"

    @property
    def ids(self) -> list[str]:
        return [r["doc"] for r in self.records]

    def article(self, doc: str) -> str:
        return _read(self.articles / doc)


@cache
def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def is_state(code: str) -> bool:
    return bool(ISO3.match(code)) and code not in registry_codes()[1]


def scoring_key(ev: dict[str, Any]) -> tuple[str, ...]:
    """The FORMAT.md scoring key of an event."""
    if ev["type"] == "MEDIATE":
        return (ev["type"], ev["source"], *sorted(ev["parties"]))
    if ev["type"] == "CONSULT":
        return (ev["type"], *sorted((ev["source"], ev["target"])))
    return (ev["type"], ev["source"], ev["target"])


def sentences(text: str) -> set[str]:
    """Normalised sentences of at least eight words, for the overlap check."""
    out = set()
    for part in SENTENCE_END.split(text):
        words = re.sub(r"[\u200c\s]+", " ", part).strip().split()
        if len(words) >= 8:
            out.add(" ".join(words))
    return out


def check_layout(c: WrittenCorpus) -> None:
    docs = sorted(p.name for p in c.articles.glob("*.txt"))
    assert docs == sorted(c.ids), "every article has exactly one gold record and vice versa"
    for lang in LANGS:
        assert sum(1 for d in docs if d.startswith(f"{lang}_")) == c.per_lang
    assert len(set(c.ids)) == len(c.ids)
    assert (c.root / "README.md").is_file()


def check_independence(c: WrittenCorpus) -> None:
    other: set[str] = set()
    for folder in c.others:
        for path in folder.glob("*.txt"):
            other |= sentences(path.read_text(encoding="utf-8"))
    for doc in c.ids:
        shared = sentences(c.article(doc)) & other
        assert not shared, (doc, sorted(shared)[:3])


def check_lines(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    lines = c.article(rec["doc"]).split("\n")
    check_line_numbers(rec, lines)
    for ln in rec["content_lines"] + rec["noise_lines"]:
        assert lines[ln - 1].strip(), f"line {ln} is blank"


def check_length(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    lines = c.article(rec["doc"]).split("\n")
    words = sum(len(lines[ln - 1].split()) for ln in rec["content_lines"])
    assert c.min_words <= words <= c.max_words, words


def check_quotes(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    text = c.article(rec["doc"])
    speakers = actor_names(rec)
    seen: set[str] = set()
    for q in rec["quotes"]:
        start, end = q["start"], q["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == q["text"], q
        assert start == text.index(q["text"]), "offsets are those of text.index"
        assert "\n" not in q["text"]
        assert q["text"][0] not in QUOTE_MARKS and q["text"][-1] not in QUOTE_MARKS, q["text"]
        assert q["text"] == q["text"].strip()
        assert len(q["text"].split()) >= 4, "quotes of fewer than four words are not listed"
        assert q["speaker"] in speakers, q["speaker"]
        assert q["text"] not in seen, "a repeated quote is one quote"
        seen.add(q["text"])


def check_quotes_inside_content(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    """Quotes come from content lines, never from menus or related-headline blocks."""
    text = c.article(rec["doc"])
    for q in rec["quotes"]:
        line_no = text.count("\n", 0, q["start"]) + 1
        assert line_no in rec["content_lines"], (line_no, q["text"])


def check_countries(rec: dict[str, Any]) -> None:
    assert len(set(rec["countries"])) == len(rec["countries"])
    for code in rec["countries"]:
        assert valid_code(code), code
        assert is_state(code), f"IGO code {code} belongs in events, not countries"


def check_events(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    names = actor_names(rec)
    for ev in rec["events"]:
        assert set(ev) <= EVENT_KEYS, set(ev) - EVENT_KEYS
        assert ev["type"] in EVENT_TYPES, ev
        codes = [ev["source"]]
        if ev["type"] == "MEDIATE":
            assert "target" not in ev
            parties = ev["parties"]
            assert len(parties) == 2, ev
            assert parties == sorted(parties)
            assert ev["source"] not in parties
            codes += parties
        else:
            assert "parties" not in ev
            assert ev["target"] != ev["source"], ev
            codes.append(ev["target"])
        if ev.get("via"):
            assert ev["via"] not in codes, "via is a third party"
            codes.append(ev["via"])
        for code in codes:
            assert valid_code(code), (code, ev)
            # states taking part in events are listed among the record's countries
            if is_state(code):
                assert code in rec["countries"], (code, ev)
        if "mode" in ev:
            assert ev["mode"] in MODES, ev
        if ev.get("mode") == "indirect":
            assert ev.get("via"), "indirect contact names its intermediary"
        if "medium" in ev:
            assert ev["medium"] in MEDIA, ev
        if "date" in ev:
            assert ISO_DATE.match(ev["date"]), ev
            if rec["published"]:
                assert ev["date"] <= rec["published"], "events are not dated after publication"
        for key in ("source_actor", "target_actor", "claimed_by"):
            if key in ev:
                assert ev[key] in names, (key, ev[key])
        if "conditions" in ev:
            assert isinstance(ev["conditions"], list) and ev["conditions"]
        if c.demands_need_conditions and ev["type"] == "DEMAND":
            assert ev.get("conditions"), "a demand says what is demanded"
        if ev["type"] == "DENY":
            assert "cameo" not in ev
        else:
            assert CAMEO.match(ev["cameo"]), ev


def check_duplicate_keys(rec: dict[str, Any]) -> None:
    """The first event of a scoring key is the primary; later ones say "duplicate key"."""
    seen: Counter[tuple[str, ...]] = Counter()
    for ev in rec["events"]:
        key = scoring_key(ev)
        is_dup = seen[key] > 0
        assert is_dup == ev.get("note", "").startswith("duplicate key"), (key, ev)
        seen[key] += 1


def check_actors_in_registry(c: WrittenCorpus, rec: dict[str, Any]) -> None:
    registry = registry_names()
    assert len({a["name"] for a in rec["actors"]}) == len(rec["actors"])
    for actor in rec["actors"]:
        assert actor["type"] in ACTOR_TYPES, actor
        assert valid_code(actor["country"]), actor
        for name in [actor["name"], *(actor.get("also") or [])]:
            if name in c.registry_gaps:
                continue
            assert name in registry, f"{name!r} is not a name or 'also' in the actor registry"
