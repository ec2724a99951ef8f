"""Turn the rows of a CSV file or a worksheet into a `RawSheet`.

CSV and Excel share the rules for headers. Surrounding spaces are stripped, and trailing
columns without a header or data are dropped. A column with data but no header is named
`column N`, where N is its 1-based position in the file or sheet. A repeated header gets
a ` (2)` suffix. The two formats also share the test for a file without a header row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from calendar_loader.problems import Problem, Severity, shorten
from calendar_loader.table import ROW, RawSheet

# Problem codes that describe the header row; they no longer apply once it is a record.
HEADER_PROBLEM_CODES = frozenset({"unnamed-column", "duplicate-header"})

_DATE_LIKE = re.compile(
    r"""
    (?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}           # 2026-08-26, 2026/08/26
      |\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})        # 26.08.2026, 08/26/26
    (?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?
       (?:Z|[+-]\d{2}:?\d{2})?)?               # optional time of day and offset
    """,
    re.VERBOSE,
)
_URL_LIKE = re.compile(r"https?://\S+", re.IGNORECASE)


def looks_like_data(cell: object) -> bool:
    """Tell whether a first-row cell is a date, a date-time or a web address.

    Headers are words, so such a cell means the file starts with a record.
    """
    if isinstance(cell, date | datetime | time):
        return True
    if not isinstance(cell, str):
        return False
    text = cell.strip()
    return bool(_DATE_LIKE.fullmatch(text) or _URL_LIKE.fullmatch(text))


@dataclasses.dataclass(frozen=True)
class ColumnNames:
    """Names of the columns kept from a grid, and the warnings about the header."""

    names: list[str]
    header: list[str]  # the kept header cells as typed, empty when headerless
    problems: list[Problem]


def name_columns(
    *,
    source: str,
    sheet: str | None,
    header: Sequence[str] | None,
    columns: Sequence[Sequence[object]],
    first_position: int = 1,
    describe_position: Callable[[int], str] = "column {}".format,
) -> ColumnNames:
    """Name the columns of a grid whose cells are already cleaned (None for empty).

    `header` is None for a file without a header row: columns are then named "1", "2", ….
    `first_position` is the 1-based position of `columns[0]` in the sheet, because a
    worksheet's data may start in column C. `describe_position` renders a position for
    messages. Only trailing columns with neither header nor data are dropped, so the kept
    columns are always `columns[:len(names)]`.
    """
    width = len(columns)
    typed = list(header or []) + [""] * (width - len(header or []))
    kept_count = width
    while (
        kept_count > 0
        and not typed[kept_count - 1].strip()
        and not _has_data(columns[kept_count - 1])
    ):
        kept_count -= 1

    if header is None:
        return ColumnNames([str(index + 1) for index in range(kept_count)], [], [])

    problems: list[Problem] = []
    names: list[str] = []
    taken_names = {ROW}
    owner: dict[str, int] = {}  # position of the column that has each name
    for index in range(kept_count):
        position = first_position + index
        name = typed[index].strip()
        if not name:
            name = f"column {position}"
            if _has_data(columns[index]):
                problems.append(_unnamed_column(source, sheet, name, describe_position(position)))
        unique = unique_name(name, taken_names)
        if unique != name:
            earlier = owner.get(name)
            problems.append(
                _duplicate_header(
                    source,
                    sheet,
                    name,
                    unique,
                    describe_position(position),
                    None if earlier is None else describe_position(earlier),
                )
            )
        owner[unique] = position
        taken_names.add(unique)
        names.append(unique)
    return ColumnNames(names, typed[:kept_count], problems)


def make_frame(
    names: Sequence[str],
    columns: Sequence[Sequence[object]],
    row_numbers: Sequence[int] | np.ndarray,
) -> pd.DataFrame:
    """Build a frame with ROW (int64) first and one object-dtype column per name.

    Object dtype is given explicitly, because pandas 3 would otherwise turn columns of
    text into its string dtype and empty cells into NaN.
    """
    count = len(row_numbers)
    data: dict[str, object] = {ROW: np.asarray(row_numbers, dtype=np.int64)}
    for name, values in zip(names, columns, strict=False):
        # fromiter keeps nested lists as single objects where np.array would broadcast them.
        array = np.fromiter(values, dtype=object, count=count)
        data[name] = pd.Series(array, dtype=object, copy=False)
    return pd.DataFrame(data)


def headerless(raw: RawSheet) -> RawSheet:
    """Return `raw` read again as a sheet without a header row.

    The header cells become the first record, on row 1, and the columns are renamed
    "1", "2", … in order. Problems about the header are dropped, and the others follow
    the renamed columns. A sheet that is already headerless is returned unchanged.
    Raises ValueError for a YAML or JSON sheet, which has no header row.
    """
    if raw.headerless:
        return raw
    if not raw.header:
        raise ValueError(f"{raw.source} has no header row to turn into a record")

    old_names = [name for name in raw.frame.columns if name != ROW]
    new_names = [str(index + 1) for index in range(len(old_names))]
    typed = list(raw.header) + [""] * (len(old_names) - len(raw.header))
    columns = [
        [typed[index] or None, *raw.frame[name].tolist()] for index, name in enumerate(old_names)
    ]
    # NOTE: the header is assumed to be on row 1. For a CSV file or worksheet with blank
    # rows above its header, this first record's number is off by that many rows.
    row_numbers = [1, *raw.frame[ROW].tolist()]

    renamed = dict(zip(old_names, new_names, strict=True))
    problems = [
        dataclasses.replace(problem, column=renamed.get(problem.column, problem.column))
        for problem in raw.problems
        if problem.code not in HEADER_PROBLEM_CODES
    ]
    return RawSheet(
        source=raw.source,
        sheet=raw.sheet,
        frame=make_frame(new_names, columns, row_numbers),
        headerless=True,
        problems=problems,
        header=[],
        blank_rows=raw.blank_rows,
        document=raw.document,
    )


def _has_data(values: Sequence[object]) -> bool:
    return any(value is not None for value in values)


def unique_name(name: str, taken_names: set[str]) -> str:
    """Return `name`, or `name (2)`, `name (3)`, … whichever is not in `taken_names` yet."""
    if name not in taken_names:
        return name
    suffix = 2
    while f"{name} ({suffix})" in taken_names:
        suffix += 1
    return f"{name} ({suffix})"


def _unnamed_column(source: str, sheet: str | None, name: str, where: str) -> Problem:
    return Problem(
        source=source,
        sheet=sheet,
        row=None,
        column=name,
        code="unnamed-column",
        message=(
            f"{where[:1].upper()}{where[1:]} has values but no header, so it is read as "
            f"“{name}”. Type a header in the header row to name it, or delete the column if "
            "it is not needed."
        ),
        severity=Severity.WARNING,
    )


def _duplicate_header(
    source: str, sheet: str | None, name: str, unique: str, where: str, earlier: str | None
) -> Problem:
    if earlier is None:
        reason = f"“{ROW}” is reserved for the row number"
    else:
        reason = f"{earlier} has the same header"
    return Problem(
        source=source,
        sheet=sheet,
        row=None,
        column=unique,
        code="duplicate-header",
        message=(
            f"The header “{shorten(name)}” of {where} is read as “{shorten(unique)}”, "
            f"because {reason}. Rename one of them if they mean different things."
        ),
        value=name,
        severity=Severity.WARNING,
    )
