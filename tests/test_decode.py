"""Decode stage: BOM, declarations, detection (with the windows-1256 rule), errors.

Every expected text is written here or in tests/fixtures/sources/ and encoded by the test (or by
``make_encoded.py``), so a wrong decoding shows up as a text mismatch, not just a wrong label.
"""

from __future__ import annotations

import codecs
import doctest
import importlib
from pathlib import Path

import pytest

from qasid.errors import InputError
from qasid.records import RawDocument
from qasid.stages.decode import Decoded, decode
from qasid.stages.decode import decoder as decoder_module

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

FA = "سخنگوی وزارت امور خارجه گفت: «گفت‌وگوها با واشنگتن ادامه دارد.»"
AR = "قال وزير الخارجية إن المحادثات مع واشنطن كانت بناءة ومفيدة."
EN = "The envoy said the talks in Muscat were constructive."
# Persian as legacy windows-1256 sites wrote it: Arabic yeh (ي), since cp1256 has no Persian yeh.
FA_1256 = FA.replace("ی", "ي")


def raw(data: bytes, *, charset: str | None = None, content_type: str | None = None
        ) -> RawDocument:
    return RawDocument("mem://doc", "doc", data, "test", content_type=content_type,
                       declared_charset=charset)


# --- the fixture pages -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("encoded", "original", "swap", "encoding", "evidence"),
    [
        # windows-1256 page, declared only by <meta http-equiv>
        ("article_ar_cp1256.html", "article_ar.html", ("charset=utf-8", "charset=windows-1256"),
         "windows-1256", "meta"),
        # UTF-16 LE page with BOM and CRLF line endings
        ("article_fa_utf16.html", "article_fa.html", ('charset="utf-8"', 'charset="utf-16"'),
         "utf-16-le", "bom"),
    ],
    ids=["ar-windows-1256-meta", "fa-utf16-bom-crlf"],
)
def test_fixture_pages_decode_to_the_original_text(
    encoded: str, original: str, swap: tuple[str, str], encoding: str, evidence: str
) -> None:
    expected = (FIXTURES / original).read_text(encoding="utf-8").replace(*swap)
    result = decode(raw((FIXTURES / encoded).read_bytes(), content_type="html"))
    assert result == Decoded(expected, encoding, evidence)


def test_windows_1256_page_with_http_header_and_no_meta() -> None:
    page = (FIXTURES / "article_ar.html").read_text(encoding="utf-8")
    page = page.replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n',
                        "")
    assert "charset" not in page
    result = decode(raw(page.encode("cp1256"), charset="windows-1256", content_type="html"))
    assert (result.text, result.encoding, result.evidence) == (page, "windows-1256", "declared")


# --- byte-order marks ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
    ids=["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_bom_wins_over_a_contradicting_declaration_and_is_stripped(
    bom: bytes, codec: str, label: str
) -> None:
    data = bom + FA.encode(codec)
    result = decode(raw(data, charset="windows-1256"))
    assert (result.text, result.encoding, result.evidence) == (FA, label, "bom")


def test_invalid_bytes_after_a_bom_are_rejected_not_guessed() -> None:
    with pytest.raises(InputError) as err:
        decode(raw(codecs.BOM_UTF8 + b"ok \xff\xfe\xfd"))
    assert err.value.code == "E152"
    assert "byte-order mark" in err.value.reason


# --- declarations ------------------------------------------------------------------------------

