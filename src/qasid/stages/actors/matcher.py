"""Find actor mentions in a text and resolve them to people, organisations and countries.

Steps, each a rule that holds for the language rather than for an article:

1. Dictionary matches of the registry's aliases on the normalised view, with word boundaries
   (an Arabic proclitic — و ف ب ل ك — may precede a name: ``والولايات المتحدة``,
   ``لطهران``; Persian plural/ezafe suffixes may follow: ``آمریکاییها``), leftmost-longest.
2. A generic title takes the country written next to it (``وزیر خارجه عمان``,
   ``وزير الخارجية الإيراني``, ``Iran's foreign minister``); in Persian text an unqualified
   multi-word title means Iran's office (Persian news names the country for anyone else's).
3. A title next to a person's name is that person (apposition: ``عباس عراقچی، وزیر امور خارجه``,
   ``وزير الخارجية الإيراني عباس عراقجي``); otherwise a title resolves to the one holder of
   the office at the article's date (``رهبر جمهوری اسلامی`` → Ali Khamenei in 2025).
4. A bare ambiguous surname resolves only to someone already named in full in the document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qasid.stages.actors.gazetteer import Entry, gazetteer
from qasid.stages.actors.registry import Registry, load_registry
from qasid.stages.normalize import normalize

_ARABIC_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ک", "وب", "ول", "فب", "فل", "وک", "لل"})
#: Persian plural suffixes written without ZWNJ (``آمریکاییها``); ezafe/adjective ``ی`` is not
#: allowed: ``رهبری`` is "leadership", not "the leader"
_FA_SUFFIXES = frozenset({"ها", "های", "هایی"})
_WORDCHAR = re.compile(r"\w")
#: what may stand between a name and its title in apposition: comma, dash, parenthesis
_APPOSITION_GAP = re.compile(r"^[\s,،\-–—(]*$")
#: what may stand between a title and its country: nothing, "of", Arabic/Persian link words
_TITLE_COUNTRY_GAP = re.compile(r"^\s*(?:of|of the|for|to|in)?\s*$")
_EN_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s)?\s*$")


@dataclass(frozen=True)
class Mention:
    """One actor mention, with original offsets.

    ``kind`` is ``person``, ``org``, ``country`` or ``title`` (an office whose holder could
    not be determined); ``country`` is the state or IGO the mention acts for.
    """

    start: int
    end: int
    kind: str
    ref: str | None
    country: str | None
    role: str | None = None
    how: str = "alias"  # alias|surname|title|apposition|metonym|demonym|capital|name


@dataclass
class _Hit:
    start: int  # normalised offsets
    end: int
    entries: tuple[Entry, ...]


def _boundaries_ok(norm: str, start: int, end: int, lang: str) -> bool:
    # left edge: start of text, a non-word char, or an Arabic proclitic run at word start
    if start > 0 and _WORDCHAR.match(norm[start - 1]):
        if lang != "ar":
            return False
        j = start
        while j > 0 and _WORDCHAR.match(norm[j - 1]):
            j -= 1
        if norm[j:start] not in _ARABIC_PROCLITICS:
            return False
    if end < len(norm) and _WORDCHAR.match(norm[end]):
        if lang != "fa":
            return False
        k = end
        while k < len(norm) and _WORDCHAR.match(norm[k]):
            k += 1
        if norm[end:k] not in _FA_SUFFIXES:
            return False
    return True


def _raw_hits(text: str, lang: str) -> tuple[list[_Hit], object]:
    norm = normalize(text)
    gz = gazetteer(lang)
    hits: list[_Hit] = []
    for end_idx, (key, entries) in gz.automaton.iter(norm.text):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if not _boundaries_ok(norm.text, start, end, lang):
            continue
        s, e = norm.to_original(start, end)
        kept = tuple(en for en in entries if en.exact is None or text[s:e] == en.exact)
        if kept:
            hits.append(_Hit(start, end, kept))
    # leftmost-longest, no overlaps
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
    return chosen, norm


def find_mentions(
    text: str,
    paragraphs: Sequence[tuple[int, int, str | None]],
    *,
    lang: str | None,
    day: dt.date | None,
    registry: Registry | None = None,
) -> list[Mention]:
    """Actor mentions in the given paragraphs (``(start, end, lang)``) of ``text``."""
    reg = registry or load_registry()
    out: list[Mention] = []
    named: set[str] = set()
    for p_start, p_end, p_lang in paragraphs:
        plang = p_lang or lang or "en"
        seg = text[p_start:p_end]
        hits, norm = _raw_hits(seg, plang)
        out.extend(_resolve_paragraph(seg, p_start, hits, norm, plang, day, reg, named))
    out.extend(_surname_backrefs(text, paragraphs, out))
    out.sort(key=lambda m: m.start)
    return out


#: a family name shorter than this is too likely to be a common word to follow on its own
MIN_SURNAME = 3


def _surname_backrefs(text: str, paragraphs: Sequence[tuple[int, int, str | None]],
                      found: list[Mention]) -> list[Mention]:
    """Bare family names of people named in full in the same article: later ones, and those
    of the headline.

    News names a person once in full and then by family name (``Wang said``, ``کری گفت``,
    ``وقال عراقجي``); a registry cannot list every bare surname (many are common words), but
    within one article a surname that follows its full name is unambiguous.
    """
    firsts: dict[str, tuple[int, Mention]] = {}
    for m in found:
        if m.kind != "person" or m.how not in ("alias", "surname"):
            continue
        words = normalize(text[m.start : m.end]).text.split()
        if len(words) < 2 or len(words[-1]) < MIN_SURNAME:
            continue
        key = words[-1]
        if key not in firsts or m.start < firsts[key][0]:
            firsts[key] = (m.start, m)
    if not firsts:
        return []
    taken = [(m.start, m.end) for m in found]
    alt = "|".join(re.escape(k) for k in sorted(firsts, key=len, reverse=True))
    rx = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")
    extra: list[Mention] = []
    for k, (p_start, p_end, _lang) in enumerate(paragraphs):
        norm = normalize(text[p_start:p_end])
        for hit in rx.finditer(norm.text):
            s, e = norm.to_original(hit.start(), hit.end())
            s, e = s + p_start, e + p_start
            first_at, person = firsts[hit.group()]
            # the headline (the first paragraph) names people by family name before the
            # body names them in full ("ظریف: …", "Araghchi says …")
            if (s <= first_at and k > 0) or any(a < e and s < b for a, b in taken):
                continue
            extra.append(Mention(s, e, "person", person.ref, person.country, None, "surname"))
    return extra


def _first(entries: tuple[Entry, ...], kinds: tuple[str, ...]) -> Entry | None:
    for e in entries:
        if e.kind in kinds:
            return e
    return None


def _resolve_paragraph(seg: str, offset: int, hits: list[_Hit], norm: object, lang: str,
                       day: dt.date | None, reg: Registry, named: set[str]) -> list[Mention]:
    ntext: str = norm.text  # type: ignore[attr-defined]

    def orig(h_start: int, h_end: int) -> tuple[int, int]:
        s, e = norm.to_original(h_start, h_end)  # type: ignore[attr-defined]
        return s + offset, e + offset

    mentions: list[Mention | None] = []
    consumed: set[int] = set()
    for i, h in enumerate(hits):
        if i in consumed:
            mentions.append(None)
            continue
        top = h.entries[0]
        if top.kind == "place":
            mentions.append(None)  # "دریای عمان": a sea, not Oman
            continue
        if top.kind == "title":
            # A generic title takes the country written right after it (fa/ar/en "of X") or,
            # in English, right before it ("Iranian foreign minister", "Iran's ...").
            country = top.country
            start, end = h.start, h.end
            if country is None and i + 1 < len(hits):
                nxt = hits[i + 1]
                adj = _first(nxt.entries, ("country", "demonym"))
                if adj and _TITLE_COUNTRY_GAP.match(ntext[h.end : nxt.start]):
                    country, end = adj.country, nxt.end
                    consumed.add(i + 1)
            if country is None and i > 0 and lang == "en" and mentions and mentions[-1]:
                prev = hits[i - 1]
                adj = _first(prev.entries, ("country", "demonym"))
                if adj and _EN_POSSESSIVE_GAP.match(ntext[prev.end : h.start]):
                    country, start = adj.country, prev.start
                    mentions[-1] = None  # the country word is part of the title
            if country is None and lang == "fa" and " " in ntext[h.start : h.end]:
                # Persian news names the country of anyone else's ministry or spokesman; a
                # bare multi-word office title is Iran's. One-word titles (رئیس‌جمهور, رهبر)
                # are too often someone else's in context ("the current president").
                country = "IRN"
            s, e = orig(start, end)
            mentions.append(Mention(s, e, "title", None, country, top.role, "title"))
            continue
        s, e = orig(h.start, h.end)
        if top.kind == "person":
            named.add(top.ref or "")
            mentions.append(Mention(s, e, "person", top.ref, top.country, None, "alias"))
        elif top.kind == "surname":
            ref = next((en.ref for en in h.entries if en.kind == "surname" and en.ref in named),
                       None)
            if ref is not None:
                p = reg.people[ref]
                mentions.append(Mention(s, e, "person", ref, p.country, None, "surname"))
            else:
                mentions.append(None)
        elif top.kind in ("org", "metonym"):
            mentions.append(Mention(s, e, "org", top.ref, top.country, None, top.kind))
        else:  # country, demonym, capital
            mentions.append(Mention(s, e, "country", top.ref, top.country, None, top.kind))

    # Apposition and title resolution.
    result: list[Mention] = []
    kept = [m for m in mentions if m is not None]
    for j, m in enumerate(kept):
        if m.kind != "title":
            result.append(m)
            continue
        person = None
        for k in (j - 1, j + 1):
            if 0 <= k < len(kept) and kept[k].kind == "person":
                other = kept[k]
                lo, hi = (other.end, m.start) if k < j else (m.end, other.start)
                gap = seg[lo - offset : hi - offset] if hi >= lo else "x"
                if _APPOSITION_GAP.match(gap) and (m.country in (None, other.country)):
                    person = other
                    break
        if person is not None:
            result.append(Mention(m.start, m.end, "person", person.ref, person.country, m.role,
                                  "apposition"))
            continue
        holder = _holder(reg, m.role, m.country, day)
        if holder is not None:
            named.add(holder)
            result.append(Mention(m.start, m.end, "person", holder,
                                  reg.people[holder].country, m.role, "title"))
        elif m.country is not None:
            result.append(m)  # an office of a known state whose holder is unknown
    return result


def _holder(reg: Registry, role: str | None, country: str | None,
            day: dt.date | None) -> str | None:
    if role is None or country is None:
        return None
    people = reg.holders(role, country, day)
    if len(people) == 1:
        return people[0].id
    return None
