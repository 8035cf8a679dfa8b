"""The driver-level bulk insert used on the write path: same rows back as SQLAlchemy would
store them (JSON, NULLs, non-ASCII text, reserved column names), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from qasid.store import Store


def _extraction() -> dict[str, Any]:
    return {
        "extractor": "qasid.rules.v1", "resources_hash": "abc",
        "events": [
            {"type": "CONSULT", "source": "IRN", "target": "USA", "parties": [],
             "mode": "indirect", "via": "OMN", "medium": None, "date": "2025-04-12",
             "claimed_by": None, "cameo": "043", "plover": "CONSULT", "start": 0, "end": 40,
             "source_actor": "Abbas Araghchi", "target_actor": None},
            {"type": "MEDIATE", "source": "OMN", "target": None, "parties": ["IRN", "USA"],
             "date": None, "start": 41, "end": 80},
        ],
        "quotes": [{"speaker": "Abbas Araghchi", "speaker_id": "araghchi", "lang": "fa",
                    "start": 5, "end": 20, "text": "«ما آماده‌ایم»"}],
        "mentions": [{"kind": "person", "id": "araghchi", "name": "Abbas Araghchi",
                      "country": "IRN", "start": 0, "end": 6},
                     {"kind": "country", "id": None, "name": "Oman", "country": "OMN",
                      "start": 30, "end": 34}],
    }


def test_document_children_and_extraction_round_trip(store: Store, make_doc: Any) -> None:
    text = "عراقچی گفت «ما آماده‌ایم» و عمان میانجی است.\n\nOman mediated between them."
    doc = make_doc(text, lang="fa", published="2025-04-13", meta={"site": "ایرنا"},
                   extraction=_extraction())
    saved = store.save(doc)
    assert saved.status == "new"
    got = store.get(saved.doc_id)
    assert got is not None
    assert got.meta == {"site": "ایرنا"}
    assert [(p.start, p.end, p.kind) for p in got.paragraphs] == [
        (p.start, p.end, p.kind) for p in doc.paragraphs]
    assert got.minhash == doc.minhash
    # the extraction record went in pre-serialised: it must read back as the same JSON
    assert got.extraction == json.loads(json.dumps(_extraction(), ensure_ascii=False))
    evs = store.events()
    assert [(e["type"], e["source"], e["target"], e["via"], e["parties"]) for e in evs] == [
        ("CONSULT", "IRN", "USA", "OMN", []), ("MEDIATE", "OMN", None, None, ["IRN", "USA"])]
    # the day falls back to the publication date when the event has no date of its own
    assert [e["day"] for e in evs] == ["2025-04-12", "2025-04-13"]
    assert [e["start"] for e in evs] == [0, 41] and [e["end"] for e in evs] == [40, 80]
    (q,) = store.quotes()
    assert (q["speaker"], q["text"], q["lang"]) == ("Abbas Araghchi", "«ما آماده‌ایم»", "fa")
    names = {a["name"]: a["mentions"] for a in store.actors()}
    assert names == {"Abbas Araghchi": 1, "Oman": 1}
    # the search index was fed through the same path
    assert [h.doc.id for h in store.search("میانجی")] == [saved.doc_id]


def test_failed_document_leaves_no_child_rows(store: Store, make_doc: Any) -> None:
    bad = _extraction()
    bad["events"][0]["start"] = "not a number"
    doc = make_doc("Oman mediated between Iran and the United States.", extraction=bad)
    with pytest.raises(Exception):  # noqa: B017 - the point is what the store holds after
        store.save(doc)
    assert store.events() == [] and store.quotes() == [] and store.actors() == []
    assert store.stats()["documents"] == 0


def test_quote_text_search_uses_the_stored_normalised_text(store: Store, make_doc: Any) -> None:
    """Migration 0007 fills ``quotes.text_norm`` for quotes stored before it; new quotes get
    it on save. Letter variants and ZWNJ are folded on both sides."""
    from qasid.store import migrations

    doc = make_doc("عراقچی گفت «ما آماده‌ایم».\n\nOman mediated between them.",
                   extraction=_extraction())
    store.save(doc)
    assert [q["text"] for q in store.quotes(text="آماده ایم")] == ["«ما آماده‌ایم»"]
    engine = store._engine
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE quotes SET text_norm = NULL")
    assert store.quotes(text="آماده") == []
    with engine.begin() as conn:
        migrations._add_quote_text_norm(conn)
    assert [q["text"] for q in store.quotes(text="آمادهایم")] == ["«ما آماده‌ایم»"]
    assert "text_norm" not in store.quotes()[0]
