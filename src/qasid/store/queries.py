"""Filtered, counted, paged and aggregated reads of events and quotes, answered by the database.

The dashboard's lists and charts used to read every matching row and filter, count and page
in Python; on a store of 50,000 events that alone took seconds per page. Here every filter of
the web API is a SQL condition (SQLAlchemy Core, the same on SQLite and PostgreSQL), so the
database pages with ``LIMIT``/``OFFSET``, counts with ``COUNT(*)`` and aggregates with
``GROUP BY``, and the indexes of migration 0004 serve the timeline order.

Each condition reproduces the Python predicate it replaced, value for value:

* ``between=(A, B)``: source and target are A and B in either order, or a MEDIATE event whose
  source (the mediator) is A or B, or whose target is empty and whose ``parties`` include both.
* ``timeline=(A, B, thirds)``: the dashboard's dyad with third parties — the pair as above (a
  MEDIATE event needs its parties to include both, or A or B as its source), or an event
  between either side and a third party with nobody else taking part.
* ``channel``: the event's ``via``, else the source of a MEDIATE event; ``NO_CHANNEL`` keeps
  events with neither.
* ``mode``/``medium``: a missing value counts as ``unspecified``; ``medium`` ignores case.
* ``actor``: a case-insensitive substring of the source or target actor.

Case folding: Python's ``str.casefold``/``str.lower`` on SQLite (registered on the connection
as functions, because SQLite's own ``lower()`` folds ASCII only and canonical names such as
"Élysée Palace" are not ASCII); PostgreSQL's ``lower()`` under the database's locale.

``parties`` is a JSON list; membership is tested with ``json_each`` (SQLite) or
``json_array_elements_text`` (PostgreSQL), element by element, never as a text search.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    Connection,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join
from sqlalchemy.sql.visitors import InternalTraversal

from qasid.stages.normalize import normalized_text
from qasid.store.engine import store_errors
from qasid.store.schema import documents, events, quotes

if TYPE_CHECKING:
    from qasid.store.store import Store

#: ``EventFilter.channel`` value matching events without any channel
NO_CHANNEL = "NONE"

#: the order of every event list: by day (undated last), then store order, then position
EVENT_ORDER = (events.c.day.is_(None), events.c.day, documents.c.seq, events.c.idx)
#: the order of every quote list: store order, then position in the document
QUOTE_ORDER = (documents.c.seq, quotes.c.idx)

#: columns of an event row: the event, and its document's name, language, date and title
EVENT_COLUMNS = (*events.c, documents.c.name.label("doc"), documents.c.lang,
                 documents.c.published, documents.c.title)
QUOTE_COLUMNS = (*(c for c in quotes.c if c.name != "text_norm"), documents.c.name.label("doc"),
                 documents.c.published)


@dataclass(frozen=True)
class EventFilter:
    """Filters of an event query; they combine with AND, ``None``/empty means "any".

    ``since``/``until`` bound the event's day (its date, else its document's publication
    date) as ISO text, ``until`` inclusive of everything under it (``2024-12`` keeps
    ``2024-12-31``). ``doc`` is a document id.
    """

    types: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    between: tuple[str, str] | None = None
    timeline: tuple[str, str, tuple[str, ...]] | None = None
    via: str | None = None
    since: str | None = None
    until: str | None = None
    doc: str | None = None
    party: str | None = None
    channel: str | None = None
    mode: str | None = None
    medium: str | None = None
    actor: str | None = None
    source_actor: str | None = None
    lang: str | None = None
    source_in: tuple[str, ...] = ()
    source_actor_in: tuple[str, ...] = ()


# -- SQL pieces -------------------------------------------------------------------------------


def _dialect(conn: Connection) -> str:
    return conn.dialect.name


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def prepare(conn: Connection) -> None:
    """Register the SQLite functions the conditions use (Python's own case folding) on this
    connection; a no-op on PostgreSQL. Cheap enough to call before every query."""
    if _dialect(conn) == "sqlite":
        raw = conn.connection.driver_connection
        raw.create_function("qasid_casefold", 1, _casefold, deterministic=True)
        raw.create_function("qasid_lower", 1, _lower, deterministic=True)


def _fold(column: Any, dialect: str, *, casefold: bool) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return getattr(func, "qasid_casefold" if casefold else "qasid_lower")(column)
    return func.lower(column)


def _elements(column: Any, dialect: str) -> Any:
    """The elements of a JSON list column as a one-column table (``value``)."""
    if dialect == "sqlite":
        return func.json_each(column).table_valued("value")
    return func.json_array_elements_text(column).table_valued("value")


def _has_party(code: str, dialect: str) -> ColumnElement[bool]:
    el = _elements(events.c.parties, dialect)
    return exists(select(literal(1)).select_from(el).where(el.c.value == code))


def _has_any_party(codes: Sequence[str], dialect: str) -> ColumnElement[bool]:
    el = _elements(events.c.parties, dialect)
    return exists(select(literal(1)).select_from(el).where(el.c.value.in_(list(codes))))


def _set(column: Any) -> ColumnElement[bool]:
    """The column has a value (Python truthiness of a stored text: not NULL, not empty)."""
    return and_(column.is_not(None), column != "")


def _unset(column: Any) -> ColumnElement[bool]:
    return or_(column.is_(None), column == "")


def _pair(a: str, b: str) -> ColumnElement[bool]:
    return or_(and_(events.c.source == a, events.c.target == b),
               and_(events.c.source == b, events.c.target == a))


def _between(a: str, b: str, dialect: str) -> ColumnElement[bool]:
    """:meth:`Store.events` ``between``: the pair, or a MEDIATE event between them."""
    return or_(_pair(a, b), and_(
        events.c.type == "MEDIATE",
        or_(events.c.source.in_([a, b]),
            and_(events.c.target.is_(None), _has_party(a, dialect), _has_party(b, dialect)))))


def _timeline(a: str, b: str, thirds: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """The dashboard timeline's dyad with third parties (see the module docstring)."""
    dyad = or_(_pair(a, b) if a != b else false(), and_(
        events.c.type == "MEDIATE",
        or_(and_(_has_party(a, dialect), _has_party(b, dialect)),
            events.c.source.in_([a, b]))))
    third = [t for t in thirds if t not in (a, b)]
    if not third:
        return dyad
    allowed = [a, b, *third]

    def takes_part(codes: list[str]) -> ColumnElement[bool]:
        return or_(events.c.source.in_(codes), events.c.target.in_(codes),
                   _has_any_party(codes, dialect))

    el = _elements(events.c.parties, dialect)
    outsider = exists(select(literal(1)).select_from(el).where(
        el.c.value.is_not(None), el.c.value != "", el.c.value.not_in(allowed)))
    only_allowed = and_(or_(_unset(events.c.source), events.c.source.in_(allowed)),
                        or_(_unset(events.c.target), events.c.target.in_(allowed)),
                        not_(outsider))
    return or_(dyad, and_(takes_part([a, b]), takes_part(third), only_allowed))


def _channel(code: str) -> ColumnElement[bool]:
    via_set = _set(events.c.via)
    if code == NO_CHANNEL:
        return and_(not_(via_set), or_(events.c.type != "MEDIATE", _unset(events.c.source)))
    return or_(and_(via_set, events.c.via == code),
               and_(not_(via_set), events.c.type == "MEDIATE", events.c.source == code))


def event_conditions(f: EventFilter, dialect: str) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``f`` (over ``events`` joined to ``documents``)."""
    c = events.c
    out: list[ColumnElement[bool]] = []
    if f.types:
        out.append(c.type.in_(list(f.types)))
    for column, value in ((c.source, f.source), (c.target, f.target), (c.via, f.via),
                          (c.doc_id, f.doc), (c.source_actor, f.source_actor),
                          (documents.c.lang, f.lang)):
        if value:
            out.append(column == value)
    if f.since:
        out.append(c.day >= f.since)
    if f.until:
        out.append(c.day <= f.until + "~")
    if f.between:
        out.append(_between(*f.between, dialect))
    if f.timeline:
        out.append(_timeline(*f.timeline, dialect))
    if f.party:
        out.append(or_(c.source == f.party, c.target == f.party,
                       _has_party(f.party, dialect)))
    if f.channel:
        out.append(_channel(f.channel))
    if f.mode:
        out.append(or_(_unset(c.mode), c.mode == "unspecified") if f.mode == "unspecified"
                   else c.mode == f.mode)
    if f.medium:
        want = f.medium.lower()
        same = _fold(c.medium, dialect, casefold=False) == want
        out.append(or_(_unset(c.medium), same) if want == "unspecified" else same)
    if f.actor:
        want = f.actor.casefold()
        out.append(or_(*(_fold(col, dialect, casefold=True).contains(want, autoescape=True)
                         for col in (c.source_actor, c.target_actor))))
    if f.source_in:
        out.append(c.source.in_(list(f.source_in)))
    if f.source_actor_in:
        out.append(c.source_actor.in_(list(f.source_actor_in)))
    return out


#: the documents indexes of migration 0004 that SQLite is told to use (see :func:`_documents`)
BY_ID = "ix_documents_id_seq_lang"
BY_SEQ = "ix_documents_seq_id_lang"
_indexed: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


class _IndexedJoin(Join):
    """A join to ``documents`` that SQLite makes through a named index (``INDEXED BY``);
    other databases get a plain join. The index name is part of the statement's cache key."""

    _traverse_internals: ClassVar[Any] = [*Join._traverse_internals,
                                          ("index", InternalTraversal.dp_string)]
    inherit_cache = True

    def __init__(self, left: Any, onclause: Any, index: str) -> None:
        super().__init__(left, documents, onclause)
        self.index = index


@compiles(_IndexedJoin, "sqlite")
def _compile_indexed_join(element: _IndexedJoin, compiler: Any, **kw: Any) -> str:
    sql = str(compiler.visit_join(element, **kw))
    table = compiler.preparer.format_table(documents)
    plain = f" JOIN {table} ON "
    if plain not in sql:  # not the shape this construct produces: no hint rather than bad SQL
        return sql
    return sql.replace(plain, f" JOIN {table} INDEXED BY {element.index} ON ", 1)


def _documents(conn: Connection, left: Any, onclause: Any, index: str) -> Any:
    """``left`` joined to ``documents``, which SQLite must reach through ``index``.

    Why: the store is never ANALYZEd, and without statistics SQLite looks a document up by
    its primary-key index and then reads the document's row — its whole text — for the
    store order and language. The covering indexes of migration 0004 hold just those:
    measured on 50,000 events, the list queries took 30–50 % less time. PostgreSQL keeps
    statistics and chooses by itself. A store opened without migrating has no such index,
    so the hint is only given once the index is seen to exist."""
    if _dialect(conn) != "sqlite":
        return left.join(documents, onclause)
    engine = conn.engine
    if engine not in _indexed:
        _indexed[engine] = bool(conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
            (BY_SEQ,)).first())
    if not _indexed[engine]:
        return left.join(documents, onclause)
    return _IndexedJoin(left, onclause, index)


