"""Validate the actor knowledge base in ``src/qasid/data/actors/`` (the schema of hand-edited data).

The four YAML files are edited by hand (see ``src/qasid/data/actors/README.md``), so this module is
their schema: ids, codes, dates and the alias rules a matcher relies on are checked here, and every
failure names the entry and the offending string.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from qasid.resources import read_text, yaml_data
from qasid.stages.normalize import normalize

LANGS = ("en", "fa", "ar")
FILES = {
    "people.yaml": "people",
    "organizations.yaml": "organizations",
    "countries.yaml": "countries",
    "roles.yaml": "roles",
}

PERSON_REQUIRED = {"id", "name", "type", "country", "aliases", "roles"}
PERSON_OPTIONAL = {"wikidata", "also", "surnames", "ambiguous_surname", "shared_aliases", "note"}
ORG_REQUIRED = {"id", "name", "type", "country", "aliases"}
ORG_OPTIONAL = {
    "code",
    "wikidata",
    "also",
    "metonyms",
    "shared_aliases",
    "parent",
    "members",
    "note",
}
ORG_TYPES = {"org", "igo", "armed group", "state body", "party"}
COUNTRY_REQUIRED = {"iso3", "iso2", "name", "un_member", "names"}
COUNTRY_OPTIONAL = {"article", "status", "demonyms", "capitals", "shared_aliases"}
ROLE_REQUIRED = {"id", "label", "titles"}
ROLE_OPTIONAL = {"country_specific", "parent", "country_labels", "country_titles", "note"}
HOLDING_REQUIRED = {"role", "country", "from", "to"}
HOLDING_OPTIONAL = {"org", "host", "acting", "portfolio", "note"}

ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WIKIDATA_RE = re.compile(r"^Q[1-9]\d*$")
IGO_CODE_RE = re.compile(r"^[A-Z][A-Z0-9+]{1,5}$")
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
ARABIC_SCRIPT_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
ARABIC_ONLY_LETTERS = "\u064a\u0643\u0649"  # ي ك ى: Persian text writes ی ک ی
PERSIAN_ONLY_LETTERS = "\u06cc\u06a9"  # ی ک: Arabic text writes ي ك


# ------------------------------------------------------------------ loading helpers


@cache
def _file(name: str) -> dict[str, Any]:
    data = yaml_data(f"actors/{name}")
    assert isinstance(data, dict), f"{name}: top level must be a mapping"
    return data


def _entries(name: str) -> list[dict[str, Any]]:
    return list(_file(name)[FILES[name]])


def people() -> list[dict[str, Any]]:
    return _entries("people.yaml")


def organizations() -> list[dict[str, Any]]:
    return _entries("organizations.yaml")


def countries() -> list[dict[str, Any]]:
    return _entries("countries.yaml")


def roles() -> list[dict[str, Any]]:
    return _entries("roles.yaml")


@cache
def iso3_codes() -> frozenset[str]:
    return frozenset(c["iso3"] for c in countries())


@cache
def igo_codes() -> frozenset[str]:
    return frozenset(o["code"] for o in organizations() if "code" in o)


def valid_code(code: object) -> bool:
    return code in iso3_codes() or code in igo_codes()


def key(text: str) -> str:
    """The matcher's view of a string: letter variants, ZWNJ, diacritics and case folded."""
    return normalize(text).text


def entry_ref(kind: str, entry: dict[str, Any]) -> str:
    return f"{kind}:{entry.get('id') or entry.get('iso3')}"


