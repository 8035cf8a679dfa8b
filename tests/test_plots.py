"""Report charts (``qasid plot``): files that open, counts that add up, and Persian/Arabic
labels that reach the file shaped and in reading order.

The right-to-left check reads the SVG itself: matplotlib writes each label as a comment
followed by the glyphs it drew (``<use xlink:href="#DejaVuSans-<glyph index>">``) at their x
positions. Shaped, correctly ordered text uses the contextual glyphs (initial, medial, final
forms) of the *visual* string, left to right; unshaped text would use the base letters in
logical order.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("arabic_reshaper")
pytest.importorskip("bidi")

from qasid import Corpus
from qasid.errors import ConfigError
from qasid.plots import plot_channels, plot_stance, plot_timeline, rtl
from qasid.plots.data import (
    channel_network,
    circle_layout,
    country_label,
    stance_counts,
    timeline_counts,
)

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("plots") / "seeds.db"
    with Corpus.open(str(db)) as corpus:
        corpus.ingest([str(SEEDS)])
        return {"db": str(db), "events": corpus.events(),
                "dyad": corpus.timeline("IRN", "USA")}


def _draw(kind: str, seeded: dict[str, Any], out: Any, **kw: Any) -> Any:
    if kind == "timeline":
        return plot_timeline(seeded["dyad"], out, dyad=("IRN", "USA"), **kw)
    if kind == "stance":
        return plot_stance(seeded["events"], out, **kw)
    return plot_channels(seeded["events"], out, **kw)


def _check_png(data: bytes) -> None:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 600 and height > 300
    assert len(data) > 20_000


def _check_svg(data: bytes) -> ET.Element:
    assert data.lstrip().startswith(b"<?xml")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    assert len(data) > 20_000
    return root


@pytest.mark.parametrize("kind", ["timeline", "stance", "channels"])
def test_each_chart_writes_png_and_svg(kind: str, seeded: dict[str, Any],
                                       tmp_path: Path) -> None:
    _draw(kind, seeded, tmp_path / f"{kind}.png")
    _check_png((tmp_path / f"{kind}.png").read_bytes())
    _draw(kind, seeded, tmp_path / f"{kind}.svg", lang="fa")
    _check_svg((tmp_path / f"{kind}.svg").read_bytes())


def _glyph_runs(svg: bytes) -> dict[str, list[str]]:
    """Label text -> the glyph indices drawn for it, left to right."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    runs: dict[str, list[str]] = {}
    for group in root.iter(f"{SVG_NS}g"):
        if not str(group.get("id", "")).startswith("text_"):
            continue
        comment = next((c for c in group if c.tag is ET.Comment), None)
        if comment is None:
            continue
        placed = []
        for use in group.iter(f"{SVG_NS}use"):
            m = re.search(r"translate\(([-\d.e]+)", use.get("transform", ""))
            placed.append((float(m.group(1)) if m else 0.0, use.get(XLINK_HREF, "")))
        runs[str(comment.text).strip()] = [href.rsplit("-", 1)[1]
                                           for _, href in sorted(placed, key=lambda p: p[0])]
    return runs


def _glyph_ids(c: str) -> set[str]:
    """How an SVG glyph id names character ``c``: by glyph index (matplotlib ≥ 3.11, which
    shapes) or by code point (earlier versions)."""
    from matplotlib.ft2font import FT2Font

    return {f"{FT2Font(rtl.font_path()).get_char_index(ord(c)):x}", f"{ord(c):x}"}


