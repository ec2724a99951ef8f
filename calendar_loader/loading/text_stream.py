"""Decode a text calendar's bytes while it is parsed, in blocks of whole lines.

The whole text never exists as one string. Python stores a string at 1, 2 or 4 bytes
per character, and at 4 as soon as one character is an emoji. The text of a 175 MB CSV
file with emoji would take about 690 MB as one string.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from calendar_loader.loading.decoding import (
    choose_codec,
    decode_calendar,
    encoding_warning,
    strip_bom,
)
from calendar_loader.table import RawSheet

# Size hint for each block of lines, in characters: a block takes at most 4 MiB, and
# there are too few blocks for the loop over them to show in a profile.
BLOCK_CHARS = 1 << 20

LineBlocks = Iterator[list[str]]


def decode_and_parse(
    data: bytes, *, source: str, encoding: str | None, parse: Callable[[LineBlocks], RawSheet]
) -> RawSheet:
    """Decode `data` and give it to `parse` as blocks of lines, with their line ends.

    Line ends stay as in the file ("\\r\\n", "\\r" or "\\n"), as `open(newline="")` gives
    them, and byte order marks at the start are removed. `parse` must read the blocks to
    the end, even when it raises InputError, so that a UnicodeDecodeError from them
    shows that the codec chosen from the first bytes was wrong. The file is then decoded
    whole by `decode_calendar`, which raises its InputError or finds the codec to parse
    with again, so the decisions and messages are those of decoding the file whole.
    A file whose encoding was guessed gets the `encoding_warning` as its first problem.
    """
    codec = choose_codec(data, source=source, encoding=encoding)
    try:
        return _parse_bytes(data, codec, parse)
    except UnicodeDecodeError:
        pass  # strict UTF-8 failed; detection needs the whole file

    decoded = decode_calendar(data, source=source, encoding=encoding)
    warning = encoding_warning(decoded, source)
    codec = decoded.encoding
    del decoded  # the text need not stay in memory while the rows are read
    # `data` decoded whole with `codec` just now, so decoding it again in blocks succeeds.
    raw = _parse_bytes(data, codec, parse)
    if warning is not None:
        raw.problems.insert(0, warning)
    return raw


def _parse_bytes(data: bytes, codec: str, parse: Callable[[LineBlocks], RawSheet]) -> RawSheet:
    # BytesIO shares the bytes object instead of copying it.
    with io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors="strict", newline="") as text:
        return parse(_line_blocks(text))


def _line_blocks(text: io.TextIOWrapper) -> LineBlocks:
    first = True
    while lines := text.readlines(BLOCK_CHARS):
        if first:
            first = False
            lines[0] = strip_bom(lines[0])
            if not lines[0]:
                del lines[0]  # the file held nothing but byte order marks
        if lines:
            yield lines
