"""The three report charts — timeline, stance, channels — as PNG or SVG files.

Figures are built with matplotlib's object API on an Agg canvas (``Figure`` +
``FigureCanvasAgg``), never through ``pyplot``: nothing opens a window or needs a display, and
plotting from qasid does not switch the backend of a notebook or app that imported it. Every
label goes through :func:`qasid.plots.rtl.label`, so Persian and Arabic names come out shaped
and in reading order whatever matplotlib version is installed, and the font is matplotlib's
bundled DejaVu Sans (:data:`qasid.plots.rtl.FONT_FAMILY`), so the output is the same on any
machine. SVG text is written as glyph outlines (``svg.fonttype: path``): the file renders
identically without the font installed, and its ids are salted with a constant so the same
chart gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from qasid.errors import ConfigError
from qasid.plots.data import (
    LINK_STYLES,
    Series,
    actor_label,
    channel_network,
    check_lang,
    circle_layout,
    country_label,
    stance_counts,
    timeline_counts,
)
from qasid.plots.data import TEXT as WORDS
from qasid.plots.rtl import FONT_FAMILY, label

#: file formats by extension
FORMATS = ("png", "svg")

#: one colour per event type: cooperative in greens and blues, conflictual in warm colours
TYPE_COLORS = {
    "INTENT_TALKS": "#2e7d32", "APPEAL_TALKS": "#81c784", "CONSULT": "#1565c0",
    "MEDIATE": "#26a69a", "REQUEST_MEDIATION": "#80cbc4", "DEMAND": "#c0ca33",
    "DENY": "#bdbdbd", "REJECT": "#ef9a9a", "REFUSE_TALKS": "#c62828", "ACCUSE": "#fb8c00",
    "THREATEN": "#6d4c41", "ATTACK": "#212121",
}
WILLING_COLOR, REFUSING_COLOR = "#2e7d32", "#c62828"
#: channel link styles: matplotlib line style, colour
LINK_LOOK = {
    "direct": ("-", "#1f4e79"), "indirect": ("--", "#c05800"),
    "unspecified": ("-", "#9e9e9e"), "mediation": ("-.", "#7a3e9d"), "venue": (":", "#558b2f"),
}
PARTY_COLOR, INTERMEDIARY_COLOR = "#1f4e79", "#c05800"
MAX_TICKS = 12

_RC = {
    "font.family": FONT_FAMILY,
    "svg.fonttype": "path",
    "svg.hashsalt": "qasid",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def plot_timeline(events: Sequence[dict[str, Any]], out: str | Path | IO[bytes], *,
                  fmt: str | None = None, unit: str = "auto", lang: str = "en",
                  dyad: Sequence[str] | None = None, title: str | None = None,
                  size: tuple[float, float] = (10.0, 5.0), dpi: int = 150) -> Any:
    """Events per day, month or year (``unit="auto"`` picks by span), stacked by type.

    ``events`` are rows of :meth:`qasid.Corpus.events` / ``timeline``, already filtered;
    ``dyad`` (two codes) only names the chart. Undated events and events dated less precisely
    than the unit are counted in a footnote, not placed on a guessed date. ``out`` is a path
    (format from its extension) or a binary file with ``fmt``. Returns the Figure.
    """
    lang = check_lang(lang)
    words = WORDS[lang]
    fmt = output_format(out, fmt)
    s = timeline_counts(events, unit)
    with _style():
        fig = _figure(size)
        ax = fig.add_subplot()
        if s.keys:
            bottom = [0] * len(s.keys)
            for etype, counts in s.counts.items():
                ax.bar(range(len(s.keys)), counts, bottom=bottom, width=0.8, label=etype,
                       color=TYPE_COLORS.get(etype, "#757575"))
                bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
            _time_axis(ax, s.keys, s.unit)
            fig.legend(loc="outside right upper", fontsize=8, frameon=False)
        else:
            _empty(ax, words)
        _integer_axis(ax)
        ax.set_ylabel(label(words["events"]))
        ax.set_xlabel(label(words[s.unit]))
        if title is None:
            pair = list(dyad or [])
            title = (words["timeline"].format(a=country_label(pair[0], lang),
                                              b=country_label(pair[1], lang),
                                              unit=words[s.unit])
                     if len(pair) == 2 else words["timeline_all"].format(unit=words[s.unit]))
        fig.suptitle(label(title))
        _footnote(fig, s, words)
        _save(fig, out, fmt, dpi)
    return fig


def plot_stance(events: Sequence[dict[str, Any]], out: str | Path | IO[bytes], *,
                fmt: str | None = None, by: str = "country", groups: Sequence[str] = (),
                top: int = 4, unit: str = "auto", lang: str = "en", claims: bool = False,
                title: str | None = None, width: float = 10.0, dpi: int = 150) -> Any:
    """Per country or actor, willingness (INTENT_TALKS, APPEAL_TALKS; bars up) against
    refusal (REFUSE_TALKS, REJECT, THREATEN; bars down) over time, one panel each.

    ``by="country"`` groups by source state, ``by="actor"`` by the named source actor;
    ``groups`` picks them, else the ``top`` with most such events. Claims about another
    party's stance are left out unless ``claims=True`` (see
    :func:`qasid.plots.data.stance_counts`). Returns the Figure.
    """
    lang = check_lang(lang)
    words = WORDS[lang]
    fmt = output_format(out, fmt)
    st = stance_counts(events, by=by, groups=groups, top=top, unit=unit, claims=claims)
    panels = max(1, len(st.groups))
    with _style():
        fig = _figure((width, 1.6 + 1.9 * panels))
        axes = fig.subplots(panels, 1, sharex=True, squeeze=False)[:, 0]
        if not st.groups or not st.keys:
            _empty(axes[0], words)
        x = range(len(st.keys))
        for ax, (group, sides) in zip(axes, st.groups.items(), strict=False):
            willing, refusing = sides["willing"], sides["refusing"]
            ax.bar(x, willing, width=0.8, color=WILLING_COLOR, label=label(words["willing"]))
            ax.bar(x, [-v for v in refusing], width=0.8, color=REFUSING_COLOR,
                   label=label(words["refusing"]))
            ax.axhline(0, color="#424242", linewidth=0.8)
            peak = max([*willing, *refusing, 1])
            ax.set_ylim(-peak - 0.5, peak + 0.5)
            _integer_axis(ax, absolute=True)
            name = (f"{country_label(group, lang)} ({group})" if by == "country"
                    else actor_label(group, lang))
            ax.set_title(label(name), loc="right" if lang in ("fa", "ar") else "left",
                         fontsize=10)
            ax.text(0.995, 0.95, f"+{sum(willing)} / −{sum(refusing)}", fontsize=8,
                    transform=ax.transAxes, ha="right", va="top", color="#424242")
        if st.keys:
            _time_axis(axes[-1], st.keys, st.unit)
            axes[-1].set_xlabel(label(words[st.unit]))
        if st.groups and st.keys:
            handles, labels = axes[0].get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside right upper", fontsize=8, frameon=False)
        fig.suptitle(label(title if title is not None else words["stance"]))
        _footnote(fig, st, words)
        _save(fig, out, fmt, dpi)
    return fig


def plot_channels(events: Sequence[dict[str, Any]], out: str | Path | IO[bytes], *,
                  fmt: str | None = None, lang: str = "en",
                  focus: Sequence[str] = ("IRN", "USA"), title: str | None = None,
                  size: tuple[float, float] | None = None, dpi: int = 150) -> Any:
    """The network of who talks to whom and through whom (CONSULT and MEDIATE events).

    Direct channels are solid lines, indirect ones dashed through their intermediary, which
    is a node of its own (square); mediation is dash-dotted from the mediator to each party;
    the third-country venue of a direct meeting is dotted; a consultation whose mode the text
    does not state is a grey solid line. Line width grows with the number of events; each
    line is labelled with its count and media (phone, letter, ...). ``focus`` puts a pair on
    the left and right. Node names are in ``lang`` (from the actor registry). Returns the
    Figure.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    lang = check_lang(lang)
    words = WORDS[lang]
    fmt = output_format(out, fmt)
    net = channel_network(events)
    pos = circle_layout(net, focus)
    ys = [y for _, y in pos.values()] or [0.0]
    bottom, top = min(ys) - 0.4, max(ys) + 0.3  # room for the names under the nodes
    if size is None:  # as tall as the network, so a flat one has no empty band
        size = (9.0, 1.6 + 9.0 * (top - bottom) / 2.9)
    with _style():
        fig = _figure(size)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(-1.45, 1.45)
        ax.set_ylim(bottom, top)
        ax.set_aspect("equal")
        if not net.nodes:
            _empty(ax, words)
        taken: dict[tuple[str, str], list[float]] = {}
        for lk in net.links:
            (xa, ya), (xb, yb) = pos[lk.a], pos[lk.b]
            others = [xy for n, xy in pos.items() if n not in (lk.a, lk.b)]
            rad = _bend((xa, ya), (xb, yb), others, taken.setdefault((lk.a, lk.b), []))
            style, color = LINK_LOOK[lk.style]
            ax.add_patch(FancyArrowPatch(
                (xa, ya), (xb, yb), arrowstyle="-", connectionstyle=f"arc3,rad={rad}",
                linestyle=style, color=color, linewidth=1.2 + 1.3 * math.log2(lk.count),
                shrinkA=17, shrinkB=17, zorder=1))
            # the quadratic curve's midpoint: half way to the arc3 control point
            mx = (xa + xb) / 2 + rad * (yb - ya) / 2
            my = (ya + yb) / 2 - rad * (xb - xa) / 2
            media = "، ".join(label(words.get(m, m)) for m, _ in lk.media.most_common()) \
                if lang != "en" else ", ".join(m for m, _ in lk.media.most_common())
            if lk.count > 1 or media:  # a bare "1" on every line is noise
                ax.text(mx, my, f"{lk.count}" + (f" · {media}" if media else ""), fontsize=7,
                        ha="center", va="center", color=color, zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
        for code, role in net.nodes.items():
            x, y = pos[code]
            party = role == "party"
            ax.scatter([x], [y], s=900, marker="o" if party else "s", zorder=3,
                       color=PARTY_COLOR if party else INTERMEDIARY_COLOR,
                       edgecolors="white", linewidths=1.5)
            ax.text(x, y, code, ha="center", va="center", fontsize=7, color="white",
                    fontweight="bold", zorder=5)
            ax.text(x, y - 0.12, label(country_label(code, lang)), ha="center", va="top",
                    fontsize=10, zorder=5)
        used = list(dict.fromkeys(lk.style for lk in net.links))
        handles = [Line2D([], [], linestyle=LINK_LOOK[s][0], color=LINK_LOOK[s][1],
                          label=label(words[s])) for s in LINK_STYLES if s in used]
        if net.nodes:
            handles += [
                Line2D([], [], linestyle="", marker="o", markersize=9, color=PARTY_COLOR,
                       label=label(words["party"])),
                Line2D([], [], linestyle="", marker="s", markersize=9,
                       color=INTERMEDIARY_COLOR, label=label(words["intermediary"])),
            ]
            fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4),
                       fontsize=8, frameon=False)
        fig.suptitle(label(title if title is not None else words["channels"]))
        _save(fig, out, fmt, dpi)
    return fig


