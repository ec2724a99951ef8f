"""Read one worksheet of an .xlsx or .xlsm workbook into a `RawSheet`, with python-calamine.

Cells arrive as the user sees them. Text is as typed, and whole numbers come without
".0". Other numbers are the shortest text that reads back to the same value. Booleans
are "TRUE" and "FALSE", and date, date-time and time cells are `date`, `datetime` and
`time`. Row numbers are Excel's own.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum
from python_calamine import SheetVisibleEnum as Visibility

from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import normalize_cell
from calendar_loader.loading.grid import looks_like_data, make_frame, name_columns
from calendar_loader.loading.workbook_errors import ErrorCell, find_error_cells
from calendar_loader.problems import Problem, Severity
from calendar_loader.table import RawSheet

# Excel stores numbers as doubles and keeps 15 significant digits of what is typed
# (Microsoft KB 269370).
EXCEL_DIGITS = 15

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_workbook(data: bytes, *, source: str, sheet: str | None = None) -> RawSheet:
    """Read the first visible worksheet, or the one named `sheet`.

    Raises InputError when the bytes are not an .xlsx workbook, when `sheet` is not one
    of its worksheets (the message lists them), and when the worksheet is empty.
    """
    _reject_non_workbook(data, source)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = _choose_sheet(workbook, sheet, source)
        worksheet = workbook.get_sheet_by_name(name)
        cells = worksheet.to_python(skip_empty_area=True)
    except CalamineError as error:
        raise InputError(
            f"{source} cannot be opened as an Excel workbook ({error}). Open it in Excel and "
            "save it again as Excel Workbook (.xlsx).",
            source=source,
        ) from None
    return _sheet_from_cells(cells, worksheet, name, find_error_cells(data, name), source)


def column_letter(position: int) -> str:
    """Return the Excel column letters of a 1-based column position (28 -> "AB")."""
    letters = ""
    while position > 0:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def number_text(value: float | int) -> str:
    """Render a number cell as digits without exponent, as typed where Excel kept it.

    A whole number comes without ".0". One of more than 15 digits is shown with the 15
    significant digits that Excel stores, because Excel changes the digits typed after
    the fifteenth to zeros (Microsoft KB 269370: 1111222233334444 becomes
    1111222233334440). Any other number is the shortest text that reads back to the
    same double.
    """
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        if abs(value) >= 10**EXCEL_DIGITS:
            return str(int(Decimal(format(value, f".{EXCEL_DIGITS}g"))))
        return str(int(value))
    return np.format_float_positional(value, unique=True, trim="-")


def _sheet_from_cells(
    cells: list[list[object]],
    worksheet: CalamineSheet,
    name: str,
    error_cells: list[ErrorCell],
    source: str,
) -> RawSheet:
    first_row, first_column = worksheet.start or (0, 0)
    precision: list[tuple[int, int, str]] = []  # (row, column index, text)
    header: list[str] | None = None
    headerless = False
    rows: list[list[object]] = []
    row_numbers: list[int] = []
    blank_rows = 0

    for offset, raw_cells in enumerate(cells):
        row = first_row + 1 + offset
        values = [_cell_value(cell) for cell in raw_cells]
        if all(value is None for value in values):
            blank_rows += 1
            continue
        if header is None and not headerless:
            if not any(looks_like_data(value) for value in values):
                header = [_header_text(value) for value in values]
                continue
            headerless = True
        for index, cell in enumerate(raw_cells):
            if _loses_precision(cell):
                precision.append((row, index, str(values[index])))
        rows.append(values)
        row_numbers.append(row)

    if header is None and not headerless:
        raise InputError(
            f"{source}, sheet {name}: the worksheet is empty. Put the headers in row 1 and one "
            "post per row, or pass --sheet with the name of the sheet that holds the posts.",
            source=source,
        )

    width = len(cells[0]) if cells else 0
    columns: list[list[object]] = [list(column) for column in zip(*rows, strict=True)] or [
        [] for _ in range(width)
    ]
    named = name_columns(
        source=source,
        sheet=name,
        header=header,
        columns=columns,
        first_position=first_column + 1,
        describe_position=lambda position: f"column {column_letter(position)}",
    )
    problems = list(named.problems)
    names = named.names
    for row, index, text in precision:
        problems.append(_precision_problem(source, name, row, names[index], text))
    for error_cell in error_cells:
        index = error_cell.column - first_column - 1
        column = names[index] if 0 <= index < len(names) else column_letter(error_cell.column)
        problems.append(_error_cell_problem(source, name, column, error_cell))

    return RawSheet(
        source=source,
        sheet=name,
        frame=make_frame(names, columns, row_numbers),
        headerless=headerless,
        problems=problems,
        header=named.header,
        blank_rows=blank_rows,
    )


def _cell_value(cell: object) -> object:
    """Convert a calamine cell to the RawSheet form; None for an empty cell."""
    if isinstance(cell, str):
        return normalize_cell(cell) if cell else None
    if isinstance(cell, bool):  # before int, because bool is a subclass of int
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int | float):
        return number_text(cell)
    if isinstance(cell, timedelta):
        # A duration cell such as [h]:mm. Under a day it is a time of day as typed.
        if timedelta(0) <= cell < timedelta(days=1):
            return (datetime.min + cell).time()
        if cell < timedelta(0):
            return str(cell)
        hours, rest = divmod(int(cell.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if isinstance(cell, datetime | date | time):
        return cell
    return None if cell is None else str(cell)


def _header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _loses_precision(cell: object) -> bool:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return False
    if isinstance(cell, int) or cell.is_integer():
        return abs(cell) >= 10**EXCEL_DIGITS
    mantissa = repr(abs(cell)).split("e")[0].replace(".", "").strip("0")
    return len(mantissa) > EXCEL_DIGITS


def _precision_problem(source: str, sheet: str, row: int, column: str, text: str) -> Problem:
    return Problem(
        source=source,
        sheet=sheet,
        row=row,
        column=column,
        code="number-precision-lost",
        message=(
            f"The number {text} has more than {EXCEL_DIGITS} digits, and Excel keeps only "
            f"{EXCEL_DIGITS} significant digits, so it may already have rounded what was "
            "typed. If it is an id or a code, format the column as Text in Excel and type the "
            "value again."
        ),
        value=text,
        severity=Severity.WARNING,
    )


def _error_cell_problem(source: str, sheet: str, column: str, error_cell: ErrorCell) -> Problem:
    return Problem(
        source=source,
        sheet=sheet,
        row=error_cell.row,
        column=column,
        code="excel-error-value",
        message=(
            f"Cell {error_cell.reference} shows the Excel error {error_cell.error}, so it "
            "has no value to use. Fix the formula in Excel, or type the value, and save again."
        ),
        value=error_cell.error,
        severity=Severity.ERROR,
    )


def _choose_sheet(workbook: CalamineWorkbook, sheet: str | None, source: str) -> str:
    worksheets = [meta for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
    names = [meta.name for meta in worksheets]
    if sheet is None:
        for meta in worksheets:
            if meta.visible == Visibility.Visible:
                return meta.name
        if names:
            return names[0]
        raise InputError(f"{source} has no worksheet.", source=source)
    if sheet in names:
        return sheet
    # Excel itself treats sheet names case-insensitively, so at most one can match.
    for name in names:
        if name.casefold() == sheet.casefold():
            return name
    listed = ", ".join(f"“{name}”" for name in names)
    raise InputError(
        f"{source} has no sheet named “{sheet}”. Its sheets are: {listed}. Pass one of them "
        "with --sheet.",
        source=source,
    )


def _reject_non_workbook(data: bytes, source: str) -> None:
    if data.startswith(_ZIP_MAGIC):
        return
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{source} is not an .xlsx workbook: it is either password-protected or an old "
            ".xls workbook renamed to .xlsx. Remove the password, or open it in Excel and save "
            "it as Excel Workbook (.xlsx).",
            source=source,
        )
    if not data:
        raise InputError(f"{source} is empty (0 bytes).", source=source)
    raise InputError(
        f"{source} is not an Excel workbook, although its name ends in .xlsx or .xlsm. If it "
        "is a CSV file, rename it to .csv; otherwise open it in Excel and save it as Excel "
        "Workbook (.xlsx).",
        source=source,
    )
