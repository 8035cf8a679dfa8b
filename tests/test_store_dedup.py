"""Duplicate links: exact (body hash) and near (MinHash LSH), kept in the database so they are
found across separate ``Store.open`` sessions; both backends (see conftest)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from qasid.store import Store, lsh

ARTICLE = (
    "وزیر امور خارجه ایران روز یکشنبه در نشست خبری در تهران اعلام کرد که دور تازه مذاکرات "
    "غیرمستقیم با ایالات متحده هفته آینده با میانجیگری عمان در مسقط برگزار خواهد شد و هیئت "
    "ایرانی با اختیارات کامل در این دور شرکت می‌کند.\n\n"
    "او افزود که گفت‌وگو درباره برنامه هسته‌ای تنها در صورت لغو تحریم‌های یکجانبه معنا دارد "
    "و جمهوری اسلامی برای رسیدن به توافق هیچ عجله‌ای ندارد؛ طرف آمریکایی باید نشان دهد که "
    "به تعهدات خود پایبند است.\n\n"
    "سخنگوی وزارت خارجه نیز در نشست هفتگی خود تاکید کرد که پیام‌های دو طرف همچنان از طریق "
    "وزیر خارجه عمان رد و بدل می‌شود و هنوز زمانی برای دیدار مستقیم تعیین نشده است."
)
# The same article on another site: different menu/footer, typed with Arabic yeh and kaf.
MIRROR = ("منوی اصلی | اخبار\n\n" + ARTICLE.replace("ی", "ي").replace("ک", "ك")
          + "\n\nکلیه حقوق محفوظ است")
# The same article with one word changed (estimated similarity 0.92).
EDITED = ARTICLE.replace("یکشنبه", "دوشنبه")
OTHER = ("قالت المصادر إن المفاوضات بين طهران وواشنطن مستمرة في مسقط برعاية عمانية "
         "وإن الجولة المقبلة ستعقد قريبا.")


def test_band_keys_and_similarity() -> None:
    sig = tuple(range(1000, 1128))
    keys = lsh.band_keys(sig)
    assert [b for b, _ in keys] == list(range(16))
    assert keys == lsh.band_keys(list(sig))  # deterministic, type-independent
    assert all(-(2**63) <= k < 2**63 for _, k in keys)  # fits BIGINT
    changed = (0, *sig[1:])
    same = [a == b for a, b in zip(keys, lsh.band_keys(changed), strict=True)]
    assert same == [False] + [True] * 15
    assert lsh.unpack(lsh.pack(sig)) == sig
    assert lsh.unpack(lsh.pack([2**64 - 1])) == (2**64 - 1,)
    assert lsh.similarity(sig, changed) == 127 / 128
    assert lsh.band_keys(sig[:64]) == []  # other signature sizes: no LSH


def test_exact_and_near_duplicates_across_sessions(store_url: str, make_doc: Any) -> None:
    original = make_doc(ARTICLE, locator="https://irna.ir/1", lang="fa")
    mirror = make_doc(MIRROR, locator="https://mehr.ir/9", noise=(0, 4), lang="fa")
    edited = make_doc(EDITED, locator="https://isna.ir/5", lang="fa")
    other = make_doc(OTHER, locator="https://aljazeera.net/3", lang="ar")
    assert mirror.body_hash == original.body_hash and mirror.content_hash != original.content_hash

    with Store.open(store_url) as s:
        assert s.save(original).duplicates == ()
    with Store.open(store_url) as s:  # a later ingest run
        res = s.save(mirror)
        assert res.status == "new"
        [link] = res.duplicates
        assert (link.doc_id, link.dup_of, link.kind, link.similarity) == (
            res.doc_id, s.get("https://irna.ir/1").id, "exact", 1.0)  # type: ignore[union-attr]
    with Store.open(store_url) as s:  # and another
        res = s.save(edited)
        [link] = res.duplicates
        first = s.get("https://irna.ir/1")
        assert first is not None
        assert link.kind == "near" and link.dup_of == first.id  # the earliest, not the mirror
        assert 0.8 <= link.similarity < 1.0
        assert s.save(other).duplicates == ()

    with Store.open(store_url) as s:
        first = s.get("https://irna.ir/1")
        assert first is not None and first.duplicate_of is None
        by = {s.get(i).locator for i in first.duplicated_by}  # type: ignore[union-attr]
        assert by == {"https://mehr.ir/9", "https://isna.ir/5"}
        mirror_doc = s.get("https://mehr.ir/9")
        assert mirror_doc is not None and mirror_doc.duplicate_of == first.id
        assert s.stats()["duplicates"] == {"exact": 1, "near": 1}
        # Duplicates are links, never drops: all four documents are stored and searchable.
        assert s.count() == 4
        assert len(s.search("مسقط")) == 4
        # Re-ingesting changes nothing.
        assert s.save(mirror).status == "unchanged"
        assert s.save(mirror).duplicates[0].dup_of == first.id
        assert s.stats()["duplicates"] == {"exact": 1, "near": 1}


def test_exact_link_goes_to_the_earliest_copy(store: Store, make_doc: Any) -> None:
    ids = [store.save(make_doc(MIRROR if i else ARTICLE, locator=f"copy/{i}",
                               noise=(0, 4) if i else ())).doc_id for i in range(4)]
    for i in (1, 2, 3):
        doc = store.get(ids[i])
        assert doc is not None and doc.duplicate_of == ids[0]


def test_near_threshold_is_an_open_option(store_url: str, make_doc: Any) -> None:
    with Store.open(store_url, near_threshold=0.95) as s:
        s.save(make_doc(ARTICLE, locator="a"))
        assert s.save(make_doc(EDITED, locator="b")).duplicates == ()  # 0.92 < 0.95
    with Store.open(store_url, near_threshold=0.9) as s:
        [link] = s.save(make_doc(EDITED + "\n\nپایان", locator="c")).duplicates
        assert link.kind == "near"


def test_documents_without_fingerprints_are_never_linked(store: Store, make_doc: Any) -> None:
    a = make_doc(ARTICLE, locator="a")
    store.save(replace(a, body_hash="", minhash=()))
    b = make_doc(ARTICLE, locator="b")
    assert store.save(replace(b, body_hash="", minhash=())).duplicates == ()
    # A signature of another size is stored but not used for LSH.
    c = store.save(replace(make_doc(ARTICLE, locator="c"), body_hash="", minhash=(1, 2, 3)))
    assert c.duplicates == ()
    got = store.get("c")
    assert got is not None and got.minhash == (1, 2, 3)


def test_update_relinks_documents_that_pointed_to_it(store: Store, make_doc: Any) -> None:
    a = store.save(make_doc(ARTICLE, locator="a")).doc_id
    b = store.save(make_doc(MIRROR, locator="b", noise=(0, 4))).doc_id
    c = store.save(make_doc(EDITED, locator="c")).doc_id
    assert store.get(b).duplicate_of == a  # type: ignore[union-attr]
    assert store.get(c).duplicate_of == a  # type: ignore[union-attr]

    # "a" now holds a different article: b and c must no longer point at it. b becomes the
    # earliest copy of the article, so c is re-linked to b.
    res = store.save(make_doc(OTHER, locator="a"))
    assert res.status == "updated" and res.duplicates == ()
    assert store.get(b).duplicate_of is None  # type: ignore[union-attr]
    c_doc = store.get(c)
    assert c_doc is not None and c_doc.duplicate_of == b
    assert c_doc.duplicates[0].kind == "near"

    # "a" goes back to the article: its new content is the newest, so it links to b.
    res = store.save(make_doc(ARTICLE, locator="a"))
    assert res.status == "updated"
    assert [(x.dup_of, x.kind) for x in res.duplicates] == [(b, "exact")]
    a_doc = store.get(a)
    assert a_doc is not None and a_doc.duplicate_of == b and a_doc.duplicated_by == ()
    assert set(store.get(b).duplicated_by) == {a, c}  # type: ignore[union-attr]


def test_minhash_values_from_numpy_are_accepted(store: Store, make_doc: Any) -> None:
    np = pytest.importorskip("numpy")
    doc = make_doc(ARTICLE, locator="np")
    as_numpy = replace(doc, minhash=tuple(np.asarray(doc.minhash, dtype=np.uint64)))
    store.save(as_numpy)
    got = store.get("np")
    assert got is not None and got.minhash == doc.minhash
