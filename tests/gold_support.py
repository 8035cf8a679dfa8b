"""Shared checks for the gold files of the written corpora (tests/corpus, tests/corpus_holdout):
the FORMAT.md vocabulary and the actor registry's names and codes."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "src" / "qasid" / "data" / "actors"

EVENT_TYPES = {
    "INTENT_TALKS", "REFUSE_TALKS", "APPEAL_TALKS", "DEMAND", "CONSULT", "MEDIATE",
    "REQUEST_MEDIATION", "REJECT", "DENY", "ACCUSE", "THREATEN", "ATTACK",
}
MODES = {"direct", "indirect"}
MEDIA = {"phone", "visit", "meeting", "text messages", "letter"}
LANGS = {"fa", "ar", "en"}
REQUIRED = ("doc", "lang", "published", "content_lines", "noise_lines", "actors", "countries",
            "quotes", "events")
ACTOR_TYPES = {"person", "org", "igo", "armed group"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def load_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@cache
def registry_names() -> frozenset[str]:
    """Every canonical name and accepted spelling of people and organisations."""
    names: set[str] = set()
    for fname, key in (("people.yaml", "people"), ("organizations.yaml", "organizations")):
        data = yaml.safe_load((REGISTRY / fname).read_text(encoding="utf-8"))
        for entry in data[key]:
            names.add(entry["name"])
            names.update(entry.get("also") or [])
    return frozenset(names)


@cache
def codes() -> tuple[frozenset[str], frozenset[str]]:
    """ISO3 codes of countries.yaml and IGO codes of organizations.yaml."""
    countries = yaml.safe_load((REGISTRY / "countries.yaml").read_text(encoding="utf-8"))
    orgs = yaml.safe_load((REGISTRY / "organizations.yaml").read_text(encoding="utf-8"))
    iso3 = frozenset(c["iso3"] for c in countries["countries"])
    igo = frozenset(o["code"] for o in orgs["organizations"] if o.get("code"))
    return iso3, igo


def valid_code(code: str) -> bool:
    iso3, igo = codes()
    return (bool(ISO3.match(code)) and code in iso3) or code in igo


def actor_names(rec: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for a in rec["actors"]:
        names.add(a["name"])
        names.update(a.get("also") or [])
    return names


def check_record_shape(rec: dict[str, Any], articles: Path) -> None:
    """Required keys, an existing article named after its language, an ISO date or null."""
    for key in REQUIRED:
        assert key in rec, key
    assert (articles / rec["doc"]).is_file()
    assert rec["lang"] in LANGS
    assert rec["doc"].startswith(rec["lang"] + "_")
    pub = rec["published"]
    assert pub is None or ISO_DATE.match(pub), pub


def check_article_encoding(path: Path) -> None:
    """UTF-8 without BOM, LF line endings: the offsets of the gold depend on it."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line endings"
    raw.decode("utf-8")


def check_line_numbers(rec: dict[str, Any], lines: list[str]) -> None:
    """Content and noise lines: 1-based, in range, disjoint, listed once; some content."""
    content, noise = rec["content_lines"], rec["noise_lines"]
    assert content, "an article has content"
    for ln in content + noise:
        assert isinstance(ln, int)
        assert 1 <= ln <= len(lines), ln
    assert not set(content) & set(noise), "content and noise are disjoint"
    assert len(set(content)) == len(content)
    assert len(set(noise)) == len(noise)
