"""Bounded HTTP GET: http(s) only, limited redirects, timeouts, and a streamed size cap.

Redirects are followed by hand rather than by httpx so that every target is checked: a page
must not be able to redirect the crawler to ``file://`` or ``ftp://``, or around in circles for
longer than ``max_redirects`` hops. The body is streamed and the download stops one chunk past
``max_bytes`` (after content decoding, so a gzip bomb is cut off too).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from qasid.errors import InputError
from qasid.sources.base import (
    BAD_GZIP,
    BAD_URL,
    HTTP_STATUS,
    REDIRECTS,
    TIMEOUT,
    TOO_LARGE,
    UNREACHABLE,
)
from qasid.sources.options import SourceOptions
from qasid.sources.sniff import parse_content_type

LOGGER = logging.getLogger(__name__)

#: The whole download (all redirects and the body) may take this many times ``timeout``.
#: httpx's read timeout is per read, so without it a server trickling bytes never times out.
TOTAL_TIMEOUT_FACTOR = 6

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchedResponse:
    """A successful (2xx) response, read completely within the bounds."""

    url: str  # final URL, after redirects
    status: int
    content: bytes
    content_type: str | None  # the Content-Type header as sent
    fetched_at: str  # ISO 8601 UTC, second precision
    redirects: tuple[str, ...] = field(default=())  # URLs redirected from, in order

    @property
    def mime(self) -> str | None:
        """The media type of ``content_type`` (``text/html``), lower-cased."""
        return parse_content_type(self.content_type)[0]

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of ``content_type``, as sent."""
        return parse_content_type(self.content_type)[1]


def check_url(url: str, what: str = "URL") -> None:
    """Raise ``InputError`` (``E130``) unless ``url`` is an absolute http(s) URL.

    >>> check_url("ftp://example.org/feed.xml")
    Traceback (most recent call last):
    ...
    qasid.errors.InputError: E130 unsupported URL scheme 'ftp' in ftp://example.org/feed.xml (only http and https are fetched)
    """  # noqa: E501
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise InputError(f"{what} {url!r} is not an absolute http(s) URL", code=BAD_URL)
        raise InputError(
            f"unsupported {what} scheme {scheme!r} in {url} (only http and https are fetched)",
            code=BAD_URL,
        )
    if not parts.hostname:
        raise InputError(f"{what} {url!r} has no host", code=BAD_URL)


def make_client(options: SourceOptions) -> httpx.Client:
    """An httpx client configured from ``options``; the caller closes it."""
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        headers={"User-Agent": options.user_agent},
        trust_env=options.trust_env,
    )


def fetch(url: str, options: SourceOptions, *, client: httpx.Client | None = None
          ) -> FetchedResponse:
    """GET ``url`` within the bounds of ``options``; one reusable ``client`` may be passed.

    Raises:
        InputError: ``E130`` not http(s) (also for a redirect target), ``E131`` unreachable,
            ``E132`` HTTP error status, ``E133`` too many redirects, ``E134`` timeout,
            ``E124`` response larger than ``options.max_bytes``, ``E125`` undecodable
            Content-Encoding.
    """
    if client is None:
        with make_client(options) as own:
            return _fetch(own, url, options)
    return _fetch(client, url, options)


def _fetch(client: httpx.Client, url: str, options: SourceOptions) -> FetchedResponse:
    check_url(url)
    deadline = time.monotonic() + options.timeout * TOTAL_TIMEOUT_FACTOR
    current = url
    chain: list[str] = []
    while True:
        if time.monotonic() > deadline:
            raise InputError(f"timed out: redirects from {url} took too long", code=TIMEOUT)
        try:
            with client.stream("GET", current) as response:
                if response.status_code in _REDIRECT_STATUSES and "location" in response.headers:
                    target = str(response.url.join(response.headers["location"]))
                    check_url(target, what="redirect target")
                    chain.append(current)
                    if len(chain) > options.max_redirects:
                        raise InputError(
                            f"too many redirects (more than {options.max_redirects}) "
                            f"starting at {url}",
                            code=REDIRECTS,
                        )
                    LOGGER.debug("redirect %s -> %s", current, target)
                    current = target
                    continue
                if not 200 <= response.status_code < 300:
                    raise InputError(
                        f"HTTP {response.status_code} {response.reason_phrase} for {current}",
                        code=HTTP_STATUS,
                    )
                content = _read_body(response, options, deadline, current)
                return FetchedResponse(
                    url=str(response.url),
                    status=response.status_code,
                    content=content,
                    content_type=response.headers.get("content-type"),
                    fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    redirects=tuple(chain),
                )
        except httpx.TimeoutException as exc:
            raise InputError(
                f"timed out after {options.timeout:g} s fetching {current}", code=TIMEOUT
            ) from exc
        except httpx.DecodingError as exc:
            raise InputError(f"cannot decode the response body of {current}: {exc}",
                             code=BAD_GZIP) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise InputError(f"invalid URL {current}: {exc}", code=BAD_URL) from exc
        except httpx.HTTPError as exc:
            # ConnectError, ReadError, RemoteProtocolError, ProxyError ...
            raise InputError(f"cannot reach {current}: {exc or type(exc).__name__}",
                             code=UNREACHABLE) from exc


def _read_body(response: httpx.Response, options: SourceOptions, deadline: float,
               url: str) -> bytes:
    limit = options.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(
            f"response too large: Content-Length {declared} exceeds max_bytes {limit} ({url})",
            code=TOO_LARGE,
        )
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise InputError(f"response too large: more than max_bytes {limit} ({url})",
                             code=TOO_LARGE)
        if time.monotonic() > deadline:
            raise InputError(
                f"timed out: download of {url} took longer than "
                f"{options.timeout * TOTAL_TIMEOUT_FACTOR:g} s",
                code=TIMEOUT,
            )
    return bytes(body)
