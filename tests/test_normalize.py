"""The matching/search view: folds that must hold, and offsets that must map back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qasid.stages.normalize import normalize, normalized_text, search_stems, stem

SAME_KEY = [
    ("خامنه‌ای", "خامنهای"),  # ZWNJ present / lost
    ("خامنه ای", "خامنهای"),  # ZWNJ written as a space
    ("می‌گویند", "میگویند"),  # verbal prefix with ZWNJ / lost
    ("می گویند", "میگویند"),  # verbal prefix with a space
    ("نمی گذارد", "نمیگذارد"),  # negative prefix with a space
    ("گفت‌وگو", "گفتوگو"),  # compound with ZWNJ / lost
    ("مذاکره‌های", "مذاکره های"),  # plural suffix ZWNJ / space
    ("كيف", "کیف"),  # Arabic kaf/yeh vs Persian
    ("رئيس", "رئیس"),  # Arabic yeh inside a word
    ("إيران", "ایران"),  # hamza-below alef
    ("آمریکا", "امریکا"),  # madda alef
    ("المفاوضاتُ", "المفاوضات"),  # damma dropped
    ("مـــذاکره", "مذاکره"),  # tatweel dropped
    ("۱۴۰۳", "1403"),  # Persian digits
    ("١٤٤٧", "1447"),  # Arabic-Indic digits
    ("«مذاکره»", '"مذاکره"'),  # guillemets folded to straight quotes
    ("Iran  TALKS", "iran talks"),  # Latin case and spaces
]


@pytest.mark.parametrize(("a", "b"), SAME_KEY, ids=[a for a, _ in SAME_KEY])
def test_variants_share_one_key(a: str, b: str) -> None:
    assert normalize(a).text == normalize(b).text


def test_arabic_particles_are_not_joined_like_persian_suffixes() -> None:
    # Arabic writes أي with hamza and ي: the Persian ZWNJ rule must not glue "في أي".
    assert normalize("في أي وقت").text == "فی ای وقت"


def test_newline_runs_survive_as_one_newline() -> None:
    assert normalize("الف  \n\n  ب").text == "الف\nب"


@pytest.mark.parametrize(
    ("a", "b"),
    [("مذاکره", "مذاکرات"), ("مفاوضات", "المفاوضات"), ("مفاوضة", "المفاوضات"),
     ("تحریم", "تحریمها"), ("الولايات", "ولایات")],
    ids=["fa-plural-at", "ar-article", "ar-feminine-plural", "fa-plural-ha", "ar-yeh"],
)
def test_light_stems_join_inflections(a: str, b: str) -> None:
    assert search_stems(a) == search_stems(b)


def test_stem_keeps_short_words_whole() -> None:
    assert stem("ایه") == "ایه"  # three letters: nothing stripped
    assert stem("talks") == "talks"  # Latin left to the backend


def test_offsets_point_at_original_characters() -> None:
    original = "رهبر  جمهوری‌اسلامی گفت: «مذاکره نمی کنیم»"
    n = normalize(original)
    i = n.text.index("مذاکره")
    s, e = n.to_original(i, i + len("مذاکره"))
    assert original[s:e] == "مذاکره"
    j = n.text.index("نمیکنیم")
    s, e = n.to_original(j, j + len("نمیکنیم"))
    assert original[s:e] == "نمی کنیم"


def test_to_normalized_round_trip() -> None:
    original = "وزير الخارجية الإيراني عباس عراقجي"
    n = normalize(original)
    s = original.index("عراقجي")
    a, b = n.to_normalized(s, s + len("عراقجي"))
    assert n.text[a:b] == "عراقجی"


ALPHABET = st.sampled_from([
    *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآؤئء",
    "\u200c", "\u064e", "\u064f", "\u0650", "\u0651", "\u0640", " ", "\n", "\t", "\u00a0",
    *"۰۱۲٣٤abcXYZ .,«»\"'-", "ﻻ", "ﷲ", "\ufeff", "İ",
])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.data())
def test_every_normalised_span_maps_to_a_valid_original_span(
    text: str, data: st.DataObject
) -> None:
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(text)
    assert list(n.offsets[:-1]) == sorted(n.offsets[:-1])  # monotone
    a = data.draw(st.integers(0, len(n.text)))
    b = data.draw(st.integers(a, len(n.text)))
    s, e = n.to_original(a, b)
    assert 0 <= s <= e <= len(text)
    if a < b:
        # the original span re-normalises to a text containing the normalised slice's letters
        assert e > s
        assert normalize(text[s:e]).text.strip() != "" or n.text[a:b].strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalize_never_fails_on_arbitrary_unicode(text: str) -> None:
    n = normalize(text)
    for i in range(len(n.text)):
        assert 0 <= n.offsets[i] < len(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=80), st.text(max_size=60)))
def test_text_only_normalisation_equals_the_mapped_one(text: str) -> None:
    """``normalized_text`` builds the string without the offset map; it must be the very
    string ``normalize`` maps (search terms and duplicate keys are compared with both)."""
    assert normalized_text(text) == normalize(text).text
