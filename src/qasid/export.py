"""Exports: FORMAT.md document records (JSONL, CSV, Parquet) and event rows (PLOVER-JSON, JSONL,
CSV, Parquet).

The document record is the contract with anyone who scores qasid: the required keys come first
and are always present (extraction fields empty until extraction has run); everything else is
extra. Event exports serve analysts who work with event data rather than documents: one row per
coded event, filtered like ``qasid events``, each with the evidence text it rests on.

Parquet (document level) uses a nested schema rather than JSON strings, so DuckDB, Polars or
pandas can unnest ``events``/``quotes``/``actors`` and query typed columns directly:

=============  ==============================================================================
column         type
=============  ==============================================================================
doc, id, ...   string scalars (``doc lang published title url source locator content_type
               encoding text``)
body           list<struct<start: int64, end: int64>> (FORMAT.md ``[[s, e], ...]``)
n_body_chars   int64
countries      list<string>
actors         list<struct<name type country role id: string, mentions start end: int64,
               by_role: bool, extra: string>>
quotes         list<struct<speaker speaker_id lang text how: string, start end: int64,
               extra: string>>
events         list<struct<type source target: string, parties: list<string>, source_actor
               target_actor mode via medium date claimed_by: string, conditions: list<string>,
               cameo plover plover_mode: string, start end: int64, trigger: list<int64>,
               text: string, negated in_quote: bool, extra: string>>
dates          list<struct<iso calendar kind: string, start end: int64>>
duplicates     list<struct<doc_id dup_of kind: string, similarity: double, detected_at: string>>
=============  ==============================================================================

``extra`` holds, as a JSON object, any key of an item the schema does not name (null when there
is none), so a new extractor field is never silently lost. Event-level Parquet is flat: the
columns of :data:`EVENT_COLUMNS`, ``parties`` and ``conditions`` as lists.

PLOVER-JSON follows the field names of the PLOVER codebook's "Data Fields" chapter (2021 and
later): ``id``, ``date``, ``actor``/``recipient`` (lists of entity objects with ``code``,
``identifier_text``, ``entity_text``, ``office``), ``event`` (list of PLOVER categories),
``mode``, ``context``, ``event_loc``, ``event_text``, ``text_info`` (character span),
``quad_code``, ``cite_info`` (document, title, language, URL, codebook, coder) and ``comment``;
qasid-specific facts go in extra fields, as the codebook invites: ``event_date`` (the event's own
date, possibly ``YYYY-MM``), ``story_date`` (publication), ``date_source``, ``intermediary``,
``document`` and ``qasid`` (type, CAMEO, direct/indirect mode, medium, via, claim, conditions).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, Any

from qasid.errors import ConfigError

#: text formats :func:`write_records` writes to a text file object
FORMATS = ("jsonl", "csv")
#: formats of one record per document (:func:`write_documents`)
DOCUMENT_FORMATS = ("jsonl", "csv", "parquet")
#: formats of one row per event (:func:`write_events`)
EVENT_FORMATS = ("plover", "jsonl", "csv", "parquet")

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


# ---------------------------------------------------------------------------------------------
# documents in any format, to a path or a file object


def write_documents(docs: Iterable[Any], out: str | Path | IO[Any], fmt: str = "jsonl") -> int:
    """Write one FORMAT.md record per document in any of :data:`DOCUMENT_FORMATS`.

    ``out`` is a path or a file object: a text one for ``jsonl``/``csv``, a binary one for
    ``parquet`` (which is why this does not reuse :func:`write_records`' text-only signature).
    Returns the number of records written.
    """
    _check_format(fmt, DOCUMENT_FORMATS)
    if fmt == "parquet":
        return write_parquet(docs, out)
    with _opened(out, binary=False) as fh:
        return write_records(docs, fh, fmt)


def write_parquet(docs: Iterable[Any], out: str | Path | IO[bytes], *,
                  row_group_size: int = 256) -> int:
    """Write the FORMAT.md records of ``docs`` as Parquet with the nested schema above.

    Rows are written in row groups of ``row_group_size`` documents, so a large store is
    exported in bounded memory. Needs pyarrow (``pip install 'qasid[parquet]'``).
    """
    pa, pq = _pyarrow()
    schema = document_schema()
    n = 0
    batch: list[dict[str, Any]] = []
    with _opened(out, binary=True) as fh, pq.ParquetWriter(fh, schema) as writer:
        for rec in _records(docs):
            batch.append(_document_row(rec))
            n += 1
            if len(batch) >= row_group_size:
                _write_batch(pa, writer, batch, schema)
                batch = []
        if batch or n == 0:
            _write_batch(pa, writer, batch, schema)
    return n


_ACTOR_FIELDS = ("name", "type", "country", "role", "id", "mentions", "start", "end", "by_role")
_QUOTE_FIELDS = ("speaker", "speaker_id", "lang", "text", "how", "start", "end")
_EVENT_FIELDS = ("type", "source", "target", "parties", "source_actor", "target_actor", "mode",
                 "via", "medium", "date", "claimed_by", "conditions", "cameo", "plover",
                 "plover_mode", "start", "end", "trigger", "text", "negated", "in_quote")
_DOC_SCALARS = ("doc", "id", "lang", "published", "title", "url", "source", "locator",
                "content_type", "encoding")


@cache
def document_schema() -> Any:
    """The pyarrow schema of document-level Parquet (see the module docstring)."""
    pa, _ = _pyarrow()
    s, i64, b = pa.string(), pa.int64(), pa.bool_()

    def struct(fields: Sequence[tuple[str, Any]], *, extra: bool = True) -> Any:
        return pa.list_(pa.struct([*fields, *([("extra", s)] if extra else [])]))

    types = {"mentions": i64, "start": i64, "end": i64, "by_role": b, "negated": b,
             "in_quote": b, "parties": pa.list_(s), "conditions": pa.list_(s),
             "trigger": pa.list_(i64)}
    return pa.schema([
        *((name, s) for name in _DOC_SCALARS),
        ("body", struct([("start", i64), ("end", i64)], extra=False)),
        ("n_body_chars", i64),
        ("countries", pa.list_(s)),
        ("actors", struct([(f, types.get(f, s)) for f in _ACTOR_FIELDS])),
        ("quotes", struct([(f, types.get(f, s)) for f in _QUOTE_FIELDS])),
        ("events", struct([(f, types.get(f, s)) for f in _EVENT_FIELDS])),
        ("dates", struct([("iso", s), ("calendar", s), ("kind", s), ("start", i64),
                          ("end", i64)], extra=False)),
        ("duplicates", struct([("doc_id", s), ("dup_of", s), ("kind", s),
                               ("similarity", pa.float64()), ("detected_at", s)],
                              extra=False)),
        ("text", s),
    ])


def _document_row(rec: dict[str, Any]) -> dict[str, Any]:
    row = {k: rec.get(k) for k in _DOC_SCALARS}
    row.update(
        body=[{"start": int(s), "end": int(e)} for s, e in rec["body"]],
        n_body_chars=sum(int(e) - int(s) for s, e in rec["body"]),
        countries=list(rec["countries"]),
        actors=[_item(a, _ACTOR_FIELDS) for a in rec["actors"]],
        quotes=[_item(q, _QUOTE_FIELDS) for q in rec["quotes"]],
        events=[_item(e, _EVENT_FIELDS) for e in rec["events"]],
        dates=list(rec["dates"]),
        duplicates=list(rec["duplicates"]),
        text=rec.get("text"),
    )
    return row


def _item(item: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """A nested item projected on the schema; the keys it does not name go to ``extra``."""
    out = {k: item.get(k) for k in names}
    rest = {k: v for k, v in item.items() if k not in names}
    out["extra"] = json.dumps(rest, ensure_ascii=False, sort_keys=True) if rest else None
    return out


def _write_batch(pa: Any, writer: Any, batch: list[dict[str, Any]], schema: Any) -> None:
    try:
        table = pa.Table.from_pylist(batch, schema=schema)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        first = batch[0].get("doc") or batch[0].get("id") if batch else "?"
        raise ConfigError(f"cannot convert a record (batch starting at {first}) to Parquet: "
                          f"{exc}", code="E414") from exc
    writer.write_table(table)


# ---------------------------------------------------------------------------------------------
# events: rows with their evidence, PLOVER-JSON


#: columns of event-level JSONL/CSV/Parquet, in order
EVENT_COLUMNS = (
    "id", "doc", "doc_id", "idx", "lang", "published", "title", "url", "type", "source",
    "target", "parties", "source_actor", "target_actor", "source_text", "target_text",
    "source_role", "target_role", "mode", "via", "medium", "date", "day", "claimed_by",
    "conditions", "cameo", "plover", "plover_mode", "start", "end", "text",
)


def event_rows(store: Any, *, types: Sequence[str] = (), source: str | None = None,
               target: str | None = None, between: tuple[str, str] | None = None,
               via: str | None = None, since: str | None = None, until: str | None = None,
               doc: str | None = None, limit: int | None = None, offset: int = 0,
               ) -> list[dict[str, Any]]:
    """Events selected with the filters of ``qasid events``, each with its evidence.

    ``store`` is a :class:`qasid.store.Store` or anything with a ``store`` attribute (a
    :class:`qasid.Corpus`). Every row has the keys of :data:`EVENT_COLUMNS`: the store's event
    row plus ``id`` (``<doc id>-<idx>``, stable across exports), the evidence ``text`` cut from
    the original document at ``start:end``, the surface text and office of source and target
    actors, and the extraction's ``conditions`` and ``plover_mode``. Each document is read
    once, however many of its events are selected.
    """
    st = getattr(store, "store", store)
    rows = st.events(types=[t.upper() for t in types], source=source, target=target,
                     between=between, via=via, since=since, until=until, doc=doc, limit=limit,
                     offset=offset)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for ident, group in by_doc.items():
        stored = st.get(ident)
        for r in group:
            out[(ident, r["idx"])] = _event_row(r, stored)
    return [out[(r["doc_id"], r["idx"])] for r in rows]


def _event_row(r: dict[str, Any], stored: Any) -> dict[str, Any]:
    text = getattr(stored, "text", None) or ""
    extraction = getattr(stored, "extraction", None) or {}
    recorded = extraction.get("events") or []
    ev = recorded[r["idx"]] if 0 <= r["idx"] < len(recorded) else {}
    start, end = int(r["start"] or 0), int(r["end"] or 0)
    mentions = extraction.get("mentions") or []
    roles = {a.get("name"): a.get("role") for a in extraction.get("actors") or ()}
    row = {k: r.get(k) for k in EVENT_COLUMNS if k in r}
    row.update(
        id=f"{r['doc_id']}-{r['idx']}",
        url=getattr(stored, "url", None),
        parties=list(r.get("parties") or []),
        source_text=_surface(text, mentions, start, end, r.get("source_actor"), r.get("source")),
        target_text=_surface(text, mentions, start, end, r.get("target_actor"), r.get("target")),
        source_role=roles.get(r.get("source_actor")) if r.get("source_actor") else None,
        target_role=roles.get(r.get("target_actor")) if r.get("target_actor") else None,
        conditions=list(ev.get("conditions") or []),
        cameo=_code(r.get("cameo")),
        plover=_code(r.get("plover")),
        plover_mode=_code(ev.get("plover_mode")),
        text=text[start:end] if text else ev.get("text"),
    )
    return {k: row.get(k) for k in EVENT_COLUMNS}


def _surface(text: str, mentions: Sequence[dict[str, Any]], start: int, end: int,
             actor: str | None, code: str | None) -> str | None:
    """How the article names an event's party inside its evidence span (for PLOVER's
    ``entity_text``): the named actor's mention, else the state's."""
    inside = [m for m in mentions if start <= int(m.get("start", -1)) < end]
    for want in ((lambda m: actor and m.get("name") == actor),
                 (lambda m: code and m.get("kind") == "country" and m.get("id") == code),
                 (lambda m: code and m.get("id") == code)):
        for m in inside:
            if want(m):
                return text[int(m["start"]):int(m["end"])] if text else None
    return None


def _code(value: Any) -> str | None:
    """CAMEO/PLOVER cells: "-", "" and a stringified None all mean "no code"."""
    return None if value in (None, "", "-", "None") else str(value)


#: the sixteen PLOVER event categories (PLOVER codebook, 2021 revision and later)
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
#: codebook quad categories: 1 verbal cooperation, 2 material cooperation, 3 verbal
#: conflict, 4 material conflict
PLOVER_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
               "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
               "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
#: modes the codebook defines for the categories qasid can produce (AGREE and SUPPORT have none)
PLOVER_MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "ASSAULT": frozenset({"abduct", "beat", "torture", "sexual", "targeted", "destroy",
                          "primitive", "firearms", "explosives", "suicide-attack", "aerial",
                          "drone", "heavy-weapons", "crowd-control", "unconventional"}),
}
#: categories of earlier PLOVER drafts folded into later ones (DEMAND became REQUEST)
_PLOVER_RENAMED = {"DEMAND": "REQUEST"}
#: qasid types whose subject is talks or mediation: PLOVER's "diplomatic" context
_DIPLOMATIC = frozenset({"INTENT_TALKS", "REFUSE_TALKS", "APPEAL_TALKS", "CONSULT", "MEDIATE",
                         "REQUEST_MEDIATION"})
#: remote media: PLOVER's CONSULT mode "phone" covers "phone or some other remote medium"
_REMOTE_MEDIA = frozenset({"phone", "text messages", "letter"})
#: an event recounted this long before its article is PLOVER's auxiliary "historical"
HISTORICAL_DAYS = 365


def plover_record(row: dict[str, Any]) -> dict[str, Any] | None:
    """One PLOVER-JSON record for an event row of :func:`event_rows`; ``None`` when the event
    has no PLOVER category (DENY: PLOVER codes no denials)."""
    ptype = _code(row.get("plover"))
    ptype = _PLOVER_RENAMED.get(ptype or "", ptype)
    if ptype not in PLOVER_TYPES:
        return None
    modes = _plover_modes(ptype, row)
    src = _entity(row.get("source"), row.get("source_actor"), row.get("source_text"),
                  row.get("source_role"))
    tgt = _entity(row.get("target"), row.get("target_actor"), row.get("target_text"),
                  row.get("target_role"))
    if row.get("type") == "MEDIATE":
        actor, recipient = [src], [_entity(p, None, None, None) for p in row.get("parties") or ()]
    elif ptype == "CONSULT" and "visit" not in modes:
        # codebook: with no visitor/host distinction every participant is an actor
        actor, recipient = [src, tgt], []
    else:
        actor, recipient = [src], [tgt]
    date, date_source = _plover_date(row)
    via, mode = row.get("via"), row.get("mode")
    record: dict[str, Any] = {
        "id": f"qasid-{row['id']}",
        "date": date,
        "actor": [e for e in actor if e],
        "recipient": [e for e in recipient if e],
        "event": [ptype],
        "mode": modes,
        "context": _plover_context(row),
        "quad_code": PLOVER_QUAD[ptype],
        "event_loc": ({"country_code": via, "country": _country_name(via), "resolution": 1}
                      if via and mode != "indirect" else None),
        "event_text": [row.get("text")] if row.get("text") else [],
        "text_info": {"start": row.get("start"), "end": row.get("end")},
        "cite_info": {"corpus": "qasid", "citation": row.get("doc"), "url": row.get("url"),
                      "title": row.get("title"), "language": row.get("lang"),
                      "coder": f"qasid {_version()}", "codebook": "PLOVER 2021"},
        "comment": f"claimed by {row['claimed_by']}" if row.get("claimed_by") else None,
        # extra fields (the codebook invites them)
        "event_date": row.get("date"),
        "story_date": row.get("published"),
        "date_source": date_source,
        "intermediary": ({"code": via, "name": _country_name(via)}
                         if via and mode == "indirect" else None),
        "document": {"id": row.get("doc_id"), "name": row.get("doc")},
        "qasid": {"type": row.get("type"), "cameo": _code(row.get("cameo")), "mode": mode,
                  "medium": row.get("medium"), "via": via, "claimed_by": row.get("claimed_by"),
                  "conditions": list(row.get("conditions") or []),
                  "plover_mode": row.get("plover_mode"), "source": row.get("source"),
                  "target": row.get("target"), "parties": list(row.get("parties") or [])},
    }
    return record


def _plover_modes(ptype: str, row: dict[str, Any]) -> list[str]:
    allowed = PLOVER_MODES.get(ptype, frozenset())
    modes: list[str] = []
    if ptype == "CONSULT":
        if row.get("medium") == "visit":
            modes.append("visit")
        if row.get("medium") in _REMOTE_MEDIA:
            modes.append("phone")
        if row.get("via"):  # a third country hosts the meeting or carries the messages
            modes.append("third-party")
    qmode = _code(row.get("plover_mode"))
    if qmode is None:
        from qasid.stages.events.types import event_types

        et = event_types().get(str(row.get("type")))
        qmode = et.plover_mode if et else None
    if qmode == "mediate" and ptype in ("REQUEST", "REJECT"):
        qmode = "meet"  # asking for or refusing mediation is about meetings and negotiations
    if qmode in allowed and qmode not in modes:
        modes.append(qmode)
    return modes


def _plover_context(row: dict[str, Any]) -> list[str]:
    ctx: list[str] = []
    etype = row.get("type")
    cameo = _code(row.get("cameo")) or ""
    if etype in _DIPLOMATIC:
        ctx.append("diplomatic")
    if etype == "ATTACK" or (etype == "THREATEN" and cameo.startswith("138")):
        ctx.append("military")
    if _historical(row.get("date"), row.get("published")):
        ctx.append("historical")
    return ctx


def _historical(event_date: str | None, story_date: str | None) -> bool:
    """Whether the event (to the end of its stated period) lies more than
    :data:`HISTORICAL_DAYS` before its article: a recounted past event."""
    import datetime as dt

    if not event_date or not story_date:
        return False
    try:
        parts = [int(x) for x in event_date.split("-")]
        story = dt.date.fromisoformat(story_date[:10]) if len(story_date) >= 10 else None
        if story is None:
            story = dt.date(int(story_date[:4]), int(story_date[5:7] or 1), 1)
        if len(parts) == 1:
            last = dt.date(parts[0], 12, 31)
        elif len(parts) == 2:
            last = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - dt.timedelta(1)
        else:
            last = dt.date(*parts[:3])
    except (ValueError, TypeError):
        return False
    return (story - last).days > HISTORICAL_DAYS


def _plover_date(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """PLOVER's ``date`` is a full YYYY-MM-DD: the event's own date when the text gives it to
    the day, else the publication date when the text gives the event no date at all. A
    coarser own date (``2025-11``) stays in ``event_date`` and ``date`` is null: the day is
    not known and is never guessed."""
    own, story = row.get("date"), row.get("published")
    if own:
        return (own, "event") if len(own) == 10 else (None, "event")
    if story and len(story) == 10:
        return story, "publication"
    return None, None


def _entity(code: str | None, name: str | None, surface: str | None,
            office: str | None) -> dict[str, Any] | None:
    if not code and not name:
        return None
    ent: dict[str, Any] = {"code": code}
    if name:
        ent["identifier_text"] = name
    if surface:
        ent["entity_text"] = surface
    if office:
        ent["office"] = office
    return ent


@cache
def _country_name(code: str) -> str:
    from qasid.stages.actors.registry import load_registry

    return load_registry().country_name(code)


def _version() -> str:
    from qasid import __version__

    return __version__


def write_events(rows: Iterable[dict[str, Any]], out: str | Path | IO[Any],
                 fmt: str = "plover") -> int:
    """Write event rows (from :func:`event_rows`) in any of :data:`EVENT_FORMATS`.

    ``plover`` writes PLOVER-JSON lines (events without a PLOVER category are skipped),
    ``jsonl``/``csv`` the columns of :data:`EVENT_COLUMNS`, ``parquet`` the same columns as a
    flat table. ``out`` is a path or a file object (binary for Parquet). Returns the number of
    records written.
    """
    _check_format(fmt, EVENT_FORMATS)
    if fmt == "parquet":
        return _write_event_parquet(rows, out)
    n = 0
    with _opened(out, binary=False) as fh:
        if fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
        for row in rows:
            if fmt == "plover":
                rec = plover_record(row)
                if rec is None:
                    continue
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            elif fmt == "jsonl":
                fh.write(json.dumps({k: row.get(k) for k in EVENT_COLUMNS},
                                    ensure_ascii=False) + "\n")
            else:
                writer.writerow({**row, "parties": ";".join(row.get("parties") or ()),
                                 "conditions": json.dumps(row.get("conditions") or [],
                                                          ensure_ascii=False)})
            n += 1
    return n


def export_events(store: Any, out: str | Path | IO[Any], fmt: str = "plover",
                  **filters: Any) -> int:
    """Select events like ``qasid events`` (``types``, ``source``, ``target``, ``between``,
    ``via``, ``since``, ``until``, ``doc``, ``limit``) and write them in ``fmt``."""
    _check_format(fmt, EVENT_FORMATS)
    return write_events(event_rows(store, **filters), out, fmt)


@cache
def event_schema() -> Any:
    """The pyarrow schema of event-level Parquet: :data:`EVENT_COLUMNS`, flat."""
    pa, _ = _pyarrow()
    special = {"idx": pa.int64(), "start": pa.int64(), "end": pa.int64(),
               "parties": pa.list_(pa.string()), "conditions": pa.list_(pa.string())}
    return pa.schema([(c, special.get(c, pa.string())) for c in EVENT_COLUMNS])


def _write_event_parquet(rows: Iterable[dict[str, Any]], out: str | Path | IO[Any],
                         row_group_size: int = 10_000) -> int:
    pa, pq = _pyarrow()
    schema = event_schema()
    n = 0
    batch: list[dict[str, Any]] = []
    with _opened(out, binary=True) as fh, pq.ParquetWriter(fh, schema) as writer:
        for row in rows:
            batch.append({k: row.get(k) for k in EVENT_COLUMNS})
            n += 1
            if len(batch) >= row_group_size:
                _write_batch(pa, writer, batch, schema)
                batch = []
        if batch or n == 0:
            _write_batch(pa, writer, batch, schema)
    return n


# ---------------------------------------------------------------------------------------------
# helpers


def _check_format(fmt: str, allowed: Sequence[str]) -> None:
    if fmt not in allowed:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(allowed)})",
                          code="E410")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'qasid[parquet]'",
                          code="E412") from exc
    return pa, pq


@contextmanager
def _opened(out: str | Path | IO[Any], *, binary: bool) -> Iterator[IO[Any]]:
    """A path opened for writing (and closed after), or a caller's file object used as is.

    Parquet is binary and JSONL/CSV are text: a file object of the wrong kind is refused with
    a clear message instead of failing deep inside pyarrow or ``csv``.
    """
    if not isinstance(out, (str, Path)):
        if binary and isinstance(out, io.TextIOBase):
            raise ConfigError("Parquet is binary: give a path or a file opened in binary mode",
                              code="E413")
        if not binary and isinstance(out, (io.RawIOBase, io.BufferedIOBase)):
            raise ConfigError("this format is text: give a path or a text file object",
                              code="E413")
        yield out
        return
    mode, kwargs = ("wb", {}) if binary else ("w", {"encoding": "utf-8", "newline": ""})
    try:
        with open(out, mode, **kwargs) as fh:
            yield fh
    except OSError as exc:  # opening or writing the file (disk full, permissions)
        raise ConfigError(f"cannot write {out}: {exc.strerror or exc}", code="E411") from exc
