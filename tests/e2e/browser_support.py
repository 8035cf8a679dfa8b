"""Helpers for the browser tests: the served site, one recorded browser tab, probe texts.

Kept apart from ``conftest.py`` so test modules can import them by name (``tests/e2e`` has no
package ``__init__``, like the rest of ``tests/``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "examples" / "seeds", ROOT / "tests" / "fixtures" / "web",
           ROOT / "tests" / "corpus" / "articles"]
CHROMIUM = os.environ.get("QASID_CHROMIUM", "/usr/bin/chromium")
SKIP = os.environ.get("QASID_SKIP_BROWSER") == "1"
VIEWPORT = {"width": 1280, "height": 800}
#: how long one browser action may wait before the test fails (the pages answer in ms)
ACTION_TIMEOUT_MS = 10_000

#: markup that sets ``window.__qasid_pwned`` if the page ever runs it instead of showing it
PROBE_TEXT = """\
Iran signals talks via Oman <script>window.__qasid_pwned = "title script"</script>

TEHRAN - Iran and the United States held indirect talks in Muscat through Oman on Sunday, \
Foreign Minister Abbas Araghchi said. "We are ready to negotiate \
<img src=x onerror="window.__qasid_pwned = 'img onerror'">," Araghchi told reporters.

U.S. officials said Washington is ready to hold talks with Tehran \
<svg onload="window.__qasid_pwned = 'svg onload'"></svg> and would answer the message.

Share: <a href="javascript:window.__qasid_pwned='link'" onclick="window.__qasid_pwned='click'">\
Facebook</a> <iframe srcdoc="<script>parent.__qasid_pwned='iframe'</script>"></iframe>
"""
PROBE_RECORD = {
    "id": "probe-record",
    "url": "javascript:window.__qasid_pwned='url'",
    "title": "<img src=x onerror=\"window.__qasid_pwned='record title'\">Probe record",
    "text": "Oman said Iran and the United States would meet in Muscat on Monday for indirect "
            "talks, officials said. <script>window.__qasid_pwned = 'record body'</script>",
}


@dataclass
class Site:
    """The running dashboard: its base URL and the open corpus behind it."""

    url: str
    corpus: Any

    def json(self, path: str) -> dict[str, Any]:
        """A JSON twin fetched in-process (fast, and independent of the browser)."""
        import httpx

        r = httpx.get(self.url + path, timeout=30)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r.json()  # type: ignore[no-any-return]


@dataclass
class Tab:
    """One page in its own browser context, with everything it did that a test forbids."""

    page: Any
    base: str
    shots: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        """Load ``path`` of the site; the response must be 200."""
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, (path, response)
        return response

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        out = self.shots / f"{name}.png"
        self.page.screenshot(path=str(out), full_page=full_page)
        return out

    def assert_clean(self) -> None:
        """Nothing went to another host, nothing failed in the console, nothing popped up."""
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


def make_tab(browser: Any, site: Site, shots: Path, **context_options: Any) -> Tab:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", **context_options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(page, site.url, shots)
    origin = urlsplit(site.url).netloc

    def route(r: Any) -> None:
        url = r.request.url
        tab.requested.append(url)
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") \
                and urlsplit(url).netloc != origin:
            tab.foreign.append(url)
            r.abort()
        else:
            r.continue_()

    def dialog(d: Any) -> None:
        tab.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error"
            else None)
    page.on("pageerror", lambda e: tab.page_errors.append(str(e)))
    page.on("dialog", dialog)
    return tab
