"""The packaged extraction lexicons (speech verbs, cues, event triggers): schema and syntax.

These tests check the data contract documented in ``src/qasid/data/lexicons/README.md`` (headers,
allowed values, pattern syntax, scripts, normalisation) and minimum coverage. They never assert
that a particular phrase is matched: that is the corpus gate's job.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import pytest
import yaml

from qasid.stages.normalize import normalize

LANGS = ("fa", "ar", "en")
ROOT = resources.files("qasid.data").joinpath("lexicons")
GAP = "\u2026"  # the pattern gap token "…"

EVENT_TYPES = {
    "INTENT_TALKS", "REFUSE_TALKS", "APPEAL_TALKS", "DEMAND", "CONSULT", "MEDIATE",
    "REQUEST_MEDIATION", "REJECT", "DENY", "ACCUSE", "THREATEN", "ATTACK",
}
# CAMEO codes allowed per type (FORMAT.md); 4-digit sub-codes of an allowed 3-digit code are fine.
CAMEO = {
    "INTENT_TALKS": {"036"},
    "REFUSE_TALKS": {"125"},
    "APPEAL_TALKS": {"026", "106"},
    "DEMAND": {f"10{d}" for d in range(10)},
    "CONSULT": {f"04{d}" for d in range(7)},
    "MEDIATE": {"039", "045"},
    "REQUEST_MEDIATION": {"028"},
    "REJECT": {f"12{d}" for d in range(10)},
    "DENY": set(),  # no CAMEO code: cameo is null
    "ACCUSE": {f"11{d}" for d in range(10)},
    "THREATEN": {f"13{d}" for d in range(10)},
    "ATTACK": {f"18{d}" for d in range(10)} | {f"19{d}" for d in range(10)},
}
ENTRY_KEYS = {"type", "cameo", "patterns", "polarity", "negated_type", "medium", "mode",
              "target_markers", "genitive", "note"}
MEDIA = {"phone", "visit", "meeting", "letter", "text messages"}
MODES = {"direct", "indirect"}
KINDS = {"say", "add", "emphasize", "announce", "claim", "deny", "warn", "write", "ask", "answer"}
CATEGORIES = {
    "negation", "condition", "hypothetical", "claim", "report", "mode_indirect", "mode_direct",
    "via_marker", "venue_marker", "medium_phone", "medium_visit", "medium_meeting",
    "medium_letter", "medium_text_messages", "medium_message", "slogan", "topic_marker",
    "first_person_plural", "first_person_singular", "pronoun_3sg", "pronoun_3pl",
    "question_prefix", "interview_frame", "not_negation",
}
# Closed classes with few members in every language; all others need MIN_CUES forms.
SMALL_CATEGORIES = {"venue_marker": 3, "question_prefix": 3, "not_negation": 2}
MIN_CUES = 8
MIN_SPEECH_VERBS = 60
MIN_PATTERNS_PER_TYPE = 15
MIN_ANCHOR = 3  # every pattern needs one token with at least this many letters

WORD = re.compile(r"\w+")
ARABIC_ONLY = set("يكىة")  # never in Persian files (ة: Persian writes ه)
PERSIAN_ONLY = set("یکگپچژ")  # never in Arabic files
ENGLISH_TOKEN = re.compile(r"[a-z0-9]+")


# ------------------------------------------------------------------------------------ loaders
def _text(lang: str, name: str) -> str:
    return ROOT.joinpath(lang, name).read_text(encoding="utf-8")


def _tsv(lang: str, name: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = [ln for ln in _text(lang, name).splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@cache
def _triggers(lang: str) -> dict[str, Any]:
    return yaml.safe_load(_text(lang, "triggers.yaml"))


def _norm(s: str) -> str:
    return normalize(s).text


def _all_patterns(lang: str) -> list[tuple[str, str]]:
    return [(e["type"], p) for e in _triggers(lang)["triggers"] for p in e["patterns"]]


# ------------------------------------------------------------------------------------ helpers
def _token_problems(token: str, lang: str, *, wildcard: bool) -> list[str]:
    """Problems of one literal or wildcard token (not the gap) of a pattern or form."""
    problems = []
    stem = token[:-1] if wildcard and token.endswith("*") else token
    if "*" in stem:
        problems.append(f"{token!r}: '*' only at the end of a token")
    if not stem:
        problems.append("empty token")
        return problems
    folded = _norm(stem)
    if not WORD.fullmatch(folded):
        problems.append(f"{token!r}: a token must be letters/digits only after normalisation "
                        f"(got {folded!r}); split words at apostrophes and hyphens")
    if _norm(folded) != folded:
        problems.append(f"{token!r}: normalisation is not idempotent")
    problems.extend(_script_problems(stem, lang))
    return problems


def _script_problems(s: str, lang: str) -> list[str]:
    if lang == "fa" and (bad := ARABIC_ONLY & set(s)):
        return [f"{s!r}: Arabic letters {sorted(bad)} in a Persian file"]
    if lang == "ar" and (bad := PERSIAN_ONLY & set(s)):
        return [f"{s!r}: Persian letters {sorted(bad)} in an Arabic file"]
    if lang == "en" and not all(ENGLISH_TOKEN.fullmatch(t) for t in s.split()):
        return [f"{s!r}: English forms are lower-case ASCII letters and digits"]
    return []


def _sequence_problems(text: str, lang: str, *, gaps: bool, wildcard: bool = True) -> list[str]:
    """Syntax problems of a pattern (gaps allowed) or a cue/verb form (no gaps)."""
    if not isinstance(text, str) or not text:
        return ["empty or non-string entry"]
    if text != text.strip() or "  " in text or "\t" in text or "\n" in text:
        return [f"{text!r}: single spaces between tokens, no padding"]
    tokens = text.split(" ")
    problems = []
    if GAP in tokens:
        if not gaps:
            problems.append(f"{text!r}: '…' is only allowed in trigger patterns")
        if tokens[0] == GAP or tokens[-1] == GAP:
            problems.append(f"{text!r}: '…' only between tokens")
        if any(a == b == GAP for a, b in pairwise(tokens)):
            problems.append(f"{text!r}: two '…' in a row")
    for tok in tokens:
        if tok == GAP:
            continue
        if GAP in tok:
            problems.append(f"{text!r}: '…' must be a token of its own")
            continue
        if "*" in tok and not wildcard:
            problems.append(f"{text!r}: no wildcards in this file")
        problems.extend(_token_problems(tok, lang, wildcard=wildcard))
    # Trigger patterns, and cue forms with a wildcard, need an anchor: one token long enough
    # that the pattern cannot fire on particles alone (ل* after وفقا is fine, ب* alone is not).
    literal = [t.rstrip("*") for t in tokens if t != GAP]
    needs_anchor = gaps or any(t.endswith("*") for t in tokens)
    if needs_anchor and literal and max(len(_norm(t)) for t in literal) < MIN_ANCHOR:
        problems.append(f"{text!r}: needs one token of {MIN_ANCHOR}+ letters as an anchor")
    # Normalising the whole sequence must keep the token count (no Persian suffix/prefix joins,
    # no punctuation splits) and give the token-by-token result.
    whole = _norm(text).split(" ")
    by_token = [tok if tok == GAP else _norm(tok.rstrip("*")) + ("*" if tok.endswith("*") else "")
                for tok in tokens]
    if whole != by_token:
        problems.append(f"{text!r}: normalises to {' '.join(whole)!r}, not token by token "
                        f"({' '.join(by_token)!r}); write joined affixes as one token")
    return problems


def _header_problems(lang: str, name: str) -> list[str]:
    text = _text(lang, name)
    head = "\n".join(ln for ln in text.splitlines()[:12] if ln.startswith("#")).lower()
    need = ["written by the qasid team from the grammar of the language", "2026-11", "mit"]
    return [f"{lang}/{name}: header lacks {n!r}" for n in need if n not in head]


# ------------------------------------------------------------------------------------ layout
def test_every_language_folder_has_the_three_files_and_a_readme() -> None:
    assert ROOT.joinpath("README.md").is_file()
    for lang in LANGS:
        for name in ("speech_verbs.tsv", "cues.tsv", "triggers.yaml"):
            assert ROOT.joinpath(lang, name).is_file(), f"{lang}/{name} is missing"


@pytest.mark.parametrize("lang", LANGS)
def test_files_are_utf8_nfc_without_bom(lang: str) -> None:
    for name in ("speech_verbs.tsv", "cues.tsv", "triggers.yaml"):
        raw = ROOT.joinpath(lang, name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{lang}/{name} has a BOM"
        text = raw.decode("utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{lang}/{name} is not NFC"


# ------------------------------------------------------------------------------ speech verbs
@pytest.mark.parametrize("lang", LANGS)
def test_speech_verbs_schema(lang: str) -> None:
    assert not _header_problems(lang, "speech_verbs.tsv")
    fields, rows = _tsv(lang, "speech_verbs.tsv")
    assert fields == ["form", "kind", "person"]
    problems = []
    for row in rows:
        if None in row or None in row.values():
            problems.append(f"wrong number of fields: {row}")
            continue
        if row["kind"] not in KINDS:
            problems.append(f"{row['form']!r}: unknown kind {row['kind']!r}")
        if row["person"] not in {"1", "3"}:
            problems.append(f"{row['form']!r}: person must be 1 or 3")
        problems += _sequence_problems(row["form"], lang, gaps=False, wildcard=False)
    assert not problems, "\n".join(problems)
    assert len(rows) >= MIN_SPEECH_VERBS, f"{lang}: only {len(rows)} speech verb forms"
    assert {r["kind"] for r in rows} >= {"say", "add", "emphasize", "announce", "claim", "deny",
                                         "warn", "write", "ask", "answer"}


@pytest.mark.parametrize("lang", LANGS)
def test_speech_verbs_have_no_duplicates_after_normalisation(lang: str) -> None:
    _, rows = _tsv(lang, "speech_verbs.tsv")
    counts = Counter(_norm(r["form"]) for r in rows)
    assert not [f for f, n in counts.items() if n > 1]


# --------------------------------------------------------------------------------------- cues
@pytest.mark.parametrize("lang", LANGS)
def test_cues_schema_and_syntax(lang: str) -> None:
    assert not _header_problems(lang, "cues.tsv")
    fields, rows = _tsv(lang, "cues.tsv")
    assert fields == ["category", "form"]
    problems = []
    for row in rows:
        if None in row or None in row.values():
            problems.append(f"wrong number of fields: {row}")
            continue
        cat, form = row["category"], row["form"]
        if cat not in CATEGORIES:
            problems.append(f"{form!r}: unknown category {cat!r}")
        elif cat == "question_prefix":
            if not form.endswith(":") or form != form.strip() or not _norm(form).strip(":"):
                problems.append(f"{form!r}: a question prefix is a label ending with ':'")
            problems += _script_problems(form.rstrip(":"), lang) if lang != "en" else []
            if lang == "en" and form != form.lower():
                problems.append(f"{form!r}: English prefixes are lower case")
        else:
            problems += _sequence_problems(form, lang, gaps=False)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_cues_cover_every_category(lang: str) -> None:
    _, rows = _tsv(lang, "cues.tsv")
    counts = Counter(r["category"] for r in rows)
    short = {c: counts[c] for c in CATEGORIES
             if counts[c] < SMALL_CATEGORIES.get(c, MIN_CUES)}
    assert not short, f"{lang}: categories below the minimum: {short}"


@pytest.mark.parametrize("lang", LANGS)
def test_cues_have_no_duplicates_after_normalisation(lang: str) -> None:
    _, rows = _tsv(lang, "cues.tsv")
    counts = Counter((r["category"], _norm(r["form"])) for r in rows)
    assert not [k for k, n in counts.items() if n > 1]


# ----------------------------------------------------------------------------------- triggers
@pytest.mark.parametrize("lang", LANGS)
def test_triggers_meta(lang: str) -> None:
    data = _triggers(lang)
    assert set(data) == {"meta", "triggers"}
    meta = data["meta"]
    assert {"source", "date", "license", "notes"} <= set(meta)
    assert "written by the qasid team from the grammar of the language" in meta["source"]
    assert meta["date"] == "2026-11"
    assert meta["license"] == "MIT"
    assert meta.get("language", lang) == lang
    assert isinstance(meta["notes"], list) and meta["notes"]


@pytest.mark.parametrize("lang", LANGS)
def test_trigger_entries_schema(lang: str) -> None:
    problems = []
    for i, e in enumerate(_triggers(lang)["triggers"]):
        where = f"{lang} entry {i} ({e.get('type')})"
        if not isinstance(e, dict) or not {"type", "cameo", "patterns"} <= set(e):
            problems.append(f"{where}: needs type, cameo, patterns")
            continue
        if extra := set(e) - ENTRY_KEYS:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        typ = e["type"]
        if typ not in EVENT_TYPES:
            problems.append(f"{where}: unknown type")
            continue
        cameo = e["cameo"]
        if typ == "DENY":
            if cameo is not None:
                problems.append(f"{where}: DENY has no CAMEO code (cameo: null)")
        elif not (isinstance(cameo, str) and re.fullmatch(r"\d{3,4}", cameo)
                  and cameo[:3] in CAMEO[typ]):
            problems.append(f"{where}: cameo {cameo!r} is not a quoted {typ} code")
        polarity = e.get("polarity", "affirmative")
        if polarity not in {"affirmative", "negative"}:
            problems.append(f"{where}: polarity {polarity!r}")
        if "negated_type" in e:
            if e["negated_type"] not in EVENT_TYPES or e["negated_type"] == typ:
                problems.append(f"{where}: bad negated_type {e['negated_type']!r}")
            if polarity == "negative":
                problems.append(f"{where}: a negative pattern is never flipped (no negated_type)")
        if "medium" in e and e["medium"] not in MEDIA:
            problems.append(f"{where}: medium {e['medium']!r}")
        if "mode" in e and e["mode"] not in MODES:
            problems.append(f"{where}: mode {e['mode']!r}")
        for m in e.get("target_markers", []):
            problems += [f"{where}: target marker {p}"
                         for p in _sequence_problems(m, lang, gaps=False)
                         if "anchor" not in p]
        if e.get("genitive", "agent") not in ("agent", "patient", "party"):
            problems.append(f"{where}: genitive {e['genitive']!r}")
        if "note" in e and not isinstance(e["note"], str):
            problems.append(f"{where}: note must be a string")
        if not isinstance(e["patterns"], list) or not e["patterns"]:
            problems.append(f"{where}: patterns must be a non-empty list")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_trigger_pattern_syntax(lang: str) -> None:
    problems = []
    for typ, pattern in _all_patterns(lang):
        problems += [f"{typ}: {p}" for p in _sequence_problems(pattern, lang, gaps=True)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_trigger_patterns_are_unique_after_normalisation(lang: str) -> None:
    seen: dict[str, str] = {}
    dups = []
    for typ, pattern in _all_patterns(lang):
        key = _norm(pattern)
        if key in seen:
            dups.append(f"{pattern!r} ({typ}) repeats {seen[key]}")
        seen.setdefault(key, f"{pattern!r} ({typ})")
    assert not dups, "\n".join(dups)


@pytest.mark.parametrize("lang", LANGS)
def test_every_event_type_has_enough_patterns(lang: str) -> None:
    counts = Counter(typ for typ, _ in _all_patterns(lang))
    short = {t: counts[t] for t in EVENT_TYPES if counts[t] < MIN_PATTERNS_PER_TYPE}
    assert not short, f"{lang}: types below {MIN_PATTERNS_PER_TYPE} patterns: {short}"


def test_the_syntax_checker_rejects_malformed_patterns() -> None:
    # Guards the guard: each of these must be reported.
    bad = {
        "fa": ["… مذاکره", "مذاکره …", "آماده  مذاکره", "آماده … … مذاکره", "مذا*کره",
               "مذاکره ای", "می کنیم", "آماده…مذاکره", "كرد", "*"],
        "ar": ["مذاکرات", "ال*"],
        "en": ["Talks", "won't", "face-to-face", "no"],
    }
    for lang, patterns in bad.items():
        for p in patterns:
            assert _sequence_problems(p, lang, gaps=True), f"{lang}: {p!r} was accepted"
    assert _sequence_problems("ready … talk*", "en", gaps=False)
    assert not _sequence_problems("آماده … مذاکر*", "fa", gaps=True)
    assert not _sequence_problems("مستعد* … للتفاوض", "ar", gaps=True)