#: ``qasid plot KIND``
PLOTS = {"timeline": plot_timeline, "stance": plot_stance, "channels": plot_channels}


# ---------------------------------------------------------------------------------------------
# shared drawing helpers


@contextmanager
def _style() -> Iterator[None]:
    try:
        import matplotlib
    except ImportError as exc:
        raise ConfigError("charts need the plots extra (matplotlib is missing): "
                          "pip install 'qasid[plots]'", code="E415") from exc
    with matplotlib.rc_context(_RC):
        yield


def _figure(size: tuple[float, float]) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def output_format(out: str | Path | IO[bytes], fmt: str | None = None) -> str:
    """The output format: ``fmt``, else the path's extension; refused unless png or svg
    (checked before any work, so a wrong name fails fast)."""
    if fmt is None:
        if not isinstance(out, (str, Path)):
            raise ConfigError("writing a chart to a file object needs its format (png or svg)",
                              code="E418")
        fmt = Path(out).suffix.lstrip(".").lower()
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"charts are written as {' or '.join(FORMATS)}: "
                          f"name the file .png or .svg (got {fmt or 'no extension'!r})",
                          code="E418")
    return fmt


def _save(fig: Any, out: str | Path | IO[bytes], fmt: str, dpi: int) -> None:
    metadata = {"Date": None} if fmt == "svg" else {"Software": "qasid"}
    try:
        fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
    except OSError as exc:
        raise ConfigError(f"cannot write {out}: {exc.strerror or exc}", code="E411") from exc


