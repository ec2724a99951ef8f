"""Read a calendar file's bytes and decode them to text, and normalise cell text.

Order of decisions: an explicit `encoding`, then a byte order mark, then UTF-16 without a
mark, then strict UTF-8, then detection with charset-normalizer. A guess from detection
is used only when it is clearly better than the alternatives, and it is reported as a
warning so that the user can check the accented letters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from calendar_loader.errors import InputError
from calendar_loader.problems import Problem, Severity

# Byte order marks, longest first, because the UTF-32 LE mark starts with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# How far a detected guess may trail the best one and still count as equally likely.
# charset-normalizer 3.5 scores short Western texts as a tie between cp1250 and cp1252
# (both decode "Genève" without mess, one as "Genčve"), so ties need a rule of our own.
_MAX_MESS = 0.2  # a best guess messier than this is not trusted at all
_WESTERN_MESS_MARGIN = 0.1
_WESTERN_COHERENCE_MARGIN = 0.03
_RIVAL_MESS_MARGIN = 0.05
_RIVAL_COHERENCE_MARGIN = 0.05

# Encodings that spreadsheet programs write, by the name to give to --encoding.
_ENCODING_NAMES = {
    "cp1252": "Windows Western European",
    "cp1250": "Windows Central European",
    "cp1251": "Windows Cyrillic",
    "cp1253": "Windows Greek",
    "cp1254": "Windows Turkish",
    "cp1257": "Windows Baltic",
    "mac_roman": "Mac OS Roman",
    "latin_1": "ISO 8859-1",
    "iso8859_15": "ISO 8859-15",
    "koi8_r": "KOI8-R",
    "cp932": "Japanese Shift JIS",
    "shift_jis": "Japanese Shift JIS",
    "gb18030": "Chinese Simplified",
    "big5": "Chinese Traditional",
    "cp949": "Korean",
}

_HIGH_BYTES = bytes(range(0x80, 0x100))
# Words with a non-ASCII letter, else any run of text with a non-ASCII character ("5€").
_NON_ASCII_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")
_NON_ASCII_TEXT = re.compile(r"\S*[^\x00-\x7f]\S*")


@dataclass(frozen=True)
class DecodedText:
    """Text of a calendar file and how it was decoded."""

    text: str
    encoding: str  # Python codec name
    guessed: bool  # True when charset-normalizer chose the encoding


def read_calendar_bytes(path: Path, source: str) -> bytes:
    """Return the file's bytes, or raise InputError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{source}: file not found. Check the path and the file name.", source=source
        ) from None
    except IsADirectoryError:
        raise InputError(
            f"{source} is a folder, not a calendar file. Give the path of the file itself.",
            source=source,
        ) from None
    except PermissionError:
        raise InputError(
            f"{source} cannot be read: permission denied. Check the file's permissions, "
            "or close the program that has it locked.",
            source=source,
        ) from None
    except OSError as error:
        raise InputError(f"{source} cannot be read: {error.strerror}.", source=source) from None


def decode_calendar(data: bytes, *, source: str, encoding: str | None = None) -> DecodedText:
    """Decode a text calendar (CSV, YAML, JSON), without a leading byte order mark.

    Raises InputError for an unknown `encoding` name, for bytes that the forced encoding
    cannot decode, for binary files, and for text whose encoding cannot be determined with
    confidence (the message names the likely encoding and the `--encoding` option).
    """
    if encoding is not None:
        return _decode_forced(data, source, encoding)

    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return DecodedText(strip_bom(_decode_strictly(data, codec, source)), codec, False)

    _reject_binary(data, source)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return DecodedText(strip_bom(data.decode(utf16)), utf16, False)
        except UnicodeDecodeError:
            pass  # the zero bytes meant something else; let detection look at it

    try:
        return DecodedText(strip_bom(data.decode("utf-8")), "utf-8", False)
    except UnicodeDecodeError as error:
        _reject_mixed_utf8(data, error, source)
    return _detect(data, source)