def _joined(conn: Connection, stmt: Select[Any]) -> Select[Any]:
    """Events with their documents, each found by id (for its store order and language)."""
    return stmt.select_from(_documents(conn, events, documents.c.id == events.c.doc_id, BY_ID))


def _from_events(conn: Connection, stmt: Select[Any], f: EventFilter) -> Select[Any]:
    """``events`` alone when no condition needs the document (counts need no store order):
    the join costs a lookup per counted event."""
    return _joined(conn, stmt) if f.lang else stmt.select_from(events)


# -- events -----------------------------------------------------------------------------------


def find_events(conn: Connection, f: EventFilter, *, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
    """Event rows matching ``f`` in timeline order, ``offset`` rows skipped.

    With a limit, the page is chosen on the sort keys alone and only its rows are read in
    full: sorting whole rows (JSON, texts) to keep fifty was most of a deep page's cost.
    """
    prepare(conn)
    conds = event_conditions(f, _dialect(conn))
    if limit is None:
        stmt = _joined(conn, select(*EVENT_COLUMNS)).where(*conds).order_by(*EVENT_ORDER)
        return [dict(r._mapping) for r in conn.execute(stmt.offset(offset))]
    keys = (_joined(conn, select(events.c.doc_id, events.c.idx)).where(*conds)
            .order_by(*EVENT_ORDER).limit(limit).offset(offset))
    return _rows_of_page(conn, keys, events, EVENT_COLUMNS, EVENT_ORDER)


def _rows_of_page(conn: Connection, keys: Select[Any], table: Any, columns: Sequence[Any],
                  order: Sequence[Any]) -> list[dict[str, Any]]:
    """The full rows (with their document) of a page chosen on ``(doc_id, idx)`` keys alone."""
    page = keys.cte("page")
    stmt = (select(*columns)
            .select_from(page.join(table, and_(table.c.doc_id == page.c.doc_id,
                                               table.c.idx == page.c.idx))
                         .join(documents, documents.c.id == table.c.doc_id))
            .order_by(*order))
    return [dict(r._mapping) for r in conn.execute(stmt)]


def count_events(conn: Connection, f: EventFilter) -> int:
    prepare(conn)
    stmt = _from_events(conn, select(func.count()), f).where(*event_conditions(f, _dialect(conn)))
    return int(conn.scalar(stmt) or 0)


#: what :func:`count_events_by` can group by
GROUPS = {
    # the day's first seven characters (YYYY-MM, or YYYY for a day known to the year only);
    # NULL for an event without a day
    "month": lambda: func.substr(func.nullif(events.c.day, ""), 1, 7),
    "type": lambda: events.c.type,
    "source": lambda: events.c.source,
    "source_actor": lambda: events.c.source_actor,
}


def count_events_by(conn: Connection, f: EventFilter,
                    by: Sequence[str]) -> list[tuple[Any, ...]]:
    """``(key…, count)`` per distinct combination of the ``by`` groups among matching
    events, in no particular order."""
    prepare(conn)
    keys = [GROUPS[name]().label(name) for name in by]
    stmt = (_from_events(conn, select(*keys, func.count()), f)
            .where(*event_conditions(f, _dialect(conn))).group_by(*keys))
    return [tuple(r) for r in conn.execute(stmt)]


#: computed fields :func:`event_fields` offers besides the ``events`` columns
FIELDS = {
    # a MEDIATE event's parties, NULL for other events (decoding the JSON of every event
    # when only MEDIATE events have parties was a good part of the channel view's cost)
    "mediated": lambda: case((events.c.type == "MEDIATE", events.c.parties)),
}


def event_fields(conn: Connection, f: EventFilter,
                 fields: Sequence[str]) -> list[tuple[Any, ...]]:
    """Only the named fields (``events`` columns or :data:`FIELDS`) of matching events, in
    timeline order: for views that aggregate many events in Python and need a few fields
    of each."""
    prepare(conn)
    columns = [FIELDS[name]() if name in FIELDS else events.c[name] for name in fields]
    stmt = (_joined(conn, select(*columns)).where(*event_conditions(f, _dialect(conn)))
            .order_by(*EVENT_ORDER))
    return [tuple(r) for r in conn.execute(stmt)]


# -- quotes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteFilter:
    """Filters of a quote query: ``speaker`` is a substring of the canonical speaker
    (ignoring ASCII case, as :meth:`Store.quotes`), ``doc`` a document id."""

    speaker: str | None = None
    lang: str | None = None
    doc: str | None = None
    #: a substring of the normalised quote (letter variants, ZWNJ and digits folded)
    text: str | None = None


def quote_conditions(f: QuoteFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.text:
        out.append(quotes.c.text_norm.contains(normalized_text(f.text), autoescape=True))
    if f.speaker:
        out.append(func.lower(quotes.c.speaker).contains(f.speaker.lower()))
    if f.lang:
        out.append(quotes.c.lang == f.lang)
    if f.doc:
        out.append(quotes.c.doc_id == f.doc)
    return out


def _quotes_from(conn: Connection, stmt: Select[Any], *, by_doc: bool = False) -> Select[Any]:
    """Quotes with their documents. The list order is the store order, so the database
    walks documents in that order and takes each one's quotes; for the quotes of given
    documents (``by_doc``) it looks those up instead."""
    return stmt.select_from(_documents(conn, quotes, documents.c.id == quotes.c.doc_id,
                                       BY_ID if by_doc else BY_SEQ))


def find_quotes(conn: Connection, f: QuoteFilter, *, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
    """Quote rows in list order. With a limit the page is chosen on the keys first (as in
    :func:`find_events`): the database then walks documents in store order and stops at the
    page, instead of sorting every quote with its text."""
    conds = quote_conditions(f)
    if limit is None:
        stmt = (_quotes_from(conn, select(*QUOTE_COLUMNS), by_doc=bool(f.doc)).where(*conds)
                .order_by(*QUOTE_ORDER))
        return [dict(r._mapping) for r in conn.execute(stmt.offset(offset))]
    keys = (_quotes_from(conn, select(quotes.c.doc_id, quotes.c.idx), by_doc=bool(f.doc))
            .where(*conds).order_by(*QUOTE_ORDER).limit(limit).offset(offset))
    return _rows_of_page(conn, keys, quotes, QUOTE_COLUMNS, QUOTE_ORDER)


def count_quotes(conn: Connection, f: QuoteFilter) -> int:
    """Matching quotes; the documents table is not needed (a quote's document always
    exists: its rows cascade)."""
    stmt = select(func.count()).select_from(quotes).where(*quote_conditions(f))
    return int(conn.scalar(stmt) or 0)


def quote_texts(conn: Connection, f: QuoteFilter) -> list[tuple[str, int, str]]:
    """``(doc_id, idx, text)`` of matching quotes in list order (for a text filter that
    only Python can apply)."""
    stmt = (_quotes_from(conn, select(quotes.c.doc_id, quotes.c.idx, quotes.c.text),
                         by_doc=bool(f.doc))
            .where(*quote_conditions(f)).order_by(*QUOTE_ORDER))
    return [(r[0], int(r[1]), r[2]) for r in conn.execute(stmt)]


def quotes_at(conn: Connection, keys: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    """The quote rows of ``(doc_id, idx)`` keys, in list order.

    Selected by document (``doc_id IN …``, an index lookup each) and then by key here: a
    row-value ``(doc_id, idx) IN (…)`` made SQLite scan every document."""
    wanted = {(d, int(i)) for d, i in keys}
    if not wanted:
        return []
    stmt = (_quotes_from(conn, select(*QUOTE_COLUMNS), by_doc=True)
            .where(quotes.c.doc_id.in_(sorted({d for d, _ in wanted})))
            .order_by(*QUOTE_ORDER))
    return [dict(r._mapping) for r in conn.execute(stmt)
            if (r.doc_id, int(r.idx)) in wanted]


# -- documents --------------------------------------------------------------------------------


def document_texts(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """``id → text`` of the given documents (missing ids are left out), in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(documents.c.id, documents.c.text).where(documents.c.id.in_(wanted))
    return {r.id: r.text for r in conn.execute(stmt)}


def document_labels(conn: Connection,
                    ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """``id → (name, title)`` of the given documents, in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(documents.c.id, documents.c.name, documents.c.title).where(
        documents.c.id.in_(wanted))
    return {r.id: (r.name, r.title) for r in conn.execute(stmt)}


# -- over a store -----------------------------------------------------------------------------


class Reader:
    """The queries above over one :class:`~qasid.store.Store`, each in its own short read
    transaction, database errors reported as one-line ``StoreError`` like the store's own.

    Example::

        reader = Reader(store)
        page = reader.events(EventFilter(between=("IRN", "USA"), mode="indirect"), limit=50)
        total = reader.count(EventFilter(between=("IRN", "USA"), mode="indirect"))
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @contextmanager
    def _conn(self, action: str) -> Iterator[Connection]:
        with store_errors(action, self._store._url), self._store._read() as conn:
            prepare(conn)
            yield conn

    def events(self, f: EventFilter, *, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Event rows (the columns of :meth:`Store.events`) matching ``f``, in timeline
        order."""
        with self._conn("reading events") as conn:
            return find_events(conn, f, limit=limit, offset=offset)

    def count(self, f: EventFilter) -> int:
        with self._conn("counting events") as conn:
            return count_events(conn, f)

    def count_by(self, f: EventFilter, by: Sequence[str]) -> list[tuple[Any, ...]]:
        """``(key…, count)`` rows; ``by`` names from :data:`GROUPS`."""
        with self._conn("counting events") as conn:
            return count_events_by(conn, f, by)

    def fields(self, f: EventFilter, names: Sequence[str]) -> list[tuple[Any, ...]]:
        with self._conn("reading events") as conn:
            return event_fields(conn, f, names)

    def quotes(self, f: QuoteFilter, *, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Quote rows (the columns of :meth:`Store.quotes`) in list order."""
        with self._conn("reading quotes") as conn:
            return find_quotes(conn, f, limit=limit, offset=offset)

    def count_quotes(self, f: QuoteFilter) -> int:
        with self._conn("counting quotes") as conn:
            return count_quotes(conn, f)

    def quote_texts(self, f: QuoteFilter) -> list[tuple[str, int, str]]:
        with self._conn("reading quotes") as conn:
            return quote_texts(conn, f)

    def quotes_at(self, keys: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        with self._conn("reading quotes") as conn:
            return quotes_at(conn, keys)

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        with self._conn("reading documents") as conn:
            return document_texts(conn, ids)

    def labels(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        with self._conn("reading documents") as conn:
            return document_labels(conn, ids)