def _acceptable_glyphs(text: str) -> list[set[str]]:
    """For each character of the visual string, the glyph ids that draw it: its own, and for
    an isolated presentation form also the base letter's (a shaping engine draws an isolated
    letter with the base glyph)."""
    out = []
    for c in rtl.visual(text):
        ids = _glyph_ids(c)
        decomposition = unicodedata.decomposition(c)
        if decomposition.startswith("<isolated>"):
            ids |= _glyph_ids(chr(int(decomposition.split()[1], 16)))
        out.append(ids)
    return out


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_svg_labels_are_shaped_and_in_reading_order(lang: str, seeded: dict[str, Any],
                                                    tmp_path: Path) -> None:
    out = tmp_path / f"channels_{lang}.svg"
    plot_channels(seeded["events"], out, lang=lang)
    runs = _glyph_runs(out.read_bytes())
    for code in ("IRN", "USA", "CHE"):
        name = country_label(code, lang)
        assert rtl.has_rtl(name)
        glyphs = runs[rtl.label(name)]
        wanted = _acceptable_glyphs(name)
        assert len(glyphs) == len(wanted), name
        assert all(g in ok for g, ok in zip(glyphs, wanted, strict=True)), name
        assert "0" not in glyphs  # no .notdef boxes: the font has every letter
        # contextual forms were drawn, not the base letters in either order
        for order in (name, name[::-1]):
            assert not all(g in _glyph_ids(c) for g, c in zip(glyphs, order, strict=True))


def test_reshaper_and_bidi_give_the_visual_order_of_known_strings() -> None:
    # ایران: alef (isolated) yeh (initial) reh (final) alef (isolated) noon (isolated),
    # displayed right to left, so the string runs noon ... alef from the left
    assert rtl.visual("ایران") == "\ufee5\ufe8d\ufeae\ufbfe\ufe8d"
    # a Latin word keeps its order and, in a right-to-left line, goes to the left
    assert rtl.visual("سفر به Geneva") == "Geneva \ufeea\ufe91 \ufeae\ufed4\ufeb3"
    # brackets of the right-to-left run are mirrored, so they still enclose the code
    assert rtl.visual("ایران (IRN)") == "(IRN) \ufee5\ufe8d\ufeae\ufbfe\ufe8d"
    # lam + alef is the mandatory ligature
    assert rtl.visual("لا") == "\ufefb"
    assert rtl.visual("United States") == "United States"
    assert rtl.visual("ایران\nآمریکا").count("\n") == 1


def test_label_matches_what_matplotlib_can_do() -> None:
    import matplotlib

    version = tuple(int(x) for x in matplotlib.__version__.split(".")[:2])
    if version >= (3, 11):  # libraqm: shaping and bidi are matplotlib's own
        assert rtl.native_layout()
    expected = "ایران" if rtl.native_layout() else rtl.visual("ایران")
    assert rtl.label("ایران") == expected
    assert rtl.label("$5bn for 2 $ deals") == r"\$5bn for 2 \$ deals"
    assert rtl.label(None) == ""


def test_file_objects_and_formats(seeded: dict[str, Any], tmp_path: Path) -> None:
    buf = io.BytesIO()
    plot_stance(seeded["events"], buf, fmt="png")
    _check_png(buf.getvalue())
    with pytest.raises(ConfigError, match="E418"):
        plot_stance(seeded["events"], io.BytesIO())
    with pytest.raises(ConfigError, match="E418"):
        plot_stance(seeded["events"], tmp_path / "chart.jpg")
    with pytest.raises(ConfigError, match="E411"):
        plot_stance(seeded["events"], tmp_path / "missing" / "chart.png")
    with pytest.raises(ConfigError, match="E416"):
        plot_stance(seeded["events"], tmp_path / "chart.png", lang="de")


@pytest.mark.parametrize("kind", ["timeline", "stance", "channels"])
def test_no_events_still_gives_a_chart(kind: str, tmp_path: Path) -> None:
    empty: dict[str, Any] = {"events": [], "dyad": []}
    _draw(kind, empty, tmp_path / "empty.png")
    assert (tmp_path / "empty.png").read_bytes()[:8] == PNG_MAGIC


