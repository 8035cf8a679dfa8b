"""Full-text search: Persian/Arabic/English matching, ranking, query errors and snippets.

The DB tests run on SQLite (FTS5) and PostgreSQL (tsvector); the same expectations hold for
both, and ``test_backends_agree`` compares them hit for hit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from sqlalchemy import inspect, update

from qasid.errors import ConfigError, StoreError
from qasid.store import Store
from qasid.store.schema import search_text
from qasid.store.search import Term, parse_query
from qasid.store.snippets import make_snippets

CORPUS = {
    # name: (lang, text)
    "fa_plural": ("fa", "دور تازه مذاکرات در ژنو بدون نتیجه به پایان رسید."),
    "ar_definite": ("ar", "انتهت المفاوضات في جنيف دون اتفاق نهائي."),
    "fa_zwnj": ("fa", "دو طرف بر ادامه گفت‌وگو در ژنو تاکید کردند."),
    "fa_joined": ("fa", "سخنگو افزود که گفتوگو با اروپا ادامه خواهد یافت."),
    "kh_zwnj": ("fa", "آیت‌الله خامنه‌ای امروز با فرماندهان دیدار کرد."),
    "kh_space": ("fa", "پیام خامنه ای به مناسبت عید منتشر شد."),
    "kh_joined": ("fa", "سخنرانی خامنهای در جمع دانشجویان پخش شد."),
    "digits_fa": ("fa", "این قرارداد در سال ۱۴۰۳ امضا شد."),
    "digits_ascii": ("ar", "وقعت الاتفاقية في عام 1403 للهجرة."),
    "digits_ar": ("ar", "صدر البيان في العام ١٤٠٢ الهجري."),
    "arabic_letters": ("fa", "وزير خارجه كشور همسايه به تهران سفر كرد."),
    "persian_letters": ("fa", "نماینده کشور میزبان از این سفر استقبال کرد."),
    "phrase_adjacent": ("fa", "سفیر ایالات متحده در سازمان ملل سخنرانی کرد."),
    "phrase_apart": ("fa", "ایالات شمالی و شرکای متحده آن کشور نشست برگزار کردند."),
    "rank_many": ("fa", "تحریم تازه و تحریم قدیمی؛ تحریم نفتی در کنار تحریم بانکی اعلام شد."),
    "rank_once": ("fa", "وزارت خزانه‌داری فهرست تازه‌ای از تحریم اشخاص منتشر کرد."),
    "en_talks": ("en", "Iran and the U.S. held indirect TALKS in Muscat on Saturday."),
    "en_other": ("en", "The IAEA board met in Vienna to discuss the report."),
}


def _fill(store: Store, make_doc: Any) -> Store:
    for name, (lang, text) in CORPUS.items():
        store.save(make_doc(text, locator=f"corpus/{name}", name=name, lang=lang))
    return store


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           make_doc: Any) -> Iterator[Store]:
    """The corpus, stored once per backend for the whole module (tests only read it)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
        else:
            url = stack.enter_context(request.getfixturevalue("pg_schema")())
        store = stack.enter_context(Store.open(url))
        yield _fill(store, make_doc)


