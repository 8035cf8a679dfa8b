"""The ``qasid`` command: a thin Typer layer over :class:`qasid.Corpus`.

Domain errors become one red line and exit code 1 (never a traceback); usage errors exit 2
(Typer's default); ``ingest`` exits 1 when nothing could be stored or, with ``--strict``, when
anything failed.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from qasid import __version__
from qasid.errors import QasidError

app = typer.Typer(
    name="qasid",
    help="qasid (قاصد): evidence-grounded structured data from fa/ar/en news on diplomacy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
db_app = typer.Typer(help="Inspect and migrate the store.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="QASID_DB",
                 help="Store URL: a SQLite path/URL or postgresql://… (default sqlite:///qasid.db)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", envvar="QASID_CONFIG", help="TOML file of settings."),
]


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


def _handle_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except QasidError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("[yellow]interrupted:[/] documents committed so far are kept; "
                      "run the same command again to complete.")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `qasid export | head`
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def _corpus(db: str | None, config: Path | None = None, **overrides: Any) -> Iterator[Any]:
    from qasid.corpus import Corpus
    from qasid.settings import load_settings

    settings = load_settings(config, **overrides)
    corpus = Corpus.open(db, settings=settings)
    try:
        yield corpus
    finally:
        corpus.close()


def _version(value: bool) -> None:
    if value:
        out.print(f"qasid {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """qasid (قاصد): evidence-grounded structured data from fa/ar/en news on diplomacy."""


@app.command()
@_handle_errors
def ingest(
    sources: Annotated[list[str], typer.Argument(
        help="Files, folders, globs, '-' (stdin), http(s) URLs, feeds, .jsonl, .warc(.gz).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 if any document failed.")] = False,
    languages: Annotated[str | None, typer.Option(
        "--languages", help="Comma-separated ISO 639-1 codes for language id.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Largest document, in bytes.")] = None,
    timeout: Annotated[float | None, typer.Option(help="Network timeout, seconds.")] = None,
    text_field: Annotated[str | None, typer.Option(help="JSONL field with plain text.")] = None,
    html_field: Annotated[str | None, typer.Option(help="JSONL field with HTML.")] = None,
    url_field: Annotated[str | None, typer.Option(help="JSONL field with the URL.")] = None,
    date_field: Annotated[str | None, typer.Option(help="JSONL field with the date.")] = None,
    extract: Annotated[bool | None, typer.Option(
        "--extract/--no-extract", help="Extract actors, quotes and events (default: on).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, clean, date, de-duplicate, extract and store documents.

    Example: qasid ingest examples/seeds --db corpus.db
    """
    overrides = {"languages": languages, "max_bytes": max_bytes, "timeout": timeout,
                 "jsonl_text_field": text_field, "jsonl_html_field": html_field,
                 "jsonl_url_field": url_field, "jsonl_date_field": date_field,
                 "extract": extract}
    with _corpus(db, config, **overrides) as corpus:
        progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.description}"),
                            console=err, transient=True, disable=quiet or not err.is_terminal)
        with progress:
            task = progress.add_task("", total=None)

            def tick(name: str, _result: Any, status: str) -> None:
                progress.update(task, advance=1, description=f"{status}: {name[-50:]}")

            stdin = sys.stdin.buffer if "-" in sources else None
            rep = corpus.ingest(sources, on_document=tick, stdin=stdin)
    _print_ingest_report(rep)
    if rep.stored == 0 or (strict and rep.failed):
        raise typer.Exit(1)


def _print_ingest_report(rep: Any) -> None:
    t = Table(title="ingest summary", title_justify="left")
    for col in ("read", "new", "updated", "unchanged", "duplicate", "failed"):
        t.add_column(col, justify="right")
    t.add_row(*(str(getattr(rep, c)) for c in ("read", "new", "updated", "unchanged",
                                                 "duplicate", "failed")))
    err.print(t)
    if rep.failures:
        ft = Table(title="failures", title_justify="left")
        ft.add_column("document")
        ft.add_column("stage")
        ft.add_column("reason")
        for f in rep.failures[:50]:
            ft.add_row(escape(f.name), f.stage, escape(f.reason))
        err.print(ft)
        if len(rep.failures) > 50:
            err.print(f"… and {len(rep.failures) - 50} more (see `qasid db rejects`)")


