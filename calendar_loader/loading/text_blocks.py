"""Blocks of lines on their way to the csv reader, and what is known of the whole text."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator


def lf_line_breaks(text: str) -> str:
    """Return `text` with every CRLF or lone CR turned into LF."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class TextBlocks:
    """Lines of a text, given as blocks of whole lines with their line ends kept.

    Only a few blocks are in memory at a time. The blocks from an anchor on are kept,
    because the check for an unclosed quote parses the last record's lines again.
    """

    def __init__(self, line_blocks: Iterable[list[str]]) -> None:
        self._source = iter(line_blocks)
        self._read_ahead: list[list[str]] = []  # read for the sample, not yet handed out
        self._kept: list[list[str]] = []
        self._first_kept = 0  # index of `_kept[0]` among all blocks
        self._handed_out = 0
        self.dropped_lines = 0  # lines before the kept blocks
        self.has_text = False  # True once a character other than whitespace was read

    def sample(self, length: int) -> str:
        """Read the start of the text and return it with LF line breaks.

        The result is longer than `length` unless the whole text is shorter, so that a
        caller can tell whether it was cut.
        """
        parts: list[str] = []
        size = 0
        while size <= length:
            block = self._pull()
            if block is None:
                break
            self._read_ahead.append(block)
            parts.append(lf_line_breaks("".join(block)))
            size += len(parts[-1])
        return "".join(parts)

    def lines(self) -> Iterator[str]:
        """Return an iterator over all lines, starting with those read for the sample."""
        return itertools.chain.from_iterable(self._hand_out())

    def anchor(self) -> int:
        """Return the index of the block that the line last handed out came from."""
        return max(self._handed_out - 1, 0)

    def forget_before(self, anchor: int) -> None:
        """Drop the kept blocks that come before the block at `anchor`."""
        count = anchor - self._first_kept
        if count > 0:
            self.dropped_lines += sum(map(len, self._kept[:count]))
            del self._kept[:count]
            self._first_kept = anchor

    def kept_text(self) -> str:
        """Return the kept blocks' text, the end of the whole text, with LF line breaks."""
        return lf_line_breaks("".join(itertools.chain.from_iterable(self._kept)))

    def read_rest(self) -> None:
        """Read the blocks not handed out yet, so that `has_text` covers the whole text.

        A decoding error in those blocks is raised here.
        """
        while self._pull() is not None:
            pass

    def _hand_out(self) -> Iterator[list[str]]:
        while True:
            if self._read_ahead:
                block = self._read_ahead.pop(0)
            else:
                pulled = self._pull()
                if pulled is None:
                    return
                block = pulled
            self._kept.append(block)
            self._handed_out += 1
            yield block

    def _pull(self) -> list[str] | None:
        block = next(self._source, None)
        if block is not None and not self.has_text:
            # Lines are never empty: each has its line end, or is the text's last part.
            self.has_text = not all(map(str.isspace, block))
        return block