def _names(store: Store, query: str, **kw: Any) -> set[str]:
    return {h.doc.name for h in store.search(query, **kw)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("مذاکره", {"fa_plural"}),  # singular finds the plural مذاکرات (light stemmer)
        ("مفاوضات", {"ar_definite"}),  # finds المفاوضات (article stripped)
        ("گفت‌وگو", {"fa_zwnj", "fa_joined"}),  # ZWNJ query finds the joined spelling
        ("گفتوگو", {"fa_zwnj", "fa_joined"}),  # and the other way round
        ("خامنه‌ای", {"kh_zwnj", "kh_space", "kh_joined"}),  # ZWNJ form
        ("خامنه ای", {"kh_zwnj", "kh_space", "kh_joined"}),  # detached suffix
        ("خامنهای", {"kh_zwnj", "kh_space", "kh_joined"}),  # joined without ZWNJ
        ("۱۴۰۳", {"digits_fa", "digits_ascii"}),  # Persian digits find ASCII digits
        ("1403", {"digits_fa", "digits_ascii"}),  # ASCII digits find Persian digits
        ("١٤٠٣", {"digits_fa", "digits_ascii"}),  # Arabic-Indic digits
        ("1402", {"digits_ar"}),  # ASCII finds Arabic-Indic
        ("وزیر", {"arabic_letters"}),  # Persian yeh finds Arabic ي
        ("وزير", {"arabic_letters"}),  # Arabic yeh query
        ("کشور", {"arabic_letters", "persian_letters", "phrase_apart"}),  # keheh finds ك
        ("كشور", {"arabic_letters", "persian_letters", "phrase_apart"}),  # Arabic kaf query
        ("ایالات متحده", {"phrase_adjacent", "phrase_apart"}),  # words: all must match
        ('"ایالات متحده"', {"phrase_adjacent"}),  # phrase: adjacent only
        ("«ایالات متحده»", {"phrase_adjacent"}),  # guillemets quote too
        ('"ایالات متح"*', {"phrase_adjacent"}),  # phrase with a prefix last word
        ("ژنو مذاکرات", {"fa_plural"}),  # AND across words
        ("تحری*", {"rank_many", "rank_once"}),  # prefix
        ("ژن*", {"fa_plural", "fa_zwnj"}),
        ("talks", {"en_talks"}),  # case-folded English
        ("U.S.", {"en_talks"}),  # punctuation-joined tokens as a phrase
        ("talks vienna", set()),  # no document has both
        ("بیانیه‌ای ناموجود", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_search_matches(corpus: Store, query: str, expected: set[str]) -> None:
    assert _names(corpus, query) == expected


def test_ranking_by_frequency(corpus: Store) -> None:
    hits = corpus.search("تحریم")
    assert [h.doc.name for h in hits] == ["rank_many", "rank_once"]
    assert hits[0].score > hits[1].score > 0


def test_lang_filter_and_paging(corpus: Store) -> None:
    assert _names(corpus, "1403", lang="ar") == {"digits_ascii"}
    assert _names(corpus, "1403", lang="en") == set()
    all_hits = [h.doc.name for h in corpus.search("کشور")]
    assert len(all_hits) == 3
    paged = [h.doc.name for h in corpus.search("کشور", limit=2)]
    paged += [h.doc.name for h in corpus.search("کشور", limit=2, offset=2)]
    assert paged == all_hits
    assert corpus.search("کشور", limit=0) == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "E430"),
        ("   ", "E430"),
        ("!!! ... ؟؟", "E430"),  # only punctuation
        ("*", "E430"),
        ('""', "E430"),
        ('"ایالات متحده', "E431"),  # unbalanced quote
        ("«ایالات", "E431"),
        ("ا*", "E432"),  # prefix too short
    ],
    ids=["empty", "blank", "punct", "star", "empty-phrase", "open-quote", "open-guillemet",
         "short-prefix"],
)
def test_bad_queries_are_config_errors(corpus: Store, query: str, code: str) -> None:
    with pytest.raises(ConfigError) as info:
        corpus.search(query)
    assert str(info.value).startswith(code)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "query",
    ["talks OR vienna", "NOT talks", "talks AND", "NEAR(talks iran)", "talks:iran", "^talks",
     "(talks", "talks)", "{talks}", "talks & !iran", "talks <-> iran", "talks:*", "'talks'",
     "talks'; DROP TABLE documents; --", "\\x27", "talks -iran", "+talks", "ta\x00lks"],
)
def test_engine_syntax_in_queries_is_just_text(corpus: Store, query: str) -> None:
    """Operators of FTS5 or tsquery are never interpreted: no SQL error, ever."""
    try:
        hits = corpus.search(query)
    except ConfigError:
        return  # nothing searchable left is fine; an engine error is not
    except StoreError as exc:  # pragma: no cover - the failure this test guards against
        pytest.fail(f"query {query!r} reached the engine unescaped: {exc}")
    assert isinstance(hits, list)
    assert "documents" in inspect(corpus._engine).get_table_names()
    assert corpus.count() == len(CORPUS)


def test_snippets_show_original_characters(corpus: Store) -> None:
    for query in ("خامنهای", "خامنه ای", "خامنه‌ای"):
        for hit in corpus.search(query):
            [snip] = hit.snippets
            assert snip.text == hit.doc.text[snip.start : snip.end]
            [(a, b)] = snip.highlights
            assert snip.text[a:b] in {"خامنه‌ای", "خامنه ای", "خامنهای"}
    [hit] = [h for h in corpus.search("1403") if h.doc.name == "digits_fa"]
    snip = hit.snippets[0]
    assert [snip.text[a:b] for a, b in snip.highlights] == ["۱۴۰۳"]
    [hit] = corpus.search('"ایالات متحده"')
    assert [hit.snippets[0].text[a:b] for a, b in hit.snippets[0].highlights] == [
        "ایالات متحده"]
    [hit] = corpus.search("وزیر")
    assert [hit.snippets[0].text[a:b] for a, b in hit.snippets[0].highlights] == ["وزير"]


def test_title_only_match_and_noise_excluded(store: Store, make_doc: Any) -> None:
    doc = make_doc("منوی سایت | برجام\n\nمتن خبر درباره اقتصاد و بازار ارز است.",
                   locator="t/1", noise=(0,), title="برجام و آینده توافق")
    store.save(doc)
    [hit] = store.search("برجام")  # in the title; the menu line is noise and not indexed
    assert hit.snippets[0].highlights == ()
    assert hit.snippets[0].text.startswith("متن خبر")
    assert store.search("منوی") == []


