"""Read CSV, TSV and other delimited text into a `RawSheet`.

Parsing is the standard csv module's (RFC 4180 quoting, doubled quotes, quoted cells over
several lines, bare quotes inside an unquoted cell). Row numbers follow the spreadsheet:
the header is row 1 and each record is the next row, however many lines it spans.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import normalize_cell
from calendar_loader.loading.grid import looks_like_data, make_frame, name_columns
from calendar_loader.problems import Problem, Severity, shorten
from calendar_loader.table import RawSheet

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}

# The delimiter is chosen from this many records at the start of the file.
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 256 * 1024


def read_delimited(text: str, *, source: str) -> RawSheet:
    """Parse delimited text into a sheet whose cells are the text as typed.

    Empty cells become None and every other cell is a `str` in NFC with LF line breaks.
    A record whose field count differs from the header's is kept, cells not moved, with
    a `wrong-field-count` problem. Raises InputError for a file without values, for a
    quoted cell that is never closed, and for a cell too long to be real.
    """
    if not text.strip():
        raise InputError(
            f"{source} is empty. Put the headers in the first row and one post per row.",
            source=source,
        )
    if "\r" in text:
        # Done before parsing, so that CRLF inside quoted cells becomes LF as well.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NFC is applied per cell, never to the whole text, because NFC maps U+037E (Greek
    # question mark) to ";", which would split a cell of a semicolon-delimited file.
    needs_nfc = not unicodedata.is_normalized("NFC", text)
    delimiter = detect_delimiter(text)
    with _garbage_collector_paused():
        parsed = _parse(text, delimiter, source)
        columns: list[list[object]] = []
        for index in range(parsed.width):
            if needs_nfc:
                columns.append(
                    [normalize_cell(row[index]) if row[index] else None for row in parsed.rows]
                )
            else:
                columns.append([row[index] or None for row in parsed.rows])
        parsed.rows.clear()

    header = None if parsed.headerless else [normalize_cell(cell) for cell in parsed.header]
    named = name_columns(source=source, sheet=None, header=header, columns=columns)
    return RawSheet(
        source=source,
        sheet=None,
        frame=make_frame(named.names, columns, parsed.row_numbers),
        headerless=parsed.headerless,
        problems=named.problems + parsed.problems,
        header=named.header,
        blank_rows=parsed.blank_rows,
    )


def detect_delimiter(text: str) -> str:
    """Return the delimiter among `DELIMITERS` that splits the first records most evenly.

    A candidate must give the first record at least two fields. The winner has the
    largest share of following records with the first record's field count, then the
    most fields. This is written out here because csv.Sniffer is unreliable on calendars.
    In Python 3.11 it raises on a one-column file, and it takes apostrophes in captions
    such as "L'été, c'est 'la fête'" for quote characters, after which it chose "," for a
    semicolon-delimited file.
    """
    sample = text[:_SNIFF_CHARS]
    sample_is_cut = len(sample) < len(text)
    best, best_key = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        counts = _field_counts(sample, delimiter, sample_is_cut)
        if not counts or counts[0] < 2:
            continue
        first, rest = counts[0], counts[1:]
        share = sum(1 for count in rest if count == first) / len(rest) if rest else 1.0
        key = (share, first)
        if key > best_key:
            best, best_key = delimiter, key
    return best


@dataclass
class _Parsed:
    """Records of a delimited file, each padded or cut to the width of the first record."""

    header: list[str]
    headerless: bool
    width: int
    rows: list[list[str]]
    row_numbers: np.ndarray
    problems: list[Problem]
    blank_rows: int


def _parse(text: str, delimiter: str, source: str) -> _Parsed:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        records = list(reader)
    except csv.Error as error:
        raise InputError(
            f"{source}, line {reader.line_num}: the file cannot be read from here on ({error}). "
            "This usually means that a quote opened on this line or above it is never "
            "closed; add the closing quote.",
            source=source,
        ) from None
    _reject_unclosed_quote(text, records, delimiter, source)

    start = 0
    while start < len(records) and not any(records[start]):
        start += 1
    if start == len(records):
        raise InputError(
            f"{source} has no values. Put the headers in the first row and one post per row.",
            source=source,
        )
    first = records[start]
    headerless = any(looks_like_data(cell) for cell in first)
    data_start = start if headerless else start + 1
    rows = records[data_start:]
    width = len(first)
    count = len(rows)

    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=count)
    filled = np.fromiter(map(any, rows), dtype=bool, count=count)
    problems: list[Problem] = []
    misfits = np.flatnonzero(filled & (lengths != width))
    if misfits.size:
        lines = _start_lines(records, [data_start + int(index) for index in misfits])
        minimum = _significant_length(first)
        for index in misfits:
            record_index = data_start + int(index)
            rows[index], problem = _fit(
                rows[index],
                record_index + 1,
                lines[record_index],
                width,
                minimum,
                headerless,
                delimiter,
                source,
            )
            if problem is not None:
                problems.append(problem)

    row_numbers = np.arange(data_start + 1, data_start + 1 + count, dtype=np.int64)
    if not filled.all():
        rows = list(itertools.compress(rows, filled))
        row_numbers = row_numbers[filled]
    return _Parsed(
        header=[] if headerless else first,
        headerless=headerless,
        width=width,
        rows=rows,
        row_numbers=row_numbers,
        problems=problems,
        blank_rows=start + count - int(filled.sum()),
    )


def _fit(
    record: list[str],
    row: int,
    line: int,
    width: int,
    minimum: int,
    headerless: bool,
    delimiter: str,
    source: str,
) -> tuple[list[str], Problem | None]:
    """Pad or cut a record to the header's width, with a problem unless only blanks differ."""
    count = len(record)
    extra_data = count > width and any(record[width:])
    problem = None
    if extra_data or count < minimum:
        expected = width if extra_data else minimum
        against = "the first row" if headerless else "the header"
        name = DELIMITER_NAMES[delimiter]
        problem = Problem(
            source=source,
            sheet=None,
            row=row,
            column=None,
            code="wrong-field-count",
            message=(
                f"Row {row} (line {line}) has {count} fields, but {against} has {expected}. "
                "The cells were read from the left and not moved, so the values after a "
                f"missing or extra {name} are in the wrong columns. Check the quotes and the "
                f"{name}s in this row."
            ),
            value=shorten(delimiter.join(record)),
            severity=Severity.ERROR,
        )
    if count > width:
        return record[:width], problem
    return record + [""] * (width - count), problem


