"""Read CSV, TSV and other delimited text into a `RawSheet`.

Parsing is the standard csv module's (RFC 4180 quoting, doubled quotes, quoted cells over
several lines, bare quotes inside an unquoted cell). Row numbers follow the spreadsheet:
the header is row 1 and each record is the next row, however many lines it spans.

The text arrives in blocks of lines, and records go into one list per column a chunk at
a time, so neither the whole text nor a list of all records is held. Line breaks in
cells become LF and cells become NFC only in the chunks of a column that need it.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calendar_loader.collector import collector_paused
from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import normalize_cell
from calendar_loader.loading.grid import looks_like_data, make_frame, name_columns
from calendar_loader.loading.text_blocks import TextBlocks, lf_line_breaks
from calendar_loader.problems import Problem, Severity, shorten
from calendar_loader.table import RawSheet

if TYPE_CHECKING:
    from _csv import Reader as CsvReader  # what csv.reader returns, with its line_num

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}

# The delimiter is chosen from this many records at the start of the file.
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 256 * 1024
# Records moved into the columns at once: few enough to take little memory, and enough
# that the work per chunk (checks, transposing, joining a column's text) runs in C.
_CHUNK_RECORDS = 4096


def read_delimited(line_blocks: Iterable[list[str]], *, source: str) -> RawSheet:
    """Parse delimited text, given as blocks of lines with their line ends, into a sheet.

    Empty cells become None and every other cell is a `str` in NFC with LF line breaks.
    A record whose field count differs from the header's is kept, cells not moved, with
    a `wrong-field-count` problem. Raises InputError for a file of only whitespace, for
    a file without values, for a quoted cell that is never closed, and for a cell too long
    to be real. The blocks are read to the end even then, so a UnicodeDecodeError from
    them comes out before any of these errors.
    """
    text = TextBlocks(line_blocks)
    try:
        parsed = _parse(text, source)
    except InputError:
        # An empty file and a decoding error are reported before a parse error, and both
        # depend on the whole text.
        text.read_rest()
        if not text.has_text:
            raise _empty_file(source) from None
        raise
    if not text.has_text:
        raise _empty_file(source)

    header = None if parsed.headerless else [normalize_cell(cell) for cell in parsed.header]
    named = name_columns(source=source, sheet=None, header=header, columns=parsed.columns)
    return RawSheet(
        source=source,
        sheet=None,
        frame=make_frame(named.names, parsed.columns, parsed.row_numbers),
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
    columns: list[list[object]]  # cells as `str`, None when empty
    row_numbers: np.ndarray
    problems: list[Problem]
    blank_rows: int


def _parse(text: TextBlocks, source: str) -> _Parsed:
    delimiter = detect_delimiter(text.sample(_SNIFF_CHARS))
    reader = csv.reader(text.lines(), delimiter=delimiter, strict=False)
    try:
        with collector_paused():
            return _read_records(reader, text, delimiter, source)
    except csv.Error as error:
        raise InputError(
            f"{source}, line {reader.line_num}: the file cannot be read from here on ({error}). "
            "This usually means that a quote opened on this line or above it is never "
            "closed; add the closing quote.",
            source=source,
        ) from None


def _read_records(reader: CsvReader, text: TextBlocks, delimiter: str, source: str) -> _Parsed:
    record_count = 0
    record: list[str] = []
    for record in reader:  # up to the first record with a value
        record_count += 1
        if any(record):
            break
    else:
        _reject_unclosed_quote(text, record_count, record, delimiter, source)
        raise InputError(
            f"{source} has no values. Put the headers in the first row and one post per row.",
            source=source,
        )
    first = [lf_line_breaks(cell) for cell in record]
    headerless = any(looks_like_data(cell) for cell in first)
    rows = _Rows(first, headerless, delimiter, source)
    rows.blank_rows = record_count - 1
    if headerless:
        rows.add([first], first_number=record_count, line_before=0)

    last = record
    while True:
        anchor = text.anchor()
        line_before = reader.line_num
        chunk = list(itertools.islice(reader, _CHUNK_RECORDS))
        if not chunk:
            break
        # The blocks kept from here on contain this chunk's lines and the line before.
        text.forget_before(anchor)
        rows.add(chunk, first_number=record_count + 1, line_before=line_before)
        record_count += len(chunk)
        last = chunk[-1]
    _reject_unclosed_quote(text, record_count, last, delimiter, source)

    return _Parsed(
        header=[] if headerless else first,
        headerless=headerless,
        columns=rows.columns,
        row_numbers=rows.row_numbers(),
        problems=rows.problems,
        blank_rows=rows.blank_rows,
    )


class _Rows:
    """Records gathered into one list per column, with their row numbers and problems."""

    def __init__(self, first: list[str], headerless: bool, delimiter: str, source: str) -> None:
        self.width = len(first)
        self.columns: list[list[object]] = [[] for _ in range(self.width)]
        # Per column, the one shared `str` of each value seen, or None once the column
        # stopped repeating values.
        self._values: list[dict[str, str | None] | None] = [{"": None} for _ in first]
        self.problems: list[Problem] = []
        self.blank_rows = 0
        self._numbers: list[np.ndarray] = []
        self._minimum = _significant_length(first)
        self._headerless = headerless
        self._delimiter = delimiter
        self._source = source

    def add(self, records: list[list[str]], *, first_number: int, line_before: int) -> None:
        """Add consecutive records, the first of which is on row `first_number`.

        `line_before` is the number of lines read before the first of the records.
        """
        if set(map(len, records)) == {self.width} and all(map(any, records)):
            self._extend(records)
            count = len(records)
            self._numbers.append(np.arange(first_number, first_number + count, dtype=np.int64))
        else:
            self._add_one_by_one(records, first_number, line_before)

    def row_numbers(self) -> np.ndarray:
        if not self._numbers:
            return np.empty(0, dtype=np.int64)
        return np.concatenate(self._numbers)

    def _add_one_by_one(
        self, records: list[list[str]], first_number: int, line_before: int
    ) -> None:
        kept: list[list[str]] = []
        numbers: list[int] = []
        line = line_before
        for number, raw_record in enumerate(records, start=first_number):
            record = [lf_line_breaks(cell) for cell in raw_record]
            start = line + 1
            # A record takes one line plus one for each line break inside its cells.
            line = start + "".join(record).count("\n")
            if not any(record):
                self.blank_rows += 1
                continue
            if len(record) != self.width:
                record, problem = _fit(
                    record,
                    number,
                    start,
                    self.width,
                    self._minimum,
                    self._headerless,
                    self._delimiter,
                    self._source,
                )
                if problem is not None:
                    self.problems.append(problem)
            kept.append(record)
            numbers.append(number)
        self._extend(kept)
        self._numbers.append(np.array(numbers, dtype=np.int64))

    def _extend(self, records: list[list[str]]) -> None:
        for index, cells in enumerate(zip(*records, strict=True)):
            # One check of the column's joined text spares a call per cell. A cell's text
            # is in NFC whenever the joined text is, and the join can only add false alarms.
            joined = "".join(cells)
            if "\r" in joined or not unicodedata.is_normalized("NFC", joined):
                cells = tuple(map(normalize_cell, cells))
            self._extend_column(index, cells)

    def _extend_column(self, index: int, cells: tuple[str, ...]) -> None:
        column = self.columns[index]
        values = self._values[index]
        if values is None:
            column.extend([cell or None for cell in cells])
            return
        # A column such as a time zone or a profile list repeats a few values on every
        # row. Sharing one `str` per value saves the `str` of each repeated cell, which
        # takes at least 49 bytes in CPython. `values` maps "" to None, so empty cells
        # become None on the way.
        known = len(values)
        column.extend(map(values.setdefault, cells, cells))
        if len(values) - known > len(cells) // 2:
            self._values[index] = None  # mostly new values: sharing costs more than it saves


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
    text: TextBlocks, records: int, last: list[str], delimiter: str, source: str
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
    # The kept text contains the record's lines and the line before them.
    kept = text.kept_text()
    position = len(kept) - 1 if kept.endswith("\n") else len(kept)
    for _ in range(1 + lf_line_breaks("".join(last)).count("\n")):
        position = kept.rfind("\n", 0, position)
        if position < 0:
            break
    tail = kept[position + 1 :]
    reader = csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True)
    line_before = 0
    try:
        for _ in reader:
            line_before = reader.line_num
    except csv.Error as error:
        if "unexpected end of data" not in str(error):
            return
        line = text.dropped_lines + kept.count("\n", 0, position + 1) + line_before + 1
        raise InputError(
            f"{source}, row {records} (line {line}): a quoted cell opens in this row and "
            "is never closed, so every line after it would be read into one cell. Add the "
            'closing quote (") where the cell ends.',
            source=source,
        ) from None


def _empty_file(source: str) -> InputError:
    return InputError(
        f"{source} is empty. Put the headers in the first row and one post per row.",
        source=source,
    )
