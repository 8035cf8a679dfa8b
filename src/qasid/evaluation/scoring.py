"""Score system records against gold records (both in the FORMAT.md shape).

Per document, then micro-averaged over documents: counts are summed before dividing, so a long
article weighs more than a short one, as FORMAT.md prescribes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qasid.stages.normalize import normalize

Record = Mapping[str, Any]


@dataclass
class FieldScore:
    """Counts for one field; ``kind`` says which figures are meaningful."""

    name: str
    kind: str  # "accuracy", "prf", "kept", "removed"
    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    present: bool = True  # False when the system produced nothing for this field anywhere

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return 0.0 if (self.fn or self.fp) else None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"field": self.name, "kind": self.kind, "present": self.present}
        if self.kind == "prf":
            d.update(tp=self.tp, fp=self.fp, fn=self.fn, precision=self.precision,
                     recall=self.recall, f1=self.f1)
        else:
            d.update(correct=self.correct, total=self.total, score=self.accuracy)
        return d


@dataclass
class Report:
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    fields: dict[str, FieldScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "missing": self.missing,
                "fields": [f.to_dict() for f in self.fields.values()]}


_PUNCT = re.compile(r"[\W_]+")


def _quote_key(text: str) -> str:
    # normalize() folds letter variants and drops ZWNJ; then spaces and punctuation go.
    return _PUNCT.sub("", normalize(text).text)


def _trigrams(s: str) -> set[str]:
    return {s[i : i + 3] for i in range(len(s) - 2)} if len(s) >= 3 else {s} if s else set()


def quote_similarity(a: str, b: str) -> float:
    """Character 3-gram Jaccard after FORMAT.md's folding."""
    ta, tb = _trigrams(_quote_key(a)), _trigrams(_quote_key(b))
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _names(item: Record) -> set[str]:
    out = {str(item.get("name", ""))} | {str(x) for x in item.get("also", []) or []}
    return {n.casefold() for n in out if n}


def _alias_map(gold: Record) -> dict[str, str]:
    """Every accepted spelling of a gold actor → its canonical name (casefolded)."""
    m: dict[str, str] = {}
    for a in gold.get("actors", []) or []:
        canon = str(a.get("name", "")).casefold()
        for n in _names(a):
            m[n] = canon
    return m


def _canon(name: Any, aliases: Mapping[str, str]) -> str | None:
    if not name:
        return None
    key = str(name).casefold()
    return aliases.get(key, key)


