"""Screenshots of the dashboard's main pages for the README (docs/screenshots/*.png).

    python scripts/screenshots.py                      # examples/seeds → docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots tests/corpus/articles examples/seeds

Ingests the given sources (default: the example corpus, ``examples/seeds``) into a temporary
SQLite store, or uses ``--db`` as it is, serves it with the real app on a free loopback port
and photographs each page in headless Chromium: Debian's ``chromium`` package driven through
Playwright's Python API (``pip install -e ".[dev]"``; no ``playwright install``). Every image
is written as an adaptive 256-colour PNG, which keeps flat UI pictures small without visible
loss. The script prints each page's URL path next to its file, so a reader can open the same
view with ``qasid serve``.

Why a script rather than the browser tests' screenshots: the README's pictures must come from
the corpus a new user has (the seeds, nothing made up for tests) and must be reproducible by
one command; the tests photograph their own, larger store on every run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [ROOT / "examples" / "seeds"]
DEFAULT_OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Shot:
    name: str
    path: str  # URL path and query; for the article view, found at run time
    what: str


SHOTS = [
    Shot("timeline", "/timeline", "Timeline of Iran–United States events"),
    Shot("channels", "/channels", "Channels: contacts and intermediaries"),
    Shot("stance", "/stance", "Stance on talks per country and month"),
    Shot("quotes", "/quotes", "Attributed quotes"),
    Shot("search", "/search?q=" + quote("مذاکره"), "Full-text search for مذاکره"),
    Shot("article", "", "Article view with an event's evidence highlighted"),
]


def _article_path(base: str) -> str:
    """The article view of the document with the most events, at its first event: the page
    header stays in the picture and the highlighted evidence is near it."""
    import httpx

    events = httpx.get(f"{base}/events.json?limit=500", timeout=30).json()["events"]
    if not events:
        raise SystemExit("no events in the store: nothing to highlight in the article view")
    per_doc: dict[str, list[dict[str, object]]] = {}
    for e in events:
        per_doc.setdefault(str(e["doc_id"]), []).append(e)
    doc_id = max(per_doc, key=lambda d: (len(per_doc[d]), d))
    first = min(per_doc[doc_id], key=lambda e: int(str(e["start"])))
    return str(first["evidence_url"])


def _shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if ROOT in resolved.parents else str(path)


def _compress(path: Path) -> None:
    """Rewrite ``path`` as an adaptive-palette PNG (about a third of the size)."""
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                            dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def take(base: str, out: Path, *, chromium: str, width: int, height: int) -> list[Path]:
    """Photograph every page in :data:`SHOTS` from the server at ``base`` into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height},
                                    locale="en-US")
            for shot in SHOTS:
                path = shot.path or _article_path(base)
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != 200:
                    raise SystemExit(f"{path}: HTTP {response.status if response else '?'}")
                target = out / f"{shot.name}.png"
                page.screenshot(path=str(target))
                _compress(target)
                written.append(target)
                print(f"{_shown(target)}  {unquote(path)}  ({target.stat().st_size // 1024} KB)")
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, default=DEFAULT_SOURCES,
                        help="files or folders to ingest (default: examples/seeds)")
    parser.add_argument("--db", help="use this store as it is instead of ingesting sources")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="directory for the PNGs (default: docs/screenshots)")
    parser.add_argument("--chromium", default=CHROMIUM,
                        help="Chromium executable (default: Debian's /usr/bin/chromium)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"no Chromium at {args.chromium}: apt-get install chromium", file=sys.stderr)
        return 1

    from qasid import Corpus
    from qasid.web import create_app
    from qasid.web.background import serve_in_background

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "screenshots.db")
        with Corpus.open(db) as corpus:
            if not args.db:
                # relative paths: the article view shows the source as it was given
                report = corpus.ingest([os.path.relpath(s) for s in args.sources])
                print(f"ingested {report.new} documents from "
                      f"{', '.join(_shown(s) for s in args.sources)}")
            with serve_in_background(create_app(corpus)) as base:
                take(base, args.out, chromium=args.chromium, width=args.width,
                     height=args.height)
    return 0


if __name__ == "__main__":
    sys.exit(main())
