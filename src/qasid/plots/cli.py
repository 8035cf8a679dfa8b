"""``qasid plot timeline|stance|channels --out FILE.png|svg``: report charts from the store.

:func:`register` adds the command to the main Typer app. This module imports neither
matplotlib nor the store at import time: ``qasid --help`` stays fast, and an install without
the ``plots`` extra still lists the command and, when it runs, names the extra to install.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


class PlotKind(StrEnum):
    timeline = "timeline"
    stance = "stance"
    channels = "channels"


class Unit(StrEnum):
    auto = "auto"
    day = "day"
    month = "month"
    year = "year"


class Lang(StrEnum):
    en = "en"
    fa = "fa"
    ar = "ar"


class StanceBy(StrEnum):
    country = "country"
    actor = "actor"


#: the event types each chart is about when ``--type`` does not say
DEFAULT_TYPES = {
    PlotKind.timeline: (),
    PlotKind.stance: ("INTENT_TALKS", "APPEAL_TALKS", "REFUSE_TALKS", "REJECT", "THREATEN"),
    PlotKind.channels: ("CONSULT", "MEDIATE"),
}


def _errors(fn: F) -> F:
    """Domain errors as one red line and exit 1, like every other qasid command."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from qasid.errors import QasidError

        try:
            return fn(*args, **kwargs)
        except QasidError as exc:
            from rich.console import Console
            from rich.markup import escape

            Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def register(app: typer.Typer) -> None:
    """Add ``qasid plot`` to ``app``."""

    @app.command("plot")
    @_errors
    def plot_cmd(
        kind: Annotated[PlotKind, typer.Argument(help="timeline, stance or channels.")],
        out: Annotated[Path, typer.Option("--out", "-o",
                                          help="Output file; .png or .svg decides the format.")],
        db: Annotated[str | None, typer.Option(
            "--db", envvar="QASID_DB",
            help="Store URL: a SQLite path/URL or postgresql://… (default sqlite:///qasid.db)."),
        ] = None,
        between: Annotated[tuple[str, str] | None, typer.Option(
            help="Two state codes: only their events (timeline default: IRN USA).")] = None,
        since: Annotated[str | None, typer.Option(help="On/after YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="On/before YYYY-MM-DD.")] = None,
        type_: Annotated[list[str] | None, typer.Option(
            "--type", help="Event type (repeatable); default: the chart's own types.")] = None,
        lang: Annotated[Lang, typer.Option(
            help="Language of names and captions (Persian/Arabic shaped right to left).")
        ] = Lang.en,
        unit: Annotated[Unit, typer.Option(
            "--by", help="Time unit of the bars (auto: by the date span).")] = Unit.auto,
        group: Annotated[StanceBy, typer.Option(
            help="stance: one panel per source country or per named actor.")
        ] = StanceBy.country,
        top: Annotated[int, typer.Option(
            help="stance: how many countries/actors (most events first).", min=1)] = 4,
        only: Annotated[list[str] | None, typer.Option(
            "--only", help="stance: these countries (codes) or actors (names), repeatable.")
        ] = None,
        claims: Annotated[bool, typer.Option(
            help="stance: also count events that are only someone's claim.")] = False,
        title: Annotated[str | None, typer.Option(help="Chart title.")] = None,
        dpi: Annotated[int, typer.Option(help="PNG resolution.", min=30, max=1200)] = 150,
    ) -> None:
        """Draw a report chart of the stored events as PNG or SVG.

        Example: qasid plot timeline --between IRN USA --lang fa --out timeline.png
        """
        from qasid.corpus import Corpus

        try:
            import matplotlib  # noqa: F401  (checked before the store is read)
        except ImportError as exc:
            from qasid.errors import ConfigError

            raise ConfigError("qasid plot needs the plots extra (matplotlib is missing): "
                              "pip install 'qasid[plots]'", code="E415") from exc
        from qasid.plots import charts
        charts.output_format(out)
        pair = tuple(x.upper() for x in between) if between else None
        if kind is PlotKind.timeline and pair is None:
            pair = ("IRN", "USA")
        types = [t.upper() for t in type_] if type_ else list(DEFAULT_TYPES[kind])
        with Corpus.open(db) as corpus:
            events = corpus.events(types=types, between=pair, since=since, until=until)
        common: dict[str, Any] = {"lang": lang.value, "title": title, "dpi": dpi}
        if kind is PlotKind.timeline:
            charts.plot_timeline(events, out, unit=unit.value, dyad=pair, **common)
        elif kind is PlotKind.stance:
            picked = [x.upper() if group is StanceBy.country else x for x in only or []]
            charts.plot_stance(events, out, by=group.value, groups=picked, top=top,
                               unit=unit.value, claims=claims, **common)
        else:
            charts.plot_channels(events, out, focus=pair or ("IRN", "USA"), **common)
        from rich.console import Console

        Console(stderr=True, highlight=False).print(
            f"wrote {out} ({kind.value}, {len(events)} events)")
