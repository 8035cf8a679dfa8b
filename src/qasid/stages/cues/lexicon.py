"""Compile the cue and trigger data of one language into matchers on the normalised view."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick

from qasid.errors import ResourceError
from qasid.resources import tsv, yaml_data
from qasid.stages.normalize import normalized_text

GAP = "…"
MAX_GAP = 4


def _word_char(ch: str) -> bool:
    """``\\w`` of Python's regular expressions, for one character."""
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class PhraseSet:
    """Phrases matched as whole words on a normalised text: at each position the longest
    phrase, scanning left to right without overlaps.

    An Aho-Corasick automaton replaced a regular expression alternation of the same phrases:
    ``re`` tries every alternative at every position, which made cue scanning the largest
    single cost of event extraction (hundreds of phrases per category, every sentence)."""

    automaton: Any
    labels: dict[str, str] = field(default_factory=dict)  # normalised form -> label
    #: one-letter conjunctions that may be written on the phrase (Arabic ``فقال``, ``وأكد``)
    proclitics: str = ""

    def finditer(self, norm: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[tuple[int, int, str]]:
        if self.automaton is None:
            return
        end = len(norm) if endpos is None else min(endpos, len(norm))
        if end <= pos:
            return
        best: dict[int, int] = {}
        for last, (length, open_end) in self.automaton.iter(norm, pos, end):
            stop = last + 1
            if stop < end and not open_end and _word_char(norm[stop]):
                continue
            start = last + 1 - length
            if start > 0 and _word_char(norm[start - 1]):
                if not (norm[start - 1] in self.proclitics and start - 1 >= pos
                        and (start - 1 == 0 or not _word_char(norm[start - 2]))):
                    continue
                start -= 1
            if stop - start > best.get(start, 0):
                best[start] = stop - start
        at = pos
        for start in sorted(best):
            if start >= at:
                stop = start + best[start]
                yield start, stop, norm[start:stop]
                at = stop

    def search(self, norm: str, pos: int = 0, endpos: int | None = None) -> bool:
        return next(self.finditer(norm, pos, endpos), None) is not None


def _phrase_set(forms: dict[str, str], proclitics: str = "") -> PhraseSet:
    keys: dict[str, str] = {}
    open_end: set[str] = set()
    for form, label in forms.items():
        key, prefix = _cue_key(form)
        if key:
            keys[key] = label
            if prefix:
                open_end.add(key)
    if not keys:
        return PhraseSet(None, {})
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, (len(key), key in open_end))
    automaton.make_automaton()
    return PhraseSet(automaton, keys, proclitics)


@dataclass(frozen=True)
class CueScanner:
    """Every cue category of a language in one automaton: a sentence is scanned once for all
    of them (event rules ask for a dozen categories per sentence), with the same whole-word,
    longest-first, non-overlapping semantics per category as :class:`PhraseSet`."""

    automaton: Any  # normalised form -> (length, categories)
    #: the last text scanned and its result: quote extraction asks twice per paragraph
    #: (one tuple in a list, swapped whole, so threads never see a text with another's result)
    _last: list[Any] = field(default_factory=lambda: [("", {})], compare=False)

    def scan(self, norm: str) -> dict[str, list[tuple[int, int]]]:
        """Spans per category (categories without a match are absent). The result is shared
        with the next caller asking about the same text: read it, do not change it."""
        if self.automaton is None:
            return {}
        last_text, last_out = self._last[0]
        if norm == last_text:
            return last_out  # type: ignore[no-any-return]
        n = len(norm)
        longest: dict[str, dict[int, int]] = {}
        for last, (length, categories, open_end) in self.automaton.iter(norm):
            stop = last + 1
            start = stop - length
            # whole words only (``\w`` boundaries, inlined: short cues such as English "i"
            # occur inside most words, so this test runs far more often than a match); a form
            # ending in ``*`` ("وفقا ل*") may run on into the word it is written on
            if stop < n and not open_end and ((c := norm[stop]).isalnum() or c == "_"):
                continue
            if start > 0 and ((c := norm[start - 1]).isalnum() or c == "_"):
                continue
            for cat in categories:
                at = longest.setdefault(cat, {})
                if length > at.get(start, 0):
                    at[start] = length
        out: dict[str, list[tuple[int, int]]] = {}
        for cat, at in longest.items():
            spans, free = [], 0
            for start in sorted(at):
                if start >= free:
                    free = start + at[start]
                    spans.append((start, free))
            out[cat] = spans
        self._last[0] = (norm, out)
        return out


