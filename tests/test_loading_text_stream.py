"""Decoding a text calendar in blocks of lines, and the fall-back to decoding it whole."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import text_stream
from calendar_loader.loading.text_stream import LineBlocks, decode_and_parse
from calendar_loader.table import RawSheet


class Recorder:
    """A parse function that keeps the lines it was given, read to the end."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = []

    def __call__(self, line_blocks: LineBlocks) -> RawSheet:
        lines = [line for block in line_blocks for line in block]
        self.lines.append(lines)
        return RawSheet(source="calendar.csv", sheet=None, frame=pd.DataFrame())


def parse(data: bytes, encoding: str | None = None) -> tuple[RawSheet, list[list[str]]]:
    recorder = Recorder()
    raw = decode_and_parse(data, source="calendar.csv", encoding=encoding, parse=recorder)
    return raw, recorder.lines


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"a,b\r\n1,2\r3,4\n", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 * 2 + b"a,b\r\n1,2\r3,4\n", id="two-utf-8-boms"),
        pytest.param("\ufeffa,b\r\n1,2\r3,4\n".encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param("a,b\r\n1,2\r3,4\n".encode("utf-16-be"), id="utf-16-be-no-bom"),
    ],
)
def test_lines_keep_their_ends(data: bytes) -> None:
    raw, lines = parse(data)
    assert lines == [["a,b\r\n", "1,2\r", "3,4\n"]]
    assert raw.problems == []


def test_blocks_hold_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_stream, "BLOCK_CHARS", 4)
    blocks: list[list[str]] = []

    def keep_blocks(line_blocks: LineBlocks) -> RawSheet:
        blocks.extend(line_blocks)
        return RawSheet(source="calendar.csv", sheet=None, frame=pd.DataFrame())

    decode_and_parse(b"abc\r\nd\ne\r\nfgh", source="calendar.csv", encoding=None, parse=keep_blocks)
    assert blocks == [["abc\r\n"], ["d\n", "e\r\n"], ["fgh"]]


def test_only_byte_order_marks_give_no_lines() -> None:
    _, lines = parse(codecs.BOM_UTF8 * 2)
    assert lines == [[]]


def test_late_windows_1252_byte_parsed_again() -> None:
    """The first pass stops at the byte that is not UTF-8, and the second uses cp1252."""
    data = b"caption\n" + b"plain\n" * 5000 + "Grüße aus München, schöne Tage\n".encode("cp1252")
    raw, lines = parse(data)
    assert len(lines) == 1
    assert lines[0][-1] == "Grüße aus München, schöne Tage\n"
    assert len(lines[0]) == 5002
    [warning] = raw.problems
    assert warning.code == "encoding-guessed"
    assert warning.value == "cp1252"


def test_late_bad_byte_in_forced_encoding_rejected() -> None:
    data = b"caption\n" + b"plain\n" * 5000 + "Genève\n".encode("cp1252")
    with pytest.raises(InputError) as caught:
        parse(data, encoding="utf-8")
    assert str(caught.value) == (
        "calendar.csv, line 5002: byte 0xe8 is not valid in UTF-8. Pass the right "
        "--encoding NAME, or save the file as CSV UTF-8."
    )


def test_late_mixed_encodings_rejected() -> None:
    data = "caption\nGenève\n".encode() + b"plain\n" * 5000 + "Genève\n".encode("cp1252")
    with pytest.raises(InputError) as caught:
        parse(data)
    assert str(caught.value) == (
        "calendar.csv, line 5003: the file is UTF-8 except for byte 0xe8, which is not valid "
        "UTF-8, so the file mixes two encodings. Retype the accented characters on that "
        "line, or save the file again as CSV UTF-8."
    )
