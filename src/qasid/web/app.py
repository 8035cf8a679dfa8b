"""The FastAPI application: routes, the HTML/JSON twins, errors and security headers.

Each page is one *page dependency* (a function of the query parameters returning a response
model, see :mod:`qasid.web.services`). Two routes use it: ``/name.json`` returns the model,
``/name`` renders it with a Jinja template. Only the JSON routes appear in the OpenAPI
document, which therefore documents every page's data.

Errors: ``.json`` and ``/api/`` routes answer ``{"ok": false, "error": "...", "status": N}``;
HTML routes answer an HTML page with the same status and message.
"""

import gc
import hmac
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException

from qasid import __version__
from qasid.corpus import Corpus
from qasid.errors import ConfigError, InputError, QasidError
from qasid.web import charts, services
from qasid.web import models as m
from qasid.web.text import (
    Span,
    bidi_pieces,
    blocks,
    highlight_pieces,
    lang_attr,
    snippet_pieces,
    text_dir,
)

LOGGER = logging.getLogger(__name__)

#: Defence in depth behind autoescaping: even injected markup could not run a script, load
#: anything from elsewhere or be framed. Templates use no inline script or style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

NAV = (("timeline", "Timeline"), ("channels", "Channels"), ("stance", "Stance"),
       ("quotes", "Quotes"), ("events", "Events"), ("search", "Search"), ("api", "API"))

_ERRORS = {400: m.ErrorBody, 404: m.ErrorBody, 422: m.ErrorBody}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    code_: {"model": model, "description": "Error (the one JSON error shape)"}
    for code_, model in _ERRORS.items()}


