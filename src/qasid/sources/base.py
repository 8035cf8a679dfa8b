"""What every reader shares: error codes, the origin of a byte stream, document builders.

Readers are adapters: they turn a container (file, feed, JSONL, WARC, HTTP response) into
:class:`~qasid.records.RawDocument` values and report what they cannot read as
:class:`~qasid.records.Rejected` values. They never raise for bad input, so one broken file
cannot stop a run over thousands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qasid.records import RawDocument, Rejected

if TYPE_CHECKING:
    from qasid.sources.http import FetchedResponse

#: ``Rejected.stage`` of every rejection made while reading.
STAGE = "read"

# Error codes of the read stage (``Rejected.code``); one-line messages say the specifics.
NOT_FOUND = "E120"  # missing file or directory, a glob that matched nothing
PERMISSION = "E121"  # permission denied
EMPTY = "E122"  # 0-byte file, empty response or record payload
BINARY = "E123"  # not text: image, PDF, archive, NUL bytes
TOO_LARGE = "E124"  # over max_bytes / max_container_bytes (file, decompressed, response)
BAD_GZIP = "E125"  # truncated or corrupt gzip (or undecodable Content-Encoding)
BAD_JSON = "E126"  # malformed JSON line/document, a record that is not an object
BAD_WARC = "E127"  # malformed WARC/ARC archive
BAD_FEED = "E128"  # unparsable feed, XML that is not RSS/Atom
NO_CONTENT = "E129"  # a record/entry with nothing to read (no text, html, content or link)
BAD_URL = "E130"  # not an absolute http(s) URL (also a redirect to one)
UNREACHABLE = "E131"  # DNS failure, connection refused/reset, protocol error
HTTP_STATUS = "E132"  # HTTP error status
REDIRECTS = "E133"  # more than max_redirects redirects
TIMEOUT = "E134"  # connect/read/total timeout
READ_ERROR = "E135"  # any other OS error while reading

#: Fetches one URL within the configured bounds; raises InputError (see ``sources.http``).
Fetch = Callable[[str], "FetchedResponse"]


def one_line(message: str) -> str:
    """Collapse whitespace (library messages may span lines) so each reason is one line."""
    return " ".join(message.split())


@dataclass(frozen=True)
class Origin:
    """Where a byte stream came from; every document read from it inherits these values.

    ``locator`` and ``name`` are the container's own (absolute path, URL, ``<stdin>``); readers
    that split a container into several documents derive per-document ones from them.
    """

    locator: str
    name: str
    source: str
    url: str | None = None
    content_type: str | None = None  # the HTTP Content-Type header, if fetched
    charset: str | None = None  # its charset parameter
    fetched_at: str | None = None

    def reject(self, code: str, message: str, *, locator: str | None = None,
               name: str | None = None) -> Rejected:
        """A read-stage rejection of this container, or of one document in it."""
        return Rejected(locator or self.locator, name or self.name, self.source, STAGE, code,
                        one_line(message))

    def document(self, data: bytes, content_type: str | None, *, locator: str | None = None,
                 name: str | None = None, url: str | None = None,
                 declared_charset: str | None = None, meta: dict[str, Any] | None = None,
                 fetched_at: str | None = None) -> RawDocument:
        """A document from this container.

        Only ``locator``, ``name`` and ``fetched_at`` fall back to the container's values: a
        JSONL file's URL or HTTP charset says nothing about the records inside it.
        """
        return RawDocument(
            locator=locator or self.locator,
            name=name or self.name,
            data=data,
            source=self.source,
            url=url,
            content_type=content_type,
            declared_charset=declared_charset,
            meta=dict(meta or {}),
            fetched_at=fetched_at or self.fetched_at,
        )
