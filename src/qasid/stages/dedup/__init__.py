"""Keys for exact and near-duplicate detection across documents.

Both keys are computed on the normalised content with each repeated paragraph counted once, so
two copies of an article that differ in letter variants, ZWNJ or page chrome hash the same,
and an article that repeats its lead paragraph is not "more similar" to itself.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import MinHash

from qasid.stages.normalize import normalized_text

_WORD = re.compile(r"\w+")  # the tokens of qasid.stages.normalize.tokenize
NUM_PERM = 128
SHINGLE = 3


def unique_paragraph_keys(paragraph_texts: Iterable[str]) -> list[str]:
    """Normalised word sequences of the paragraphs, each distinct one once, in order."""
    seen: set[str] = set()
    keys = []
    for t in paragraph_texts:
        key = " ".join(_WORD.findall(normalized_text(t)))
        if key and key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def body_hash(keys: list[str]) -> str:
    """sha256 of the de-duplicated normalised paragraphs: the exact-duplicate key."""
    if not keys:
        return ""
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()


@cache
def _template(num_perm: int) -> MinHash:
    # Building the permutations is the expensive part of MinHash(); copy a template instead.
    # CRC32 (C) instead of datasketch's default SHA-1 wrapper (Python): the universal
    # permutations applied on top make a 32-bit base hash sufficient for shingle sets, and
    # hashing was a third of the signature's cost.
    return MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32)


def minhash(keys: list[str], num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """MinHash signature over word 3-shingles (datasketch), as plain ints for storage."""
    words = " ".join(keys).split()
    if not words:
        return ()
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    m = _template(num_perm).copy()
    m.update_batch([s.encode("utf-8") for s in shingles])
    return tuple(int(x) for x in np.asarray(m.hashvalues, dtype=np.uint64))


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    if not a or len(a) != len(b):
        return 0.0
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