def _html(charset_tag: str, body: str) -> str:
    return f"<html><head>{charset_tag}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "codec", "header", "content_type", "expected"),
    [
        # HTTP header names the code page
        (AR, "cp1256", "windows-1256", None, ("windows-1256", "declared")),
        # <meta charset>
        (_html('<meta charset="windows-1256">', AR), "cp1256", None, "html",
         ("windows-1256", "meta")),
        # <meta http-equiv content-type>, mixed case
        (_html('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; Charset=Windows-1256">',
               FA_1256), "cp1256", None, "html", ("windows-1256", "meta")),
        # the header wins over <meta> when both decode
        (_html('<meta charset="iso-8859-6">', AR), "cp1256", "windows-1256", "html",
         ("windows-1256", "declared")),
        # a header that does not decode the bytes is skipped; the meta declaration is right
        (_html('<meta charset="windows-1256">', AR), "cp1256", "utf-8", "html",
         ("windows-1256", "meta")),
        # XML declaration (a feed)
        (f'<?xml version="1.0" encoding="windows-1256"?><rss><title>{AR}</title></rss>',
         "cp1256", None, None, ("windows-1256", "xml")),
        # an unknown label is ignored, detection takes over
        (AR, "utf-8", "x-no-such-charset", None, ("utf-8", "detected")),
        # <meta charset=utf-16> in ASCII-readable markup means UTF-8 (as in browsers)
        (_html('<meta charset="utf-16">', FA), "utf-8", None, "html", ("utf-8", "meta")),
        # a UTF-16 header without BOM: decoded before the NUL-byte binary check
        (FA, "utf-16-le", "utf-16le", None, ("utf-16-le", "declared")),
        # iso-8859-1 is a weak default: Arabic windows-1256 bytes override it
        (AR, "cp1256", "ISO-8859-1", None, ("windows-1256", "arabic-script")),
        # ... and valid UTF-8 overrides it too
        (FA, "utf-8", "iso-8859-1", None, ("utf-8", "detected")),
        # ... but Latin text keeps it (decoded as windows-1252, its WHATWG superset)
        ("Genève: les négociations reprennent.", "cp1252", "iso-8859-1", None,
         ("windows-1252", "declared-weak")),
        # text documents do not look for <meta> (a plain-text article may quote markup)
        (_html('<meta charset="windows-1252">', FA), "utf-8", None, "text", ("utf-8", "detected")),
    ],
    ids=[
        "header", "meta-charset", "meta-http-equiv", "header-beats-meta", "bad-header-skipped",
        "xml-declaration", "unknown-label", "meta-utf16-means-utf8", "header-utf16-no-bom",
        "weak-latin1-arabic", "weak-latin1-utf8", "weak-latin1-latin", "text-ignores-meta",
    ],
)
def test_declarations(text: str, codec: str, header: str | None, content_type: str | None,
                      expected: tuple[str, str]) -> None:
    result = decode(raw(text.encode(codec), charset=header, content_type=content_type))
    assert (result.text, (result.encoding, result.evidence)) == (text, expected)


def test_meta_inside_a_comment_is_ignored() -> None:
    page = "<html><head><!-- <meta charset=\"koi8-r\"> --><meta charset=\"windows-1256\">" \
           f"</head><body>{AR}</body></html>"
    result = decode(raw(page.encode("cp1256"), content_type="html"))
    assert (result.text, result.encoding) == (page, "windows-1256")


# --- detection -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        # short windows-1256 Persian/Arabic: charset-normalizer alone guesses mac_cyrillic,
        # cp1251, GB18030, Big5 or nothing for these (measured with charset-normalizer 3.5)
        ("گفت‌وگو با واشنگتن".replace("ی", "ي"), "cp1256", "windows-1256"),
        ("مذاکره", "cp1256", "windows-1256"),
        ("وزير الخارجية", "cp1256", "windows-1256"),
        ("عمان میانجی‌گری میان تهران و واشنگتن را ادامه می‌دهد؛ دور بعدی هفته آینده است."
         .replace("ی", "ي"), "cp1256", "windows-1256"),
        (FA_1256, "cp1256", "windows-1256"),
        (AR, "cp1256", "windows-1256"),
        # the rule must not capture other single-byte scripts (~40 % Arabic-looking only)
        ("Министр иностранных дел заявил, что переговоры были конструктивными.", "cp1251",
         "windows-1251"),
        ("Ο υπουργός εξωτερικών δήλωσε ότι οι συνομιλίες ήταν εποικοδομητικές.", "cp1253",
         "windows-1253"),
        # UTF-8 and ASCII
        (FA, "utf-8", "utf-8"),
        (AR + "\n" + EN, "utf-8", "utf-8"),
        (EN, "ascii", "ascii"),
    ],
    ids=["fa-zwnj-short", "fa-one-word", "ar-two-words", "fa-sentence", "fa-quote", "ar-sentence",
         "ru-cp1251", "el-cp1253", "fa-utf8", "ar-en-utf8", "en-ascii"],
)
def test_detection_without_declaration(text: str, codec: str, encoding: str) -> None:
    result = decode(raw(text.encode(codec)))
    assert (result.text, result.encoding) == (text, encoding)


