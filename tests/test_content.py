"""Paragraph classifier on seeds (gold lines) and on hand-written pages in fa/ar/en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qasid.evaluation.scoring import line_kept
from qasid.stages.content import body_spans, classify_paragraphs, extract_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "content"


def _load_annotated(name: str) -> tuple[str, list[str]]:
    labels, lines = [], []
    for raw in (FIXTURES / name).read_text(encoding="utf-8").split("\n"):
        if not raw:
            continue
        label, _, line = raw.partition("|")
        labels.append(label)
        lines.append(line)
    return "\n".join(lines), labels


def _line_verdicts(text: str) -> list[bool]:
    spans = body_spans(text, classify_paragraphs(text))
    verdicts, pos = [], 0
    for line in text.split("\n"):
        verdicts.append(line_kept(text, pos, pos + len(line), spans))
        pos += len(line) + 1
    return verdicts


@pytest.mark.parametrize("name", ["fa_news_page.txt", "ar_news_page.txt", "en_news_page.txt"])
def test_handwritten_pages_are_cleaned_line_by_line(name: str) -> None:
    text, labels = _load_annotated(name)
    verdicts = _line_verdicts(text)
    lines = text.split("\n")
    wrong = [
        (i + 1, lab, lines[i][:40])
        for i, (lab, kept) in enumerate(zip(labels, verdicts, strict=True))
        if lines[i].strip() and (lab == "C") != kept
    ]
    assert wrong == []


def test_seed_gold_bar_is_met() -> None:
    gold = [json.loads(x) for x in (ROOT / "examples/gold/seeds.jsonl").read_text().splitlines()]
    kept = content = removed = noise = 0
    for g in gold:
        text = (ROOT / "examples/seeds" / g["doc"]).read_text(encoding="utf-8")
        verdicts = _line_verdicts(text)
        content += len(g["content_lines"])
        kept += sum(verdicts[n - 1] for n in g["content_lines"])
        noise += len(g["noise_lines"])
        removed += sum(not verdicts[n - 1] for n in g["noise_lines"])
    assert kept / content >= 0.95
    assert removed / noise >= 0.90


def test_reasons_name_the_rule() -> None:
    sentence = "این یک جمله بلند است که از چند کلمه ساخته شده و در آن حرف اضافه هم هست. "
    text = "کد خبر: ۱۲۳۴۵\nارسال به دوستان\n" + sentence * 3
    reasons = [p.reason for p in classify_paragraphs(text)]
    assert reasons[0] == "metadata"
    assert reasons[1] in ("boilerplate", "tail-marker")
    assert reasons[2] == "good"


def test_share_bar_between_headline_and_body_does_not_swallow_the_article() -> None:
    body = ("The two delegations met in Muscat on Saturday and agreed to continue the talks "
            "next week, according to officials from both sides. ") * 2
    text = f"Iran and US agree to meet again\nShare\n{body}\n{body.replace('two', 'both')}"
    kinds = [p.kind for p in classify_paragraphs(text)]
    assert kinds[-2:] == ["content", "content"]


def test_trusted_html_keeps_short_headings() -> None:
    html = """<html><head><title>Talks resume</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Talks resume</h1>
    <p>Negotiators from Iran and the United States resumed indirect talks in Muscat on Sunday,
    with Omani officials carrying messages between the two delegations in separate rooms.</p>
    <h2>What is on the table</h2>
    <p>The talks are expected to focus on the level of uranium enrichment and on the order in
    which sanctions would be lifted if an agreement is reached by the end of the month.</p>
    </article><footer>© Example</footer></body></html>"""
    ext = extract_html(html)
    assert ext.trusted and ext.title == "Talks resume"
    paras = classify_paragraphs(ext.text, trusted=True)
    kept = [ext.text[p.start : p.end] for p in paras if p.kind == "content"]
    assert "What is on the table" in kept
    assert not any("Home" in k for k in kept)