def matchable(kind: str, entry: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(field, lang, text) for every string a matcher may look up on its own."""
    if kind == "country":
        for field in ("names", "demonyms", "capitals"):
            for lang, items in (entry.get(field) or {}).items():
                for text in items:
                    yield field, lang, text
        return
    for text in entry.get("also") or []:
        yield "also", "en", text
    for field in ("aliases", "metonyms"):
        for lang, items in (entry.get(field) or {}).items():
            for text in items:
                yield field, lang, text


def all_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    for p in people():
        yield "person", p
    for o in organizations():
        yield "org", o
    for c in countries():
        yield "country", c


def check_text(text: object, lang: str, where: str, *, placeholders: bool = False) -> list[str]:
    """Problems with one alias/title string in language ``lang`` (empty list when clean)."""
    if not isinstance(text, str) or not text:
        return [f"{where}: {text!r} is not a non-empty string"]
    problems = []
    if text != text.strip() or "  " in text or "\n" in text or "\t" in text:
        problems.append(f"{where}: {text!r} has stray whitespace")
    if unicodedata.normalize("NFC", text) != text:
        problems.append(f"{where}: {text!r} is not NFC")
    if "\u200c\u200c" in text or text.startswith("\u200c") or text.endswith("\u200c"):
        problems.append(f"{where}: {text!r} has a misplaced ZWNJ")
    if lang != "fa" and "\u200c" in text:
        problems.append(f"{where}: ZWNJ belongs to Persian, not to {lang} {text!r}")
    body = PLACEHOLDER_RE.sub("", text) if placeholders else text
    if lang == "en":
        if not LATIN_RE.search(body) or ARABIC_SCRIPT_RE.search(body):
            problems.append(f"{where}: English {text!r} must be in Latin script")
    else:
        if not ARABIC_SCRIPT_RE.search(body) or LATIN_RE.search(body):
            problems.append(f"{where}: {lang} {text!r} must be in Arabic script only")
        banned = ARABIC_ONLY_LETTERS if lang == "fa" else PERSIAN_ONLY_LETTERS
        if any(ch in banned for ch in body):
            problems.append(f"{where}: {lang} {text!r} uses the other language's letters")
    return problems


def check_lang_lists(
    value: object, where: str, *, required: tuple[str, ...] = LANGS, placeholders: bool = False
) -> list[str]:
    """A ``{en: [...], fa: [...], ar: [...]}`` mapping: keys, non-empty lists, clean strings."""
    if not isinstance(value, dict):
        return [f"{where}: must be a mapping of language -> list"]
    problems = []
    unknown = set(value) - set(LANGS)
    if unknown:
        problems.append(f"{where}: unknown languages {sorted(unknown)}")
    for lang in required:
        if lang not in value:
            problems.append(f"{where}: missing {lang}")
    for lang, items in value.items():
        if not isinstance(items, list) or not items:
            problems.append(f"{where}.{lang}: must be a non-empty list")
            continue
        for text in items:
            problems += check_text(text, str(lang), f"{where}.{lang}", placeholders=placeholders)
    return problems


def parse_date(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO-like ``YYYY[-MM[-DD]]`` date may mean."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


# ------------------------------------------------------------------ files and meta


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_loads_with_meta_header(name: str) -> None:
    read_text(f"actors/{name}")  # reachable through importlib.resources
    data = _file(name)
    assert set(data) == {"meta", FILES[name]}, f"{name}: top-level keys {sorted(data)}"
    meta = data["meta"]
    assert isinstance(meta, dict)
    for field in ("source", "date", "license", "known_gaps"):
        assert meta.get(field), f"{name}: meta.{field} is missing or empty"
    assert meta["license"] == "MIT"
    assert re.fullmatch(r"\d{4}-\d{2}", str(meta["date"])), "meta.date is YYYY-MM"
    assert isinstance(meta["known_gaps"], list)
    assert isinstance(data[FILES[name]], list)
    assert data[FILES[name]], f"{name}: no entries"


def test_ids_are_snake_case_and_unique_across_files() -> None:
    seen: dict[str, str] = {}
    problems = []
    for kind, entries in (("person", people()), ("org", organizations()), ("role", roles())):
        for entry in entries:
            ident = entry.get("id")
            if not isinstance(ident, str) or not ID_RE.match(ident):
                problems.append(f"{kind} id {ident!r} is not snake_case")
                continue
            if ident in seen:
                problems.append(f"id {ident!r} is used by a {seen[ident]} and a {kind}")
            seen[ident] = kind
    assert not problems, "\n".join(problems)


def test_counts() -> None:
    assert len(people()) >= 170
    assert len(organizations()) >= 90
    assert len(countries()) >= 197
    assert len(organizations()) + len(countries()) >= 150
    assert sum(1 for c in countries() if c["un_member"] is True) == 193


# ------------------------------------------------------------------ people and organisations


def test_people_schema() -> None:
    problems = []
    for p in people():
        where = f"person {p.get('id')}"
        keys = set(p)
        if PERSON_REQUIRED - keys or keys - PERSON_REQUIRED - PERSON_OPTIONAL:
            problems.append(
                f"{where}: missing {sorted(PERSON_REQUIRED - keys)}, "
                f"unknown {sorted(keys - PERSON_REQUIRED - PERSON_OPTIONAL)}"
            )
            continue
        if p["type"] != "person":
            problems.append(f"{where}: type must be 'person'")
        if not valid_code(p["country"]):
            problems.append(f"{where}: country {p['country']!r} is neither ISO3 nor an IGO code")
        if not isinstance(p["roles"], list):
            problems.append(f"{where}: roles must be a list")
        problems += _common_actor_problems(p, where)
        problems += _surname_problems(p, where)
    assert not problems, "\n".join(problems)


def test_organizations_schema() -> None:
    problems = []
    org_ids = {o["id"] for o in organizations()}
    for o in organizations():
        where = f"org {o.get('id')}"
        keys = set(o)
        if ORG_REQUIRED - keys or keys - ORG_REQUIRED - ORG_OPTIONAL:
            problems.append(
                f"{where}: missing {sorted(ORG_REQUIRED - keys)}, "
                f"unknown {sorted(keys - ORG_REQUIRED - ORG_OPTIONAL)}"
            )
            continue
        if o["type"] not in ORG_TYPES:
            problems.append(f"{where}: type {o['type']!r} not in {sorted(ORG_TYPES)}")
        if o["country"] is None:
            if o["type"] not in {"armed group", "igo"} or "code" in o:
                problems.append(f"{where}: only transnational groups may have no country")
        elif not valid_code(o["country"]):
            problems.append(f"{where}: country {o['country']!r} is neither ISO3 nor an IGO code")
        if "code" in o:
            if o["type"] != "igo" or not IGO_CODE_RE.match(str(o["code"])):
                problems.append(f"{where}: code {o['code']!r} must be an IGO's upper-case code")
            if o["country"] != o["code"]:
                problems.append(f"{where}: an IGO's country must be its own code")
        if "parent" in o and (o["parent"] not in org_ids or o["parent"] == o["id"]):
            problems.append(f"{where}: parent {o['parent']!r} is not another organisation")
        for member in o.get("members", []):
            if member not in iso3_codes():
                problems.append(f"{where}: member {member!r} is not an ISO3 code")
        if "metonyms" in o:
            problems += check_lang_lists(o["metonyms"], f"{where}.metonyms", required=())
        problems += _common_actor_problems(o, where)
    assert not problems, "\n".join(problems)


def _common_actor_problems(entry: dict[str, Any], where: str) -> list[str]:
    problems = []
    name = entry["name"]
    if not isinstance(name, str) or not name.strip() or "(" in name or ")" in name:
        problems.append(f"{where}: name {name!r} must be a Wikipedia title without qualifier")
    else:
        problems += check_text(name, "en", f"{where}.name")
    if "wikidata" in entry and not WIKIDATA_RE.match(str(entry["wikidata"])):
        problems.append(f"{where}: wikidata {entry['wikidata']!r} is not a Q-id")
    also = entry.get("also", [])
    if not isinstance(also, list):
        problems.append(f"{where}: also must be a list")
    else:
        for text in also:
            problems += check_text(text, "en", f"{where}.also")
            if text == name:
                problems.append(f"{where}: also repeats the name {text!r}")
    problems += check_lang_lists(entry["aliases"], f"{where}.aliases")
    return problems


def _surname_problems(p: dict[str, Any], where: str) -> list[str]:
    problems = []
    flag = p.get("ambiguous_surname")
    if (
        flag is not None
        and flag is not True
        and not (isinstance(flag, list) and flag and set(flag) <= set(LANGS))
    ):
        problems.append(f"{where}: ambiguous_surname must be true or a list of languages")
    surnames = p.get("surnames")
    if surnames is not None:
        problems += check_lang_lists(surnames, f"{where}.surnames", required=())
        if flag is None:
            problems.append(f"{where}: surnames are listed but ambiguous_surname is not set")
        if isinstance(surnames, dict):
            for lang, items in surnames.items():
                listed = {key(a) for a in p["aliases"].get(lang, [])}
                for text in items if isinstance(items, list) else []:
                    if key(text) in listed:
                        problems.append(f"{where}: surname {text!r} is also an alias")
    return problems


def test_name_and_country_pairs_are_unique() -> None:
    seen: dict[tuple[str, object], str] = {}
    problems = []
    for kind, entry in all_entries():
        if kind == "country":
            continue
        pair = (entry["name"], entry["country"])
        if pair in seen:
            problems.append(f"{pair} is both {seen[pair]} and {entry['id']}")
        seen[pair] = entry["id"]
    assert not problems, "\n".join(problems)


def test_igo_codes_are_unique_and_distinct_from_iso3() -> None:
    codes = [o["code"] for o in organizations() if "code" in o]
    assert len(codes) == len(set(codes))
    assert not set(codes) & iso3_codes()
    for needed in ("IAEA", "UN", "EU"):  # the codes FORMAT.md names
        assert needed in codes


# ------------------------------------------------------------------ roles and their holders


def test_roles_schema() -> None:
    problems = []
    role_ids = {r["id"] for r in roles()}
    for r in roles():
        where = f"role {r.get('id')}"
        keys = set(r)
        if ROLE_REQUIRED - keys or keys - ROLE_REQUIRED - ROLE_OPTIONAL:
            problems.append(
                f"{where}: missing {sorted(ROLE_REQUIRED - keys)}, "
                f"unknown {sorted(keys - ROLE_REQUIRED - ROLE_OPTIONAL)}"
            )
            continue
        label_slots = set(PLACEHOLDER_RE.findall(str(r["label"])))
        if not isinstance(r["label"], str) or label_slots - {"country", "host", "org"}:
            problems.append(f"{where}: label {r['label']!r} has unknown placeholders")
        problems += check_lang_lists(r["titles"], f"{where}.titles", placeholders=True)
        for items in r["titles"].values():
            for text in items:
                if set(PLACEHOLDER_RE.findall(text)) - {"country", "host"}:
                    problems.append(f"{where}: title {text!r} has an unknown placeholder")
        if "country_specific" in r and not valid_code(r["country_specific"]):
            problems.append(f"{where}: country_specific {r['country_specific']!r} is unknown")
        if "parent" in r and (r["parent"] not in role_ids or r["parent"] == r["id"]):
            problems.append(f"{where}: parent {r['parent']!r} is not another role")
        for code, label in (r.get("country_labels") or {}).items():
            if not valid_code(code) or not isinstance(label, str) or not label:
                problems.append(f"{where}: country_labels[{code!r}] is invalid")
        for code, titles in (r.get("country_titles") or {}).items():
            if not valid_code(code):
                problems.append(f"{where}: country_titles key {code!r} is unknown")
            problems += check_lang_lists(titles, f"{where}.country_titles.{code}", required=())
    assert not problems, "\n".join(problems)


def test_role_parents_have_no_cycles() -> None:
    parent = {r["id"]: r.get("parent") for r in roles()}
    for start, first in parent.items():
        seen = {start}
        node = first
        while node is not None:
            assert node not in seen, f"role parent cycle through {start!r}"
            seen.add(node)
            node = parent.get(node)


def test_role_titles_are_unique() -> None:
    """A title phrase (as folded) belongs to one role, and a role lists it once."""
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in roles():
        for lang, items in r["titles"].items():
            for text in items:
                owners[(lang, key(text))].append(r["id"])
        for code, titles in (r.get("country_titles") or {}).items():
            for lang, items in titles.items():
                for text in items:
                    owners[(lang, key(text))].append(f"{r['id']}[{code}]")
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes, "\n".join(f"{k}: {v}" for k, v in clashes.items())


def test_role_holdings_reference_known_roles_codes_and_dates() -> None:
    role_by_id = {r["id"]: r for r in roles()}
    org_ids = {o["id"] for o in organizations()}
    problems = []
    for p in people():
        for i, h in enumerate(p["roles"]):
            where = f"person {p['id']} roles[{i}]"
            if not isinstance(h, dict):
                problems.append(f"{where}: must be a mapping")
                continue
            keys = set(h)
            if HOLDING_REQUIRED - keys or keys - HOLDING_REQUIRED - HOLDING_OPTIONAL:
                problems.append(
                    f"{where}: missing {sorted(HOLDING_REQUIRED - keys)}, "
                    f"unknown {sorted(keys - HOLDING_REQUIRED - HOLDING_OPTIONAL)}"
                )
                continue
            role = role_by_id.get(h["role"])
            if role is None:
                problems.append(f"{where}: role {h['role']!r} is not in roles.yaml")
                continue
            if not valid_code(h["country"]):
                problems.append(f"{where}: country {h['country']!r} is unknown")
            specific = role.get("country_specific")
            if specific is not None and h["country"] != specific:
                problems.append(f"{where}: {h['role']} belongs to {specific}, not {h['country']}")
            slots = set(PLACEHOLDER_RE.findall(role["label"]))
            if "org" in slots and "org" not in h:
                problems.append(f"{where}: {h['role']} needs the org it is held in")
            if "org" in h and h["org"] not in org_ids:
                problems.append(f"{where}: org {h['org']!r} is not in organizations.yaml")
            if ("host" in slots) != ("host" in h):
                problems.append(f"{where}: host is required exactly when the label has {{host}}")
            if "host" in h and h["host"] not in iso3_codes():
                problems.append(f"{where}: host {h['host']!r} is not an ISO3 code")
            if "acting" in h and h["acting"] is not True:
                problems.append(f"{where}: acting is either absent or true")
            problems += _date_problems(h, where)
    assert not problems, "\n".join(problems)


def _date_problems(h: dict[str, Any], where: str) -> list[str]:
    problems = []
    spans = []
    for field in ("from", "to"):
        value = h[field]
        if value is None and field == "to":
            continue
        if not isinstance(value, str) or not DATE_RE.match(value):
            problems.append(f"{where}: {field} {value!r} must be a quoted YYYY[-MM[-DD]] string")
            continue
        try:
            spans.append(parse_date(value))
        except ValueError:
            problems.append(f"{where}: {field} {value!r} is not a real date")
    if len(spans) == 2 and spans[0][0] > spans[1][1]:
        problems.append(f"{where}: from {h['from']} is after to {h['to']}")
    if spans and spans[-1][0] > dt.date(2026, 11, 30):
        problems.append(f"{where}: date after the data's 2026-11 horizon")
    return problems


def test_same_office_spans_of_one_person_do_not_overlap() -> None:
    problems = []
    for p in people():
        spans = defaultdict(list)
        for h in p["roles"]:
            office = (h["role"], h["country"], h.get("org"), h.get("host"), h.get("portfolio"))
            start = parse_date(h["from"])[0]
            end = parse_date(h["to"])[1] if h["to"] else dt.date.max
            spans[office].append((start, end))
        for office, items in spans.items():
            items.sort()
            for (_, end), (start, _) in itertools.pairwise(items):
                if start < end:
                    problems.append(f"person {p['id']}: overlapping spans for {office}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ countries


def test_countries_schema() -> None:
    problems = []
    iso2 = [c.get("iso2") for c in countries()]
    iso3 = [c.get("iso3") for c in countries()]
    for codes, label in ((iso2, "iso2"), (iso3, "iso3")):
        dupes = {c for c in codes if codes.count(c) > 1}
        if dupes:
            problems.append(f"duplicate {label} codes {sorted(map(str, dupes))}")
    for c in countries():
        where = f"country {c.get('iso3')}"
        keys = set(c)
        if COUNTRY_REQUIRED - keys or keys - COUNTRY_REQUIRED - COUNTRY_OPTIONAL:
            problems.append(
                f"{where}: missing {sorted(COUNTRY_REQUIRED - keys)}, "
                f"unknown {sorted(keys - COUNTRY_REQUIRED - COUNTRY_OPTIONAL)}"
            )
            continue
        if not re.fullmatch(r"[A-Z]{3}", str(c["iso3"])):
            problems.append(f"{where}: iso3 must be three capitals")
        if not isinstance(c["iso2"], str) or not re.fullmatch(r"[A-Z]{2}", c["iso2"]):
            problems.append(f"{where}: iso2 {c['iso2']!r} must be a quoted two-letter string")
        if not isinstance(c["un_member"], bool):
            problems.append(f"{where}: un_member must be true or false")
        if not c["un_member"] and not c.get("status"):
            problems.append(f"{where}: a non-member needs a status")
        if c.get("article", "the") != "the":
            problems.append(f"{where}: article may only be 'the'")
        problems += check_lang_lists(c["names"], f"{where}.names")
        if c["name"] not in c["names"].get("en", []):
            problems.append(f"{where}: name {c['name']!r} is not among names.en")
        for field in ("demonyms", "capitals"):
            if field in c:
                problems += check_lang_lists(c[field], f"{where}.{field}", required=())
    assert not problems, "\n".join(problems)


def test_key_countries_have_full_coverage() -> None:
    full = (
        "IRN", "USA", "RUS", "CHN", "GBR", "FRA", "DEU", "OMN", "QAT", "SAU", "ARE", "TUR",
        "EGY", "IRQ", "ISR", "PSE", "LBN", "SYR", "JOR", "YEM", "CHE", "PAK", "KWT", "BHR",
    )  # fmt: skip
    # Capitals written like the country (الكويت) or like a common word (Persian امان) are omitted.
    capital_gaps = {"KWT": {"fa", "ar"}, "JOR": {"fa"}}
    by_code = {c["iso3"]: c for c in countries()}
    for code in sorted(full):
        entry = by_code[code]
        for field in ("demonyms", "capitals"):
            missing = {lang for lang in LANGS if lang not in entry.get(field, {})}
            if field == "capitals":
                missing -= capital_gaps.get(code, set())
            assert not missing, f"{code}.{field} lacks {sorted(missing)}"


# ------------------------------------------------------------------ aliases across the files


def test_no_duplicate_aliases_within_an_entry() -> None:
    problems = []
    for kind, entry in all_entries():
        seen: dict[tuple[str, str], str] = {}
        for field, lang, text in matchable(kind, entry):
            if field == "also":
                continue  # `also` restates Wikipedia spellings; aliases.en may repeat them
            k = (lang, key(text))
            if k in seen:
                problems.append(
                    f"{entry_ref(kind, entry)}: {text!r} repeats {seen[k]!r} "
                    f"(same string once folded)"
                )
            seen[k] = text
    assert not problems, "\n".join(problems)


def test_aliases_point_to_one_entry_unless_both_mark_them_shared() -> None:
    """The collision rule: a string (as the matcher folds it) names one entry across all files.

    When it truly names two (Arabic عمان is Oman and, without vowel marks, Amman), every entry that
    lists it must also list it under ``shared_aliases``, so the matcher knows to disambiguate.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, set[str]] = defaultdict(set)
    problems = []
    for kind, entry in all_entries():
        ref = entry_ref(kind, entry)
        listed = {key(text) for _, _, text in matchable(kind, entry)}
        for _, _, text in matchable(kind, entry):
            owners[key(text)].add(ref)
        for text in entry.get("shared_aliases", []):
            if key(text) not in listed:
                problems.append(f"{ref}: shared alias {text!r} is not one of its own strings")
            shared[key(text)].add(ref)
    for folded, refs in sorted(owners.items()):
        if len(refs) > 1 and not refs <= shared[folded]:
            problems.append(
                f"{folded!r} is listed by {sorted(refs)}; unmarked: {sorted(refs - shared[folded])}"
            )
    for folded, refs in shared.items():
        if len(owners[folded]) < 2:
            problems.append(f"{sorted(refs)}: {folded!r} is marked shared but only one lists it")
    assert not problems, "\n".join(problems)


