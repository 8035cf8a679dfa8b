"""Bounded reads and look-ahead on binary streams that may not be seekable (stdin, gzip)."""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

#: Bytes looked at to decide what a stream holds.
SNIFF_BYTES = 65_536

#: Errors a (decompressing) stream may raise part-way; peeking defers them, see :func:`peek`.
STREAM_ERRORS = (EOFError, OSError, zlib.error)

_PEEK_CHUNK = 8192


class _Replay(io.BufferedIOBase):
    """Serves ``head``, then raises the error met while peeking, or reads on from ``stream``.

    Deferring the error keeps it where it happened in the data: a gzip file truncated after
    three JSONL records still yields those three records, and then the error. Reads return
    short at the end of the head instead of reading on (allowed for streams), so no read
    call ever mixes replayed bytes with an error and loses the bytes.
    """

    def __init__(self, head: bytes, stream: BinaryIO, error: BaseException | None) -> None:
        super().__init__()
        self._head = head
        self._pos = 0
        self._stream = stream
        self._error = error

    def readable(self) -> bool:
        return True

    def _take(self, size: int | None) -> bytes:
        left = len(self._head) - self._pos
        count = left if size is None or size < 0 else min(size, left)
        out = self._head[self._pos : self._pos + count]
        self._pos += count
        return out

    def read(self, size: int | None = -1) -> bytes:
        if self._pos < len(self._head):
            return self._take(size)
        if self._error is not None:
            raise self._error
        if size is None or size < 0:
            return self._stream.read()
        return _read_some(self._stream, size)

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        memoryview(buffer).cast("B")[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        if self._pos < len(self._head):
            end = self._head.find(b"\n", self._pos)
            limit = None if size is None or size < 0 else size
            if end >= 0 and (limit is None or end + 1 - self._pos <= limit):
                return self._take(end + 1 - self._pos)
            part = self._take(limit)
            if (limit is not None and len(part) >= limit) or self._error is not None:
                return part  # a line cut by the limit, or by the deferred error
            rest = self._stream.readline(-1 if limit is None else limit - len(part))
            return part + rest
        if self._error is not None:
            raise self._error
        return self._stream.readline(-1 if size is None else size)


def _read_some(stream: BinaryIO, size: int) -> bytes:
    """One underlying read where possible (``read1``): a buffered ``read`` that fails part-way
    discards what it had already decompressed."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


def read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read until ``size`` bytes or end of stream (a single ``read`` may return fewer)."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def peek(stream: BinaryIO, size: int = SNIFF_BYTES) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes and a stream that still starts at the beginning.

    The head is replayed rather than sought back to: stdin cannot seek, and a ``GzipFile``
    claims to be seekable but fails to rewind when the file under it cannot. Reading happens in
    small chunks so that an error part-way (truncated gzip) loses no data before it; the error
    is raised again where it happened (immediately if not a byte could be read).
    """
    parts: list[bytes] = []
    got = 0
    error: BaseException | None = None
    try:
        while got < size:
            chunk = _read_some(stream, min(_PEEK_CHUNK, size - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
    except STREAM_ERRORS as exc:
        if not parts:
            raise
        error = exc
    head = b"".join(parts)
    return head, _Replay(head, stream, error)  # type: ignore[return-value]


def read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """All remaining bytes, or ``None`` as soon as there are more than ``limit``.

    Reading stops one byte past the limit, so an oversized (or endless, or decompression-bomb)
    input costs at most ``limit + 1`` bytes of memory.
    """
    data = read_up_to(stream, limit + 1)
    return None if len(data) > limit else data
