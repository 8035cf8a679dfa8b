"""Chart geometry for server-rendered SVG.

Charts are computed here as plain shapes (numbers, labels, links) and drawn by the Jinja
templates as inline ``<svg>``: no JavaScript charting library, nothing fetched, the chart is
there with scripting off, and every label coming from data (actor names, codes) is escaped by
the template like any other text. Layout is deterministic, so the same data draws the same
picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from qasid.web import models as m
from qasid.web.services import EVENT_TYPES, month_range, url


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    css: str
    href: str
    title: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    css: str
    href: str
    title: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str = "grid"


@dataclass
class Chart:
    width: int
    height: int
    title: str
    labels: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    paths: list[tuple[str, str]] = field(default_factory=list)  # (d, css)
    #: events the data has but the chart cannot place (dated to the year only)
    unplaced: int = 0

    @property
    def empty(self) -> bool:
        return not (self.dots or self.rects)


def _month_label(month: str) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"


def _tick_every(n: int, room: float) -> int:
    """Label every k-th month so labels (about 56px wide) do not collide."""
    return max(1, math.ceil(56 / max(room, 1e-6))) if n else 1


def _all_months(months: Sequence[str]) -> list[str]:
    return month_range(months[0], months[-1]) if months else []


def timeline_chart(page: m.TimelinePage, link_params: dict[str, object]) -> Chart:
    """Events per month and type: one row per type, a dot per month sized by the count; a
    dot links to the list of exactly those events.

    An event dated to the year only (``2015``) has no month column: it is counted in
    ``unplaced`` rather than drawn in a guessed month."""
    placed = [c for c in page.counts if len(c.month) == 7]
    months = _all_months(sorted({c.month for c in placed}))
    types = [t for t in EVENT_TYPES if any(c.type == t for c in placed)]
    left, top, row_h, right = 150, 24, 26, 20
    width = 900
    plot_w = width - left - right
    step = plot_w / max(len(months), 1)
    height = top + row_h * max(len(types), 1) + 40
    chart = Chart(width, height, f"Events per month, {page.a}–{page.b}",
                  unplaced=sum(c.count for c in page.counts if len(c.month) != 7))
    if not months:
        return chart
    xi = {mo: left + step * (i + 0.5) for i, mo in enumerate(months)}
    yi = {t: top + row_h * (i + 0.5) for i, t in enumerate(types)}
    biggest = max(c.count for c in placed)
    for t, y in yi.items():
        chart.lines.append(Line(left, y, width - right, y))
        chart.labels.append(Label(left - 8, y + 4, t, "end"))
    every = _tick_every(len(months), step)
    base_y = top + row_h * len(types)
    chart.lines.append(Line(left, base_y, width - right, base_y, "axis"))
    for i, mo in enumerate(months):
        if i % every == 0:
            chart.labels.append(Label(xi[mo], base_y + 16, _month_label(mo)))
    for c in placed:
        r = 3 + 9 * math.sqrt(c.count / biggest)
        params = {**link_params, "type": c.type, "since": c.month, "until": c.month,
                  "offset": None}
        chart.dots.append(Dot(round(xi[c.month], 1), round(yi[c.type], 1), round(r, 1),
                              f"t-{c.type}", url("/timeline", **params),
                              f"{c.type} {c.month}: {c.count} event{'s' * (c.count != 1)}"))
    return chart


def stance_chart(page: m.StancePage) -> Chart:
    """Small multiples: per series, willingness above the axis and refusal below it, month
    by month, on one shared scale; each bar links to its events."""
    months = page.months
    left, right, band, gap = 170, 20, 90, 18
    width = 900
    plot_w = width - left - right
    step = plot_w / max(len(months), 1)
    height = 20 + (band + gap) * max(len(page.series), 1) + 30
    chart = Chart(width, height, "Willingness vs refusal of talks per month")
    if not months or not page.series:
        return chart
    biggest = max((max(x.positive, x.negative) for s in page.series for x in s.months),
                  default=1) or 1
    half = band / 2 - 4
    bar_w = max(2.0, min(24.0, step * 0.6))
    every = _tick_every(len(months), step)
    column = {mo: i for i, mo in enumerate(months)}
    for k, s in enumerate(page.series):
        top = 20 + k * (band + gap)
        axis = top + band / 2
        chart.lines.append(Line(left, axis, width - right, axis, "axis"))
        chart.labels.append(Label(left - 8, axis - 4, s.label, "end"))
        chart.labels.append(Label(left - 8, axis + 12,
                                  f"+{s.positive} / −{s.negative}  index {s.index:+.2f}",
                                  "end"))
        if not s.months:
            chart.labels.append(Label(left + plot_w / 2, axis - 6, "no dated events", "middle"))
        for x in s.months:
            i = column[x.month]
            cx = left + step * (i + 0.5)
            who = ({"source": s.key} if page.by == "country" else {"source_actor": s.key})
            common = {**who, "target": page.target, "lang": page.lang, "since": x.month,
                      "until": x.month}
            if x.positive:
                h = half * x.positive / biggest
                chart.rects.append(Rect(round(cx - bar_w / 2, 1), round(axis - h, 1),
                                        round(bar_w, 1), round(h, 1), "pos",
                                        url("/events", type=page.positive_types, **common),
                                        f"{s.label} {x.month}: {x.positive} willing"))
            if x.negative:
                h = half * x.negative / biggest
                chart.rects.append(Rect(round(cx - bar_w / 2, 1), round(axis, 1),
                                        round(bar_w, 1), round(h, 1), "neg",
                                        url("/events", type=page.negative_types, **common),
                                        f"{s.label} {x.month}: {x.negative} refusing"))
    base_y = 20 + (band + gap) * len(page.series)
    for i, mo in enumerate(months):
        if i % every == 0:
            chart.labels.append(Label(left + step * (i + 0.5), base_y + 4, _month_label(mo)))
    return chart


# -- network -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeShape:
    id: str
    label: str
    role: str
    x: float
    y: float
    r: float
    events: int


@dataclass(frozen=True)
class EdgeShape:
    d: str
    css: str
    href: str
    title: str
    link_id: str
    label_x: float
    label_y: float
    label: str


@dataclass
class Network:
    width: int
    height: int
    nodes: list[NodeShape]
    edges: list[EdgeShape]
    hidden: int = 0  # links not drawn (listed in the table only)


def _perp(ax: float, ay: float, bx: float, by: float) -> tuple[float, float]:
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy) or 1.0
    return -dy / length, dx / length


def _party_angles(n: int) -> list[float]:
    """Angles on the ellipse for ``n`` parties, busiest first: the first at the far left, the
    second at the far right, the others alternately spread over the upper and lower arcs.

    The two principals of the dyad are nearly always the two busiest; opposite each other,
    the intermediaries placed between them sit in open space instead of on top of them."""
    if n <= 2:
        return [math.pi, 0.0][:n]
    upper, lower = (n - 1) // 2, (n - 2) // 2
    out = [math.pi, 0.0]
    for j in range(n - 2):
        on_top = j % 2 == 0
        frac = (j // 2 + 1) / ((upper if on_top else lower) + 1)
        # SVG y grows downwards: angles in (π, 2π) are the upper arc, (0, π) the lower one
        out.append(math.pi * (1 + frac) if on_top else math.pi * (1 - frac))
    return out


#: links drawn at most (the busiest); the table under the drawing lists every link
MAX_DRAWN_LINKS = 150


def network(page: m.ChannelsPage, width: int = 900, height: int = 560) -> Network:
    """Parties on an ellipse (the two busiest left and right), intermediaries between the
    parties they connect, parallel channels between the same two nodes bent apart. Only the
    :data:`MAX_DRAWN_LINKS` busiest links are drawn: beyond that a drawing is a smear."""
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 110, height / 2 - 70
    parties = [n for n in page.nodes if n.role == "party"]
    inter = [n for n in page.nodes if n.role == "intermediary"]
    pos: dict[str, tuple[float, float]] = {}
    for n, angle in zip(parties, _party_angles(len(parties)), strict=True):
        pos[n.id] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle))
    # An intermediary sits at the middle of the parties it links; several at one spot are
    # spread across the line between those parties.
    anchors: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link in page.links:
        if link.channel and link.channel_role in ("intermediary", "mediator"):
            anchors[link.channel].append((link.a, link.b))
    spots: dict[tuple[int, int], list[str]] = defaultdict(list)
    direction: dict[tuple[int, int], tuple[float, float]] = {}
    for n in inter:
        ends = [p for pair in anchors.get(n.id, ()) for p in pair if p in pos]
        if ends:
            mx = sum(pos[p][0] for p in ends) / len(ends)
            my = sum(pos[p][1] for p in ends) / len(ends)
            a, b = anchors[n.id][0]
            perp = _perp(*pos[a], *pos[b]) if a in pos and b in pos else (0.0, 1.0)
        else:
            mx, my, perp = cx, cy, (0.0, 1.0)
        key = (round(mx / 10), round(my / 10))
        spots[key].append(n.id)
        direction.setdefault(key, perp)
        pos[n.id] = (mx, my)
    for key, ids in spots.items():
        px, py = direction[key]
        for k, ident in enumerate(ids):
            off = (k - (len(ids) - 1) / 2) * 64
            x, y = pos[ident]
            pos[ident] = (min(max(x + px * off, 60), width - 60),
                          min(max(y + py * off, 30), height - 30))
    biggest = max((n.events for n in page.nodes), default=1) or 1
    nodes = [NodeShape(n.id, n.label, n.role, round(pos[n.id][0], 1), round(pos[n.id][1], 1),
                       round(10 + 12 * math.sqrt(n.events / biggest), 1), n.events)
             for n in page.nodes]
    # Segments: a direct link is one segment; a link through an intermediary or mediator is
    # two, meeting at that node. Segments over the same two nodes are bent apart.
    segs: list[tuple[str, str, m.ChannelLink]] = []
    for link in page.links[:MAX_DRAWN_LINKS]:  # busiest first (channels_page sorts them)
        if link.channel and link.channel_role in ("intermediary", "mediator") \
                and link.channel in pos and link.channel not in (link.a, link.b):
            segs.extend([(link.a, link.channel, link), (link.channel, link.b, link)])
        else:
            segs.append((link.a, link.b, link))
    per_pair: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, (a, b, _) in enumerate(segs):
        per_pair[frozenset((a, b))].append(i)
    edges = []
    for i, (a, b, link) in enumerate(segs):
        (ax, ay), (bx, by) = pos[a], pos[b]
        group = per_pair[frozenset((a, b))]
        k = group.index(i)
        bend = (k - (len(group) - 1) / 2) * 36
        px, py = _perp(*sorted([(ax, ay), (bx, by)])[0], *sorted([(ax, ay), (bx, by)])[1])
        qx, qy = (ax + bx) / 2 + px * bend, (ay + by) / 2 + py * bend
        medium = max(link.media, key=lambda k_: (link.media[k_], k_)) if link.media else ""
        css = " ".join([f"mode-{link.mode}", f"type-{link.type}",
                        "medium-" + (medium.replace(" ", "-") if len(link.media) == 1
                                     else "mixed")])
        via = (f" via {link.channel}" if link.channel_role == "intermediary"
               else f" in {link.channel}" if link.channel_role == "venue"
               else f" mediated by {link.channel}" if link.channel_role == "mediator" else "")
        media = ", ".join(f"{k_} {v}" for k_, v in link.media.items())
        title = (f"{link.type} {link.a}–{link.b}{via}, {link.mode}: {link.count} event"
                 f"{'s' * (link.count != 1)} ({media})")
        lx, ly = (ax + 2 * qx + bx) / 4, (ay + 2 * qy + by) / 4
        edges.append(EdgeShape(f"M{ax:.1f},{ay:.1f} Q{qx:.1f},{qy:.1f} {bx:.1f},{by:.1f}", css,
                               link.events_url, title, link.id, round(lx, 1), round(ly, 1),
                               str(link.count)))
    return Network(width, height, nodes, edges, max(0, len(page.links) - MAX_DRAWN_LINKS))