def test_gold_actors_exist_in_the_knowledge_base() -> None:
    """Every actor of the bundled gold annotations resolves to an entry with the same country."""
    gold = Path(__file__).resolve().parents[1] / "examples" / "gold" / "seeds.jsonl"
    if not gold.exists():
        pytest.skip("examples/gold/seeds.jsonl is not in this checkout")
    known: dict[str, set[object]] = defaultdict(set)
    for _, entry in all_entries():
        if "name" in entry and "id" in entry:
            for spelling in [entry["name"], *entry.get("also", [])]:
                known[spelling].add(entry["country"])
    problems = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for actor in record["actors"]:
            if actor["country"] not in known.get(actor["name"], set()):
                problems.append(f"{record['doc']}: {actor['name']} ({actor['country']})")
    assert not problems, "gold actors missing from the KB:\n" + "\n".join(problems)


# ------------------------------------------------------------------ the checks themselves


@pytest.mark.parametrize(
    ("text", "lang", "placeholders", "clean"),
    [
        ("عباس عراقچی", "fa", False, True),  # Persian letters in Persian
        ("عباس عراقجي", "fa", False, False),  # Arabic yeh in a Persian alias
        ("عباس عراقجي", "ar", False, True),  # Arabic letters in Arabic
        ("وزير خارجيه ایران", "ar", False, False),  # Persian yeh in an Arabic alias
        ("Araghchi", "fa", False, False),  # Latin in a Persian list
        ("عراقچی", "en", False, False),  # Arabic script in an English list
        (" Araghchi", "en", False, False),  # stray space
        ("Abbas  Araghchi", "en", False, False),  # double space
        ("\u200cخامنه‌ای", "fa", False, False),  # leading ZWNJ
        ("نماینده دائم {country} در سازمان ملل", "fa", True, True),  # placeholder is not Latin
        ("نماینده دائم {country} در سازمان ملل", "fa", False, False),  # ...unless not a title
    ],
    ids=["fa-ok", "fa-arabic-yeh", "ar-ok", "ar-persian-yeh", "fa-latin", "en-arabic",
         "en-leading-space", "en-double-space", "fa-leading-zwnj", "title-placeholder",
         "alias-braces"],
)  # fmt: skip
def test_check_text_rules(text: str, lang: str, placeholders: bool, clean: bool) -> None:
    assert (not check_text(text, lang, "t", placeholders=placeholders)) is clean


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [("2024-08-21", "2024-08-21", "2024-08-21"), ("2024-02", "2024-02-01", "2024-02-29"),
     ("2023-12", "2023-12-01", "2023-12-31"), ("2019", "2019-01-01", "2019-12-31")],
    ids=["day", "leap-month", "december", "year"],
)  # fmt: skip
def test_coarse_dates_cover_their_whole_period(value: str, first: str, last: str) -> None:
    assert parse_date(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_folding_key_matches_the_normaliser() -> None:
    # The collision and duplicate rules compare what the matcher compares.
    assert key("خامنه‌ای") == key("خامنهای") == key("خامنه ای")
    assert key("عراقجي") == key("عراقجی")
    assert key("خامنئي") != key("خامنه‌ای")  # genuinely different spellings stay apart
