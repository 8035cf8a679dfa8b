"""Isolation of foreign-direction runs (:func:`qasid.web.text.foreign_runs`): a number after
a run belongs to it, as the bidi algorithm lays it out, so isolating the run's letters does
not move the number to the other side. The browser test checks the rendered order."""

from __future__ import annotations

import pytest

from qasid.web.text import foreign_runs


@pytest.mark.parametrize(("text", "base", "runs"), [
    ("date 2025-11-03 خبرنامه گویا", "rtl", ["date 2025-11-03"]),
    ("IAEA 12 گزارش", "rtl", ["IAEA 12"]),
    ("در Iran 2015-07، و", "rtl", ["Iran 2015-07"]),       # the Persian comma stays outside
    ("He said عراقچی ۱۲ today", "ltr", ["عراقچی ۱۲"]),
    ("Iran said «عراقچی» today 5", "ltr", ["عراقچی"]),      # host marks and later numbers too
    ("JCPOA\n2015 توافق", "rtl", ["JCPOA"]),                # never across a line break
    ("۳ دور مذاکره در Muscat", "rtl", ["Muscat"]),          # a number before a run is not its
    ('گفت: "We are open <b>x</b>" و ۳', "rtl", ['"We are open <b>x</b>"']),
])
def test_numbers_after_a_run_belong_to_it(text: str, base: str, runs: list[str]) -> None:
    assert [text[a:b] for a, b, _ in foreign_runs(text, 0, len(text), base)] == runs
