"""Decode a :class:`~qasid.records.RawDocument`'s bytes into the document's base text.

Evidence is weighed from strongest to weakest, and the first that decodes the bytes strictly
wins:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) — if the bytes after it do not
   decode, the document is rejected rather than guessed at;
2. the NUL pattern of BOM-less UTF-16, then a declared UTF-16/32 charset (both before the
   binary check, because NUL bytes are normal there);
3. the binary check: known file signatures, NUL bytes, too many control bytes → rejected;
4. the declared charset (``RawDocument.declared_charset``, i.e. the HTTP header), then an
   HTML ``<meta charset>`` / ``http-equiv`` declaration, then an XML declaration. A declaration
   that does not decode strictly is skipped (sites mislabel pages), and a ``UTF-16`` label
   found in ASCII-readable markup means UTF-8, as in browsers;
5. detection: pure ASCII, then valid UTF-8 (which almost never happens by accident), then
   charset-normalizer — with the **windows-1256 rule**: when the bytes decode as windows-1256
   into mostly Arabic-script letters (:func:`~qasid.stages.decode.detect.windows_1256_arabic`)
   and the detector either found nothing or is unsure of a different guess (low coherence or
   high chaos), windows-1256 wins. Short Arabic/Persian pages are where detectors fail
   (a Persian sentence in windows-1256 is often "detected" as mac_cyrillic or GB18030) and
   windows-1256 is by far the most common legacy encoding for them. A Latin-1-family label
   (``iso-8859-1``, ``us-ascii``: what servers send when nobody configured a charset) is a
   weak declaration: UTF-8 and the windows-1256 rule are tried before it.

The only changes to the text are: a leading U+FEFF is dropped and line endings become ``\\n``.
Everything else — ZWNJ, Arabic/Persian letter variants, odd whitespace — is kept, because
every later offset points into this text.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from charset_normalizer import from_bytes

from qasid.errors import InputError
from qasid.records import RawDocument
from qasid.stages.decode.detect import (
    WEAK_LABELS,
    binary_reason,
    bom,
    is_utf16_or_32,
    meta_declared,
    plausible_text,
    resolve_label,
    utf16_without_bom,
    windows_1256_arabic,
    xml_declared,
)

LOGGER = logging.getLogger(__name__)

#: Error codes raised by this stage (``Rejected.code`` when the pipeline catches them).
EMPTY = "E150"
BINARY = "E151"
UNDECODABLE = "E152"

#: A charset-normalizer result below this coherence or above this chaos is "unsure", and the
#: windows-1256 rule may override it. Correct guesses on the fixture pages score coherence
#: 0.35-0.8; the wrong guesses for short windows-1256 Persian score 0.0 (tests/test_decode.py;
#: re-run them after changing).
MIN_COHERENCE = 0.25
MAX_CHAOS = 0.1


@dataclass(frozen=True)
class Decoded:
    """The document's base text and the encoding it was decoded from.

    ``evidence`` names the rule that chose the encoding (``bom``, ``declared``, ``meta``,
    ``xml``, ``utf-16-pattern``, ``declared-weak``, ``detected``, ``arabic-script``), so a
    wrong decoding can be traced to the evidence that misled it.
    """

    text: str
    encoding: str
    evidence: str = ""


def decode(raw: RawDocument) -> Decoded:
    """Decode ``raw.data`` to text, weighing the evidence as described in the module docstring.

    Raises:
        InputError: ``E150`` empty content, ``E151`` binary content, ``E152`` bytes that no
            encoding fits.

    >>> from qasid.records import RawDocument
    >>> raw = RawDocument("x", "x", "گفت‌وگو\\r\\n".encode("utf-16"), "x")
    >>> decode(raw)
    Decoded(text='گفت\\u200cوگو\\n', encoding='utf-16-le', evidence='bom')
    """
    data = raw.data
    if not data:
        raise InputError("empty content (0 bytes)", code=EMPTY)
    text, codec, evidence = _decode_bytes(data, raw.declared_charset, raw.content_type)
    text = _finish(text)
    if not text.strip():
        raise InputError("content is only whitespace", code=EMPTY)
    LOGGER.debug("decoded %s as %s (%s)", raw.locator, codec, evidence)
    return Decoded(text, _label(codec), evidence)


def _decode_bytes(
    data: bytes, declared: str | None, content_type: str | None
) -> tuple[str, str, str]:
    found = bom(data)
    if found:
        codec, size = found
        try:
            return data[size:].decode(codec), codec, "bom"
        except UnicodeDecodeError as exc:
            raise InputError(
                f"bytes after the {_label(codec)} byte-order mark are not valid {_label(codec)} "
                f"(byte {exc.start + size})",
                code=UNDECODABLE,
            ) from exc

    declared_codec = resolve_label(declared) if declared else None
    if declared and declared_codec is None:
        LOGGER.debug("ignoring unknown declared charset %r", declared)
    weak = declared is not None and declared.strip().strip("\"'").lower() in WEAK_LABELS

    # The NUL pattern comes first: it also tells the byte order, which a declared "utf-16"
    # does not (browsers then assume little-endian).
    guess = utf16_without_bom(data)
    if guess:
        text = _try(data, guess)
        if text is not None and plausible_text(text):
            evidence = "declared" if guess == declared_codec else "utf-16-pattern"
            return text, guess, evidence
    if declared_codec and is_utf16_or_32(declared_codec):
        text = _try(data, declared_codec)
        if text is not None and plausible_text(text):
            return text, declared_codec, "declared"

    reason = binary_reason(data) or ("contains NUL bytes" if b"\x00" in data else None)
    if reason:
        raise InputError(f"binary content ({reason})", code=BINARY)

    candidates: list[tuple[str, str]] = []
    if declared_codec and not weak and not is_utf16_or_32(declared_codec):
        candidates.append((declared_codec, "declared"))
    if content_type != "text":
        for label, evidence in ((meta_declared(data), "meta"), (xml_declared(data), "xml")):
            page_codec = resolve_label(label) if label else None
            if page_codec:
                # A UTF-16 label we could read as ASCII is wrong: browsers use UTF-8 then.
                candidates.append(
                    ("utf-8" if is_utf16_or_32(page_codec) else page_codec, evidence))
    for codec, evidence in candidates:
        text = _try(data, codec)
        if text is not None:
            return text, codec, evidence
        LOGGER.debug("%s charset %s does not decode these bytes; trying the next", evidence, codec)

    return _detect(data, declared_codec if weak else None)


def _detect(data: bytes, weak_codec: str | None) -> tuple[str, str, str]:
    """Detection for bytes with no usable BOM or (strong) declaration."""
    if data.isascii():
        return data.decode("ascii"), "ascii", "detected"
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8", "detected"
    arabic = windows_1256_arabic(data)
    if weak_codec:
        if arabic is not None:
            return arabic, "cp1256", "arabic-script"
        text = _try(data, weak_codec)
        if text is not None:
            return text, weak_codec, "declared-weak"
    best = from_bytes(data).best()
    best_codec = codecs.lookup(best.encoding).name if best is not None else None
    if best is not None and best_codec == "cp1256":
        return str(best), "cp1256", "detected"
    if arabic is not None and (
        best is None or best.coherence < MIN_COHERENCE or best.chaos > MAX_CHAOS
    ):
        return arabic, "cp1256", "arabic-script"
    if best is not None and best_codec is not None:
        return str(best), best_codec, "detected"
    raise InputError(
        "undecodable bytes: not UTF-8, no charset declaration fits, and detection found no "
        "encoding",
        code=UNDECODABLE,
    )


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _finish(text: str) -> str:
    """Drop one leading BOM character and normalise line endings; nothing else."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _label(codec: str) -> str:
    """A familiar name for a Python codec: ``cp1256`` → ``windows-1256``, ``utf_8`` → ``utf-8``."""
    name = codecs.lookup(codec).name
    if name.startswith("cp125") or name == "cp874":
        return "windows-" + name[2:]
    return name
