"""Store: opening, URLs, migrations, save/update/atomicity, reads, rejects, stats.

Every test taking ``store`` or ``store_url`` runs on SQLite and on PostgreSQL (see conftest).
"""

from __future__ import annotations

import hashlib
import json
import threading
import types
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text

from qasid.errors import ConfigError, InputError, StoreError
from qasid.records import DateFinding, Paragraph, Rejected
from qasid.store import SaveResult, Store, StoredDocument, doc_id
from qasid.store import schema as sch
from qasid.store.engine import mask, resolve_url
from qasid.store.migrations import MIGRATIONS

FA = (
    "عراقچی: مذاکرات غیرمستقیم با آمریکا ادامه دارد\n\n"
    "وزیر امور خارجه ایران روز یکشنبه در نشست خبری در تهران گفت دور تازه مذاکرات "
    "غیرمستقیم با ایالات متحده با میانجیگری عمان در مسقط برگزار خواهد شد.\n\n"
    "اشتراک‌گذاری در تلگرام | ارسال به دوستان"
)
AR = (
    "عمان تستضيف جولة جديدة من المفاوضات\n\n"
    "أعلنت وزارة الخارجية العمانية أن مسقط ستستضيف الأسبوع المقبل جولة جديدة من المفاوضات "
    "غير المباشرة بين إيران والولايات المتحدة."
)
EN = (
    "Oman to host new round of Iran-US talks\n\n"
    "Oman's foreign ministry said on Sunday that Muscat will host a new round of indirect "
    "talks between Iran and the United States next week."
)


def _table_counts(store: Store) -> dict[str, int]:
    with store._engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                for t in sch.BASE_TABLES}


def _assert_consistent(store: Store) -> None:
    """Every document has its search row and no child row is orphaned; FTS5 is intact."""
    with store._engine.connect() as conn:
        ids = set(conn.scalars(select(sch.documents.c.id)))
        assert set(conn.scalars(select(sch.search_text.c.doc_id))) == ids
        for t in (sch.paragraphs, sch.lsh_bands):
            assert set(conn.scalars(select(t.c.doc_id))) <= ids
        if store.backend == "sqlite":
            conn.execute(text("INSERT INTO search_fts(search_fts, rank) "
                              "VALUES ('integrity-check', 1)"))


# -- ids and URLs --------------------------------------------------------------------------


def test_doc_id_is_sha256_prefix_of_locator() -> None:
    loc = "https://www.irna.ir/news/85123456/عراقچی"
    assert doc_id(loc) == hashlib.sha256(loc.encode()).hexdigest()[:16]
    assert doc_id(loc) == doc_id(loc)
    assert doc_id(loc) != doc_id(loc + "/")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("corpus.db", "sqlite:///corpus.db"),  # a plain path means SQLite
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
        ("postgresql://u@db:5432/news", "postgresql+psycopg://u@db:5432/news"),  # pinned
        ("postgres://u@db/news", "postgresql+psycopg://u@db/news"),  # Heroku spelling
        ("postgresql+psycopg://u@db/news", "postgresql+psycopg://u@db/news"),
    ],
    ids=["plain-path", "sqlite-url", "postgresql", "postgres-alias", "psycopg-explicit"],
)
def test_resolve_url(given: str, expected: str) -> None:
    assert resolve_url(given).render_as_string(hide_password=False) == expected


def test_resolve_url_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QASID_DB", raising=False)
    assert resolve_url(None).render_as_string() == "sqlite:///qasid.db"
    monkeypatch.setenv("QASID_DB", "postgresql://u@h/d")
    assert resolve_url(None).drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/d", "postgresql+psycopg2://u@h/d", "sqlite+aiosqlite:///x.db", "   ",
     "postgresql://u@h:notaport/d"],
    ids=["mysql", "psycopg2", "async-sqlite", "blank", "bad-port"],
)
def test_unsupported_or_bad_urls_raise_store_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(url)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("E30")


def test_unreachable_postgres_is_a_one_line_store_error() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://qasid:s3cret@127.0.0.1:1/nowhere")
    msg = str(info.value)
    assert msg.startswith("E302 cannot connect to PostgreSQL")
    assert "\n" not in msg
    assert "s3cret" not in msg and "***" in msg


