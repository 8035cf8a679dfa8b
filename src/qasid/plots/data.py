"""What the charts show, computed without matplotlib.

The counting is kept apart from the drawing so that it can be tested on its own and reused by
anything else that shows the same figures (the web app's JSON, a notebook). Every function
takes event rows as :meth:`qasid.Corpus.events` returns them (dicts with ``type``, ``source``,
``target``, ``parties``, ``source_actor``, ``mode``, ``via``, ``medium``, ``day``,
``claimed_by``, ...).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from qasid.errors import ConfigError
from qasid.resources import yaml_data

#: time units from finest to coarsest, with the length of their ISO key (``2025-11-03``)
UNITS = {"day": 10, "month": 7, "year": 4}
#: a range of at most this many days is shown by day when the unit is "auto"
AUTO_DAY_SPAN = 62
#: ... and by year beyond this many days
AUTO_YEAR_SPAN = 6 * 366
#: more bars than this is a mistake of unit (twenty years by day), not a chart
MAX_BUCKETS = 1500

#: willingness to talk vs refusal (the issue's stance chart)
WILLING = ("INTENT_TALKS", "APPEAL_TALKS")
REFUSING = ("REFUSE_TALKS", "REJECT", "THREATEN")
#: the event types the channel network is made of
CHANNEL_TYPES = ("CONSULT", "MEDIATE")
#: channel link styles, in legend order
LINK_STYLES = ("direct", "indirect", "unspecified", "mediation", "venue")


def precision(day: str | None) -> str | None:
    """The unit a stored date is precise to (``"2025"`` → year), ``None`` when not a date."""
    if not day:
        return None
    try:
        if len(day) == 10:
            dt.date.fromisoformat(day)
            return "day"
        if len(day) == 7 and 1 <= int(day[5:7]) <= 12 and day[4] == "-":
            int(day[:4])
            return "month"
        if len(day) == 4:
            int(day)
            return "year"
    except ValueError:
        return None
    return None


def _start(key: str) -> dt.date:
    """First day of an ISO key of any unit."""
    parts = [int(x) for x in key.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def choose_unit(days: Iterable[str | None], unit: str = "auto") -> str:
    """The bar unit: ``unit`` itself unless ``"auto"``, then by the span of the dates — by day
    for up to :data:`AUTO_DAY_SPAN` days, by year beyond :data:`AUTO_YEAR_SPAN`, else by
    month. A short range of events known only to the month is shown by month."""
    if unit != "auto":
        if unit not in UNITS:
            raise ConfigError(f"unknown time unit {unit!r} (choose from auto, "
                              f"{', '.join(UNITS)})", code="E416")
        return unit
    dated = [d for d in days if precision(d)]
    if not dated:
        return "month"
    starts = [_start(d) for d in dated]
    span = (max(starts) - min(starts)).days
    if span > AUTO_YEAR_SPAN:
        return "year"
    if span <= AUTO_DAY_SPAN and all(precision(d) == "day" for d in dated):
        return "day"
    return "month"


def bucket_keys(first: str, last: str, unit: str) -> list[str]:
    """Every key of ``unit`` from ``first`` to ``last`` inclusive, gaps included, so that a
    quiet month shows as an empty bar rather than disappearing."""
    a, b = _start(first), _start(last)
    keys: list[str] = []
    if unit == "day":
        n = (b - a).days + 1
        if n > MAX_BUCKETS:
            raise _too_many(n, unit)
        return [(a + dt.timedelta(days=i)).isoformat() for i in range(n)]
    if unit == "month":
        n = (b.year - a.year) * 12 + b.month - a.month + 1
        if n > MAX_BUCKETS:
            raise _too_many(n, unit)
        y, m = a.year, a.month
        for _ in range(n):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return keys
    return [f"{y:04d}" for y in range(a.year, b.year + 1)]


def _too_many(n: int, unit: str) -> ConfigError:
    return ConfigError(f"{n} bars by {unit} is more than a chart can show ({MAX_BUCKETS}); "
                       f"choose a coarser unit or a shorter date range", code="E417")


@dataclass
class Series:
    """Counts per time bucket, by series (event type, or willing/refusing), with what was
    left out and why — a chart must say what it does not show."""

    unit: str
    keys: list[str]
    counts: dict[str, list[int]]
    undated: int = 0
    coarse: int = 0  # dated, but less precisely than ``unit``
    claims: int = 0  # left out because they are only someone's claim
    total: int = 0  # events shown

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "keys": self.keys, "counts": self.counts,
                "undated": self.undated, "coarse": self.coarse, "claims": self.claims,
                "total": self.total}


def _bucketed(events: Sequence[dict[str, Any]], unit: str,
              series_of: Any) -> Series:
    """Group ``events`` by time bucket and by ``series_of(event)`` (``None``: skip)."""
    unit = choose_unit((e.get("day") for e in events), unit)
    width = UNITS[unit]
    placed: list[tuple[str, str]] = []
    undated = coarse = 0
    for e in events:
        name = series_of(e)
        if name is None:
            continue
        p = precision(e.get("day"))
        if p is None:
            undated += 1
        elif UNITS[p] < width:
            coarse += 1
        else:
            placed.append((str(e["day"])[:width], name))
    keys = bucket_keys(min(k for k, _ in placed), max(k for k, _ in placed), unit) \
        if placed else []
    index = {k: i for i, k in enumerate(keys)}
    counts: dict[str, list[int]] = {}
    for key, name in placed:
        counts.setdefault(name, [0] * len(keys))[index[key]] += 1
    return Series(unit, keys, counts, undated=undated, coarse=coarse, total=len(placed))


def timeline_counts(events: Sequence[dict[str, Any]], unit: str = "auto") -> Series:
    """Events per time bucket and event type, types in the order of ``types.tsv``."""
    s = _bucketed(events, unit, lambda e: e.get("type"))
    order = {t: i for i, t in enumerate(event_type_order())}
    s.counts = dict(sorted(s.counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
    return s


@dataclass
class Stance:
    """Willingness and refusal counts per group (country or actor) over shared buckets."""

    unit: str
    keys: list[str]
    groups: dict[str, dict[str, list[int]]]  # group -> {"willing": [...], "refusing": [...]}
    undated: int = 0
    coarse: int = 0
    claims: int = 0
    total: int = 0

    def index(self, group: str) -> list[float | None]:
        """(willing − refusing) / (willing + refusing) per bucket; ``None`` where neither."""
        w, r = self.groups[group]["willing"], self.groups[group]["refusing"]
        return [(a - b) / (a + b) if a + b else None for a, b in zip(w, r, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "keys": self.keys, "groups": self.groups,
                "index": {g: self.index(g) for g in self.groups}, "undated": self.undated,
                "coarse": self.coarse, "claims": self.claims, "total": self.total}


def stance_counts(events: Sequence[dict[str, Any]], *, by: str = "country",
                  groups: Sequence[str] = (), top: int = 4, unit: str = "auto",
                  claims: bool = False) -> Stance:
    """Per country (``by="country"``: the source state) or actor (``by="actor"``: the source
    actor's canonical name), INTENT/APPEAL vs REFUSE/REJECT/THREATEN events over time.

    ``groups`` picks the countries/actors; otherwise the ``top`` with most such events.
    Events that are only someone's claim (``claimed_by``: "Trump said Iran wants a deal") say
    nothing about the stance of the claimed party and are left out unless ``claims=True``.
    """
    if by not in ("country", "actor"):
        raise ConfigError(f"stance by {by!r}: choose country or actor", code="E416")
    key = "source" if by == "country" else "source_actor"
    pool = [e for e in events if e.get("type") in WILLING + REFUSING and e.get(key)]
    n_claims = sum(1 for e in pool if e.get("claimed_by"))
    if not claims:
        pool = [e for e in pool if not e.get("claimed_by")]
    if groups:
        chosen = list(dict.fromkeys(groups))
    else:
        ranked = Counter(str(e[key]) for e in pool)
        chosen = [g for g, _ in sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    pool = [e for e in pool if e[key] in chosen]
    s = _bucketed(pool, unit, lambda e: f"{e[key]}\t{_side(e['type'])}")
    out: dict[str, dict[str, list[int]]] = {
        g: {"willing": [0] * len(s.keys), "refusing": [0] * len(s.keys)} for g in chosen}
    for name, counts in s.counts.items():
        group, side = name.split("\t")
        out[group][side] = counts
    return Stance(s.unit, s.keys, out, undated=s.undated, coarse=s.coarse,
                  claims=0 if claims else n_claims, total=s.total)


def _side(etype: str) -> str:
    return "willing" if etype in WILLING else "refusing"


@dataclass
class Link:
    """One drawn edge of the channel network: a pair of nodes, a style, its events."""

    a: str
    b: str
    style: str  # one of LINK_STYLES
    count: int = 0
    media: Counter[str] = field(default_factory=Counter)


@dataclass
class Network:
    """States as nodes (intermediaries marked), CONSULT/MEDIATE events as styled links."""

    nodes: dict[str, str]  # code -> "party" | "intermediary"
    links: list[Link]
    events: int = 0
    skipped: int = 0  # channel events without two known ends

    def degree(self, node: str) -> int:
        return sum(lk.count for lk in self.links if node in (lk.a, lk.b))

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "events": self.events, "skipped": self.skipped,
                "links": [{"a": lk.a, "b": lk.b, "style": lk.style, "count": lk.count,
                           "media": dict(lk.media)} for lk in self.links]}


def channel_network(events: Sequence[dict[str, Any]]) -> Network:
    """The channel network of CONSULT and MEDIATE events.

    * CONSULT ``mode=indirect`` through ``via``: two dashed links, party–intermediary–party,
      the intermediary a node of its own (Oman, Qatar, Switzerland); without ``via``, one
      dashed link between the parties.
    * CONSULT ``direct``: a solid link; its third-country venue (``via`` of a direct meeting,
      "talks in Riyadh") is a node too, dotted to both parties. A CONSULT whose mode the text
      does not state is a solid link of its own style ("unspecified"), not a guess.
    * MEDIATE: the mediator is an intermediary linked to each of the ``parties``.
    """
    nodes: dict[str, str] = {}
    links: dict[tuple[str, str, str], Link] = {}
    used = skipped = 0

    def node(code: str, role: str) -> None:
        if role == "intermediary" or code not in nodes:
            nodes[code] = role

    def link(a: str, b: str, style: str, medium: str | None) -> None:
        x, y = sorted((a, b))
        lk = links.setdefault((x, y, style), Link(x, y, style))
        lk.count += 1
        if medium:
            lk.media[medium] += 1

    for e in events:
        etype, src, tgt, via = e.get("type"), e.get("source"), e.get("target"), e.get("via")
        medium = e.get("medium")
        if etype == "MEDIATE":
            parties = [p for p in (e.get("parties") or []) if p and p != src]
            if tgt and tgt not in parties and tgt != src:
                parties.append(tgt)
            if not src or not parties:
                skipped += 1
                continue
            node(src, "intermediary")
            for p in parties:
                node(p, "party")
                link(src, p, "mediation", medium)
            used += 1
        elif etype == "CONSULT":
            if not src or not tgt or src == tgt:
                skipped += 1
                continue
            node(src, "party")
            node(tgt, "party")
            mode = e.get("mode")
            if mode == "indirect" and via and via not in (src, tgt):
                node(via, "intermediary")
                link(src, via, "indirect", medium)
                link(via, tgt, "indirect", medium)
            else:
                style = "indirect" if mode == "indirect" else (
                    "direct" if mode == "direct" else "unspecified")
                link(src, tgt, style, medium)
                if via and via not in (src, tgt):
                    node(via, "intermediary")
                    link(src, via, "venue", None)
                    link(tgt, via, "venue", None)
            used += 1
    order = {s: i for i, s in enumerate(LINK_STYLES)}
    return Network(nodes, sorted(links.values(), key=lambda lk: (lk.a, lk.b, order[lk.style])),
                   events=used, skipped=skipped)


def circle_layout(net: Network, focus: Sequence[str] = ("IRN", "USA")
                  ) -> dict[str, tuple[float, float]]:
    """Node positions: the ``focus`` pair left and right, intermediaries in a column between
    them (so a mediated channel reads as a path through the middle and a direct line between
    the pair crosses no node), other parties in slots on an outer ring clear of that column.
    Without a focus pair, parties go round a circle and intermediaries on an inner ring.
    Deterministic: the same network always looks the same."""
    parties = sorted((n for n, r in net.nodes.items() if r == "party"),
                     key=lambda n: (-net.degree(n), n))
    middle = sorted((n for n, r in net.nodes.items() if r == "intermediary"),
                    key=lambda n: (-net.degree(n), n))
    pos: dict[str, tuple[float, float]] = {}
    fixed = [f for f in focus if f in parties][:2]
    for p, x in zip(fixed, (-1.0, 1.0), strict=False):
        pos[p] = (x, 0.0)
    rest = [p for p in parties if p not in pos]
    if fixed:
        slots = [*_SLOTS, *(360 * i / max(len(rest), 1) for i in range(len(rest)))]
        for p, deg in zip(rest, slots, strict=False):
            a = math.radians(deg)
            pos[p] = (1.15 * math.cos(a), 1.0 * math.sin(a))
        top = 0.75 if len(middle) > 1 else 0.45
        for i, m in enumerate(middle):  # alternate above and below the pair's line
            k = (i // 2 + 1) / ((len(middle) + 1) // 2)
            pos[m] = (0.0, top * k if i % 2 == 0 else -top * k)
        return pos
    for i, p in enumerate(rest):
        a = math.pi - 2 * math.pi * i / max(len(rest), 1)
        pos[p] = (math.cos(a), math.sin(a))
    for i, m in enumerate(middle):
        a = math.pi / 2 - 2 * math.pi * i / max(len(middle), 1)
        pos[m] = ((0.45 * math.cos(a), 0.45 * math.sin(a)) if len(middle) > 1 else (0.0, 0.0))
    return pos


#: outer-ring angles (degrees) for parties besides the focus pair, clear of the middle column
_SLOTS = (140.0, 40.0, -140.0, -40.0, 115.0, 65.0, -115.0, -65.0)


@cache
def event_type_order() -> tuple[str, ...]:
    """Event types in the order of ``types.tsv`` (cooperative first, then conflictual)."""
    from qasid.stages.events.types import event_types

    return tuple(event_types())


# -- labels ----------------------------------------------------------------------------------

LANGS = ("en", "fa", "ar")

#: the charts' own words, per label language (packaged data: qasid/data/plots/labels.yaml)
TEXT: dict[str, dict[str, str]] = yaml_data("plots/labels.yaml")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ConfigError(f"unknown label language {lang!r} (choose from {', '.join(LANGS)})",
                          code="E416")
    return lang


def country_label(code: str, lang: str = "en") -> str:
    """A state's or IGO's name in ``lang`` from the actor registry (the code if unknown)."""
    from qasid.stages.actors.registry import load_registry

    reg = load_registry()
    if lang == "en":
        return reg.country_name(code)
    country = reg.countries.get(code)
    if country and country.names.get(lang):
        return country.names[lang][0]
    org = reg.organisations.get(reg.igo_codes.get(code, ""))
    if org and org.aliases.get(lang):
        return org.aliases[lang][0]
    return code


def actor_label(name: str, lang: str = "en") -> str:
    """A person's or organisation's name in ``lang`` (first registry alias), else as given."""
    if lang == "en":
        return name
    found = _actor_aliases().get(name)
    return found[lang][0] if found and found.get(lang) else name


@cache
def _actor_aliases() -> dict[str, dict[str, tuple[str, ...]]]:
    from qasid.stages.actors.registry import load_registry

    reg = load_registry()
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for o in reg.organisations.values():
        out.setdefault(o.name, o.aliases)
    for p in reg.people.values():  # people win over a same-named organisation
        out[p.name] = p.aliases
    return out

