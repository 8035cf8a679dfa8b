"""Search snippets with highlights, computed in Python from the original text.

Engine snippet functions (FTS5 ``snippet()``, PostgreSQL ``ts_headline``) work on what was
indexed — here, stems — and differ between backends. Instead the document's original text is
normalised with its offset map, tokenised and stemmed exactly as the index was built; tokens
that match a query term are mapped back through :meth:`NormalizedText.to_original`, so the
snippet shows the document's own characters (ZWNJ, diacritics, Arabic letters and all) with
highlights on exactly the matched words, and both backends show the same thing.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from qasid.stages.normalize import normalize, tokenize
from qasid.store.models import Snippet
from qasid.store.search import Term, terms_of_token

#: target snippet length in characters
SNIPPET_WIDTH = 200
#: snippets returned per hit (the best window, then the best among the remaining matches)
MAX_SNIPPETS = 2

_Hit = tuple[int, int, int]  # original start, original end, term index


def find_matches(text: str, regions: Sequence[tuple[int, int]],
                 terms: Sequence[Term]) -> list[_Hit]:
    r"""Original-text spans of every match of ``terms`` inside ``regions``, in text order.

    >>> t = "گفت‌وگوهای هسته‌ای در مسقط؛ گفتوگو ادامه دارد"
    >>> [t[s:e] for s, e, _ in find_matches(t, [(0, len(t))], [Term(("گفتوگو",))])]
    ['گفت\u200cوگوهای', 'گفتوگو']
    """
    norm = normalize(text)
    region_starts = [s for s, _ in regions]
    seq: list[str] = []
    spans: list[tuple[int, int]] = []
    for tok, s, e in tokenize(norm.text):
        o_start, o_end = norm.to_original(s, e)
        r = bisect.bisect_right(region_starts, o_start) - 1
        if r < 0 or o_start >= regions[r][1]:
            continue
        for index_term in terms_of_token(tok):
            seq.append(index_term)
            spans.append((o_start, o_end))
    hits: list[_Hit] = []
    for i in range(len(seq)):
        for k, term in enumerate(terms):
            if term.matches(seq, i):
                hits.append((spans[i][0], spans[i + len(term.stems) - 1][1], k))
    return sorted(set(hits))


def make_snippets(text: str, regions: Sequence[tuple[int, int]], terms: Sequence[Term], *,
                  width: int = SNIPPET_WIDTH, max_snippets: int = MAX_SNIPPETS,
                  ) -> tuple[Snippet, ...]:
    """Up to ``max_snippets`` windows of about ``width`` characters around the best matches.

    "Best" means the window covering the most distinct query terms, then the most matches.
    ``regions`` (sorted ``[start, end)`` spans, usually the body) bound where snippets come
    from; with no match in them the document's lead is returned without highlights.
    """
    regions = sorted((s, e) for s, e in regions if e > s) or [(0, len(text))]
    if not text:
        return ()
    remaining = find_matches(text, regions, terms)
    if not remaining:
        return (_lead(text, regions[0], width),)
    chosen: list[Snippet] = []
    all_hits = list(remaining)
    while remaining and len(chosen) < max_snippets:
        i, j = _best_window(remaining, width)
        a = remaining[i][0]
        b = max(h[1] for h in remaining[i:j])
        start, end = _window(text, _region_of(regions, a), a, b, width)
        chosen.append(_snippet(text, start, end, all_hits))
        remaining = [h for h in remaining if h[1] <= start or h[0] >= end]
    return tuple(sorted(chosen, key=lambda s: s.start))


def _best_window(hits: list[_Hit], width: int) -> tuple[int, int]:
    """``(i, j)``: hits[i:j] is the best run of hits that fits in ``width`` characters."""
    best: tuple[tuple[int, int], int, int] | None = None
    counts: Counter[int] = Counter()
    j = 0
    for i in range(len(hits)):
        j = max(j, i)
        while j < len(hits) and (j == i or hits[j][1] - hits[i][0] <= width):
            counts[hits[j][2]] += 1
            j += 1
        score = (sum(1 for c in counts.values() if c), j - i)
        if best is None or score > best[0]:
            best = (score, i, j)
        counts[hits[i][2]] -= 1
    assert best is not None
    return best[1], best[2]


def _region_of(regions: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    r = bisect.bisect_right([s for s, _ in regions], pos) - 1
    return regions[max(r, 0)]


def _window(text: str, region: tuple[int, int], a: int, b: int, width: int) -> tuple[int, int]:
    """A window around ``[a, b)`` inside ``region``, widened to ``width`` and snapped to
    whitespace so it neither starts nor ends in the middle of a word."""
    lo, hi = region
    lo, hi = min(lo, a), max(hi, b)
    slack = max(0, width - (b - a))
    start = max(lo, a - slack // 3)  # a little context before, more after
    end = min(hi, start + max(width, b - a))
    start = max(lo, min(start, end - width))
    if start > lo and not text[start - 1].isspace():
        ws = _next_space(text, start, a)
        if ws is not None:
            start = ws + 1
    if end < hi and not text[end].isspace():
        ws = text.rfind(" ", b, end)
        ws = max(ws, text.rfind("\n", b, end))
        if ws >= b:
            end = ws
    while start < a and text[start].isspace():
        start += 1
    while end > b and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_space(text: str, start: int, limit: int) -> int | None:
    for i in range(start, limit):
        if text[i].isspace():
            return i
    return None


def _snippet(text: str, start: int, end: int, hits: list[_Hit]) -> Snippet:
    spans: list[tuple[int, int]] = []
    for s, e, _ in hits:
        if s >= start and e <= end:
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], e))
            else:
                spans.append((s, e))
    rel = tuple((s - start, e - start) for s, e in spans)
    return Snippet(text=text[start:end], highlights=rel, start=start, end=end)


def _lead(text: str, region: tuple[int, int], width: int) -> Snippet:
    start, hi = region
    while start < hi and text[start].isspace():
        start += 1
    end = min(hi, start + width)
    if end < hi:
        ws = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        if ws > start:
            end = ws
    while end > start and text[end - 1].isspace():
        end -= 1
    return Snippet(text=text[start:end], highlights=(), start=start, end=end)