@app.command()
@_handle_errors
def stats(
    db: DbOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = (
        TableFormat.table
    ),
) -> None:
    """Counts of the store: documents by language and type, dates, duplicates, rejects.

    Example: qasid stats --format json
    """
    with _corpus(db) as corpus:
        st = corpus.stats()
    if fmt is not TableFormat.table:
        out.print_json(json.dumps(st, ensure_ascii=False, default=str))
        return
    t = Table(show_header=False, title="qasid store", title_justify="left")
    t.add_column("key", style="bold")
    t.add_column("value")
    for k, v in st.items():
        shown = (", ".join(f"{a}: {b}" for a, b in v.items()) or "—") if isinstance(v, dict) else v
        t.add_row(k, escape(str(shown)))
    out.print(t)


@app.command()
@_handle_errors
def docs(
    db: DbOpt = None,
    lang: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on/before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """List stored documents.

    Example: qasid docs --lang fa --since 2025-01-01
    """
    with _corpus(db) as corpus:
        rows = [
            {"id": d.id if fmt is not TableFormat.table else d.id[:10], "doc": d.name,
             "lang": d.lang, "published": d.published, "title": d.title,
             "chars": sum(e - s for s, e in d.body), "dups": len(d.duplicates)}
            for d in corpus.documents(lang=lang, since=since, until=until, limit=limit,
                                      offset=offset)
        ]
    _emit_rows(rows, fmt, title=f"{len(rows)} documents")


def _fit_columns(rows: list[dict[str, Any]], cols: list[str], drop_order: Sequence[str],
                 width: int) -> tuple[list[str], list[str]]:
    """The columns that fit ``width`` at their natural width, dropping those of
    ``drop_order`` first to last; and the dropped ones. Without this a wide table squeezed
    two-letter code columns to nothing on an 80-column terminal."""
    natural = {c: max(len(c), *(len(str(r.get(c) or "")) for r in rows)) + 3 for c in cols}
    kept, dropped = list(cols), []
    for col in drop_order:
        if sum(natural[c] for c in kept) + 1 <= width:
            break
        if col in kept:
            kept.remove(col)
            dropped.append(col)
    return kept, dropped


def _emit_rows(rows: list[dict[str, Any]], fmt: TableFormat, title: str = "",
               drop_order: Sequence[str] = ()) -> None:
    if fmt is TableFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        return
    if fmt is TableFormat.csv:
        import csv

        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return
    cols = list(rows[0]) if rows else ["(none)"]
    dropped: list[str] = []
    if rows and drop_order:
        cols, dropped = _fit_columns(rows, cols, drop_order, out.width)
        rows = [{c: r.get(c) for c in cols} for r in rows]
    t = Table(title=title, title_justify="left")
    free = ("title", "message", "reason")
    fixed = sum(
        max(len(c), *(len(str(r.get(c) or "")) for r in rows)) + 3 for c in cols if c not in free
    ) if rows else 0
    for col in cols:
        if col in free:
            # free text takes what width is left, cut with an ellipsis
            t.add_column(col, overflow="ellipsis", no_wrap=True,
                         max_width=max(12, out.width - fixed - 4))
        else:
            t.add_column(col, no_wrap=True)
    for r in rows:
        t.add_row(*(escape("" if v is None else str(v)) for v in r.values()))
    out.print(t)
    if dropped:
        out.print(f"[dim]not shown at this width: {', '.join(dropped)} "
                  "(a wider terminal, or --format csv/json, shows every column)[/dim]")


@app.command()
@_handle_errors
def show(
    doc: Annotated[str, typer.Argument(help="Document id, id prefix, name or locator.")],
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    noise: Annotated[bool, typer.Option(help="Also print the removed (noise) lines.")] = False,
) -> None:
    """Show one document: metadata, then its text with the kept body.

    Example: qasid show 001_c489b840f046fcbc.txt --noise
    """
    from qasid.errors import InputError

    with _corpus(db) as corpus:
        d = corpus.get(doc)
        if d is None:
            raise InputError(f"no document matches {doc!r} (try `qasid docs`)", code="E140")
        if fmt == "json":
            out.print_json(json.dumps(d.to_dict(), ensure_ascii=False, default=str))
            return
    meta = Table(show_header=False, box=None)
    meta.add_column(style="bold")
    meta.add_column()
    for k in ("id", "name", "source", "url", "title", "lang", "published", "content_type",
              "encoding"):
        meta.add_row(k, escape(str(getattr(d, k, "") or "—")))
    for dd in d.dates:
        meta.add_row("date found", escape(f"{dd.iso} ({dd.kind}, {dd.calendar})"))
    for link in d.duplicates:
        meta.add_row("duplicate", escape(str(link.to_dict() if hasattr(link, "to_dict")
                                             else link)))
    out.print(meta)
    out.rule()
    for p in d.paragraphs:
        seg = d.text[p.start : p.end]
        if p.kind == "content":
            out.print(Text(seg))
        elif noise:
            out.print(Text(f"[{p.reason}] {seg}", style="dim strike"))
        out.print()


@app.command()
@_handle_errors
def search(
    query: Annotated[str, typer.Argument(help='Words (all must match), "a phrase", prefix*.')],
    db: DbOpt = None,
    lang: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """Ranked full-text search across Persian, Arabic and English spellings.

    Example: qasid search "مذاکره"
    """
    with _corpus(db) as corpus:
        hits = corpus.search(query, limit=limit, lang=lang)
    if fmt is not TableFormat.table:
        rows = [{"id": h.doc.id, "doc": h.doc.name, "lang": h.doc.lang, "score": h.score,
                 "title": h.doc.title,
                 "snippets": [{"text": s.text, "start": s.start, "end": s.end,
                               "highlights": [list(x) for x in s.highlights]}
                              for s in h.snippets]} for h in hits]
        if fmt is TableFormat.json:
            out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        else:
            for r in rows:
                r["snippets"] = " … ".join(s["text"] for s in r["snippets"])
            _emit_rows(rows, fmt)
        return
    if not hits:
        err.print(f"no documents match {query!r}")
        return
    for i, h in enumerate(hits, 1):
        out.print(Text.assemble((f"{i}. ", "bold"), (h.doc.name, "bold cyan"),
                                f"  [{h.doc.lang or '?'}] {h.doc.published or ''}  "
                                f"score {h.score:.3g}"))
        for s in h.snippets:
            t = Text("   … ")
            t.append_text(_highlighted(s.text, s.highlights))
            t.append(" …")
            out.print(t)


def _highlighted(text: str, highlights: Any) -> Text:
    t = Text(text)
    for a, b in highlights:
        t.stylize("bold black on yellow", a, b)
    return t


@app.command("export")
@_handle_errors
def export_cmd(
    db: DbOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write here instead of stdout.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    since: Annotated[str | None, typer.Option(help="On/after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="On/before YYYY-MM-DD.")] = None,
    type_: Annotated[list[str] | None, typer.Option(
        "--type", help="Event type (repeatable): exports events, not documents.")] = None,
    source: Annotated[str | None, typer.Option(help="Events from this state/IGO.")] = None,
    target: Annotated[str | None, typer.Option(help="Events to this state/IGO.")] = None,
    via: Annotated[str | None, typer.Option(help="Events through this intermediary.")] = None,
) -> None:
    """Write FORMAT.md document records (jsonl, csv, parquet), or events (plover; or any
    format with an event filter --type/--source/--target/--via).

    Example: qasid export --format plover --type CONSULT --source IRN -o consult.jsonl
    """
    from qasid.export import export_events, write_documents

    events_mode = fmt is ExportFormat.plover or any((type_, source, target, via))
    binary = fmt is ExportFormat.parquet
    with _corpus(db) as corpus:
        target_io: Any = output if output is not None else (
            sys.stdout.buffer if binary else sys.stdout)
        try:
            if events_mode:
                n = export_events(corpus.store, target_io, fmt.value,
                                  types=[t.upper() for t in type_ or []],
                                  source=source.upper() if source else None,
                                  target=target.upper() if target else None,
                                  via=via.upper() if via else None, since=since, until=until)
            else:
                n = write_documents(corpus.documents(lang=lang, since=since, until=until),
                                    target_io, fmt.value)
        except BrokenPipeError:
            raise  # `qasid export | head`: handled quietly by the error wrapper
        except OSError as exc:
            from qasid.errors import ConfigError

            raise ConfigError(f"cannot write {output}: {exc.strerror}", code="E411") from exc
    err.print(f"exported {n} {'events' if events_mode else 'records'}")


@app.command("eval")
@_handle_errors
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold FORMAT.md records (JSONL).")],
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Score the stored documents against gold annotations, field by field.

    Example: qasid eval examples/gold/seeds.jsonl
    """
    with _corpus(db) as corpus:
        rep = corpus.evaluate(gold)
    if fmt == "json":
        out.print_json(json.dumps(rep.to_dict(), ensure_ascii=False))
        return
    t = Table(title=f"evaluation on {rep.documents} gold documents", title_justify="left")
    for col in ("field", "n", "score / F1", "precision", "recall"):
        t.add_column(col, justify="left" if col == "field" else "right")

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.1f}%"

    for f in rep.fields.values():
        if not f.present:
            t.add_row(f.name, "—", "not extracted", "", "")
        elif f.kind == "prf":
            t.add_row(f.name, str(f.tp + f.fn), pct(f.f1), pct(f.precision), pct(f.recall))
        else:
            t.add_row(f.name, str(f.total), pct(f.accuracy), "", "")
    out.print(t)
    if rep.missing:
        err.print(f"[yellow]{len(rep.missing)} gold documents are not in the store:[/] "
                  + escape(", ".join(rep.missing[:10])))


@app.command()
@_handle_errors
def extract(
    db: DbOpt = None,
    lang: Annotated[str | None, typer.Option(help="Only documents in this language.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Re-run extraction over stored documents, e.g. after editing a lexicon or the actor
    registry (no re-ingesting).

    Example: qasid extract --db corpus.db
    """
    with _corpus(db) as corpus:
        progress = Progress(SpinnerColumn(), TextColumn("[bold]extract"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.description}"),
                            console=err, transient=True, disable=quiet or not err.is_terminal)
        with progress:
            task = progress.add_task("", total=corpus.store.count())
            n = corpus.extract(lang=lang, on_document=lambda name: progress.update(
                task, advance=1, description=name[-50:]))
    err.print(f"extracted {n} documents")


@app.command()
@_handle_errors
def actors(
    db: DbOpt = None,
    kind: Annotated[str | None, typer.Option(help="person, org or country.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """People, organisations and states by number of mentions.

    Example: qasid actors --kind person --limit 20
    """
    with _corpus(db) as corpus:
        rows = corpus.actors(kind=kind, limit=limit)
    _emit_rows(rows, fmt, title=f"{len(rows)} actors")


@app.command("quotes")
@_handle_errors
def quotes_cmd(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name (substring).")] = None,
    lang: Annotated[str | None, typer.Option(help="Quote language.")] = None,
    text: Annotated[str | None, typer.Option(help="Words the quote contains.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """Attributed quotes, with their speaker and document.

    Example: qasid quotes --speaker Araghchi --lang fa
    """
    with _corpus(db) as corpus:
        rows = corpus.quotes(speaker=speaker, lang=lang, text=text, limit=limit)
    if fmt is not TableFormat.table:
        _emit_rows(rows, fmt)
        return
    for r in rows:
        out.print(Text.assemble((r["speaker"] or "?", "bold cyan"),
                                f"  [{r['lang'] or '?'}] {r['doc']} {r['published'] or ''}"))
        out.print(Text(f"   «{r['text']}»"))
    err.print(f"{len(rows)} quotes")


_EVENT_COLUMNS = ("day", "type", "source", "target", "source_actor", "target_actor", "mode",
                  "via", "medium", "claimed_by", "cameo", "doc")
#: what a narrow terminal gives up first (the type, parties, channel and date stay)
_EVENT_DROP_ORDER = ("cameo", "claimed_by", "medium", "target_actor", "doc", "mode",
                     "source_actor")


def _event_rows(rows: list[dict[str, Any]], fmt: TableFormat) -> list[dict[str, Any]]:
    if fmt is TableFormat.json:
        return rows
    out_rows = []
    for r in rows:
        row = {k: r.get(k) for k in _EVENT_COLUMNS}
        if r["type"] == "MEDIATE":
            row["target"] = "+".join(r.get("parties") or [])
        out_rows.append(row)
    return out_rows


@app.command("events")
@_handle_errors
def events_cmd(
    db: DbOpt = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Event type (repeatable).")
                     ] = None,
    source: Annotated[str | None, typer.Option(help="Source state/IGO code.")] = None,
    target: Annotated[str | None, typer.Option(help="Target state/IGO code.")] = None,
    via: Annotated[str | None, typer.Option(help="Intermediary or venue code.")] = None,
    since: Annotated[str | None, typer.Option(help="On/after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="On/before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 200,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """Coded diplomatic events with their channel, date and document.

    Example: qasid events --type CONSULT --source IRN --via OMN
    """
    with _corpus(db) as corpus:
        rows = corpus.events(types=[t.upper() for t in type_ or []],
                             source=source.upper() if source else None,
                             target=target.upper() if target else None,
                             via=via.upper() if via else None, since=since, until=until,
                             limit=limit)
    _emit_rows(_event_rows(rows, fmt), fmt, title=f"{len(rows)} events",
               drop_order=_EVENT_DROP_ORDER)


@app.command()
@_handle_errors
def timeline(
    between: Annotated[tuple[str, str], typer.Option(help="Two state codes.")] = ("IRN", "USA"),
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option(help="On/after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="On/before YYYY-MM-DD.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """Events between two states in either direction (and mediation between them), by day.

    Example: qasid timeline --between IRN USA --since 2025-01-01
    """
    a, b = (x.upper() for x in between)
    with _corpus(db) as corpus:
        rows = corpus.timeline(a, b, since=since, until=until)
    _emit_rows(_event_rows(rows, fmt), fmt, title=f"{a}–{b}: {len(rows)} events",
               drop_order=_EVENT_DROP_ORDER)


@db_app.command("migrate")
@_handle_errors
def db_migrate(
    db: DbOpt = None,
    list_: Annotated[bool, typer.Option("--list", help="List migrations and state.")] = False,
) -> None:
    """Apply pending migrations (opening the store does this too) or list them.

    Example: qasid db migrate --list
    """
    with _corpus(db) as corpus:
        applied = corpus.store.migrate()
        if list_:
            for name, at in corpus.store.migration_status():
                out.print(f"{'✓' if at else '·'} {name}  {at or 'pending'}")
        else:
            out.print(f"applied {len(applied)} migrations" if applied else "store is up to date")


@db_app.command("rejects")
@_handle_errors
def db_rejects(db: DbOpt = None, limit: Annotated[int, typer.Option()] = 50,
               fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table) -> None:
    """Documents that could not be ingested, with the reason.

    Example: qasid db rejects --limit 10
    """
    with _corpus(db) as corpus:
        rows = [r if isinstance(r, dict) else r.__dict__ for r in corpus.store.rejects(limit)]
    _emit_rows(rows, fmt, title=f"{len(rows)} rejects")


def _register_optional_commands() -> None:
    # The web server's heavy imports (fastapi, uvicorn) happen only when `serve` runs.
    from qasid.plots.cli import register as register_plots
    from qasid.web.cli import register as register_web

    register_web(app)
    register_plots(app)


_register_optional_commands()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
