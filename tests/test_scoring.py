"""FORMAT.md scoring rules, on small hand-made records."""

from __future__ import annotations

import pytest

from qasid.evaluation import score
from qasid.evaluation.scoring import line_kept, quote_similarity

TEXT = "منو\n\nتیتر خبر\nمتن اصلی خبر اینجاست.\n\nنظرات"


def _gold(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"doc": "a.txt", "lang": "fa", "published": "2025-01-02",
                               "content_lines": [3, 4], "noise_lines": [1, 2, 6]}
    base.update(kw)
    return base


def test_body_lines_kept_and_removed() -> None:
    start = TEXT.index("تیتر")
    end = TEXT.index("اینجاست.") + len("اینجاست.")
    sys_rec = {"doc": "a.txt", "lang": "fa", "published": "2025-01-02", "body": [[start, end]]}
    rep = score([sys_rec], [_gold()], {"a.txt": TEXT})
    assert rep.fields["body.content_kept"].accuracy == 1.0
    # line 2 is empty and lies outside the body span: it counts as removed
    assert rep.fields["body.noise_removed"].accuracy == 1.0
    assert rep.fields["lang"].accuracy == 1.0
    assert rep.fields["published"].accuracy == 1.0


def test_half_a_line_inside_counts_as_kept() -> None:
    line = "abcd efgh"
    assert line_kept(line, 0, len(line), [(0, 4)])  # 4 of 8 non-space characters
    assert not line_kept(line, 0, len(line), [(0, 3)])


def test_null_gold_date_is_not_scored_and_missing_doc_is_reported() -> None:
    rep = score([], [_gold(published=None)], {})
    assert rep.fields["published"].total == 0
    assert rep.missing == ["a.txt"]


def test_actor_also_spellings_count_as_the_name() -> None:
    gold = _gold(actors=[{"name": "Kamal Kharazi", "also": ["Kamal Kharrazi"]},
                         {"name": "Hamas"}])
    sys_rec = {"doc": "a.txt", "actors": [{"name": "Kamal Kharrazi"}, {"name": "Hezbollah"}]}
    f = score([sys_rec], [gold]).fields["actors"]
    assert (f.tp, f.fp, f.fn) == (1, 1, 1)


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [("گفت‌وگوهای غیرمستقیم بین ایران و آمریکا", "گفتوگوهای غیرمستقیم بین ایران و آمریکا", True),
     ("قال إن المحادثات مستمرة منذ أسابيع", "قال ان المحادثات مستمره منذ اسابيع", True),
     ("We are ready to talk to anyone", "They refused every offer of talks", False)],
    ids=["zwnj", "arabic-letter-variants", "different"],
)
def test_quote_similarity_folds_variants(a: str, b: str, match: bool) -> None:
    assert (quote_similarity(a, b) >= 0.5) is match


def test_quotes_need_the_same_speaker_and_four_words() -> None:
    gold = _gold(quotes=[{"speaker": "Marco Rubio", "text": "we are ready to engage with Iran"},
                         {"speaker": "Marco Rubio", "text": "too short"}])
    right = {"doc": "a.txt", "quotes": [{"speaker": "Marco Rubio",
                                         "text": "We are ready to engage with Iran."}]}
    wrong = {"doc": "a.txt", "quotes": [{"speaker": "JD Vance",
                                         "text": "We are ready to engage with Iran."}]}
    assert score([right], [gold]).fields["quotes"].f1 == 1.0
    f = score([wrong], [gold]).fields["quotes"]
    assert (f.tp, f.fp, f.fn) == (0, 1, 1)


def test_event_keys_consult_is_unordered_and_mediate_uses_parties() -> None:
    gold = _gold(events=[
        {"type": "CONSULT", "source": "IRN", "target": "USA", "via": "CHE", "mode": "indirect"},
        {"type": "MEDIATE", "source": "RUS", "parties": ["USA", "IRN"]},
        {"type": "THREATEN", "source": "USA", "target": "IRN"},
    ])
    sys_rec = {"doc": "a.txt", "events": [
        {"type": "CONSULT", "source": "USA", "target": "IRN", "via": "OMN", "mode": "indirect"},
        {"type": "MEDIATE", "source": "RUS", "parties": ["IRN", "USA"]},
        {"type": "THREATEN", "source": "IRN", "target": "USA"},
    ]}
    rep = score([sys_rec], [gold])
    ev = rep.fields["events"]
    assert (ev.tp, ev.fp, ev.fn) == (2, 1, 1)
    assert rep.fields["events.mode"].accuracy == 1.0
    assert rep.fields["events.via"].accuracy == 0.0


def test_fields_without_any_system_output_are_marked_absent() -> None:
    rep = score([{"doc": "a.txt", "lang": "fa"}], [_gold(actors=[{"name": "X"}])])
    assert rep.fields["actors"].present is False
    assert rep.fields["lang"].present is True