class _Guess:
    """Stands in for a charset-normalizer match, to test the decision rule in isolation."""

    def __init__(self, encoding: str, coherence: float, chaos: float, text: str) -> None:
        self.encoding, self.coherence, self.chaos, self._text = encoding, coherence, chaos, text

    def __str__(self) -> str:
        return self._text


class _Results:
    def __init__(self, guess: _Guess | None) -> None:
        self._guess = guess

    def best(self) -> _Guess | None:
        return self._guess


@pytest.mark.parametrize(
    ("guess", "encoding", "evidence"),
    [
        (None, "windows-1256", "arabic-script"),  # detector found nothing
        (_Guess("mac_cyrillic", 0.0, 0.06, "junk"), "windows-1256", "arabic-script"),  # incoherent
        (_Guess("cp1251", 0.9, 0.3, "junk"), "windows-1256", "arabic-script"),  # chaotic
        (_Guess("iso8859_6", 0.7, 0.0, "sure"), "iso8859-6", "detected"),  # sure: kept
    ],
    ids=["no-guess", "incoherent-guess", "chaotic-guess", "confident-guess-kept"],
)
def test_windows_1256_rule_overrides_only_unsure_detection(
    monkeypatch: pytest.MonkeyPatch, guess: _Guess | None, encoding: str, evidence: str
) -> None:
    monkeypatch.setattr(decoder_module, "from_bytes", lambda data: _Results(guess))
    result = decode(raw(FA_1256.encode("cp1256")))
    assert (result.encoding, result.evidence) == (encoding, evidence)
    if evidence == "arabic-script":
        assert result.text == FA_1256


@pytest.mark.parametrize(
    ("codec", "header", "evidence"),
    [
        ("utf-16-le", None, "utf-16-pattern"),
        ("utf-16-be", None, "utf-16-pattern"),
        ("utf-16-be", "utf-16", "utf-16-pattern"),  # "utf-16" alone would mean LE
        ("utf-16-be", "utf-16be", "declared"),
    ],
    ids=["le", "be", "be-declared-utf16", "be-declared-be"],
)
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(
    codec: str, header: str | None, evidence: str
) -> None:
    page = _html('<meta charset="utf-16">', FA)
    result = decode(raw(page.encode(codec), charset=header, content_type="html"))
    assert (result.text, result.encoding, result.evidence) == (page, codec, evidence)


# --- the text is left alone ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("یک\r\nدو\r\n", "یک\nدو\n"),  # CRLF
        ("یک\rدو", "یک\nدو"),  # lone CR (old Mac)
        ("یک\r\n\r\nدو", "یک\n\nدو"),  # blank line kept
        ("\ufeffسلام", "سلام"),  # a BOM character that survived encoding
        # ZWNJ, tatweel, Arabic yeh/kaf, diacritics, NBSP, tabs and trailing space are kept
        ("مي‌گويد  ـــ كتاب\u00a0مُحَمَّد\t \n", "مي‌گويد  ـــ كتاب\u00a0مُحَمَّد\t \n"),
    ],
    ids=["crlf", "lone-cr", "blank-line", "bom-char", "untouched"],
)
def test_only_line_endings_and_bom_change(text: str, expected: str) -> None:
    assert decode(raw(text.encode("utf-8"))).text == expected


# --- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "code", "reason_part"),
    [
        (b"", "E150", "empty"),
        (b" \r\n\t\n ", "E150", "whitespace"),
        ("   \n".encode("utf-16"), "E150", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E151", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "E151", "PDF document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "E151", "gzip"),
        ("متن با یک بایت صفر\x00ادامه".encode(), "E151", "NUL"),
        (bytes(range(1, 32)) * 4 + b"abc", "E151", "control bytes"),
        (bytes(range(0x80, 0x100)) * 2, "E152", "undecodable"),
    ],
    ids=["empty", "whitespace", "whitespace-utf16", "png", "pdf", "gzip", "nul-in-utf8",
         "control-bytes", "no-encoding-fits"],
)
def test_bad_content_raises_input_error(data: bytes, code: str, reason_part: str) -> None:
    with pytest.raises(InputError) as err:
        decode(raw(data))
    assert err.value.code == code
    assert reason_part in err.value.reason
    assert "\n" not in str(err.value)


# --- docstring examples -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "module",
    ["qasid.stages.decode.detect", "qasid.stages.decode.decoder"],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0
