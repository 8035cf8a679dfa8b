"""Helpers shared by the extraction rule tests: run extraction on sentences written for the
tests (one paragraph per line) and read the FORMAT.md scoring keys of its events."""

from __future__ import annotations

from typing import Any

from qasid.stages.extract import extract_document


def extract(text: str, lang: str, published: str | None = "2025-05-10") -> dict[str, Any]:
    """Extraction over ``text`` with every non-blank line a body paragraph in ``lang``."""
    paras, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            paras.append((pos, pos + len(line), lang))
        pos += len(line) + 1
    return extract_document(text, paras, lang=lang, published=published)


def event_keys(ex: dict[str, Any], *, undirected_consult: bool = True) -> set[tuple[Any, ...]]:
    """``(type, source, target)`` per event; a MEDIATE's target is its parties, and a CONSULT
    is an unordered pair when ``undirected_consult`` (as FORMAT.md scores it)."""
    out: set[tuple[Any, ...]] = set()
    for e in ex["events"]:
        if e["type"] == "MEDIATE":
            out.add((e["type"], e["source"], tuple(e["parties"])))
        elif e["type"] == "CONSULT" and undirected_consult:
            out.add((e["type"], *sorted((str(e["source"]), str(e["target"])))))
        else:
            out.add((e["type"], e["source"], e["target"]))
    return out