def test_sqlite_path_in_missing_directory(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match=r"E302 .*does not exist"):
        Store.open(str(tmp_path / "no" / "such" / "dir" / "x.db"))


def test_sqlite_path_that_is_a_directory(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(str(tmp_path))


def test_sqlite_file_that_is_not_a_database(tmp_path: Any) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database\n" * 200)
    with pytest.raises(StoreError) as info:
        Store.open(str(bogus))
    assert "\n" not in str(info.value)


def test_mask_hides_password() -> None:
    assert mask("postgresql+psycopg://u:pw@h/d") == "postgresql+psycopg://u:***@h/d"


def test_sqlite_pragmas(tmp_path: Any) -> None:
    with Store.open(str(tmp_path / "p.db")) as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_memory_store_works() -> None:
    with Store.open("sqlite://") as store:
        assert store.count() == 0
        assert store.stats()["memory"] is True


def test_near_threshold_is_validated(tmp_path: Any) -> None:
    with pytest.raises(ConfigError, match="near_threshold"):
        Store.open(str(tmp_path / "x.db"), near_threshold=1.5)


# -- migrations ----------------------------------------------------------------------------


def test_migrations_are_applied_and_recorded_once(store_url: str) -> None:
    names = [m.name for m in MIGRATIONS]
    with Store.open(store_url, migrate=False) as store:
        assert store.migration_status() == [(n, None) for n in names]
        assert store.migrate() == names
        assert store.migrate() == []
    with Store.open(store_url) as store:  # opening migrates, idempotently
        assert store.migrate() == []
        status = store.migration_status()
        assert [n for n, _ in status] == names
        assert all(at for _, at in status)
        with store._engine.connect() as conn:
            rows = conn.execute(select(sch.migrations_table.c.name)).scalars().all()
        assert sorted(rows) == sorted(names)


def test_fresh_schema_matches_schema_module(store: Store) -> None:
    """Migration 0001 must produce exactly the tables and columns schema.py declares."""
    insp = inspect(store._engine)
    tables = set(insp.get_table_names())
    for table in sch.metadata.sorted_tables:
        assert table.name in tables
        got = {c["name"] for c in insp.get_columns(table.name)}
        want = {c.name for c in table.columns}
        if table.name == "search_text" and store.backend == "postgresql":
            want.add("tsv")  # the generated tsvector column of migration 0002
        assert got == want, table.name


def test_unknown_migration_is_listed_not_fatal(store: Store) -> None:
    with store._engine.begin() as conn:
        conn.execute(sch.migrations_table.insert().values(name="9999_future", applied_at="x"))
    assert store.migration_status()[-1] == ("9999_future", "x")


# -- save ----------------------------------------------------------------------------------


def _full_doc(make_doc: Any) -> Any:
    return make_doc(
        FA, locator="https://www.irna.ir/news/1", name="000_irna.html", noise=(2,),
        lang="fa", title="عراقچی: مذاکرات غیرمستقیم", url="https://www.irna.ir/news/1",
        published="2025-11-03", encoding="utf-8", content_type="html",
        dates=(DateFinding("2025-11-03", "jalali", "published", 0, 5),),
        meta={"sitename": "ایرنا", "tags": ["ایران", "عمان"], "n": 3},
        fetched_at="2025-11-03T10:00:00+00:00")


def test_save_new_and_read_back_every_field(store: Store, make_doc: Any) -> None:
    doc = _full_doc(make_doc)
    res = store.save(doc)
    assert res == SaveResult(doc_id(doc.locator), "new", ())
    got = store.get(res.doc_id)
    assert isinstance(got, StoredDocument)
    for field in ("locator", "name", "source", "text", "content_hash", "url", "title",
                  "encoding", "content_type", "body", "paragraphs", "lang", "published",
                  "dates", "body_hash", "minhash", "meta", "fetched_at", "schema_version"):
        assert getattr(got, field) == getattr(doc, field), field
    assert got.id == res.doc_id and got.seq == 1
    assert got.ingested_at == got.updated_at
    assert got.body_text() == doc.body_text()
    assert got.to_processed() == doc
    data = got.to_dict()
    assert data["doc"] == "000_irna.html" and data["body"] == [list(s) for s in doc.body]
    assert "minhash" not in data and len(got.to_dict(include_minhash=True)["minhash"]) == 128
    json.dumps(data, ensure_ascii=False)  # JSON-ready


def test_get_by_id_prefix_locator_and_name(store: Store, make_doc: Any) -> None:
    doc = _full_doc(make_doc)
    ident = store.save(doc).doc_id
    for key in (ident, ident.upper(), ident[:6], ident[:10], doc.locator, doc.name):
        found = store.get(key)
        assert found is not None and found.id == ident, key
    assert store.get(ident[:5]) is None  # too short to be a prefix
    assert store.get("no-such-document") is None
    assert store.get("") is None


def test_get_ambiguous_name_is_a_config_error(store: Store, make_doc: Any) -> None:
    store.save(make_doc(EN, locator="feed-a/1", name="index.html"))
    store.save(make_doc(AR, locator="feed-b/1", name="index.html"))
    with pytest.raises(ConfigError, match=r"index\.html.*several"):
        store.get("index.html")
    assert store.get("feed-a/1") is not None


def test_resave_same_content_is_unchanged_and_writes_nothing(store: Store,
                                                            make_doc: Any) -> None:
    doc = _full_doc(make_doc)
    store.save(doc)
    before = store.get(doc.locator)
    counts = _table_counts(store)
    # Same text (same content_hash) even if a field computed later differs: nothing written.
    res = store.save(replace(doc, title="another title"))
    assert res.status == "unchanged"
    assert _table_counts(store) == counts
    assert store.get(doc.locator) == before


def test_changed_content_replaces_rows(store: Store, make_doc: Any) -> None:
    old = make_doc(FA, locator="https://x.ir/1", lang="fa")
    store.save(old)
    store.save(make_doc(EN, locator="https://x.ir/2", lang="en"))
    new = make_doc(AR, locator="https://x.ir/1", lang="ar")
    res = store.save(new)
    assert res.status == "updated" and res.doc_id == doc_id("https://x.ir/1")
    got = store.get("https://x.ir/1")
    assert got is not None
    assert got.text == AR and got.lang == "ar" and got.paragraphs == new.paragraphs
    assert got.seq == 3  # its new content is the newest in store order
    assert [d.locator for d in store.documents()] == ["https://x.ir/2", "https://x.ir/1"]
    assert [h.doc.id for h in store.search("المفاوضات")] == [res.doc_id]
    assert store.search("عراقچی") == []  # the old content is no longer indexed
    assert _table_counts(store)["documents"] == 2
    _assert_consistent(store)


def test_force_rewrites_unchanged_content(store: Store, make_doc: Any) -> None:
    doc = make_doc(EN, locator="l/1", lang="en")
    store.save(doc)
    res = store.save(replace(doc, lang="fa"), force=True)
    assert res.status == "updated"
    got = store.get("l/1")
    assert got is not None and got.lang == "fa"


@pytest.mark.parametrize("step", ["_write_children", "_detect"])
def test_save_is_atomic(store: Store, make_doc: Any, monkeypatch: pytest.MonkeyPatch,
                        step: str) -> None:
    """A failure after some rows were written leaves no trace of the new or changed doc."""
    store.save(make_doc(EN, locator="keep/1", lang="en"))
    store.save(make_doc(FA, locator="victim/1", lang="fa"))
    counts = _table_counts(store)

    def boom(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("simulated crash mid-save")

    monkeypatch.setattr(Store, step, boom)
    with pytest.raises(RuntimeError, match="simulated"):
        store.save(make_doc(AR, locator="new/1", lang="ar", source="other.jsonl"))
    with pytest.raises(RuntimeError, match="simulated"):
        store.save(make_doc(AR, locator="victim/1", lang="ar"))  # an update
    monkeypatch.undo()

    assert store.get("new/1") is None
    victim = store.get("victim/1")
    assert victim is not None and victim.text == FA and victim.lang == "fa"
    assert _table_counts(store) == counts  # including the new source's row
    assert [h.doc.locator for h in store.search("مذاکرات")] == ["victim/1"]
    assert store.search("المفاوضات") == []
    _assert_consistent(store)
    # The store keeps working: the same save succeeds now.
    assert store.save(make_doc(AR, locator="new/1", lang="ar")).status == "new"
    _assert_consistent(store)

def test_failing_document_in_a_batch_rolls_back_alone(store: Store, make_doc: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside one group commit, a document that fails half-written (by a Python error or by
    the database refusing a row) leaves nothing behind, and the documents before and after
    it in the same transaction are stored."""
    real_detect = Store._detect

    def duplicate_row(self: Store, conn: Any, fp: Any, ts: str) -> Any:
        # The document's own rows are written by now; inserting its LSH band rows a second
        # time breaks the primary key, inside the database.
        from qasid.store.bulk import insert_rows
        insert_rows(conn, sch.lsh_bands, [{"doc_id": fp.id, "band": b, "key": k}
                                          for b, k in fp.bands])
        return real_detect(self, conn, fp, ts)

    def crash(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("simulated crash mid-save")

    with store.batch():
        assert store.save(make_doc(EN, locator="before/1", lang="en")).status == "new"
        monkeypatch.setattr(Store, "_detect", duplicate_row)
        with pytest.raises(StoreError, match=r"UNIQUE|duplicate key"):
            store.save(make_doc(FA, locator="db-error/1", lang="fa"))
        monkeypatch.setattr(Store, "_detect", crash)
        with pytest.raises(RuntimeError, match="simulated"):
            store.save(make_doc(AR, locator="crash/1", lang="ar"))
        monkeypatch.undo()
        assert store.save(make_doc(AR, locator="after/1", lang="ar")).status == "new"
    assert store.get("db-error/1") is None and store.get("crash/1") is None
    assert [d.locator for d in store.documents()] == ["before/1", "after/1"]
    assert [d.seq for d in store.documents()] == [1, 2]
    _assert_consistent(store)



def _bad_docs(make_doc: Any) -> dict[str, Any]:
    good = make_doc(EN, locator="bad/1")
    return {
        "span-outside-text": replace(good, body=((0, 10_000),)),
        "reversed-span": replace(good, body=((20, 10),)),
        "paragraph-outside": replace(good, paragraphs=(Paragraph(0, 9_999, "content", "x"),)),
        "nul-in-text": replace(good, text=good.text + "\x00"),
        "surrogate": replace(good, title="bad \udcff bytes"),
        "meta-not-json": replace(good, meta={"when": object()}),
        "meta-nan": replace(good, meta={"x": float("nan")}),
        "negative-minhash": replace(good, minhash=(-1,) * 128),
        "empty-locator": replace(good, locator=""),
        "date-outside": replace(good, dates=(DateFinding("2025-01-01", "g", "x", 0, 10**6),)),
    }


@pytest.mark.parametrize("case", ["span-outside-text", "reversed-span", "paragraph-outside",
                                  "nul-in-text", "surrogate", "meta-not-json", "meta-nan",
                                  "negative-minhash", "empty-locator", "date-outside"])
def test_invalid_documents_are_refused_before_writing(store: Store, make_doc: Any,
                                                      case: str) -> None:
    store.save(make_doc(FA, locator="ok/1"))
    counts = _table_counts(store)
    with pytest.raises(InputError) as info:
        store.save(_bad_docs(make_doc)[case])
    assert str(info.value).startswith("E320 ")
    assert _table_counts(store) == counts
    _assert_consistent(store)


def test_save_rejects_non_documents(store: Store) -> None:
    with pytest.raises(InputError):
        store.save({"locator": "x"})  # type: ignore[arg-type]


def test_concurrent_writers_from_two_stores(store_url: str, make_doc: Any) -> None:
    """Two Store objects (as two processes would) and several threads writing at once."""
    a, b = Store.open(store_url), Store.open(store_url)
    errors: list[BaseException] = []

    def work(s: Store, k: int) -> None:
        try:
            for i in range(5):
                s.save(make_doc(f"{EN}\n\nworker {k} item {i}", locator=f"w{k}/{i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, k))
               for k, s in enumerate((a, b, a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert a.count() == 20
        seqs = [d.seq for d in a.documents()]
        assert seqs == sorted(set(seqs)) and len(seqs) == 20
        _assert_consistent(a)
    finally:
        a.close()
        b.close()


# -- reading -------------------------------------------------------------------------------


def test_documents_filters_order_and_paging(store: Store, make_doc: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qasid.store.store.BATCH_SIZE", 2)  # force several batches
    specs = [("d1", "fa", "2025-10-30"), ("d2", "ar", "2025-11-01"), ("d3", "fa", "2025-11"),
             ("d4", "en", None), ("d5", "fa", "2025-11-20")]
    for loc, lang, pub in specs:
        store.save(make_doc(f"{EN}\n\n{loc}", locator=loc, lang=lang, published=pub))
    stream = store.documents()
    assert isinstance(stream, types.GeneratorType)
    assert [d.locator for d in stream] == ["d1", "d2", "d3", "d4", "d5"]
    assert [d.locator for d in store.documents(lang="fa")] == ["d1", "d3", "d5"]
    assert [d.locator for d in store.documents(since="2025-11-01")] == ["d2", "d5"]
    assert [d.locator for d in store.documents(until="2025-11-01")] == ["d1", "d2", "d3"]
    assert [d.locator for d in store.documents(since="2025-11", until="2025-11-30")] == [
        "d2", "d3", "d5"]
    assert [d.locator for d in store.documents(limit=3, offset=1)] == ["d2", "d3", "d4"]
    assert [d.locator for d in store.documents(lang="fa", offset=1, limit=5)] == ["d3", "d5"]
    assert list(store.documents(limit=0)) == []


@pytest.mark.parametrize("kwargs", [{"since": "last week"}, {"until": "2025/11/01"},
                                    {"limit": -1}, {"offset": -2}])
def test_documents_bad_arguments(store: Store, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        store.documents(**kwargs)


def test_documents_of_empty_store(store: Store) -> None:
    assert list(store.documents()) == []


# -- rejects and stats ---------------------------------------------------------------------


def test_rejects_are_recorded_replaced_and_cleared(store: Store, make_doc: Any) -> None:
    store.save_reject(Rejected("feed/9", "9.html", "https://x.ir/rss", "read", "E131",
                               "connection refused"))
    store.save_reject(Rejected("bad/1", "1.txt", "in/", "decode", "E110", "no text"))
    store.save_reject(Rejected("bad/1", "1.txt", "in/", "content", "E199", "bad \x00 byte"))
    rows = store.rejects()
    assert {r.locator for r in rows} == {"feed/9", "bad/1"}
    bad = next(r for r in rows if r.locator == "bad/1")
    assert (bad.stage, bad.code) == ("content", "E199")  # the latest failure wins
    assert "\x00" not in bad.message
    assert len(store.rejects(limit=1)) == 1
    store.save(make_doc(EN, locator="bad/1", source="in/"))  # now it works
    assert [r.locator for r in store.rejects()] == ["feed/9"]
    assert bad.to_dict()["code"] == "E199"


def test_stats(store: Store, make_doc: Any) -> None:
    src = "news.jsonl"
    store.save(make_doc(FA, locator="s/1", lang="fa", published="2025-11-03", source=src))
    store.save(make_doc(AR, locator="s/2", lang="ar", published="2024-05-12",
                        content_type="html", source=src))
    store.save(make_doc(EN, locator="s/3", lang="en", source="https://x.ir/rss"))
    store.save(make_doc(EN + "\n\nfooter", locator="s/4", noise=(2,), source=src))  # dup of s/3
    store.save_reject(Rejected("s/5", "5", src, "decode", "E110", "empty"))
    st = store.stats()
    assert st["documents"] == 4
    assert st["by_lang"] == {"ar": 1, "en": 1, "fa": 1, "unknown": 1}
    assert st["by_content_type"] == {"html": 1, "text": 3}
    assert st["published"] == {"with": 2, "without": 2}
    assert st["published_range"] == {"first": "2024-05-12", "last": "2025-11-03"}
    assert st["duplicates"] == {"exact": 1, "near": 0}
    assert st["rejects"] == 1
    assert st["sources"] == 2
    assert st["sources_by_kind"] == {"jsonl": 1, "url": 1}
    assert st["backend"] == store.backend
    assert st["migrations"] == {"applied": len(MIGRATIONS), "known": len(MIGRATIONS)}
    json.dumps(st)


def test_closed_store_refuses_work(store_url: str, make_doc: Any) -> None:
    s = Store.open(store_url)
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        s.save(make_doc(EN))
