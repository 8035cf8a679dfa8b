"""The dashboard's store-side queries (:mod:`qasid.store.queries`) on both backends.

Each SQL condition replaced a Python predicate the web layer used to apply to every stored
event; those predicates are kept here as the reference. A small store of hand-written events
covers the edges: empty strings beside NULLs, year-only and missing days, MEDIATE events
matched by their parties or their mediator, non-ASCII actor names, LIKE wildcards in a
filter value, several documents and languages. For every filter the SQL answer must equal
the reference: the same events in the same order, the same count, the same pages, the same
counts per month and type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from qasid.stages.normalize import normalized_text
from qasid.store import Store
from qasid.store.queries import NO_CHANNEL, EventFilter, QuoteFilter, Reader

TEXT = ("Iran and the United States held talks in Muscat. Oman mediated again. "
        "Israel threatened Iran. The Élysée Palace urged restraint. "
        "«ما آماده مذاکره‌ایم» گفت. «لا مفاوضات» قال. \"We remain open\" he said.")


def _ev(kind: str, source: str | None, target: str | None, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "source": source, "target": target, "start": 0, "end": 20, **extra}


#: per document: (name, lang, published, events)
DOCS: list[tuple[str, str | None, str | None, list[dict[str, Any]]]] = [
    ("a.txt", "fa", "2024-05-03", [
        _ev("CONSULT", "IRN", "USA", mode="indirect", via="OMN", medium="meeting",
            source_actor="Abbas Araghchi"),
        _ev("CONSULT", "USA", "IRN", mode="direct", medium="Phone", date="2024-04-20",
            source_actor="Marco Rubio", target_actor="Abbas Araghchi"),
        _ev("MEDIATE", "OMN", None, parties=["IRN", "USA"]),
        _ev("REFUSE_TALKS", "IRN", "USA", source_actor="Ali Khamenei", date="2022"),
        _ev("THREATEN", "ISR", "IRN", source_actor="Israel Katz"),
    ]),
    ("b.txt", "ar", "2023-11", [
        _ev("CONSULT", "IRN", "SAU", mode="", via="", medium=""),
        _ev("MEDIATE", "QAT", None, parties=["IRN", "USA", "RUS"]),
        _ev("MEDIATE", "", None, parties=["IRN", "USA"]),
        _ev("INTENT_TALKS", "IRN", "USA", mode="unspecified", medium="unspecified"),
        _ev("APPEAL_TALKS", "FRA", "IRN", source_actor="Élysée Palace"),
        _ev("CONSULT", "IRN", "RUS", via="CHN", mode="indirect"),
    ]),
    ("c.txt", "en", None, [
        _ev("CONSULT", "RUS", "USA", mode="direct", source_actor="A_B Office"),
        _ev("CONSULT", "RUS", "USA", mode="direct", source_actor="AxB Office"),
        _ev("MEDIATE", "IRN", "ZZZ", parties=["OMN", "USA"]),
        _ev("MEDIATE", "CHE", "IRN", parties=["IRN", "USA"]),
        _ev("REJECT", "USA", "IRN", date="2025-01-15", source_actor="İbrahim Kalın"),
        _ev("DENY", "IRN", None, parties=[""]),
    ]),
    ("d.txt", None, "2025-02-01", [
        _ev("THREATEN", "USA", "IRN", source_actor="Donald Trump"),
        _ev("CONSULT", "IRN", "USA", via="CHE", mode="indirect", medium="letter"),
        _ev("INTENT_TALKS", "USA", "IRN", source_actor="Donald Trump", date="2025-02"),
        _ev("CONSULT", "IRN", "RUS", mode="direct", parties=["RUS", "CHN"]),
    ]),
]

QUOTES = {
    "a.txt": [("Abbas Araghchi", "fa", "ما آماده مذاکره‌ایم"),
              ("Marco Rubio", "en", "We remain open")],
    "b.txt": [("Abbas Araghchi", "ar", "لا مفاوضات"), (None, "ar", "لا مفاوضات")],
    "c.txt": [("Israel Katz", "en", "We remain open")],
}


@pytest.fixture
def filled(store: Store, make_doc: Callable[..., Any]) -> Store:
    for name, lang, published, evs in DOCS:
        doc = make_doc(TEXT, locator=f"tests/queries/{name}", name=name, lang=lang,
                       published=published)
        store.save(doc)
        quotes = []
        for speaker, q_lang, said in QUOTES.get(name, []):
            start = TEXT.index(said)
            quotes.append({"speaker": speaker, "lang": q_lang, "text": said, "start": start,
                           "end": start + len(said)})
        ident = store.get(name).id
        store.save_extraction(ident, {"events": evs, "quotes": quotes, "mentions": []})
    return store


# -- the reference: the Python predicates the web layer applied before ------------------------


def _channel_of(row: dict[str, Any]) -> str | None:
    if row.get("via"):
        return str(row["via"])
    if row.get("type") == "MEDIATE" and row.get("source"):
        return str(row["source"])
    return None


def _participants(row: dict[str, Any]) -> set[str]:
    return {p for p in (row.get("source"), row.get("target"), *(row.get("parties") or ())) if p}


def _matches(row: dict[str, Any], f: EventFilter) -> bool:
    if f.party and f.party not in _participants(row):
        return False
    if f.channel:
        ch = _channel_of(row)
        if (ch is not None) if f.channel == NO_CHANNEL else (ch != f.channel):
            return False
    if f.mode and (row.get("mode") or "unspecified") != f.mode:
        return False
    if f.medium and (row.get("medium") or "unspecified").lower() != f.medium.lower():
        return False
    if f.actor:
        want = f.actor.casefold()
        if not any(want in (row.get(k) or "").casefold() for k in ("source_actor",
                                                                    "target_actor")):
            return False
    if f.source_actor and row.get("source_actor") != f.source_actor:
        return False
    if f.source_in and row.get("source") not in f.source_in:
        return False
    if f.source_actor_in and row.get("source_actor") not in f.source_actor_in:
        return False
    return not (f.lang and row.get("lang") != f.lang)


def _in_store_between(row: dict[str, Any], a: str, b: str) -> bool:
    pair = {a, b}
    if {row.get("source"), row.get("target")} == pair and a != b:
        return True
    if row.get("type") == "MEDIATE":
        return set(row.get("parties") or ()) >= pair or row.get("source") in pair
    return False


def _in_timeline(row: dict[str, Any], a: str, b: str, third: set[str]) -> bool:
    if _in_store_between(row, a, b):
        return True
    if not third:
        return False
    parts = _participants(row)
    return bool(parts & {a, b}) and bool(parts & third) and parts <= {a, b} | third


def reference(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """What the web layer computed: :meth:`Store.events` (SQL filters and its own
    ``between``), then the Python predicates."""
    rows = store.events(types=f.types, source=f.source, target=f.target, between=f.between,
                        via=f.via, since=f.since, until=f.until, doc=f.doc)
    if f.timeline:
        a, b, third = f.timeline
        rows = [r for r in rows if _in_timeline(r, a, b, set(third) - {a, b})]
    return [r for r in rows if _matches(r, f)]


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{r['doc_id']}-{r['idx']}" for r in rows]


FILTERS = [
    EventFilter(),
    EventFilter(types=("CONSULT", "MEDIATE")),
    EventFilter(source="IRN"),
    EventFilter(target="IRN", types=("THREATEN",)),
    EventFilter(between=("IRN", "USA")),
    EventFilter(between=("USA", "IRN"), types=("MEDIATE",)),
    EventFilter(between=("IRN", "RUS")),
    EventFilter(timeline=("IRN", "USA", ())),
    EventFilter(timeline=("IRN", "USA", ("RUS",))),
    EventFilter(timeline=("IRN", "USA", ("RUS", "CHN", "SAU"))),
    EventFilter(timeline=("USA", "IRN", ("ISR",)), mode="unspecified"),
    EventFilter(party="RUS"),
    EventFilter(party="USA", types=("MEDIATE",)),
    EventFilter(channel="OMN"),
    EventFilter(channel="CHE"),
    EventFilter(channel=NO_CHANNEL),
    EventFilter(mode="indirect"),
    EventFilter(mode="unspecified"),
    EventFilter(mode="direct", between=("RUS", "USA")),
    EventFilter(medium="phone"),
    EventFilter(medium="PHONE"),
    EventFilter(medium="unspecified"),
    EventFilter(actor="araghchi"),
    EventFilter(actor="ÉLYSÉE"),
    EventFilter(actor="kalın"),
    EventFilter(actor="a_b"),
    EventFilter(actor="%"),
    EventFilter(source_actor="Donald Trump"),
    EventFilter(lang="fa"),
    EventFilter(lang="ar", channel=NO_CHANNEL),
    EventFilter(since="2024"),
    EventFilter(until="2023-12"),
    EventFilter(since="2022", until="2024-05"),
    EventFilter(via="CHE"),
    EventFilter(source_in=("IRN", "USA"), types=("INTENT_TALKS", "REFUSE_TALKS", "THREATEN")),
    EventFilter(source_actor_in=("Donald Trump", "Israel Katz")),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[12:60])
def test_events_count_and_pages_equal_the_python_reference(filled: Store,
                                                           f: EventFilter) -> None:
    want = _ids(reference(filled, f))
    db = Reader(filled)
    assert _ids(db.events(f)) == want
    assert db.count(f) == len(want)
    for offset in (0, 2, 5, len(want), len(want) + 3):
        assert _ids(db.events(f, limit=3, offset=offset)) == want[offset : offset + 3]


def test_the_filters_are_not_vacuous(filled: Store) -> None:
    """Most reference answers are neither empty nor everything (else the comparison above
    would prove little)."""
    total = len(reference(filled, EventFilter()))
    sizes = [len(reference(filled, f)) for f in FILTERS[1:]]
    assert total == 21
    assert sum(0 < n < total for n in sizes) >= len(sizes) - 2


def test_event_rows_have_the_columns_of_store_events(filled: Store) -> None:
    f = EventFilter(between=("IRN", "USA"))
    assert Reader(filled).events(f) == reference(filled, f)


@pytest.mark.parametrize("f", [EventFilter(), EventFilter(between=("IRN", "USA")),
                               EventFilter(lang="ar"), EventFilter(actor="trump"),
                               EventFilter(timeline=("IRN", "USA", ("RUS",)))],
                         ids=lambda f: repr(f)[12:60])
def test_counts_by_month_and_type_equal_the_reference(filled: Store, f: EventFilter) -> None:
    rows = reference(filled, f)
    want = Counter(((r["day"] or "")[:7] or None, r["type"]) for r in rows)
    got = {(month, kind): n for month, kind, n in Reader(filled).count_by(f, ("month", "type"))}
    assert got == dict(want)
    # a day known to the year only stays a year (the web layer decides where it goes)
    assert ("2022" in {m for m, _ in got}) == any(r["day"] == "2022" for r in rows)


def test_counts_by_source_and_actor(filled: Store) -> None:
    f = EventFilter(types=("INTENT_TALKS", "APPEAL_TALKS", "REFUSE_TALKS", "REJECT", "THREATEN"))
    rows = reference(filled, f)
    by_source = Counter((r["source"], r["type"]) for r in rows)
    got = Reader(filled).count_by(f, ("source", "type"))
    assert {(s, t): n for s, t, n in got} == dict(by_source)
    by_actor = Counter(r["source_actor"] for r in rows)
    assert {a: n for a, n in Reader(filled).count_by(f, ("source_actor",))} == dict(by_actor)


def test_event_fields_are_the_columns_in_list_order(filled: Store) -> None:
    f = EventFilter(types=("CONSULT", "MEDIATE"), party="USA")
    rows = reference(filled, f)
    got = Reader(filled).fields(f, ("doc_id", "idx", "via", "mediated"))
    assert got == [(r["doc_id"], r["idx"], r["via"],
                    r["parties"] if r["type"] == "MEDIATE" else None) for r in rows]


# -- quotes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("f", [QuoteFilter(), QuoteFilter(speaker="ARAGHCHI"),
                               QuoteFilter(lang="ar"), QuoteFilter(speaker="rubio", lang="fa")],
                         ids=repr)
def test_quotes_count_and_pages_equal_store_quotes(filled: Store, f: QuoteFilter) -> None:
    want = filled.quotes(speaker=f.speaker, lang=f.lang)
    db = Reader(filled)
    assert db.quotes(f) == want
    assert db.count_quotes(f) == len(want)
    for offset in (0, 1, 3, 9):
        assert db.quotes(f, limit=2, offset=offset) == want[offset : offset + 2]
    assert db.quote_texts(f) == [(r["doc_id"], r["idx"], r["text"]) for r in want]


def test_quotes_by_document_and_by_key(filled: Store) -> None:
    doc = filled.get("b.txt").id
    want = filled.quotes(doc=doc)
    db = Reader(filled)
    assert db.quotes(QuoteFilter(doc=doc)) == want and len(want) == 2
    every = filled.quotes()
    keys = [(r["doc_id"], r["idx"]) for r in every[1::2]]
    assert db.quotes_at(keys) == every[1::2]
    assert db.quotes_at([]) == []


def test_quote_text_filter_matches_store_quotes(filled: Store) -> None:
    """The web layer filters quote texts itself (normalised); its input must be what
    :meth:`Store.quotes` filters."""
    for q in ("مذاکره", "REMAIN", "لا"):
        want = normalized_text(q)
        got = [(d, i) for d, i, t in Reader(filled).quote_texts(QuoteFilter())
               if want in normalized_text(t)]
        assert got == [(r["doc_id"], r["idx"]) for r in filled.quotes(text=q)]


# -- documents ---------------------------------------------------------------------------------


def test_texts_and_labels_in_one_query(filled: Store) -> None:
    ids = [filled.get(n).id for n in ("a.txt", "c.txt")]
    db = Reader(filled)
    assert db.texts([*ids, ids[0], "0" * 16]) == {i: TEXT for i in ids}
    assert db.labels(ids) == {ids[0]: ("a.txt", None), ids[1]: ("c.txt", None)}
    assert db.texts([]) == {} and db.labels([]) == {}


def test_a_store_without_the_read_indexes_is_still_read(tmp_path: Any,
                                                        make_doc: Callable[..., Any]) -> None:
    """SQLite is told to use migration 0004's indexes only where they exist."""
    from qasid.store.migrations import MIGRATIONS

    url = str(tmp_path / "old.db")
    with Store.open(url, migrate=False) as old:
        from qasid.store import migrations

        migrations.migrate(old._engine, old._write_lock, MIGRATIONS[:3])
        old.save(make_doc(TEXT, name="x.txt"))
        ident = old.get("x.txt").id
        old.save_extraction(ident, {"events": [_ev("CONSULT", "IRN", "USA")],
                                    "quotes": [{"text": "We remain open", "start": 0,
                                                "end": 5}]})
        db = Reader(old)
        assert [r["doc_id"] for r in db.events(EventFilter(lang=None), limit=5)] == [ident]
        assert db.count_quotes(QuoteFilter()) == 1 and len(db.quotes(QuoteFilter(),
                                                                     limit=5)) == 1
