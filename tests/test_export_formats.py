"""Parquet (document and event level) and PLOVER-JSON exports of the seed corpus."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from qasid import Corpus
from qasid.errors import ConfigError
from qasid.export import (
    EVENT_COLUMNS,
    PLOVER_MODES,
    PLOVER_QUAD,
    PLOVER_TYPES,
    event_rows,
    export_events,
    export_record,
    plover_record,
    write_documents,
    write_events,
    write_records,
)

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("export") / "seeds.db"
    c = Corpus.open(str(db))
    c.ingest([str(SEEDS)])
    yield c
    c.close()


def _plover(corpus: Any, **filters: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    n = export_events(corpus, out, "plover", **filters)
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(recs)
    return recs


def _without_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# -- parquet -----------------------------------------------------------------------------------


def test_parquet_round_trip(corpus: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "docs.parquet"
    assert write_documents(corpus.documents(), path, "parquet") == 5
    assert path.read_bytes()[:4] == b"PAR1"
    table = pq.read_table(path)
    assert table.num_rows == 5
    assert str(table.schema.field("events").type).startswith("list<element: struct<type")
    for row in table.to_pylist():
        rec = export_record(corpus.get(row["id"]))
        for key in ("doc", "lang", "published", "title", "url", "text", "countries"):
            assert row[key] == rec[key], key
        assert [[b["start"], b["end"]] for b in row["body"]] == rec["body"]
        assert row["n_body_chars"] == sum(e - s for s, e in rec["body"])
        # nested items come back whole: schema fields plus the JSON ``extra``
        for field in ("actors", "quotes", "events"):
            back = [_without_none({k: v for k, v in item.items() if k != "extra"})
                    | json.loads(item["extra"] or "{}") for item in row[field]]
            assert back == [_without_none(item) for item in rec[field]], field
        assert [_without_none(d) for d in row["dates"]] == [_without_none(d)
                                                              for d in rec["dates"]]


def test_parquet_to_file_objects_and_empty(corpus: Any) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    buf = io.BytesIO()
    write_documents(corpus.documents(lang="ar"), buf, "parquet")
    assert pq.read_table(io.BytesIO(buf.getvalue())).column("lang").to_pylist() == ["ar"]
    empty = io.BytesIO()
    assert write_documents([], empty, "parquet") == 0
    assert pq.read_table(io.BytesIO(empty.getvalue())).num_rows == 0
    with pytest.raises(ConfigError, match="E413"):
        write_documents(corpus.documents(), io.StringIO(), "parquet")
    with pytest.raises(ConfigError, match="E413"):
        write_documents(corpus.documents(), io.BytesIO(), "jsonl")


def test_event_parquet_with_filters(corpus: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    n = export_events(corpus, path, "parquet", types=["CONSULT"], source="IRN")
    rows = pq.read_table(path).to_pylist()
    assert n == len(rows) == len(corpus.events(types=["CONSULT"], source="IRN")) > 0
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert {(r["type"], r["source"]) for r in rows} == {("CONSULT", "IRN")}


def test_text_formats_still_work(corpus: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    assert write_records(corpus.documents(), out, "jsonl") == 5
    assert write_documents(corpus.documents(), tmp_path / "docs.csv", "csv") == 5
    with pytest.raises(ConfigError, match="E410"):
        write_records(corpus.documents(), io.StringIO(), "parquet")  # text-only entry point
    with pytest.raises(ConfigError, match="E410"):
        export_events(corpus, io.StringIO(), "xml")


# -- event rows ------------------------------------------------------------------------------


def test_event_rows_carry_their_evidence(corpus: Any) -> None:
    rows = event_rows(corpus)
    assert len(rows) == len(corpus.events()) > 20
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        doc = corpus.get(r["doc_id"])
        assert r["text"] == doc.text[r["start"]:r["end"]] and r["text"]
        assert r["cameo"] != "None"
        if r["source_text"]:
            assert r["source_text"] in r["text"]


def test_event_csv_and_jsonl(corpus: Any) -> None:
    rows = event_rows(corpus, via="CHE")
    out = io.StringIO()
    assert write_events(rows, out, "csv") == len(rows) == 1
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(parsed[0]) == EVENT_COLUMNS
    assert parsed[0]["via"] == "CHE" and parsed[0]["mode"] == "indirect"
    out = io.StringIO()
    write_events(rows, out, "jsonl")
    assert json.loads(out.getvalue())["text"] == rows[0]["text"]


# -- PLOVER ----------------------------------------------------------------------------------


def test_plover_records_have_the_required_fields(corpus: Any) -> None:
    rows = event_rows(corpus)
    recs = _plover(corpus)
    deny = [r for r in rows if r["type"] == "DENY"]
    assert deny and len(recs) == len(rows) - len(deny)  # PLOVER codes no denials
    assert len({r["id"] for r in recs}) == len(recs)
    for rec in recs:
        assert rec["event"] and set(rec["event"]) <= set(PLOVER_TYPES)
        (ptype,) = rec["event"]
        assert rec["quad_code"] == PLOVER_QUAD[ptype]
        assert set(rec["mode"]) <= PLOVER_MODES.get(ptype, frozenset())
        assert rec["date"] is None or ISO_DAY.fullmatch(rec["date"])
        assert rec["actor"] and all(a.get("code") or a.get("identifier_text")
                                    for a in rec["actor"] + rec["recipient"])
        assert isinstance(rec["context"], list)
        doc = corpus.get(rec["document"]["id"])
        span = rec["text_info"]
        assert rec["event_text"] == [doc.text[span["start"]:span["end"]]]
        assert rec["cite_info"]["language"] == doc.lang
        assert rec["cite_info"]["citation"] == rec["document"]["name"] == doc.name
        assert rec["story_date"] == doc.published


def test_plover_channels_and_renamed_categories(corpus: Any) -> None:
    recs = _plover(corpus)

    def find(**want: Any) -> dict[str, Any]:
        hits = [r for r in recs if all(r["qasid"].get(k) == v for k, v in want.items())]
        assert hits, want
        return hits[0]

    swiss = find(type="CONSULT", via="CHE")
    assert swiss["intermediary"]["code"] == "CHE" and swiss["event_loc"] is None
    assert "third-party" in swiss["mode"] and swiss["recipient"] == []
    assert {a["code"] for a in swiss["actor"]} == {"IRN", "USA"}  # no visitor/host: both act
    assert "diplomatic" in swiss["context"]
    phone = find(type="CONSULT", medium="phone", mode="direct", source="IRN")
    assert "phone" in phone["mode"]
    mediation = find(type="MEDIATE")
    assert [a["code"] for a in mediation["actor"]] == ["RUS"]
    assert {r["code"] for r in mediation["recipient"]} == {"IRN", "USA"}
    assert find(type="DEMAND")["event"] == ["REQUEST"]  # DEMAND folded into REQUEST
    asked = find(type="REQUEST_MEDIATION")
    assert asked["event"] == ["REQUEST"] and asked["mode"] == ["meet"]
    assert find(type="ATTACK", source="ISR")["context"] == ["military"]
    claimed = find(type="INTENT_TALKS", claimed_by="Donald Trump")
    assert claimed["comment"] == "claimed by Donald Trump"
    person = find(type="REFUSE_TALKS", source="IRN")
    assert person["actor"][0]["identifier_text"] in ("Abbas Araghchi", "Ali Khamenei")


def test_plover_filters_match_qasid_events(corpus: Any) -> None:
    for filters in ({"types": ["REFUSE_TALKS"], "source": "IRN"}, {"target": "IRN"},
                    {"via": "QAT"}, {"since": "2025-01-01", "until": "2025-12-31"},
                    {"between": ("IRN", "USA")}):
        expected = [e for e in corpus.events(**filters) if e["type"] != "DENY"]
        recs = _plover(corpus, **filters)
        assert [r["id"] for r in recs] == [f"qasid-{e['doc_id']}-{e['idx']}" for e in expected]
    for rec in _plover(corpus, since="2025-01-01", until="2025-12-31"):
        assert "2025-01-01" <= (rec["event_date"] or rec["story_date"]) <= "2025-12-31"


def test_plover_dates_are_never_guessed() -> None:
    base = {"id": "d-0", "type": "ATTACK", "plover": "ASSAULT", "source": "USA",
            "target": "IRN", "start": 0, "end": 4, "text": "text", "lang": "en"}
    own = plover_record({**base, "date": "2025-06-22", "published": "2025-06-23"})
    assert own and (own["date"], own["date_source"]) == ("2025-06-22", "event")
    month = plover_record({**base, "date": "2025-06", "published": "2025-06-23"})
    assert month and month["date"] is None and month["event_date"] == "2025-06"
    story = plover_record({**base, "date": None, "published": "2025-06-23"})
    assert story and (story["date"], story["date_source"]) == ("2025-06-23", "publication")
    old = plover_record({**base, "date": "2022", "published": "2025-11-03"})
    assert old and "historical" in old["context"]
    assert plover_record({**base, "type": "DENY", "plover": None}) is None
    assert plover_record({**base, "plover": "-"}) is None
