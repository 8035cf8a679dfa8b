"""``qasid serve``: the analyst's dashboard and JSON API over a qasid store.

Why FastAPI with server-rendered Jinja templates rather than a single-page front end:

* **No build step.** Templates, one stylesheet and one small script are package files; there
  is no npm toolchain to install, pin or audit, and ``pip install qasid[web]`` is the whole
  setup.
* **Works offline.** Every script, style and icon is served by qasid from ``static/``; charts
  are inline SVG computed on the server (:mod:`qasid.web.charts`); fonts are the system's.
  Nothing is fetched from a CDN, and the pages work with scripting off.
* **One service function per page renders both HTML and JSON.** ``/timeline`` and
  ``/timeline.json`` call the same function (:mod:`qasid.web.services`) and differ only in
  the renderer, so the browser and the API cannot disagree; pydantic response models
  (:mod:`qasid.web.models`) make FastAPI document the JSON in ``/openapi.json``.
* **Safe by construction.** Scraped text is untrusted: templates autoescape everything, text
  is highlighted by cutting it into plain segments (:mod:`qasid.web.text`), never by building
  HTML strings, and a Content-Security-Policy forbids inline and foreign scripts.

Start it with ``qasid serve`` (see :mod:`qasid.web.cli`) or from Python::

    import uvicorn
    from qasid.web import app_for
    uvicorn.run(app_for("sqlite:///news.db"), host="127.0.0.1", port=8000)

Needs the ``web`` extra (fastapi, uvicorn, jinja2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from qasid.corpus import Corpus

__all__ = ["app_for", "create_app"]


def create_app(corpus: Corpus, *, token: str | None = None,
               close_on_shutdown: bool = False) -> FastAPI:
    """The web app over an open corpus (see :func:`qasid.web.app.create_app`)."""
    from qasid.web.app import create_app as _create

    return _create(corpus, token=token, close_on_shutdown=close_on_shutdown)


def app_for(db: str | None = None, token: str | None = None) -> Any:
    """Open the store at ``db`` and build the app over it (see :func:`qasid.web.app.app_for`)."""
    from qasid.web.app import app_for as _app_for

    return _app_for(db, token)
