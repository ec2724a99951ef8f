"""Read a JSON calendar, keeping numbers as the digits typed and noting where records start.

`json.loads` cannot report where an object starts, and would turn 1234567890123456789
into an int that other tools round and 1.50 into 1.5. So the document is decoded here with
the standard library's pure-Python scanner (`json.scanner.py_make_scanner`), driven by our
own object and array parsers, which record the line of every `{` and of every list item
and reject duplicate keys. Numbers, `true` and `false` arrive as text; `null` is None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from json import JSONDecodeError
from json.decoder import scanstring
from json.scanner import py_make_scanner

from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import normalize_cell
from calendar_loader.loading.records import JSON_TERMS, Positions, sheet_from_document
from calendar_loader.table import RawSheet

_WHITESPACE = re.compile(r"[ \t\n\r]*")

Scanner = Callable[[str, int], tuple[object, int]]


def read_json(text: str, *, source: str, records_path: str | None = None) -> RawSheet:
    """Read the posts of a JSON calendar; see `records` for the shapes accepted.

    Raises InputError with the line and column of a syntax error, the key and line of a
    duplicate key, or the shape expected when the document contains no array of posts.
    """
    document, positions = parse_json(text, source=source)
    return sheet_from_document(
        document, positions, source=source, terms=JSON_TERMS, records_path=records_path
    )


def parse_json(text: str, *, source: str) -> tuple[object, Positions]:
    """Decode the document with text scalars, and the line of each array and object."""
    decoder = _LocatingDecoder(text, source)
    try:
        return decoder.decode(), decoder.positions
    except JSONDecodeError as error:
        raise InputError(
            f"{source}, line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}. "
            "Check for a missing or extra comma, quote or bracket here or just before.",
            source=source,
        ) from None
    except RecursionError:
        raise InputError(
            f"{source} nests arrays or objects too deeply to be a calendar. Write the posts "
            "as an array of flat objects.",
            source=source,
        ) from None


class _LocatingDecoder:
    """The context object that `py_make_scanner` reads its parsers and options from."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.positions = Positions()
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        # Attributes read by py_make_scanner. strict=False accepts tabs and line breaks
        # typed inside strings, which hand-edited files contain and which harm nothing.
        self.strict = False
        self.parse_float = str
        self.parse_int = str
        self.parse_constant = str
        self.object_hook = None
        self.object_pairs_hook = None
        self.memo: dict[str, str] = {}
        self.parse_string = self._parse_string
        self.parse_object = self._parse_object
        self.parse_array = self._parse_array
        self.scan_once: Scanner = py_make_scanner(self)

    def decode(self) -> object:
        text = self.text
        start = _skip_space(text, 0)
        try:
            value, end = self.scan_once(text, start)
        except StopIteration as stop:
            raise JSONDecodeError("Expecting value", text, stop.value) from None
        end = _skip_space(text, end)
        if end != len(text):
            raise JSONDecodeError("Extra data", text, end)
        return _as_text(value)

    def _line(self, index: int) -> int:
        return bisect.bisect_right(self._line_starts, index)

    def _parse_string(self, text: str, end: int, strict: bool) -> tuple[str, int]:
        value, end = scanstring(text, end, strict)
        return normalize_cell(value), end

    def _parse_object(
        self,
        text_and_end: tuple[str, int],
        strict: bool,
        scan_once: Scanner,
        object_hook: object,
        object_pairs_hook: object,
        memo: dict[str, str],
    ) -> tuple[dict[str, object], int]:
        text, end = text_and_end
        opening = end - 1
        mapping: dict[str, object] = {}
        end = _skip_space(text, end)
        if text[end : end + 1] == "}":
            self.positions.lines[id(mapping)] = self._line(opening)
            return mapping, end + 1
        while True:
            if text[end : end + 1] != '"':
                if text[end : end + 1] == "}":
                    raise JSONDecodeError("Illegal trailing comma before end of object", text, end)
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, end
                )
            key_start = end
            key, end = self._parse_string(text, end + 1, strict)
            key = memo.setdefault(key, key)
            end = _skip_space(text, end)
            if text[end : end + 1] != ":":
                raise JSONDecodeError("Expecting ':' delimiter", text, end)
            end = _skip_space(text, end + 1)
            try:
                value, end = scan_once(text, end)
            except StopIteration as stop:
                raise JSONDecodeError("Expecting value", text, stop.value) from None
            if key in mapping:
                raise InputError(
                    f"{self.source}, line {self._line(key_start)}: the key “{key}” appears twice "
                    f"in the object that starts on line {self._line(opening)}. Remove or rename "
                    "one of them.",
                    source=self.source,
                )
            mapping[key] = _as_text(value)
            end = _skip_space(text, end)
            separator = text[end : end + 1]
            end += 1
            if separator == "}":
                break
            if separator != ",":
                raise JSONDecodeError("Expecting ',' delimiter", text, end - 1)
            end = _skip_space(text, end)
        self.positions.lines[id(mapping)] = self._line(opening)
        return mapping, end

    def _parse_array(
        self, text_and_end: tuple[str, int], scan_once: Scanner
    ) -> tuple[list[object], int]:
        text, end = text_and_end
        opening = end - 1
        items: list[object] = []
        lines: list[int] = []
        end = _skip_space(text, end)
        if text[end : end + 1] != "]":
            while True:
                try:
                    value, next_end = scan_once(text, end)
                except StopIteration as stop:
                    if items and text[end : end + 1] == "]":
                        raise JSONDecodeError(
                            "Illegal trailing comma before end of array", text, end
                        ) from None
                    raise JSONDecodeError("Expecting value", text, stop.value) from None
                items.append(_as_text(value))
                lines.append(self._line(end))
                end = _skip_space(text, next_end)
                separator = text[end : end + 1]
                end += 1
                if separator == "]":
                    break
                if separator != ",":
                    raise JSONDecodeError("Expecting ',' delimiter", text, end - 1)
                end = _skip_space(text, end)
        else:
            end += 1
        self.positions.lines[id(items)] = self._line(opening)
        self.positions.item_lines[id(items)] = lines
        return items, end


def _skip_space(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _as_text(value: object) -> object:
    # The scanner returns True and False itself, without a hook to change them.
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