def _start_lines(records: list[list[str]], indexes: list[int]) -> dict[int, int]:
    """Return the line where each record of `indexes` starts, counting breaks inside cells."""
    lines: dict[int, int] = {}
    last = max(indexes)
    targets = set(indexes)
    line = 1
    for index, record in enumerate(records):
        if index in targets:
            lines[index] = line
        if index == last:
            break
        line += 1 + "".join(record).count("\n")
    return lines


def _significant_length(record: list[str]) -> int:
    length = len(record)
    while length and not record[length - 1]:
        length -= 1
    return length


def _field_counts(sample: str, delimiter: str, sample_is_cut: bool) -> list[int]:
    counts: list[int] = []
    records: Iterator[list[str]] = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for record in records:
            if any(record):
                counts.append(len(record))
            if len(counts) > _SNIFF_RECORDS:
                return counts
    except csv.Error:
        return []
    if sample_is_cut and len(counts) > 1:
        counts.pop()  # the last record may be cut in the middle
    return counts


def _reject_unclosed_quote(
    text: str, records: list[list[str]], delimiter: str, source: str
) -> None:
    """Raise when the last record ends inside a quoted cell.

    The lenient reader keeps everything after a stray opening quote as one cell, which
    would silently swallow every later row. Only the last record can be affected, so its
    lines alone are parsed again in strict mode.
    """
    if not records:
        return
    # Step back over the record's own lines. When an open cell swallowed the final line
    # break, this takes one line of the record before as well, which parses the same.
    position = len(text) - 1 if text.endswith("\n") else len(text)
    for _ in range(1 + "".join(records[-1]).count("\n")):
        position = text.rfind("\n", 0, position)
        if position < 0:
            break
    tail = text[position + 1 :]
    reader = csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True)
    line_before = 0
    try:
        for _ in reader:
            line_before = reader.line_num
    except csv.Error as error:
        if "unexpected end of data" not in str(error):
            return
        line = text.count("\n", 0, position + 1) + line_before + 1
        raise InputError(
            f"{source}, row {len(records)} (line {line}): a quoted cell opens in this row and "
            "is never closed, so every line after it would be read into one cell. Add the "
            'closing quote (") where the cell ends.',
            source=source,
        ) from None


@contextmanager
def _garbage_collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are parsed.

    Parsing allocates one list per record, and the collector scans the growing pile again
    and again: with it running, a million-row load took about 1.4 times as long on a
    2-core test machine. Lists of strings cannot form reference cycles, so the pause
    leaves nothing uncollected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