def _cue_key(form: str) -> tuple[str, bool]:
    """The normalised key of a cue form, and whether it ends in ``*`` (its last word may run
    on: ``وفقا ل*`` matches ``وفقا لوكالة``)."""
    prefix = form.rstrip().endswith("*")
    return normalized_text(form.rstrip().rstrip("*")).strip(), prefix


def _cue_scanner(by_cat: dict[str, dict[str, str]]) -> CueScanner:
    cats: dict[str, set[str]] = {}
    open_end: set[str] = set()
    for cat, forms in by_cat.items():
        for form in forms:
            key, prefix = _cue_key(form)
            if key:
                cats.setdefault(key, set()).add(cat)
                if prefix:
                    open_end.add(key)
    if not cats:
        return CueScanner(None)
    automaton = ahocorasick.Automaton()
    for key, in_cats in cats.items():
        automaton.add_word(key, (len(key), tuple(sorted(in_cats)), key in open_end))
    automaton.make_automaton()
    return CueScanner(automaton)


@dataclass(frozen=True)
class TriggerPattern:
    """Tokens of one trigger pattern: (text, is_prefix, gap_before)."""

    tokens: tuple[tuple[str, bool, bool], ...]
    #: whole tokens the pattern needs: a sentence lacking one cannot match (cheap pre-check)
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Trigger:
    type: str
    cameo: str
    patterns: tuple[TriggerPattern, ...]
    polarity: str = "affirmative"
    negated_type: str | None = None
    medium: str | None = None
    mode: str | None = None
    target_markers: tuple[str, ...] = ()
    #: what the actor right after a fa/ar trigger noun is: its agent, or its victim (patient)
    genitive: str = "agent"
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    lang: str
    speech: PhraseSet  # label = kind
    cues: dict[str, PhraseSet]
    triggers: tuple[Trigger, ...]
    cue_scanner: CueScanner
    #: first token -> (trigger index, pattern); prefix first tokens kept apart
    first_exact: dict[str, tuple[tuple[int, TriggerPattern], ...]]
    first_prefix: tuple[tuple[str, int, TriggerPattern], ...]
    #: prefix first tokens by prefix string, and the prefix lengths that occur: a token is
    #: looked up once per length instead of being compared with every prefix pattern
    prefix_index: dict[str, tuple[tuple[int, TriggerPattern], ...]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    #: tokens a pattern's ``…`` may skip (``meta.max_gap`` of the triggers file)
    max_gap: int = MAX_GAP
    #: one-letter conjunctions written on a pattern's first word (Arabic و، ف)
    proclitics: str = ""
    _by_token: dict[str, tuple[tuple[int, frozenset[str], tuple[tuple[str, bool, bool], ...]],
                               ...]] = field(default_factory=dict)

    def candidates(self, token: str
                   ) -> tuple[tuple[int, frozenset[str], tuple[tuple[str, bool, bool], ...]], ...]:
        """``(trigger index, required tokens, tokens after the first)`` of the patterns whose
        first token matches ``token`` exactly or as a prefix (memoised: news vocabulary
        repeats, and the lookup runs for every token of every sentence)."""
        found = self._by_token.get(token)
        if found is None:
            out = list(self.first_exact.get(token, ()))
            for n in self.prefix_lengths:
                if n > len(token):
                    break
                out.extend(self.prefix_index.get(token[:n], ()))
            if token[:1] and token[0] in self.proclitics and len(token) > 3:
                # "وتتوسط" is "و" + "تتوسط": a whole-word pattern need not list the form with
                # the conjunction. Prefix patterns are not tried on the rest: "وزارة"
                # (ministry) is not "و" + "زار*" (visited).
                out.extend(self.first_exact.get(token[1:], ()))
            # (the first token is matched by this lookup: only the others need be present)
            found = tuple(dict.fromkeys((i, pat.required - {pat.tokens[0][0]}, pat.tokens[1:])
                                        for i, pat in out))
            if len(self._by_token) < 200_000:
                self._by_token[token] = found
        return found

    def cue(self, category: str) -> PhraseSet:
        return self.cues.get(category, PhraseSet(None, {}))


def _compile_pattern(raw: str) -> TriggerPattern:
    tokens: list[tuple[str, bool, bool]] = []
    gap = False
    for part in raw.split():
        if part == GAP:
            gap = True
            continue
        prefix = part.endswith("*")
        word = part[:-1] if prefix else part
        for i, w in enumerate(normalized_text(word).split()):
            if not w:
                continue
            tokens.append((w, prefix and i == len(normalized_text(word).split()) - 1,
                           gap and i == 0))
        gap = False
    if not tokens:
        raise ResourceError(f"empty trigger pattern {raw!r}", code="E220")
    return TriggerPattern(tuple(tokens), frozenset(w for w, prefix, _ in tokens if not prefix))


def _genitive_role(entry: dict[str, Any]) -> str:
    role = entry.get("genitive", "agent")
    if role not in ("agent", "patient", "party"):
        raise ResourceError(f"trigger genitive must be agent, patient or party, not {role!r}",
                            code="E220")
    return str(role)


def _triggers(lang: str) -> tuple[Trigger, ...]:
    data: Any = yaml_data(f"lexicons/{lang}/triggers.yaml")
    out = []
    for entry in data.get("triggers") or ():
        pats = tuple(_compile_pattern(p) for p in entry.get("patterns") or ())
        out.append(Trigger(
            type=entry["type"], cameo=str(entry.get("cameo") or ""), patterns=pats,
            polarity=entry.get("polarity", "affirmative"),
            negated_type=entry.get("negated_type"), medium=entry.get("medium"),
            mode=entry.get("mode"),
            target_markers=tuple(normalized_text(t) for t in entry.get("target_markers") or ()),
            genitive=_genitive_role(entry),
            note=entry.get("note", ""),
        ))
    return tuple(out)


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of ``lang`` (``fa``, ``ar`` or ``en``; others fall back to en)."""
    lang = lang if lang in ("fa", "ar", "en") else "en"
    speech = {row["form"]: row["kind"] for row in tsv(f"lexicons/{lang}/speech_verbs.tsv")}
    by_cat: dict[str, dict[str, str]] = {}
    for row in tsv(f"lexicons/{lang}/cues.tsv"):
        by_cat.setdefault(row["category"], {})[row["form"]] = row["category"]
    triggers = _triggers(lang)
    meta = (yaml_data(f"lexicons/{lang}/triggers.yaml") or {}).get("meta") or {}
    max_gap = int(meta.get("max_gap", MAX_GAP))
    exact: dict[str, list[tuple[int, TriggerPattern]]] = {}
    prefix: list[tuple[str, int, TriggerPattern]] = []
    for i, trig in enumerate(triggers):
        for pat in trig.patterns:
            word, is_prefix, _gap = pat.tokens[0]
            if is_prefix:
                prefix.append((word, i, pat))
            else:
                exact.setdefault(word, []).append((i, pat))
    pindex: dict[str, list[tuple[int, TriggerPattern]]] = {}
    for word, i, pat in prefix:
        pindex.setdefault(word, []).append((i, pat))
    return Lexicon(
        lang=lang,
        speech=_phrase_set(speech, "وف" if lang == "ar" else ""),
        cues={cat: _phrase_set(forms) for cat, forms in by_cat.items()},
        triggers=triggers,
        cue_scanner=_cue_scanner(by_cat),
        first_exact={k: tuple(v) for k, v in exact.items()},
        first_prefix=tuple(prefix),
        prefix_index={k: tuple(v) for k, v in pindex.items()},
        prefix_lengths=tuple(sorted({len(k) for k in pindex})),
        max_gap=max_gap,
        proclitics="وف" if lang == "ar" else "",
    )
