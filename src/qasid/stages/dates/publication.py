"""Choose a document's publication date from its metadata and the date lines of its text.

Evidence, strongest first (the first kind present wins; within a kind, the first in the text):

1. ``meta``: a parseable date from HTML metadata, a feed or the JSONL record. Publishers and
   feeds state it on purpose, so it beats anything read from flattened text.
2. ``header``: a scraper's own field at the very start of the text (`` date 2025-11-03 ...``).
   It is metadata the scraper read from the page, carried inside the text.
3. ``published``: a date on a *date line* whose label says publication (``تاریخ انتشار:``,
   ``نشر في``, ``Published``; labels in ``data/dates/labels_*.tsv``). A date line is short
   (:data:`MAX_LABEL_LINE`); only punctuation, clock times and filler words (``در``, ``at``)
   stand between label and date; and the label opens the line, or follows a field separator
   with the date closing its field (see :func:`_label_before`). A label alone on the line
   above a standalone date counts too.
4. ``unlabelled`` standalone date line — a line that is only a day-precision date (plus time
   and punctuation) in the page head: within the first :data:`HEAD_LINES` non-blank lines, or
   before the body starts when the body is known. Sites print the publication date there
   unlabelled (seed 001's ``۱۰ آبان ۱۴۰۴``), so it is the fallback; it loses to a labelled date
   because a page head also carries other dates (today's date in the site banner, as in seed
   001, where the banner shows ۱۰ آبان ۱۴۰۴ but the article was published ۲۳-۰۲-۱۴۰۳).

``updated`` and ``crawl`` dates are recorded as candidates but never chosen. A date inside
prose (``در ۱۸ فوریه در ریاض``) is an event date: it is a candidate (``unlabelled``) but never
chosen, so a document that states no publication date gets ``None`` rather than a guess.
Year-less and year-only mentions are not candidates (they cannot be a publication date alone).

The thresholds below were set on the seed corpus and general page layouts; re-run
``pytest tests/test_dates*.py`` and the corpus gate after changing them.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Sequence
from datetime import date

from qasid.records import DateFinding
from qasid.stages.dates.absolute import find_dates
from qasid.stages.dates.calendars import year_in_range
from qasid.stages.dates.lexicon import LabelLexicon, key, label_lexicon
from qasid.stages.dates.mentions import DateMention
from qasid.stages.dates.view import date_view, fold, fold_table

#: a line longer than this is prose, whatever label-like word it contains
MAX_LABEL_LINE = 160
#: how far before a date its label may start (label + time + separators)
LABEL_REACH = 60
#: a standalone date line is only a publication date in the page head: this many non-blank lines
HEAD_LINES = 10
#: a standalone date line is short: a date, maybe a weekday and a time
MAX_STANDALONE_LINE = 80

_ISO_META = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})(?!\d)", re.ASCII)
_MONTH_META = re.compile(r"(\d{4})-(\d{2})$", re.ASCII)
_HEADER_PREFIX = re.compile(r"[\W_]*(\w+)[\W_]*")
_COMMAS = ",،;؛"  # a label after these is inside a sentence


def publication_date(
    text: str,
    *,
    meta_date: str | None = None,
    body: Sequence[tuple[int, int]] | None = None,
) -> tuple[DateFinding | None, list[DateFinding]]:
    """The publication date of a document and every date candidate found for it.

    Args:
        text: the document text (offsets in the findings point into it).
        meta_date: a date from metadata (ISO 8601, RFC 2822 or any form :func:`find_dates`
            reads); wins when parseable, ignored otherwise.
        body: ``[start, end)`` spans of the article body, if known; a standalone date line
            before the body counts as page head.

    Returns:
        ``(chosen, candidates)``: ``chosen`` is None when the document states no publication
        date; ``candidates`` lists the meta date first, then text dates in text order.

    >>> chosen, _ = publication_date("۱۰ آبان ۱۴۰۴\\nتاریخ انتشار: ۰۹:۴۴ - ۲۳-۰۲-۱۴۰۳\\n...")
    >>> (chosen.iso, chosen.kind)
    ('2024-05-12', 'published')
    """
    candidates: list[DateFinding] = []
    meta = parse_meta_date(meta_date) if isinstance(meta_date, str) else None
    if meta is not None:
        candidates.append(meta)
    mentions = find_dates(text)
    lab = label_lexicon()
    head_end = _head_end(text, body)
    best: dict[str, DateFinding] = {}
    for i, mention in enumerate(mentions):
        if mention.iso is None or mention.precision == "year":
            continue
        kind, standalone = _classify(text, mention, mentions, lab, first=i == 0)
        finding = DateFinding(mention.iso, mention.calendar, kind, mention.start, mention.end)
        candidates.append(finding)
        if kind == "unlabelled":
            if not (standalone and mention.precision == "day" and mention.start < head_end):
                continue
            kind = "standalone"
        best.setdefault(kind, finding)
    if meta is not None:
        return meta, candidates
    for kind in ("header", "published", "standalone"):
        if kind in best:
            return best[kind], candidates
    return None, candidates


def parse_meta_date(value: str) -> DateFinding | None:
    """A metadata date as a ``meta`` finding, or None when it cannot be read.

    The calendar date is taken as written: ``2025-11-03T23:30:00-05:00`` is 3 November (the
    publisher's local day), not converted to UTC.

    >>> parse_meta_date("2025-11-03T10:00:00Z").iso
    '2025-11-03'
    >>> parse_meta_date("Mon, 03 Nov 2025 10:00:00 GMT").iso
    '2025-11-03'
    >>> parse_meta_date("۱۴۰۳/۰۲/۲۳").iso
    '2024-05-12'
    >>> parse_meta_date("soon") is None
    True
    """
    v = value.strip()
    m = _ISO_META.match(v)
    # Iranian sites sometimes put a Jalali date in ISO shape (1403-02-23): only a Gregorian
    # year is read here; anything else goes through find_dates' calendar rules below.
    if m and year_in_range("gregorian", int(m.group(1))):
        try:
            day = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            return None
        return DateFinding(day.isoformat(), "gregorian", "meta")
    m = _MONTH_META.match(v)
    if m and year_in_range("gregorian", int(m.group(1))) and 1 <= int(m.group(2)) <= 12:
        return DateFinding(v, "gregorian", "meta")
    try:
        parsed = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is not None:
        return DateFinding(parsed.date().isoformat(), "gregorian", "meta")
    for mention in find_dates(v):
        if mention.iso is not None and mention.precision != "year":
            return DateFinding(mention.iso, mention.calendar, "meta")
    return None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le < 0 else le


def _head_end(text: str, body: Sequence[tuple[int, int]] | None) -> int:
    """Offset where the page head ends: after HEAD_LINES non-blank lines, or where the body
    starts if that is later."""
    pos, seen = 0, 0
    n = len(text)
    while pos < n and seen < HEAD_LINES:
        nl = text.find("\n", pos)
        nl = n if nl < 0 else nl
        if text[pos:nl].strip():
            seen += 1
        pos = nl + 1
    end = min(pos, n)
    if body:
        end = max(end, min(s for s, _ in body))
    return end


def _classify(
    text: str,
    mention: DateMention,
    mentions: list[DateMention],
    lab: LabelLexicon,
    *,
    first: bool,
) -> tuple[str, bool]:
    """Kind of a text date (header/published/updated/crawl/unlabelled) and whether its line
    is a standalone date line."""
    if first and _is_header(text[: mention.start], lab):
        return "header", False
    ls, le = _line_bounds(text, mention.start, mention.end)
    kind = None
    if le - ls <= MAX_LABEL_LINE:
        kind = _label_before(text, (ls, le), mention, mentions, lab)
    standalone = le - ls <= MAX_STANDALONE_LINE and _only_dates(text, ls, le, mentions, lab)
    if kind is None and standalone:
        kind = _label_line_above(text, ls, lab)
    return kind or "unlabelled", standalone


def _is_header(prefix: str, lab: LabelLexicon) -> bool:
    """Whether the text before the first date is just a scraper header label (`` date ``)."""
    if len(prefix) > 20:
        return False
    m = _HEADER_PREFIX.fullmatch(fold(prefix))
    return m is not None and key(m.group(1)) in lab.header


def _label_before(
    text: str,
    line: tuple[int, int],
    mention: DateMention,
    mentions: list[DateMention],
    lab: LabelLexicon,
) -> str | None:
    """Kind of the nearest label before a date that heads its field.

    Only punctuation, clock times and filler may separate label and date. A label opening
    the line heads a field whatever follows the date (``... - خبرگزاری مهر``, ``by X``); a
    label further in must follow a field separator (``|``, ``•``, a news code), not a word or
    comma, and the date must end its field (nothing but filler up to the next label or the
    line end) — which keeps ``The report, published on 3 May 2024, said`` prose.
    """
    ls, le = line
    a = max(ls, mention.start - LABEL_REACH)
    view = date_view(text[a : mention.start])
    kind = None
    for m in lab.label_re.finditer(view.text):
        if not lab.filler_re.fullmatch(view.text, m.end()):
            continue
        at = a + view.to_original(m.start(), m.end())[0]
        before = _char_before(text, ls, at)
        if before is None or (
            not before.isalpha() and before not in _COMMAS
            and _field_ends(text, mention.end, le, mentions, lab)
        ):
            kind = lab.kinds[key(m.group())]
    return kind


def _char_before(text: str, ls: int, idx: int) -> str | None:
    """The last visible character before ``idx`` on its line (None at line start)."""
    j = idx - 1
    while j >= ls and (text[j].isspace() or fold_table().get(ord(text[j])) == ""):
        j -= 1
    return text[j] if j >= ls else None


def _field_ends(
    text: str, end: int, le: int, mentions: list[DateMention], lab: LabelLexicon
) -> bool:
    """Whether only dates, times and filler follow a date up to the next label or line end."""
    view = date_view(text[end:le])
    nxt = lab.label_re.search(view.text)
    stop = end + view.to_original(nxt.start(), nxt.start())[0] if nxt else le
    return _only_dates(text, end, stop, mentions, lab)


def _only_dates(
    text: str, ls: int, le: int, mentions: list[DateMention], lab: LabelLexicon
) -> bool:
    """Whether a line holds nothing but dates, clock times, punctuation and filler words."""
    parts, pos = [], ls
    for d in mentions:
        if d.start >= ls and d.end <= le:
            parts.append(text[pos : d.start])
            pos = d.end
    parts.append(text[pos:le])
    return lab.filler_re.fullmatch(fold(" ".join(parts))) is not None


def _label_line_above(text: str, ls: int, lab: LabelLexicon) -> str | None:
    """Kind of a label standing alone on the non-blank line above a standalone date."""
    end = ls - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            if len(line) > LABEL_REACH:
                return None
            view = fold(line)
            found = list(lab.label_re.finditer(view))
            if len(found) != 1:
                return None
            m = found[0]
            rest = view[: m.start()] + " " + view[m.end() :]
            return lab.kinds[key(m.group())] if lab.filler_re.fullmatch(rest) else None
        end = start - 1
    return None
