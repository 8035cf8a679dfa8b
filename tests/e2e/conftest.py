"""Fixtures for the browser tests: a real store, the real server, a real Chromium.

* ``site``: the example corpus (``examples/seeds``), the two web fixture articles, the
  development corpus (``tests/corpus/articles``: English text and more dates, so every chart
  and filter has something to show) and two probe documents carrying markup that would set a
  flag if it ever ran, ingested into a temporary SQLite store and served by uvicorn on a free
  loopback port (:func:`qasid.web.background.serve_in_background`).
* ``browser``: Debian's Chromium (``/usr/bin/chromium``, or ``QASID_CHROMIUM``) driven
  headless through Playwright. No browser is downloaded: Playwright's own builds cannot be
  fetched here, and CI installs the Debian package (``.ci/run``).
* ``tab``: a fresh browser context per test that records console errors, uncaught page
  errors, dialogs and every request to a host other than the test server (such requests are
  aborted, so a page that tried to load a CDN asset fails instead of waiting).

A missing browser fails the tests with the reason. They are skipped only when
``QASID_SKIP_BROWSER=1`` is set, so CI cannot go green without having run them.

Screenshots go to ``QASID_SCREENSHOTS`` (a directory) or to a temporary directory printed at
the end of the run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM,
    CORPORA,
    PROBE_RECORD,
    PROBE_TEXT,
    SKIP,
    Site,
    Tab,
    make_tab,
)

SCREENSHOTS_KEY = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from qasid import Corpus
    from qasid.web import create_app
    from qasid.web.background import serve_in_background

    base = tmp_path_factory.mktemp("e2e")
    probes = base / "probes"
    probes.mkdir()
    (probes / "xss_probe.txt").write_text(PROBE_TEXT, encoding="utf-8")
    (probes / "xss_probe.jsonl").write_text(json.dumps(PROBE_RECORD) + "\n", encoding="utf-8")
    with Corpus.open(str(base / "e2e.db")) as corpus:
        report = corpus.ingest([*map(str, CORPORA), str(probes)])
        assert report.failed == 0, report.failures
        with serve_in_background(create_app(corpus)) as url:
            yield Site(url, corpus)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if SKIP:
        pytest.skip("QASID_SKIP_BROWSER=1: browser tests skipped on request")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: pip install -e '.[dev]' (or set "
                    "QASID_SKIP_BROWSER=1 to skip them)", pytrace=False)
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) \
            and not shutil.which(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (Debian's package; "
                    f".ci/run does this), or point QASID_CHROMIUM at one, or set "
                    f"QASID_SKIP_BROWSER=1 to skip the browser tests", pytrace=False)
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        except Exception as exc:  # the launch error is the useful message
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("QASID_SCREENSHOTS")
    path = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS_KEY] = path
    return path


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    path = config.stash.get(SCREENSHOTS_KEY, None)
    if path is not None and any(path.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {path}")


@pytest.fixture
def tab(browser: Any, site: Site, screenshots: Path) -> Iterator[Tab]:
    t = make_tab(browser, site, screenshots)
    yield t
    t.page.context.close()
