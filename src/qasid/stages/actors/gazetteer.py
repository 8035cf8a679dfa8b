"""Every matchable string of the registry in one Aho-Corasick automaton per language.

Keys are the normalised view of each alias (letters, digits, ZWNJ and case folded), so a
Persian text that lost its ZWNJs (``خامنهای``) or an Arabic text with hamza variants still
matches. Aliases are per language (Persian ``رئیسی`` is a surname, Arabic ``رئيسي`` means
"main"), so a Persian paragraph is matched against Persian and English aliases only, and so on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from qasid.resources import yaml_data
from qasid.stages.actors.registry import LANGS, Registry, load_registry
from qasid.stages.normalize import normalized_text

_ACRONYM = re.compile(r"^[A-Z][A-Z.+&]{1,5}$")


@dataclass(frozen=True)
class Entry:
    """What a matched string can stand for.

    ``kind``: ``person``, ``surname`` (a back-reference only), ``org``, ``metonym``,
    ``country`` (a name), ``demonym``, ``capital``, ``title`` (an office: ``role`` with the
    ``country`` it implies, or ``None`` for a generic title that needs a country next to it),
    ``place`` (a geographic name containing an actor's name, ``data/actors/places.yaml``:
    matched only so that it is not read as that actor).
    """

    kind: str
    ref: str | None
    country: str | None = None
    role: str | None = None
    exact: str | None = None  # acronyms: the original spelling must match case-sensitively


#: preference when one string names several things (shared aliases): a person named in full
#: beats an organisation, which beats a country name, and so on down to a bare title
KIND_RANK = {"person": 0, "org": 1, "country": 2, "metonym": 3, "demonym": 4, "capital": 5,
             "title": 6, "surname": 7, "place": 8}


@dataclass(frozen=True)
class Gazetteer:
    automaton: ahocorasick.Automaton

    def entries(self, key: str) -> tuple[Entry, ...]:
        return self.automaton.get(key)[1]


def _add(table: dict[str, list[Entry]], alias: str, entry: Entry) -> None:
    key = normalized_text(alias).strip()
    if len(key) < 2:
        return
    if _ACRONYM.match(alias):
        entry = Entry(entry.kind, entry.ref, entry.country, entry.role, exact=alias)
    bucket = table.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


def _entries_for(reg: Registry, lang: str) -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = {}
    for p in reg.people.values():
        for a in p.aliases[lang]:
            _add(table, a, Entry("person", p.id, p.country))
        for a in p.surnames[lang]:
            _add(table, a, Entry("surname", p.id, p.country))
    for o in reg.organisations.values():
        code = o.code or o.country
        for a in o.aliases[lang]:
            _add(table, a, Entry("org", o.id, code))
        for a in o.metonyms[lang]:
            _add(table, a, Entry("metonym", o.id, code))
    for c in reg.countries.values():
        for a in c.names[lang]:
            _add(table, a, Entry("country", c.iso3, c.iso3))
        for a in c.demonyms[lang]:
            _add(table, a, Entry("demonym", c.iso3, c.iso3))
        for a in c.capitals[lang]:
            _add(table, a, Entry("capital", c.iso3, c.iso3))
    # places whose names contain an actor's ("دریای عمان"): matched so that the longer
    # place name wins over the country inside it, and then reported as nobody
    for place in yaml_data("actors/places.yaml").get("places") or ():
        for a in (place.get("aliases") or {}).get(lang) or ():
            _add(table, a, Entry("place", place["id"]))
    for r in reg.roles.values():
        for t in r.titles[lang]:
            if "{" not in t:
                _add(table, t, Entry("title", None, r.country_specific, r.id))
        for code, titles in r.country_titles.items():
            for t in titles[lang]:
                if "{" not in t:
                    _add(table, t, Entry("title", None, code, r.id))
    return table


@cache
def gazetteer(lang: str) -> Gazetteer:
    """The automaton for paragraphs in ``lang``: its own aliases plus the English ones (Latin
    names inside Persian/Arabic text)."""
    reg = load_registry()
    table: dict[str, list[Entry]] = {}
    for source_lang in {lang if lang in LANGS else "en", "en"}:
        for key, entries in _entries_for(reg, source_lang).items():
            bucket = table.setdefault(key, [])
            bucket.extend(e for e in entries if e not in bucket)
    auto = ahocorasick.Automaton()
    for key, entries in table.items():
        auto.add_word(key, (key, tuple(sorted(entries, key=lambda e: KIND_RANK[e.kind]))))
    auto.make_automaton()
    return Gazetteer(auto)