def test_long_document_snippet_window(store: Store, make_doc: Any) -> None:
    filler = " ".join(["خبرگزاری گزارش داد که جلسه ادامه دارد."] * 40)
    text = f"{filler} در پایان، عراقچی درباره مذاکرات هسته‌ای سخن گفت. {filler}"
    store.save(make_doc(text, locator="long/1"))
    [hit] = store.search("عراقچی مذاکره")
    [snip] = hit.snippets
    assert len(snip.text) <= 220
    assert [snip.text[a:b] for a, b in snip.highlights] == ["عراقچی", "مذاکرات"]
    assert not snip.text[0].isspace() and not snip.text[-1].isspace()
    assert snip.text == text[snip.start : snip.end]


def test_reindex_rebuilds_terms(store: Store, make_doc: Any) -> None:
    _fill(store, make_doc)
    with store._engine.begin() as conn:  # simulate terms built by an older stemmer
        conn.execute(update(search_text).values(stems="stale"))
    assert store.search("مذاکره") == []
    assert store.reindex() == len(CORPUS)
    assert _names(store, "مذاکره") == {"fa_plural"}
    assert store.count() == len(CORPUS)


@pytest.mark.postgres
def test_backends_agree(tmp_path: Any, pg_url: str, make_doc: Any) -> None:
    """Same corpus, same queries: same documents, same order, same snippets."""
    with Store.open(str(tmp_path / "a.db")) as lite, Store.open(pg_url) as pg:
        _fill(lite, make_doc)
        _fill(pg, make_doc)
        for query in ("تحریم", "کشور", "خامنه ای", "1403", '"ایالات متحده"', "ژن*", "talks"):
            a, b = lite.search(query), pg.search(query)
            if query != "کشور":  # equal scores may tie differently; order by score is checked
                assert [h.doc.id for h in a] == [h.doc.id for h in b], query
            assert {h.doc.id: h.snippets for h in a} == {h.doc.id: h.snippets for h in b}


# -- no database: query parsing and snippets ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("مذاکرات", [Term(("مذاکر",))]),
        ("خامنه ای", [Term(("خامن",))]),  # the detached suffix joins, as in the index
        ("گفت‌وگو و مذاکره", [Term(("گفتوگو",)), Term(("و",)), Term(("مذاکر",))]),
        ('"گفت و گو"', [Term(("گفت", "و", "گو"))]),
        ("«ایالات متحده»*", [Term(("ایال", "متحد"), prefix=True)]),
        ('"ایالات متحده*"', [Term(("ایال", "متحد"), prefix=True)]),
        ("ایران-آمریکا", [Term(("ایر", "امریکا"))]),  # hyphenated: a phrase
        ("Iran iran IRAN", [Term(("iran",))]),  # repeated terms collapse
        ("مسق* talks", [Term(("مسق",), prefix=True), Term(("talks",))]),
        ("foo_bar", [Term(("foo", "bar"))]),  # underscores split, as PostgreSQL's parser does
    ],
    ids=["stem", "detached", "and", "phrase", "phrase-prefix", "prefix-inside", "hyphen",
         "dedupe", "prefix-word", "underscore"],
)
def test_parse_query(query: str, terms: list[Term]) -> None:
    assert list(parse_query(query).terms) == terms


def test_query_rendering_quotes_every_term() -> None:
    q = parse_query("talks \"o'neil said\" مسق*")
    assert q.fts5() == '"talks" AND "o neil said" AND "مسق"*'
    assert q.tsquery() == "'talks' & ('o' <-> 'neil' <-> 'said') & 'مسق':*"


def test_make_snippets_picks_densest_window() -> None:
    text = ("تحریم " + "کلمه " * 100 + "مذاکره و تحریم در یک جمله " + "کلمه " * 100 + "مذاکره")
    terms = parse_query("تحریم مذاکره").terms
    snips = make_snippets(text, [(0, len(text))], terms, width=60, max_snippets=1)
    [s] = snips
    assert [s.text[a:b] for a, b in s.highlights] == ["مذاکره", "تحریم"]
    two = make_snippets(text, [(0, len(text))], terms, width=60, max_snippets=2)
    assert len(two) == 2 and two[0].start < two[1].start
    assert all(t.text == text[t.start : t.end] for t in two)


def test_make_snippets_without_match_returns_lead() -> None:
    text = "\n\n  سطر اول خبر است. " + "ادامه " * 80
    [s] = make_snippets(text, [(0, len(text))], parse_query("ناموجود").terms, width=50)
    assert s.highlights == () and s.text.startswith("سطر اول") and len(s.text) <= 50
    assert make_snippets("", [], parse_query("x").terms) == ()
