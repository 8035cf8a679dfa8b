"""The actor knowledge base (``qasid/data/actors``) as immutable Python records.

Loaded once per process. Only this module knows the YAML layout; the matcher and the
resolvers work on the records below. See ``qasid/data/actors/README.md`` for the data format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from qasid.errors import ResourceError
from qasid.resources import yaml_data

LANGS = ("fa", "ar", "en")


@dataclass(frozen=True)
class Tenure:
    role: str
    country: str
    start: str | None
    end: str | None
    org: str | None = None
    host: str | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        """Whether the tenure covers ``day``; ``None`` means "now" (an open-ended tenure)."""
        if day is None:
            return self.end is None
        lo = _bound(self.start, low=True)
        hi = _bound(self.end, low=False)
        return (lo is None or lo <= day) and (hi is None or day <= hi)


def _bound(value: str | None, *, low: bool) -> dt.date | None:
    """A (possibly coarse) ISO date as the first or last day it can mean."""
    if not value:
        return None
    parts = [int(x) for x in str(value).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1) if low else dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        if low:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    country: str
    also: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    surnames: dict[str, tuple[str, ...]]
    tenures: tuple[Tenure, ...]


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    type: str
    country: str | None
    code: str | None
    also: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    metonyms: dict[str, tuple[str, ...]]

    @property
    def export_type(self) -> str:
        """FORMAT.md's actor type: state bodies and parties are ``org``."""
        return self.type if self.type in ("igo", "armed group") else "org"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    article: str | None
    names: dict[str, tuple[str, ...]]
    demonyms: dict[str, tuple[str, ...]]
    capitals: dict[str, tuple[str, ...]]

    @property
    def display(self) -> str:
        return f"{self.article} {self.name}" if self.article else self.name


@dataclass(frozen=True)
class RoleDef:
    id: str
    label: str
    country_specific: str | None
    parent: str | None
    titles: dict[str, tuple[str, ...]]
    country_titles: dict[str, dict[str, tuple[str, ...]]]
    country_labels: dict[str, str]


@dataclass(frozen=True)
class Registry:
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    countries: dict[str, Country]
    roles: dict[str, RoleDef]
    igo_codes: dict[str, str] = field(default_factory=dict)  # code -> organisation id

    def holders(self, role: str, country: str, day: dt.date | None) -> list[Person]:
        """People holding ``role`` (or one of its child roles) for ``country`` on ``day``."""
        key = (role, country, day)
        cached = _HOLDERS.get((id(self), key))
        if cached is not None:
            return list(cached)
        found = self._holders(role, country, day)
        if len(_HOLDERS) > 10_000:
            _HOLDERS.clear()
        _HOLDERS[(id(self), key)] = tuple(found)
        return found

    def _holders(self, role: str, country: str, day: dt.date | None) -> list[Person]:
        wanted = {role} | {r.id for r in self.roles.values() if r.parent == role}
        out: list[Person] = []
        for r in wanted:
            for p, t in _tenure_index(self).get((r, country), ()):
                if t.holds_on(day) and p not in out:
                    out.append(p)
        return out

    def role_label(self, person: Person, day: dt.date | None) -> str | None:
        """The English label of the person's office on ``day`` (the latest one if unknown)."""
        current = [t for t in person.tenures if t.holds_on(day)] if day else []
        pool = current or sorted(person.tenures, key=lambda t: t.start or "", reverse=True)
        for t in pool:
            role = self.roles.get(t.role)
            if role is None:
                continue
            if t.country in role.country_labels:
                return role.country_labels[t.country]
            country = self.countries.get(t.country)
            org = self.organisations.get(t.org) if t.org else None
            igo = self.organisations.get(self.igo_codes.get(t.country, ""))
            where = country.display if country else (igo.name if igo else t.country)
            return role.label.format(country=where, org=org.name if org else where,
                                     host=t.host or "")
        return None

    def country_name(self, code: str) -> str:
        c = self.countries.get(code)
        if c:
            return c.name
        org = self.organisations.get(self.igo_codes.get(code, ""))
        return org.name if org else code


#: (registry id, (role, country, day)) -> holders; titles repeat across documents of a day
_HOLDERS: dict[tuple[int, tuple[str, str, dt.date | None]], tuple[Person, ...]] = {}


_TENURES: dict[int, dict[tuple[str, str], list[tuple[Person, Tenure]]]] = {}


def _tenure_index(reg: Registry) -> dict[tuple[str, str], list[tuple[Person, Tenure]]]:
    """(role, country) -> tenures, built once per registry."""
    idx = _TENURES.get(id(reg))
    if idx is None:
        idx = {}
        for p in reg.people.values():
            for t in p.tenures:
                idx.setdefault((t.role, t.country), []).append((p, t))
        _TENURES[id(reg)] = idx
    return idx


def _per_lang(value: Any) -> dict[str, tuple[str, ...]]:
    value = value or {}
    if not isinstance(value, dict):
        raise ResourceError(f"expected a mapping of languages, got {value!r}", code="E210")
    return {lang: tuple(str(x) for x in value.get(lang) or ()) for lang in LANGS}


@cache
def load_registry() -> Registry:
    """Read the four actor files once."""
    people = {}
    for p in yaml_data("actors/people.yaml")["people"]:
        tenures = tuple(
            Tenure(t["role"], t["country"], t.get("from"), t.get("to"), t.get("org"),
                   t.get("host"))
            for t in p.get("roles") or ()
        )
        people[p["id"]] = Person(p["id"], p["name"], p["country"], tuple(p.get("also") or ()),
                                 _per_lang(p.get("aliases")), _per_lang(p.get("surnames")),
                                 tenures)
    orgs = {}
    codes = {}
    for o in yaml_data("actors/organizations.yaml")["organizations"]:
        orgs[o["id"]] = Organisation(o["id"], o["name"], o["type"], o.get("country"),
                                     o.get("code"), tuple(o.get("also") or ()),
                                     _per_lang(o.get("aliases")), _per_lang(o.get("metonyms")))
        if o.get("code"):
            codes[o["code"]] = o["id"]
    countries = {
        c["iso3"]: Country(c["iso3"], c["name"], c.get("article"), _per_lang(c.get("names")),
                           _per_lang(c.get("demonyms")), _per_lang(c.get("capitals")))
        for c in yaml_data("actors/countries.yaml")["countries"]
    }
    roles = {}
    for r in yaml_data("actors/roles.yaml")["roles"]:
        ct = {code: _per_lang(v) for code, v in (r.get("country_titles") or {}).items()}
        roles[r["id"]] = RoleDef(r["id"], r["label"], r.get("country_specific"), r.get("parent"),
                                 _per_lang(r.get("titles")), ct,
                                 dict(r.get("country_labels") or {}))
    return Registry(people, orgs, countries, roles, codes)
