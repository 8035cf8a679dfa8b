"""Byte-level evidence about an encoding: BOMs, declarations, binary signs, Arabic-script bytes.

These helpers are pure functions over ``bytes`` so that both the decoder and the source readers
(which sniff a file before deciding how to read it) ask the same questions the same way.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: BOMs in the order they must be tested: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of common non-text formats, so a rejection can say *what* the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office/EPUB file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)

#: C0 control bytes that never occur in text (everything below 0x20 except \t \n \v \f \r and
#: ESC, plus DEL). Used to count "control-ness" in one C-speed ``bytes.translate`` pass.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

#: Above this share of control bytes a BOM-less, NUL-free byte string is not text. Text in any
#: 8-bit or UTF-8 encoding has practically none; compressed/binary data has about 10 %.
CONTROL_RATIO_LIMIT = 0.05

#: Labels that servers and CMSes send by default when nobody configured a charset (Apache's
#: ``AddDefaultCharset``, old PHP). Arabic and Persian sites that really serve windows-1256
#: routinely arrive with one of these, so such a declaration is only a weak hint.
WEAK_LABELS = frozenset({
    "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
    "us-ascii", "ascii", "ansi_x3.4-1968",
})

#: WHATWG Encoding Standard: labels browsers decode with a superset codec. Pages are written
#: for browsers, so following them recovers characters a strict ISO decoder would reject.
_SUPERSETS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254",
    "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
    "shift_jis": "cp932", "x-sjis": "cp932",
    "utf-16": "utf-16-le", "utf-32": "utf-32-le",  # no BOM seen: WHATWG defaults to LE
}

_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_HTML_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)

#: How far into a page ``<meta charset>`` is looked for. WHATWG prescans 1024 bytes; scraped
#: news pages often put kilobytes of inline scripts and styles first.
META_SCAN_BYTES = 16_384

#: Unicode ranges of the Arabic script (Arabic, Supplement, Extended-A, Presentation Forms).
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))

#: Share of non-ASCII letters and marks that must be Arabic-script for the windows-1256 rule.
#: Cyrillic, Greek and Hebrew single-byte text decoded as windows-1256 comes out about 40-45 %
#: Arabic-script, Latin-1 text about 0 %, so 0.8 separates them with a wide margin (measured on
#: the fixture sentences in tests/test_decode.py; re-run those tests after changing).
ARABIC_SHARE = 0.8
#: ...and at least this many Arabic-script characters, so one stray byte decides nothing.
ARABIC_MIN_CHARS = 3
#: Character-level checks look at this many characters: enough to judge, cheap on 10 MB pages.
SAMPLE_CHARS = 100_000


def bom(data: bytes) -> tuple[str, int] | None:
    """The codec named by a leading byte-order mark and the BOM's length, if there is one.

    ``FF FE 00 00`` is read as UTF-32 LE only when the length is a multiple of four; otherwise
    it is a UTF-16 LE BOM followed by a NUL character.

    >>> bom(b"\\xef\\xbb\\xbf<html>")
    ('utf-8', 3)
    >>> bom(b"plain") is None
    True
    """
    for mark, codec in _BOMS:
        if data.startswith(mark):
            if codec == "utf-32-le" and len(data) % 4:
                return "utf-16-le", 2
            return codec, len(mark)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit (almost) only at odd/even offsets.

    That is the signature of UTF-16 text with ASCII in it (spaces, markup, digits). Binary data
    has NULs at both parities. Pure non-ASCII UTF-16 without any ASCII is not recognised here.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65_536]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= max(2, half // 20) and even_nuls <= odd_nuls // 50:
        return "utf-16-le"
    if even_nuls >= max(2, half // 20) and odd_nuls <= even_nuls // 50:
        return "utf-16-be"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (a known signature, NUL bytes, control bytes), else ``None``.

    Data with a BOM or a UTF-16 NUL pattern is text even though it contains NULs. Any other NUL
    makes data binary: a NUL in stored text breaks PostgreSQL and most text tools, and pages
    that really contain one are rare enough to reject with a reason.

    >>> binary_reason(b"%PDF-1.7 ...")
    'PDF document'
    >>> binary_reason("سلام".encode()) is None
    True
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if bom(data) or utf16_without_bom(data):
        return None
    if b"\x00" in data:
        return "contains NUL bytes"
    controls = len(data.translate(None, _NON_CONTROL_BYTES))  # keeps only the controls
    if data and controls / len(data) > CONTROL_RATIO_LIMIT:
        return f"{controls / len(data):.0%} control bytes"
    return None


def resolve_label(label: str) -> str | None:
    """The Python codec for a charset label from a header or a page, or ``None`` if unknown.

    >>> resolve_label("Windows-1256")
    'cp1256'
    >>> resolve_label("ISO-8859-1")
    'cp1252'
    >>> resolve_label("no-such-charset") is None
    True
    """
    key = label.strip().strip("\"'").lower()
    key = _SUPERSETS.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def is_utf16_or_32(codec: str) -> bool:
    """Whether ``codec`` is a 16- or 32-bit Unicode form (where NUL bytes are normal)."""
    return codec.startswith(("utf-16", "utf-32"))


def xml_declared(data: bytes) -> str | None:
    """The ``encoding`` of a leading XML declaration (``<?xml version="1.0" encoding="…"?>``)."""
    match = _XML_DECL.match(data[:1024])
    return match.group(1).decode("ascii") if match else None


def meta_declared(data: bytes) -> str | None:
    """The charset of the first ``<meta charset>`` or ``http-equiv`` Content-Type, if any.

    Comments are skipped so a commented-out old declaration does not win.
    """
    head = _HTML_COMMENT.sub(b"", data[:META_SCAN_BYTES])
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _ARABIC_RANGES)


def arabic_share(text: str) -> tuple[float, int]:
    """Share of non-ASCII letters/marks that are Arabic-script, and their count (on a sample).

    >>> arabic_share("ایران and Iran")
    (1.0, 5)
    """
    total = arabic = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch.isascii() or unicodedata.category(ch)[0] not in "LM":
            continue
        total += 1
        arabic += _is_arabic(ch)
    return (arabic / total if total else 0.0), arabic


def windows_1256_arabic(data: bytes) -> str | None:
    """``data`` decoded as windows-1256 if that yields mostly Arabic-script letters, else None.

    This is the tie-breaker for short Arabic/Persian pages: charset-normalizer often guesses a
    Cyrillic or CJK code page for a sentence or two of windows-1256, while text in those
    encodings decoded as windows-1256 is only ~40 % Arabic-script (see :data:`ARABIC_SHARE`).
    """
    text = data.decode("cp1256")  # every byte value is defined in cp1256
    share, count = arabic_share(text)
    if share >= ARABIC_SHARE and count >= ARABIC_MIN_CHARS:
        return text
    return None


def plausible_text(text: str) -> bool:
    """Whether decoded text looks like text: almost no controls, unassigned or private-use chars.

    Used to accept a guessed UTF-16 decoding, which "succeeds" on many binary inputs.
    """
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return False
    bad = sum(
        1 for ch in sample
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\r\f\v"
    )
    return bad / len(sample) <= 0.01
