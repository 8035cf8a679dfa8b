"""MinHash signatures in the database: packing, LSH band keys and similarity.

Near-duplicate lookup has to work across ingest runs and processes, so the LSH index lives in
the database (``lsh_bands``) rather than in a datasketch ``MinHashLSH`` object in memory. The
128 hash values are cut into 16 bands of 8 rows; two documents become candidates when any
band is identical, and a candidate is confirmed by the share of equal hash values. With
b=16, r=8 the chance of becoming a candidate is 1-(1-s^8)^16: about 0.94 at s=0.8 and 0.23 at
s=0.6, so few dissimilar pairs are compared while true near-duplicates are rarely missed.
"""

from __future__ import annotations

import hashlib
import operator
import struct
from collections.abc import Sequence

NUM_BANDS = 16
ROWS_PER_BAND = 8
SIGNATURE_SIZE = NUM_BANDS * ROWS_PER_BAND
_MAX_VALUE = 2**64


def pack(values: Sequence[int]) -> bytes:
    """Signature as little-endian unsigned 64-bit integers (datasketch values fit in 32)."""
    return struct.pack(f"<{len(values)}Q", *values)


def unpack(blob: bytes | None) -> tuple[int, ...]:
    """Inverse of :func:`pack`; ``None`` or empty gives an empty signature."""
    if not blob:
        return ()
    return struct.unpack(f"<{len(blob) // 8}Q", bytes(blob))


def valid(values: Sequence[int]) -> bool:
    """True when every value is a non-negative integer below 2**64."""
    if not all(type(v) is int for v in values):  # the rare slow path: int subclasses, junk
        return all(isinstance(v, int) and 0 <= v < _MAX_VALUE for v in values)
    return not values or (min(values) >= 0 and max(values) < _MAX_VALUE)


def band_keys(values: Sequence[int]) -> list[tuple[int, int]]:
    """``(band, key)`` pairs of a 128-value signature; empty for any other length.

    The key is a 64-bit BLAKE2b digest of the band's packed values, as a signed integer so it
    fits a SQL ``BIGINT``.

    >>> keys = band_keys(list(range(128)))
    >>> len(keys), keys[0][0], keys[-1][0]
    (16, 0, 15)
    >>> band_keys([1, 2, 3])
    []
    """
    if len(values) != SIGNATURE_SIZE:
        return []
    keys = []
    for band in range(NUM_BANDS):
        chunk = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = hashlib.blake2b(struct.pack(f"<{ROWS_PER_BAND}Q", *chunk), digest_size=8)
        keys.append((band, int.from_bytes(digest.digest(), "little", signed=True)))
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of positions with equal hash values.

    >>> similarity([1, 2, 3, 4], [1, 2, 0, 4])
    0.75
    >>> similarity([], [])
    0.0
    """
    if not a or len(a) != len(b):
        return 0.0
    # map(eq) keeps the comparison loop in C: every save verifies up to MAX_CANDIDATES pairs
    return sum(map(operator.eq, a, b)) / len(a)
