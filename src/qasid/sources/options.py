"""The one frozen options object every reader receives (no module-level configuration)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from qasid import __version__
from qasid.errors import ConfigError


@dataclass(frozen=True)
class SourceOptions:
    """Bounds and field names for reading sources.

    Attributes:
        max_bytes: largest single document (file, archive record, JSONL line, HTTP response)
            in bytes. Larger ones become ``Rejected`` instead of exhausting memory.
        max_container_bytes: largest JSON array/object file or feed file, which has to be
            parsed whole (JSONL and WARC are streamed and bounded per record instead).
        timeout: seconds an HTTP fetch may wait to connect and between reads; the whole
            download may take at most ``TOTAL_TIMEOUT_FACTOR`` (see ``sources.http``) times
            this, so a server dripping one byte a second cannot hold a run forever.
        max_redirects: redirects one fetch may follow.
        user_agent: sent with every request, so site operators can see who is fetching.
        trust_env: let httpx read proxy settings (``HTTPS_PROXY`` …) from the environment.
        jsonl_*_field: names of the JSON record fields holding the text, the HTML, the URL,
            the date, the title and the record's id.
        follow_feed_links: fetch a feed entry's linked page when the entry has no content.
        exclude: ``fnmatch`` patterns on base names skipped while walking a directory. The
            default skips a corpus folder's own documentation (``examples/seeds/README.md``
            is not an article); ``()`` reads everything. Files named explicitly or matched by
            a glob are never excluded: naming them is intent enough.
        stdin: stream read for the ``-`` spec; ``None`` means ``sys.stdin.buffer``, looked up
            only when ``-`` is read (so constructing options never touches stdin).
    """

    max_bytes: int = 10_000_000
    max_container_bytes: int = 256_000_000
    timeout: float = 10.0
    max_redirects: int = 5
    user_agent: str = f"qasid/{__version__} (+research; news analysis)"
    trust_env: bool = True
    jsonl_text_field: str = "text"
    jsonl_html_field: str = "html"
    jsonl_url_field: str = "url"
    jsonl_date_field: str = "date"
    jsonl_title_field: str = "title"
    jsonl_id_field: str = "id"
    follow_feed_links: bool = True
    exclude: tuple[str, ...] = ("README*", "LICENSE*", "COPYING*", "CHANGELOG*")
    stdin: BinaryIO | None = None

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.max_container_bytes <= 0:
            raise ConfigError("max_bytes and max_container_bytes must be positive", code="E407")
        if self.timeout <= 0:
            raise ConfigError(f"timeout must be positive, not {self.timeout}", code="E407")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be >= 0, not {self.max_redirects}",
                              code="E407")