def choose_codec(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Choose the codec for a text calendar without decoding it.

    The decisions come in the order of `decode_calendar`, which tries strict UTF-8 and
    then detection last. This function stops before those two steps and returns "utf-8",
    so when decoding `data` with the returned codec fails, the caller must hand `data` to
    `decode_calendar`, which finds the codec or raises the InputError that explains why
    there is none. Raises InputError for an unknown `encoding` name and for a zip or old
    Excel file.
    """
    if encoding is not None:
        return _forced_codec(encoding, source)
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return codec
    _reject_binary(data, source)
    return _utf16_without_bom(data) or "utf-8"


def encoding_warning(decoded: DecodedText, source: str) -> Problem | None:
    """Return a file warning naming the guessed encoding, or None if nothing was guessed."""
    if not decoded.guessed:
        return None
    words = _first_distinct(_NON_ASCII_WORD, decoded.text) or _first_distinct(
        _NON_ASCII_TEXT, decoded.text
    )
    examples = ", ".join(f"“{word}”" for word in words)
    example = f", for example in {examples}" if examples else ""
    return Problem(
        source=source,
        sheet=None,
        row=None,
        column=None,
        code="encoding-guessed",
        message=(
            f"The file is not UTF-8, so its encoding was guessed as {_describe(decoded.encoding)}. "
            f"Check that accented letters look right{example}. If they do not, pass "
            "--encoding NAME, or save the file as CSV UTF-8."
        ),
        value=decoded.encoding,
        severity=Severity.WARNING,
    )


def normalize_cell(text: str) -> str:
    """Return `text` in NFC with every CRLF or lone CR turned into LF.

    Nothing else changes: inner spacing and trailing spaces at line ends are kept.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _first_distinct(pattern: re.Pattern[str], text: str, count: int = 3) -> list[str]:
    found: list[str] = []
    for match in pattern.finditer(text):
        word = match.group()[:40]
        if word not in found:
            found.append(word)
        if len(found) == count:
            break
    return found


def _decode_forced(data: bytes, source: str, encoding: str) -> DecodedText:
    codec = _forced_codec(encoding, source)
    return DecodedText(strip_bom(_decode_strictly(data, codec, source)), codec, False)


def _forced_codec(encoding: str, source: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"Unknown encoding {encoding!r} for {source}. Use a name such as utf-8, cp1252, "
            "latin-1, mac_roman or utf-16.",
            source=source,
        ) from None
    if codec == "utf-8":
        return "utf-8-sig"  # a forced UTF-8 still drops the mark Excel writes
    return codec


def _decode_strictly(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = _line_of_byte(data, error.start, codec)
        raise InputError(
            f"{source}, line {line}: byte 0x{data[error.start]:02x} is not valid in "
            f"{_describe(codec)}. Pass the right --encoding NAME, or save the file as "
            "CSV UTF-8.",
            source=source,
        ) from None


def strip_bom(text: str) -> str:
    """Return decoded `text` without the byte order marks at its start."""
    # A second mark can survive when a tool added one to a file that already had one.
    return text.lstrip("\ufeff")


def _line_of_byte(data: bytes, offset: int, codec: str) -> int:
    return data[:offset].decode(codec, errors="replace").count("\n") + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when the zero bytes show UTF-16 text."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    zeros_even = sample[0 : pairs * 2 : 2].count(0)
    zeros_odd = sample[1 : pairs * 2 : 2].count(0)
    # Mostly-ASCII UTF-16 has a zero in every other byte, and almost never in the others.
    if zeros_odd >= pairs * 0.3 and zeros_even <= pairs * 0.05:
        return "utf-16-le"
    if zeros_even >= pairs * 0.3 and zeros_odd <= pairs * 0.05:
        return "utf-16-be"
    return None


def _reject_mixed_utf8(data: bytes, error: UnicodeDecodeError, source: str) -> None:
    """Raise when the file is UTF-8 except for a few bytes, such as text pasted from cp1252."""
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    ascii_bytes = len(data.translate(None, _HIGH_BYTES))
    multibyte = len(lenient) - ascii_bytes - invalid
    if multibyte == 0 or multibyte < invalid:
        return
    line = _line_of_byte(data, error.start, "utf-8")
    raise InputError(
        f"{source}, line {line}: the file is UTF-8 except for byte 0x{data[error.start]:02x}, "
        "which is not valid UTF-8, so the file mixes two encodings. Retype the accented "
        "characters on that line, or save the file again as CSV UTF-8.",
        source=source,
    )


def _reject_binary(data: bytes, source: str) -> None:
    if data.startswith(_ZIP_MAGIC):
        raise InputError(
            f"{source} is a zip file, probably an Excel workbook with the wrong extension. "
            "Rename it to .xlsx, or open it in Excel and save it as CSV UTF-8.",
            source=source,
        )
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{source} is an old Excel (.xls) or password-protected file, not text. Open it "
            "in Excel and save it as CSV UTF-8 or as Excel Workbook (.xlsx).",
            source=source,
        )


def _detect(data: bytes, source: str) -> DecodedText:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(
            f"{source} does not look like a text file in any known encoding. Save the "
            "calendar as CSV UTF-8, .xlsx, YAML or JSON.",
            source=source,
        )
    choice = _western_choice(list(results), best)
    if choice is None and _is_clear_winner(list(results), best):
        choice = best.encoding
    if choice is not None:
        try:
            return DecodedText(strip_bom(data.decode(choice)), choice, True)
        except UnicodeDecodeError:
            pass
    names = [_common_name(match) for match in [best, *_rivals(list(results), best)]]
    names = list(dict.fromkeys(names))[:3]
    if len(names) == 1:
        guess = (
            f"it seems to be {_describe(names[0])}. If that is right, pass --encoding "
            f"{names[0]}; otherwise save the file as CSV UTF-8."
        )
    else:
        listed = ", ".join(_describe(name) for name in names[:-1])
        guess = (
            f"it could be {listed} or {_describe(names[-1])}. Pass the right one with "
            f"--encoding, for example --encoding {names[0]}, or save the file as CSV UTF-8."
        )
    raise InputError(
        f"{source} is not UTF-8, and its encoding cannot be determined with confidence: {guess}",
        source=source,
    )


def _western_choice(matches: list[CharsetMatch], best: CharsetMatch) -> str | None:
    """Return "cp1252" when Windows Western European is about as likely as the best guess.

    Excel on Windows in Western European and American locales writes cp1252, and
    Latin-1 text without C1 control bytes decodes the same way, so it wins ties.
    NOTE: a short Central European or Turkish text can tie with cp1252 as well, and then
    Czech "číslo" is read as "èíslo". Only the encoding-guessed warning shows it, because
    it quotes the first accented words.
    """
    if best.chaos > _MAX_MESS:
        return None
    for match in matches:
        if "cp1252" not in match.could_be_from_charset:
            continue
        if (
            match.chaos <= best.chaos + _WESTERN_MESS_MARGIN
            and match.coherence >= best.coherence - _WESTERN_COHERENCE_MARGIN
        ):
            return "cp1252"
    return None


def _is_clear_winner(matches: list[CharsetMatch], best: CharsetMatch) -> bool:
    """Tell whether the best guess is clean and no differently decoding rival comes close."""
    return best.chaos <= _MAX_MESS and not _rivals(matches, best)


def _rivals(matches: list[CharsetMatch], best: CharsetMatch) -> list[CharsetMatch]:
    # charset-normalizer already merges encodings that decode the bytes identically.
    return [
        match
        for match in matches
        if match is not best
        and match.chaos <= best.chaos + _RIVAL_MESS_MARGIN
        and match.coherence >= best.coherence - _RIVAL_COHERENCE_MARGIN
    ]


def _common_name(match: CharsetMatch) -> str:
    """Return the best-known codec name among those that decode the bytes identically."""
    for name in match.could_be_from_charset:
        if name in _ENCODING_NAMES:
            return name
    return match.encoding


def _describe(codec: str) -> str:
    if codecs.lookup(codec).name.startswith("utf"):
        return codecs.lookup(codec).name.removesuffix("-sig").upper()
    name = codecs.lookup(codec).name.replace("-", "_")
    for known, description in _ENCODING_NAMES.items():
        if codecs.lookup(known).name.replace("-", "_") == name:
            return f"{known} ({description})"
    return codec
