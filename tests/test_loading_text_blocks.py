"""Blocks of lines for the csv reader: the sample, replay, emptiness and the kept tail."""

from __future__ import annotations

import pytest

from calendar_loader.loading.text_blocks import TextBlocks, lf_line_breaks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\r\nb\rc\n", "a\nb\nc\n", id="crlf-cr-lf"),
        pytest.param("a\r\r\nb", "a\n\nb", id="cr-before-crlf"),
        pytest.param("plain", "plain", id="no-breaks"),
    ],
)
def test_lf_line_breaks(text: str, expected: str) -> None:
    assert lf_line_breaks(text) == expected


def test_sample_is_lf_text_past_length() -> None:
    blocks = TextBlocks([["ab\r\n", "cd\r\n"], ["ef\r\n"], ["gh\n"]])
    assert blocks.sample(6) == "ab\ncd\nef\n"


def test_sample_of_short_text_is_all_of_it() -> None:
    blocks = TextBlocks([["ab\r\n"], ["cd"]])
    assert blocks.sample(100) == "ab\ncd"


def test_lines_replay_sample_then_rest() -> None:
    blocks = TextBlocks([["ab\r\n", "cd\r\n"], ["ef\r\n"], ["gh\n"]])
    blocks.sample(3)
    assert list(blocks.lines()) == ["ab\r\n", "cd\r\n", "ef\r\n", "gh\n"]


@pytest.mark.parametrize(
    ("line_blocks", "has_text"),
    [
        pytest.param([[" \n", "\t\r\n"], ["\u3000\n"]], False, id="only-whitespace"),
        pytest.param([[" \n"], ["  x\n"]], True, id="text-in-second-block"),
        pytest.param([], False, id="no-blocks"),
    ],
)
def test_has_text_after_read_rest(line_blocks: list[list[str]], has_text: bool) -> None:
    blocks = TextBlocks(line_blocks)
    blocks.read_rest()
    assert blocks.has_text is has_text


def test_read_rest_covers_blocks_not_handed_out() -> None:
    blocks = TextBlocks([[" \n"], [" \n"], ["x\n"]])
    lines = blocks.lines()
    assert next(lines) == " \n"
    assert blocks.has_text is False
    blocks.read_rest()
    assert blocks.has_text is True


def test_forget_before_keeps_anchor_block() -> None:
    blocks = TextBlocks([["a\r\n", "b\r\n"], ["c\r\n"], ["d\r\n", "e"]])
    lines = blocks.lines()
    assert [next(lines) for _ in range(3)] == ["a\r\n", "b\r\n", "c\r\n"]
    anchor = blocks.anchor()
    assert anchor == 1
    assert list(lines) == ["d\r\n", "e"]
    blocks.forget_before(anchor)
    assert blocks.kept_text() == "c\nd\ne"
    assert blocks.dropped_lines == 2
