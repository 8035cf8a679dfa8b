"""FORMAT.md export records (JSONL and CSV) from stored documents.

The record is the contract with anyone who scores qasid: the required keys come first and are
always present (extraction fields empty until extraction has run); everything else is extra.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from qasid.errors import ConfigError

FORMATS = ("jsonl", "csv")

CSV_COLUMNS = (
    "doc", "id", "lang", "published", "title", "url", "source", "content_type", "encoding",
    "body", "n_body_chars", "duplicate_of", "actors", "countries", "quotes", "events",
)


def export_record(doc: Any) -> dict[str, Any]:
    """One FORMAT.md record for a stored document."""
    body = [[int(s), int(e)] for s, e in doc.body]
    dups = [d.to_dict() if hasattr(d, "to_dict") else d for d in getattr(doc, "duplicates", ())]
    extraction = getattr(doc, "extraction", None) or {}
    return {
        "doc": doc.name,
        "lang": doc.lang,
        "published": doc.published,
        "body": body,
        "actors": extraction.get("actors", []),
        "countries": extraction.get("countries", []),
        "quotes": extraction.get("quotes", []),
        "events": extraction.get("events", []),
        # extras
        "id": doc.id,
        "locator": doc.locator,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "content_type": doc.content_type,
        "encoding": doc.encoding,
        "dates": [d.__dict__ if hasattr(d, "__dict__") else d for d in doc.dates],
        "duplicates": dups,
        "text": doc.text,
    }


def write_records(docs: Iterable[Any], fh: IO[str], fmt: str = "jsonl") -> int:
    """Write one record per document; returns how many were written."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})",
                          code="E410")
    n = 0
    if fmt == "jsonl":
        for rec in _records(docs):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for rec in _records(docs):
        dup_of = next((d.get("dup_of") for d in rec["duplicates"]
                       if d.get("doc_id") == rec["id"]), None)
        row = {k: rec.get(k) for k in CSV_COLUMNS}
        row.update(
            body=json.dumps(rec["body"]),
            n_body_chars=sum(e - s for s, e in rec["body"]),
            duplicate_of=dup_of,
            actors=json.dumps(rec["actors"], ensure_ascii=False),
            countries=";".join(rec["countries"]),
            quotes=json.dumps(rec["quotes"], ensure_ascii=False),
            events=json.dumps(rec["events"], ensure_ascii=False),
        )
        writer.writerow(row)
        n += 1
    return n


def _records(docs: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for d in docs:
        yield export_record(d)