def line_kept(text: str, start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """FORMAT.md: kept when at least half of the line's non-space characters lie in ``body``.

    A line with no non-space characters has nothing to weigh; it counts as kept when its
    position lies inside a body span (a blank line between kept paragraphs), else removed.
    """
    spans = list(spans)
    positions = [i for i in range(start, end) if not text[i].isspace()]
    if not positions:
        return any(s <= start < e for s, e in spans)
    inside = sum(1 for i in positions if any(s <= i < e for s, e in spans))
    return inside * 2 >= len(positions)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    pos = 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _words(text: str) -> int:
    return len(text.split())


def _event_key(ev: Record) -> tuple[Any, ...]:
    typ = ev.get("type")
    if typ == "MEDIATE":
        return (typ, ev.get("source"), tuple(sorted(map(str, ev.get("parties") or []))))
    if typ == "CONSULT":
        return (typ, tuple(sorted(str(x) for x in (ev.get("source"), ev.get("target")) if x)))
    return (typ, ev.get("source"), ev.get("target"))


_PRF_FIELDS = ("actors", "countries", "quotes", "events")
_ATTRS = ("via", "mode", "date", "claimed_by")


def score(system: Iterable[Record], gold: Iterable[Record],
          texts: Mapping[str, str] | None = None) -> Report:
    """Score ``system`` records against ``gold`` ones, matched on ``doc``.

    ``texts`` maps ``doc`` to the document's stored text; it is needed to score ``body``
    against gold ``content_lines``/``noise_lines`` (records alone carry only spans).
    """
    sys_by_doc = {str(r.get("doc")): r for r in system}
    rep = Report()
    f = rep.fields
    for name, kind in (("lang", "accuracy"), ("published", "accuracy"),
                       ("body.content_kept", "kept"), ("body.noise_removed", "removed")):
        f[name] = FieldScore(name, kind)
    for name in _PRF_FIELDS:
        f[name] = FieldScore(name, "prf")
    for a in _ATTRS:
        f[f"events.{a}"] = FieldScore(f"events.{a}", "accuracy")
    produced = dict.fromkeys(_PRF_FIELDS, False)

    for g in gold:
        doc = str(g.get("doc"))
        s = sys_by_doc.get(doc)
        rep.documents += 1
        if s is None:
            rep.missing.append(doc)
            s = {}
        for fld in _PRF_FIELDS:
            produced[fld] = produced[fld] or bool(s.get(fld))
        _score_doc(s, g, (texts or {}).get(doc), f)
    for fld in _PRF_FIELDS:
        f[fld].present = produced[fld]
    for a in _ATTRS:
        f[f"events.{a}"].present = produced["events"]
    return rep


def _score_doc(s: Record, g: Record, text: str | None, f: dict[str, FieldScore]) -> None:
    f["lang"].total += 1
    f["lang"].correct += int(s.get("lang") == g.get("lang"))
    if g.get("published") is not None:
        f["published"].total += 1
        f["published"].correct += int(s.get("published") == g.get("published"))
    if text is not None and ("content_lines" in g or "noise_lines" in g):
        bounds = _line_bounds(text)
        spans = [tuple(x) for x in s.get("body", []) or []]
        for key, lines, want in (("body.content_kept", g.get("content_lines", []), True),
                                 ("body.noise_removed", g.get("noise_lines", []), False)):
            for ln in lines:
                if 1 <= ln <= len(bounds):
                    f[key].total += 1
                    f[key].correct += int(line_kept(text, *bounds[ln - 1], spans) == want)

    aliases = _alias_map(g)
    gold_actors = {str(a.get("name", "")).casefold() for a in g.get("actors", []) or []}
    sys_actors = {_canon(a.get("name"), aliases) for a in s.get("actors", []) or []} - {None}
    _prf(f["actors"], sys_actors, gold_actors)
    _prf(f["countries"], set(s.get("countries", []) or []), set(g.get("countries", []) or []))

    gq = [q for q in g.get("quotes", []) or [] if _words(str(q.get("text", ""))) >= 4]
    sq = _unique_quotes([q for q in s.get("quotes", []) or []
                         if _words(str(q.get("text", ""))) >= 4])
    pairs = []
    for i, a in enumerate(sq):
        for j, b in enumerate(gq):
            if _canon(a.get("speaker"), aliases) != _canon(b.get("speaker"), aliases):
                continue
            sim = quote_similarity(str(a.get("text", "")), str(b.get("text", "")))
            if sim >= 0.5:
                pairs.append((sim, i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    for _sim, i, j in sorted(pairs, reverse=True):
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
    f["quotes"].tp += len(used_s)
    f["quotes"].fp += len(sq) - len(used_s)
    f["quotes"].fn += len(gq) - len(used_g)

    gold_ev: dict[tuple[Any, ...], Record] = {}
    for ev in g.get("events", []) or []:
        gold_ev.setdefault(_event_key(ev), ev)
    sys_ev: dict[tuple[Any, ...], Record] = {}
    for ev in s.get("events", []) or []:
        sys_ev.setdefault(_event_key(ev), ev)
    _prf(f["events"], set(sys_ev), set(gold_ev))
    for key in set(sys_ev) & set(gold_ev):
        for a in _ATTRS:
            gv = gold_ev[key].get(a)
            sv = sys_ev[key].get(a)
            if a == "claimed_by":
                gv, sv = _canon(gv, aliases), _canon(sv, aliases)
            if gv is None and sv is None:
                continue
            f[f"events.{a}"].total += 1
            f[f"events.{a}"].correct += int(gv == sv)


def _unique_quotes(quotes: list[Record]) -> list[Record]:
    """FORMAT.md: the same quote repeated in one article is one quote."""
    out: list[Record] = []
    seen: set[tuple[str, str]] = set()
    for q in quotes:
        key = (str(q.get("speaker", "")).casefold(), _quote_key(str(q.get("text", ""))))
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def _prf(fs: FieldScore, sys: set[Any], gold: set[Any]) -> None:
    fs.tp += len(sys & gold)
    fs.fp += len(sys - gold)
    fs.fn += len(gold - sys)
