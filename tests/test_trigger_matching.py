"""The trigger matcher's contract (data/lexicons/README.md): gaps, clause punctuation and
which of two overlapping matches wins. Sentences written for these tests."""

from __future__ import annotations

from qasid.stages.cues import lexicon
from qasid.stages.events.matching import find_triggers, tokenize
from qasid.stages.normalize import normalize


def _matches(lang: str, text: str) -> list[tuple[str, str]]:
    lex = lexicon(lang)
    norm = normalize(text).text
    tokens = tokenize(norm)
    return [(lex.triggers[h.trigger].type,
             " ".join(t.text for t in tokens[h.first : h.last + 1]))
            for h in find_triggers(tokens, lex, norm)]


def test_every_language_declares_its_gap() -> None:
    assert {lang: lexicon(lang).max_gap for lang in ("fa", "ar", "en")} == {
        "fa": 6, "ar": 6, "en": 6}


def test_a_gap_spans_a_long_verb_first_subject() -> None:
    found = _matches("ar", "وحمّل وزير الخارجية العراقي فؤاد حسين واشنطن مسؤولية التصعيد.")
    assert [t for t, _ in found] == ["ACCUSE"]


def test_a_gap_does_not_cross_clause_punctuation() -> None:
    # without the comma, "مذاکرات … برگزار می‌شود" would read as one expression
    found = _matches("fa", "سفیر سوئیس که حامل پیام‌ها در مذاکرات است، گفت نشست بعدی فردا "
                           "برگزار می‌شود.")
    assert all("،" not in span and not ("مذاکرات" in span and "برگزار" in span)
               for _, span in found)


def test_more_literal_tokens_win_over_a_longer_span() -> None:
    # "will not negotiate" (a negated talk verb) against a pattern whose gap reaches further
    found = _matches("en", "Iran will not negotiate with the United States under pressure.")
    assert found[0][0] == "REFUSE_TALKS"


def test_an_arabic_conjunction_on_the_first_word_needs_no_pattern_of_its_own() -> None:
    # "تتوسط" is listed; "وتتوسط" (and + mediates) is found through it
    assert [t for t, _ in _matches("ar", "وتتوسط سلطنة عمان بين طهران وواشنطن.")] == ["MEDIATE"]


def test_a_word_beginning_with_waw_is_not_split_for_prefix_patterns() -> None:
    # "وزارة" (ministry) is not "و" + "زار*" (visited)
    assert not [t for t, _ in _matches("ar", "أصدرت وزارة الخارجية العمانية بيانا.")
                if t == "CONSULT"]


def test_a_cue_form_ending_in_a_star_runs_on_into_its_word() -> None:
    # cues.tsv: "الموت ل*" (a slogan) and "في حديث ل*" (an interview frame) are written on
    # the noun that follows
    from qasid.stages.normalize import normalize

    scanner = lexicon("ar").cue_scanner
    assert scanner.scan(normalize("الموت لإسرائيل").text).get("slogan") == [(0, 7)]
    assert "interview_frame" in scanner.scan(normalize("وقال في حديث لقناة الجزيرة إن").text)
    # a whole-word cue still needs its word boundary
    assert "slogan" not in scanner.scan(normalize("الموتلى").text)
