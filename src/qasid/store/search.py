"""Full-text search over stems, the same on SQLite (FTS5) and PostgreSQL (tsvector).

Neither engine's own tokenizer folds Persian/Arabic letter variants, digits or ZWNJ forms, and
neither stems Persian or Arabic. So qasid indexes, per document, a column of *stems* computed
in Python (:func:`qasid.stages.normalize.search_stems`) and stems queries with the very same
functions; the engines only match space-separated terms. That is why ``مذاکره`` finds
``مذاکرات``, ``۱۴۰۳`` finds ``1403`` and ``خامنه ای`` finds ``خامنه‌ای`` on both backends.

Query syntax (kept small on purpose; every term is quoted before it reaches the engine, so
no user input is ever read as FTS5 or tsquery syntax):

* words: all must match (``مذاکره عمان``); a word that normalises to several tokens joined by
  punctuation (``U.S.``, ``ایران-آمریکا``) must match as a phrase;
* ``"a quoted phrase"`` (or «…», “…”): stems adjacent and in order;
* a trailing ``*``: prefix (``مذاکر*``; ``"…"*`` makes the phrase's last word a prefix).

Known limit: the prefix is matched against *stems*, so ``p*`` always finds what ``p`` finds,
but a prefix that ends inside a stripped suffix (``مذاکرا*``) finds only stems starting with
it. Underscores split terms (as PostgreSQL's parser does) so both backends agree.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from qasid.errors import ConfigError
from qasid.stages.normalize import normalize, normalized_text, stem, tokenize

LOGGER = logging.getLogger(__name__)

#: a document's index stops after this many terms (PostgreSQL caps a tsvector at 1 MB and
#: positions at 16383; both backends truncate alike so results agree)
MAX_INDEX_TERMS = 100_000
#: shortest prefix (in characters, after normalising) a ``*`` query may use
MIN_PREFIX = 2

_SPLIT = re.compile(r"_+")
_WORD = re.compile(r"\w+")  # the tokens of qasid.stages.normalize.tokenize, without offsets


def terms_of_token(token: str) -> list[str]:
    """Index terms of one normalised token: its stem, split at underscores."""
    return [t for t in _SPLIT.split(stem(token)) if t]


def index_terms(*texts: str | None) -> list[str]:
    """Index terms of the given texts (title, body), in order.

    >>> index_terms("گفت‌وگوهای هسته‌ای", None, "Talks in Muscat")
    ['گفتوگو', 'هست', 'talks', 'in', 'muscat']
    """
    out: list[str] = []
    for t in texts:
        if t:
            for tok in _WORD.findall(normalized_text(t)):
                st = stem(tok)
                if "_" in st:
                    out.extend(x for x in _SPLIT.split(st) if x)
                else:
                    out.append(st)
    return out


def index_document_text(title: str | None, *parts: str) -> str:
    """The ``search_text.stems`` value for a document: its title and body parts."""
    terms = index_terms(title, *parts)
    if len(terms) > MAX_INDEX_TERMS:
        LOGGER.warning("indexing only the first %d of %d terms", MAX_INDEX_TERMS, len(terms))
        terms = terms[:MAX_INDEX_TERMS]
    return " ".join(terms)


@dataclass(frozen=True)
class Term:
    """One query condition: consecutive stems (one for a word), the last maybe a prefix."""

    stems: tuple[str, ...]
    prefix: bool = False

    def matches(self, seq: list[str], i: int) -> bool:
        """True when the index terms ``seq[i:]`` start with this term."""
        n = len(self.stems)
        if i + n > len(seq):
            return False
        for j, want in enumerate(self.stems):
            got = seq[i + j]
            last = j == n - 1
            if not (got.startswith(want) if (last and self.prefix) else got == want):
                return False
        return True


@dataclass(frozen=True)
class Query:
    """A parsed query: every term must match."""

    raw: str
    terms: tuple[Term, ...]

    def fts5(self) -> str:
        """FTS5 MATCH expression: each term a double-quoted string, ANDed."""
        parts = []
        for t in self.terms:
            body = " ".join(t.stems).replace('"', '""')
            parts.append(f'"{body}"' + ("*" if t.prefix else ""))
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """``to_tsquery('simple', …)`` input: quoted lexemes, ``<->`` in phrases, ``&`` between."""
        parts = []
        for t in self.terms:
            lex = [_pg_quote(s) for s in t.stems]
            if t.prefix:
                lex[-1] += ":*"
            parts.append(lex[0] if len(lex) == 1 else "(" + " <-> ".join(lex) + ")")
        return " & ".join(parts)


def _pg_quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def parse_query(query: str) -> Query:
    """Parse a user query into terms; raise :class:`ConfigError` when nothing is searchable.

    >>> [t.stems for t in parse_query('مذاکرات «گفت و گو» U.S.').terms]
    [('مذاکر',), ('گفت', 'و', 'گو'), ('u', 's')]
    >>> parse_query("خامنه ای").terms
    (Term(stems=('خامن',), prefix=False),)
    >>> parse_query("ایرا*").terms[0].prefix
    True
    """
    if not isinstance(query, str):
        raise ConfigError("search query must be text", code="E430")
    # Normalising first folds «» “” to '"' and joins detached suffixes (خامنه ای) exactly as
    # the indexed text was joined.
    norm = normalize(query).text
    if norm.count('"') % 2:
        raise ConfigError(f"search query {query!r} has an unbalanced quote; close the phrase "
                          'with a matching " (or » / ”)', code="E431")
    terms: list[Term] = []
    for i, segment in enumerate(norm.split('"')):
        if i % 2:  # inside quotes: one phrase
            inner = segment.rstrip()
            prefix = inner.endswith("*") or _next_starts_with_star(norm, i)
            stems = _stems_of(segment)
            if stems:
                terms.append(_checked(Term(tuple(stems), prefix), query))
        else:
            terms.extend(_checked(t, query) for t in _unquoted_terms(segment))
    unique = tuple(dict.fromkeys(terms))
    if not unique:
        raise ConfigError(f"search query {query!r} has no searchable words after "
                          "normalisation", code="E430")
    return Query(query, unique)


def _next_starts_with_star(norm: str, quoted_index: int) -> bool:
    rest = norm.split('"')[quoted_index + 1 :]
    return bool(rest) and rest[0].startswith("*")


def _stems_of(segment: str) -> list[str]:
    out: list[str] = []
    for tok, _, _ in tokenize(segment):
        out.extend(terms_of_token(tok))
    return out


def _unquoted_terms(segment: str) -> Iterable[Term]:
    """Words of an unquoted run; tokens joined by punctuation (no space) form a phrase."""
    group: list[str] = []
    prev_end: int | None = None
    for tok, start, end in tokenize(segment):
        gap = segment[prev_end:start] if prev_end is not None else " "
        if group and (any(c.isspace() for c in gap) or "*" in gap):
            yield from _term(group, prefix=False)
            group = []
        group.append(tok)
        prev_end = end
        if segment[end : end + 1] == "*":
            yield from _term(group, prefix=True)
            group = []
    yield from _term(group, prefix=False)


def _term(tokens: list[str], *, prefix: bool) -> Iterable[Term]:
    stems = _flatten(tokens)
    if stems:
        yield Term(tuple(stems), prefix)


def _flatten(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        out.extend(terms_of_token(tok))
    return out


def _checked(term: Term, query: str) -> Term:
    if term.prefix and len(term.stems[-1]) < MIN_PREFIX:
        raise ConfigError(f"prefix {term.stems[-1]!r}* in {query!r} is too short; give at "
                          f"least {MIN_PREFIX} letters before *", code="E432")
    return term


def run_query(conn: Connection, query: Query, *, limit: int, offset: int,
              lang: str | None) -> list[tuple[str, float]]:
    """``(doc_id, score)`` of matching documents, best first (ties in store order)."""
    params: dict[str, object] = {"limit": limit, "offset": offset}
    lang_sql = ""
    if lang is not None:
        lang_sql = "AND d.lang = :lang"
        params["lang"] = lang
    if conn.dialect.name == "sqlite":
        params["q"] = query.fts5()
        sql = f"""
            SELECT s.doc_id, -bm25(search_fts) AS score
            FROM search_fts
            JOIN search_text s ON s.id = search_fts.rowid
            JOIN documents d ON d.id = s.doc_id
            WHERE search_fts MATCH :q {lang_sql}
            ORDER BY score DESC, d.seq
            LIMIT :limit OFFSET :offset"""
    else:
        params["q"] = query.tsquery()
        # Normalisation 1 divides by 1 + log(length): long pages do not win just by size.
        sql = f"""
            SELECT s.doc_id, ts_rank_cd(s.tsv, q.q, 1) AS score
            FROM search_text s
            JOIN documents d ON d.id = s.doc_id
            CROSS JOIN (SELECT to_tsquery('simple', :q) AS q) AS q
            WHERE s.tsv @@ q.q {lang_sql}
            ORDER BY score DESC, d.seq
            LIMIT :limit OFFSET :offset"""
    return [(doc_id, float(score)) for doc_id, score in conn.execute(text(sql), params)]