#: curvatures tried for a link, in order: straight first, then bowed either way
_BENDS = (0.0, 0.22, -0.22, 0.4, -0.4, 0.6, -0.6)
#: a link passing closer than this to a node it does not join would seem to touch it
_CLEARANCE = 0.13


def _bend(a: tuple[float, float], b: tuple[float, float], others: list[tuple[float, float]],
          taken: list[float]) -> float:
    """The first curvature (``arc3`` rad) not used yet between this pair whose curve clears
    every other node — two channels of different kinds between one pair, or a link between two
    intermediaries in the middle column, bow out instead of running through each other."""
    free = [r for r in _BENDS if r not in taken] or [_BENDS[len(taken) % len(_BENDS)]]
    for rad in free:
        cx = (a[0] + b[0]) / 2 + rad * (b[1] - a[1])
        cy = (a[1] + b[1]) / 2 - rad * (b[0] - a[0])
        clear = True
        for i in range(1, 20):
            t = i / 20
            x = (1 - t) ** 2 * a[0] + 2 * t * (1 - t) * cx + t * t * b[0]
            y = (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * cy + t * t * b[1]
            if any(math.hypot(x - ox, y - oy) < _CLEARANCE for ox, oy in others):
                clear = False
                break
        if clear:
            taken.append(rad)
            return rad
    taken.append(free[0])
    return free[0]


def _time_axis(ax: Any, keys: list[str], unit: str) -> None:
    """Label at most :data:`MAX_TICKS` buckets, evenly spaced, so long ranges stay legible."""
    step = max(1, math.ceil(len(keys) / MAX_TICKS))
    ticks = list(range(0, len(keys), step))
    ax.set_xticks(ticks, [keys[i] for i in ticks],
                  rotation=45 if unit == "day" or len(ticks) > 6 else 0,
                  ha="right" if unit == "day" or len(ticks) > 6 else "center")
    ax.set_xlim(-0.6, len(keys) - 0.4)


def _integer_axis(ax: Any, *, absolute: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if absolute:  # refusals are drawn downwards but are counts all the same
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(round(v))}"))


def _empty(ax: Any, words: dict[str, str]) -> None:
    ax.text(0.5, 0.5, label(words["none"]), transform=ax.transAxes, ha="center",
            va="center", fontsize=12, color="#757575")


def _footnote(fig: Any, s: Series | Any, words: dict[str, str]) -> None:
    """Say what the chart leaves out: undated, too coarsely dated, claims."""
    notes = []
    if s.undated:
        notes.append(words["undated"].format(n=s.undated))
    if s.coarse:
        notes.append(words["coarse"].format(n=s.coarse, unit=words[s.unit]))
    if getattr(s, "claims", 0):
        notes.append(words["claims"].format(n=s.claims))
    if notes:
        fig.supxlabel(label(" · ".join(notes)), fontsize=7, color="#616161")