def test_timeline_counts_add_up(seeded: dict[str, Any]) -> None:
    events = seeded["dyad"]
    s = timeline_counts(events)
    assert s.unit == "month"  # 2024-05 .. 2026-02: too long for days, too short for years
    assert s.keys[0] == min(e["day"][:7] for e in events if e["day"] and len(e["day"]) >= 7)
    assert len(s.keys) == len(set(s.keys)) and s.keys == sorted(s.keys)
    assert all(len(v) == len(s.keys) for v in s.counts.values())
    undated = sum(1 for e in events if not e["day"])
    coarse = sum(1 for e in events if e["day"] and len(e["day"]) == 4)
    assert (s.undated, s.coarse) == (undated, coarse)
    assert s.total == sum(map(sum, s.counts.values())) == len(events) - undated - coarse
    by_year = timeline_counts(events, "year")
    assert by_year.coarse == 0 and by_year.total == len(events) - undated
    with pytest.raises(ConfigError, match="E416"):
        timeline_counts(events, "week")
    days = [{"type": "CONSULT", "day": "2025-01-30"}, {"type": "CONSULT", "day": "2025-02-02"}]
    assert timeline_counts(days).keys == ["2025-01-30", "2025-01-31", "2025-02-01",
                                          "2025-02-02"]


def test_stance_counts_leave_claims_out(seeded: dict[str, Any]) -> None:
    events = seeded["events"]
    st = stance_counts(events, unit="year", top=10)
    stance_types = {"INTENT_TALKS", "APPEAL_TALKS", "REFUSE_TALKS", "REJECT", "THREATEN"}
    pool = [e for e in events if e["type"] in stance_types and e["source"]]
    claimed = [e for e in pool if e["claimed_by"]]
    assert claimed and st.claims == len(claimed)
    shown = sum(sum(s["willing"]) + sum(s["refusing"]) for s in st.groups.values())
    assert shown == st.total == len(pool) - len(claimed) - st.undated - st.coarse
    assert "IRN" in st.groups and sum(st.groups["IRN"]["refusing"]) > 0
    assert all(v is None or -1 <= v <= 1 for g in st.groups for v in st.index(g))
    with_claims = stance_counts(events, unit="year", top=10, claims=True)
    assert with_claims.claims == 0 and with_claims.total > st.total
    only = stance_counts(events, groups=["OMN"], unit="year")
    assert list(only.groups) == ["OMN"]
    actors = stance_counts(events, by="actor", unit="year")
    assert "Abbas Araghchi" in actors.groups


def test_channel_network_of_the_seeds(seeded: dict[str, Any]) -> None:
    net = channel_network(seeded["events"])
    styles = {(lk.a, lk.b, lk.style) for lk in net.links}
    # Kharazi: indirect talks through Switzerland; Qatar carries messages
    assert {("CHE", "IRN", "indirect"), ("CHE", "USA", "indirect")} <= styles
    assert {("IRN", "QAT", "indirect"), ("QAT", "USA", "indirect")} <= styles
    # Araghchi–Witkoff phone call: direct
    assert ("IRN", "USA", "direct") in styles
    # Russia mediates between Iran and the US
    assert {("IRN", "RUS", "mediation"), ("RUS", "USA", "mediation")} <= styles
    for code in ("CHE", "QAT", "RUS"):
        assert net.nodes[code] == "intermediary"
    assert net.nodes["IRN"] == net.nodes["USA"] == "party"
    pos = circle_layout(net)
    assert pos["IRN"] == (-1.0, 0.0) and pos["USA"] == (1.0, 0.0)
    assert all(abs(pos[c][0]) < 1e-9 for c in ("CHE", "QAT"))  # the middle column
    assert len(set(pos.values())) == len(pos)


def test_cli_plot_command(seeded: dict[str, Any], tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from qasid.plots.cli import register

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """qasid stand-in."""

    register(app)
    runner = CliRunner()
    out = tmp_path / "timeline.png"
    res = runner.invoke(app, ["plot", "timeline", "--db", seeded["db"], "--out", str(out),
                              "--lang", "fa", "--since", "2024-01-01"])
    assert res.exit_code == 0, res.output
    _check_png(out.read_bytes())
    res = runner.invoke(app, ["plot", "channels", "--db", seeded["db"], "--out",
                              str(tmp_path / "c.svg"), "--type", "CONSULT"])
    assert res.exit_code == 0, res.output
    assert b"<svg" in (tmp_path / "c.svg").read_bytes()
    res = runner.invoke(app, ["plot", "stance", "--db", seeded["db"], "--out",
                              str(tmp_path / "s.gif")])
    assert res.exit_code == 1 and "E418" in res.output
