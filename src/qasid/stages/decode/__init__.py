"""Bytes → text: the first stage, and the one every character offset downstream depends on.

The decoded text is the base string of the document: later stages point into it, so decoding
changes nothing but line endings (``\\r\\n`` and lone ``\\r`` become ``\\n``) and drops a leading
byte-order mark. See :func:`decode` for the order in which the evidence about the encoding is
weighed.
"""

from qasid.stages.decode.decoder import Decoded, decode

__all__ = ["Decoded", "decode"]