def _templates() -> Environment:
    """Autoescaping is on for every template, whatever its extension: document text is
    untrusted, and no template marks data ``|safe``."""
    env = Environment(loader=PackageLoader("qasid.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=services.url, doc_url=services.doc_url, text_dir=text_dir,
                       lang_attr=lang_attr, highlight_pieces=highlight_pieces,
                       bidi_pieces=bidi_pieces, snippet_pieces=snippet_pieces,
                       country_label=services.country_label, web_url=web_url, nav=NAV,
                       version=__version__,
                       event_types=services.EVENT_TYPES, modes=services.MODES)
    return env


def web_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL, else ``None``: a scraped ``javascript:`` or
    ``data:`` URL must never become a link, and autoescaping does not stop those."""
    if value and re.match(r"https?://[^\s]+$", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


# -- dependencies ------------------------------------------------------------------------------


def get_corpus(request: Request) -> Corpus:
    return request.app.state.corpus  # type: ignore[no-any-return]


def get_pager(request: Request) -> services.Pager:
    """Builds ``next`` links: the same path and filters with ``offset`` advanced."""

    def make(offset: int) -> str:
        u = request.url.include_query_params(offset=offset)
        return f"{u.path}?{u.query}"

    return make


CorpusDep = Annotated[Corpus, Depends(get_corpus)]
PagerDep = Annotated[services.Pager, Depends(get_pager)]
Limit = Annotated[int, Query(ge=1, le=500, description="Records per page (1–500).")]
Offset = Annotated[int, Query(ge=0, description="Records to skip.")]
Opt = str | None


def common_filters(
    types: Annotated[list[str] | None, Query(
        alias="type", description="Event type(s), repeated or comma-separated.")] = None,
    actor: Annotated[Opt, Query(description="Substring of source_actor/target_actor.")] = None,
    source_actor: Annotated[Opt, Query(description="Exact canonical source actor.")] = None,
    channel: Annotated[Opt, Query(
        description="Intermediary/venue (via) or mediator code; 'none' for no channel.")] = None,
    mode: Annotated[Opt, Query(description="direct, indirect or unspecified.")] = None,
    medium: Annotated[Opt, Query(description="phone, visit, meeting, letter, …")] = None,
    lang: Annotated[Opt, Query(description="Language of the document (fa, ar, en…).")] = None,
    since: Annotated[Opt, Query(description="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[Opt, Query(description="Up to this date, inclusive.")] = None,
) -> m.EventFilters:
    return services.event_filters(types=types, actor=actor, source_actor=source_actor,
                                  channel=channel, mode=mode, medium=medium, lang_=lang,
                                  since=since, until=until)


CommonFilters = Annotated[m.EventFilters, Depends(common_filters)]


def event_filters(
    common: CommonFilters,
    source: Annotated[Opt, Query(description="Source code (IRN, USA, IAEA…).")] = None,
    target: Annotated[Opt, Query(description="Target code.")] = None,
    between: Annotated[list[str] | None, Query(
        description="Two codes, either direction (and MEDIATE between them): IRN,USA.")] = None,
    party: Annotated[Opt, Query(description="Code taking part in any role.")] = None,
    doc: Annotated[Opt, Query(description="Document id or name.")] = None,
) -> m.EventFilters:
    more = services.event_filters(source=source, target=target, between=between, party=party,
                                  doc=doc)
    return common.model_copy(update={k: getattr(more, k) for k in
                                     ("source", "target", "between", "party", "doc")})


def events_dep(corpus: CorpusDep, pager: PagerDep,
               f: Annotated[m.EventFilters, Depends(event_filters)],
               limit: Limit = 50, offset: Offset = 0) -> m.EventsPage:
    return services.events_page(corpus, f, limit=limit, offset=offset, pager=pager)


def timeline_dep(corpus: CorpusDep, pager: PagerDep, f: CommonFilters,
                 a: Annotated[str, Query(description="First party of the dyad.")] = "IRN",
                 b: Annotated[str, Query(description="Second party of the dyad.")] = "USA",
                 third: Annotated[list[str] | None, Query(
                     description="Third parties whose events with either side are included "
                                 "(repeated or comma-separated).")] = None,
                 limit: Limit = 50, offset: Offset = 0) -> m.TimelinePage:
    aa, bb = services.code(a, "a") or "IRN", services.code(b, "b") or "USA"
    thirds = [c for c in (services.code(t, "third") for t in services.split_values(third)) if c]
    return services.timeline_page(corpus, aa, bb, thirds, f, limit=limit, offset=offset,
                                  pager=pager)


def channels_dep(
    corpus: CorpusDep,
    party: Annotated[Opt, Query(description="Only links involving this code.")] = None,
    lang: Annotated[Opt, Query(description="Language of the document.")] = None,
    since: Annotated[Opt, Query(description="From this date.")] = None,
    until: Annotated[Opt, Query(description="Up to this date.")] = None,
) -> m.ChannelsPage:
    f = services.event_filters(party=party, lang_=lang, since=since, until=until)
    return services.channels_page(corpus, f)


def stance_dep(
    corpus: CorpusDep,
    by: Annotated[str, Query(pattern="^(country|actor)$",
                             description="country (source code) or actor (source_actor).")
                  ] = "country",
    source: Annotated[list[str] | None, Query(
        description="Only these sources (codes for by=country, names for by=actor).")] = None,
    target: Annotated[Opt, Query(description="Stance towards this code only.")] = None,
    lang: Annotated[Opt, Query(description="Language of the document.")] = None,
    since: Annotated[Opt, Query(description="From this date.")] = None,
    until: Annotated[Opt, Query(description="Up to this date.")] = None,
    top: Annotated[int, Query(ge=1, le=50, description="Series shown, busiest first.")] = 8,
) -> m.StancePage:
    wanted = services.split_values(source)
    if by == "country":
        wanted = [c for c in (services.code(w, "source") for w in wanted) if c]
    return services.stance_page(corpus, by=by, sources=wanted, target=target, since=since,
                                until=until, lang_=lang, top=top)


def quotes_dep(
    corpus: CorpusDep, pager: PagerDep,
    speaker: Annotated[Opt, Query(description="Substring of the canonical speaker.")] = None,
    lang: Annotated[Opt, Query(description="Language of the quote.")] = None,
    q: Annotated[Opt, Query(description="Text the quote contains (letter variants and "
                                        "ZWNJ folded).")] = None,
    doc: Annotated[Opt, Query(description="Document id or name.")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> m.QuotesPage:
    return services.quotes_page(corpus, speaker=speaker, lang_=lang, q=q, doc=doc, limit=limit,
                                offset=offset, pager=pager)


def search_dep(
    corpus: CorpusDep, pager: PagerDep,
    q: Annotated[Opt, Query(description='Words, "phrases", prefix*; fa/ar/en.')] = None,
    lang: Annotated[Opt, Query(description="Only documents in this language.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Hits per page.")] = 20,
    offset: Offset = 0,
) -> m.SearchPage:
    return services.search_page(corpus, q=q, lang_=lang, limit=limit, offset=offset,
                                pager=pager)


def document_dep(corpus: CorpusDep, doc_id: str) -> m.DocumentPage:
    return services.document_page(corpus, doc_id)


# -- rendering ---------------------------------------------------------------------------------


def _alternate(request: Request) -> str:
    path = request.url.path.rstrip("/") + ".json"
    return f"{path}?{request.url.query}" if request.url.query else path


def _render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    context.setdefault("active", "")
    page = env.get_template(template).render(
        request_path=request.url.path, query=request.query_params,
        page_url=get_pager(request), alternate=context.pop("alternate", None), **context)
    return HTMLResponse(page, status_code=status)


def _extra(template: str, page: Any) -> dict[str, Any]:
    """What a template needs besides the model: chart geometry, the article's blocks."""
    if template == "timeline.html":
        params = {"a": page.a, "b": page.b, "third": page.third,
                  **services.filter_params(page.filters)}
        params.pop("type", None)
        return {"chart": charts.timeline_chart(page, params), "link_params": params}
    if template == "stance.html":
        return {"chart": charts.stance_chart(page)}
    if template == "channels.html":
        return {"net": charts.network(page)}
    if template == "document.html":
        return {"blocks": _article_blocks(page)}
    return {}


def _article_blocks(page: m.DocumentPage) -> list[Any]:
    spans = [Span(x.start, x.end, "m", x.idx, x.name or "", f"m-{x.kind}")
             for x in page.mentions]
    spans += [Span(q.start, q.end, "q", q.idx, q.speaker or "") for q in page.quotes]
    spans += [Span(e.start, e.end, "ev", e.idx, e.type) for e in page.events]
    paras = [(p.start, p.end, p.kind, p.reason, p.lang) for p in page.paragraphs]
    return blocks(page.text, paras, spans, page.document.lang,
                  [(s, e) for s, e in page.body])


# -- application -------------------------------------------------------------------------------


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/")


def _error(request: Request, status: int, message: str,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse(m.ErrorBody(error=message, status=status).model_dump(),
                            status_code=status, headers=headers)
    resp = _render(request, "error.html", status=status, status_code=status, message=message)
    if headers:
        resp.headers.update(headers)
    return resp


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:3]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(services.NotFoundError)
    async def not_found(request: Request, exc: services.NotFoundError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(QasidError)
    async def domain_error(request: Request, exc: QasidError) -> Response:
        if isinstance(exc, (ConfigError, InputError)):
            return _error(request, 400, exc.reason)
        LOGGER.error("request %s failed: %s", request.url.path, exc)
        return _error(request, 500, f"the store failed: {exc.reason}")


def _add_page(app: FastAPI, name: str, dep: Callable[..., Any], model: type[Any],
              template: str, summary: str) -> None:
    """Register ``/name.json`` (documented) and ``/name`` (HTML) over one page dependency."""

    # Annotations are evaluated here, in the closure: this module does not use postponed
    # annotations, so FastAPI sees the real dependency.
    async def as_json(page: Annotated[Any, Depends(dep)]) -> Any:
        return page

    async def as_html(request: Request, page: Annotated[Any, Depends(dep)]) -> HTMLResponse:
        return _render(request, template, page=page, alternate=_alternate(request),
                       active=name, **_extra(template, page))

    app.add_api_route(f"/{name}.json", as_json, methods=["GET"], response_model=model,
                      summary=summary, tags=["pages"], responses=_RESPONSES,
                      name=f"{name}_json")
    app.add_api_route(f"/{name}", as_html, methods=["GET"], response_class=HTMLResponse,
                      include_in_schema=False, name=name)


def _settle(env: Environment) -> None:
    """Compile every template, then move everything alive so far (the libraries, the app,
    the registry) out of the garbage collector's sight with ``gc.freeze``.

    A large HTML page allocates enough to trigger full collections, and each one walked the
    whole heap of long-lived objects: on a 50,000-event store that made the slowest tenth of
    requests twice as slow as the median (measured with benchmarks/bench_web.py). Frozen
    objects are never collected, which is what objects that live as long as the server are
    anyway; everything a request allocates is collected as before."""
    for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
        env.get_template(name)
    gc.collect()
    gc.freeze()


def create_app(corpus: Corpus, *, token: str | None = None, close_on_shutdown: bool = False,
               ) -> FastAPI:
    """The web app over an open corpus.

    ``token`` enables ``POST /api/ingest`` for clients that send it (``Authorization: Bearer
    TOKEN`` or ``X-Qasid-Token``); without one the app is read-only and that endpoint
    answers 403. ``close_on_shutdown`` closes the corpus when the server stops (when the
    app opened it itself, see :func:`app_for`).

    Swagger UI (``/docs``) and ReDoc are turned off because they load their scripts from a
    CDN; ``/openapi.json`` stays, and ``/api`` lists the endpoints from it, offline.
    """

    @asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        _settle(app_.state.templates)
        try:
            yield
        finally:
            if close_on_shutdown:
                corpus.close()

    app = FastAPI(
        title="qasid", version=__version__, docs_url=None, redoc_url=None,
        description=(
            "Read-only JSON API of a qasid store: every HTML page has a `.json` twin with the "
            "same records. Lists share `limit`/`offset` pagination with a `next` URL; errors "
            "share the body `{ok: false, error, status}`. Documented keys are stable: new "
            "keys may be added, none are renamed or removed."),
        lifespan=lifespan)
    app.state.corpus = corpus
    app.state.templates = _templates()
    app.state.token = token or None
    app.mount("/static", StaticFiles(packages=[("qasid.web", "static")]), name="static")
    _install_errors(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.get("/", include_in_schema=False)
    async def index() -> RedirectResponse:
        return RedirectResponse("/timeline", status_code=302)

    _add_page(app, "timeline", timeline_dep, m.TimelinePage, "timeline.html",
              "Events of a dyad over time")
    _add_page(app, "events", events_dep, m.EventsPage, "events.html", "Events, filtered")
    _add_page(app, "channels", channels_dep, m.ChannelsPage, "channels.html",
              "Network of contacts and mediation")
    _add_page(app, "stance", stance_dep, m.StancePage, "stance.html",
              "Willingness vs refusal of talks per month")
    _add_page(app, "quotes", quotes_dep, m.QuotesPage, "quotes.html", "Attributed quotes")
    _add_page(app, "search", search_dep, m.SearchPage, "search.html", "Full-text search")

    @app.get("/documents/{doc_id}.json", response_model=m.DocumentPage, tags=["pages"],
             summary="One document with its text, paragraphs and extraction",
             responses=_RESPONSES, name="document_json")
    async def document_json(page: Annotated[m.DocumentPage, Depends(document_dep)],
                            ) -> m.DocumentPage:
        return page

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False,
             name="document")
    async def document_html(request: Request,
                            page: Annotated[m.DocumentPage, Depends(document_dep)],
                            ) -> HTMLResponse:
        return _render(request, "document.html", page=page, alternate=_alternate(request),
                       active="", **_extra("document.html", page))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False, name="api")
    async def api_reference(request: Request) -> HTMLResponse:
        return _render(request, "api.html", spec=app.openapi(), active="api",
                       alternate="/openapi.json", writable=app.state.token is not None)

    def require_token(request: Request) -> None:
        configured: str | None = request.app.state.token
        if configured is None:
            raise HTTPException(403, "writes are disabled: start qasid serve with --token "
                                     "(or QASID_TOKEN) to enable POST /api/ingest")
        auth = request.headers.get("authorization", "")
        given = (auth[7:].strip() if auth[:7].lower() == "bearer " else
                 request.headers.get("x-qasid-token", "").strip())
        if not given:
            raise HTTPException(401, "this endpoint needs the token: send 'Authorization: "
                                     "Bearer TOKEN'", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
            raise HTTPException(403, "wrong token")

    @app.post("/api/ingest", response_model=m.IngestResponse, tags=["write"],
              summary="Ingest one URL or posted text/HTML (needs the token)",
              include_in_schema=token is not None,
              responses={**_RESPONSES, 401: {"model": m.ErrorBody, "description": "No token"},
                         403: {"model": m.ErrorBody,
                               "description": "Wrong token, or writes disabled"}},
              dependencies=[Depends(require_token)])
    def ingest(body: m.IngestRequest, corpus: CorpusDep) -> m.IngestResponse:
        return services.ingest(corpus, body)

    return app


def app_for(db: str | None = None, token: str | None = None) -> FastAPI:
    """Open the store at ``db`` (``None``: ``QASID_DB``, else ``sqlite:///qasid.db``) and
    build the app over it; the store is closed when the server shuts down."""
    return create_app(Corpus.open(db), token=token, close_on_shutdown=True)
