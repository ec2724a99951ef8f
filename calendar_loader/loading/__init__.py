"""Read a calendar file (CSV, Excel, YAML, JSON) into `RawSheet`s, cells as typed.

Every value arrives as the text the user typed: `NA`, `null`, `0012`, `no`, `10:00` and
`2026-08-26` stay text, and only an empty cell or an explicit YAML/JSON null is None.
Excel date, date-time and time cells are the exceptions, as `date`, `datetime` and
`time`. Text is in NFC, and line breaks inside a cell are LF.
"""

from __future__ import annotations

import functools
from pathlib import Path

from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import decode_calendar, encoding_warning, read_calendar_bytes
from calendar_loader.loading.delimited import read_delimited
from calendar_loader.loading.grid import headerless
from calendar_loader.loading.json_document import read_json
from calendar_loader.loading.text_stream import decode_and_parse
from calendar_loader.loading.workbook import read_workbook
from calendar_loader.loading.yaml_document import read_yaml
from calendar_loader.table import RawSheet

__all__ = ["SUFFIXES", "headerless", "load_calendar"]

_DELIMITED = (".csv", ".tsv", ".txt")
_WORKBOOK = (".xlsx", ".xlsm")
_YAML = (".yaml", ".yml")
_JSON = (".json",)
SUFFIXES = _DELIMITED + _WORKBOOK + _YAML + _JSON

# Save-as instructions for the files of other programs, by extension.
_SAVE_AS_HINTS = {
    ".xls": "It is an Excel 97-2003 workbook. Open it in Excel and use File > Save As > "
    "Excel Workbook (.xlsx), or CSV UTF-8.",
    ".xlsb": "It is an Excel binary workbook. Open it in Excel and use File > Save As > "
    "Excel Workbook (.xlsx).",
    ".ods": "Open it in LibreOffice and use File > Save As > Excel 2007-365 (.xlsx), or "
    "Text CSV with UTF-8.",
    ".numbers": "Open it in Numbers and use File > Export To > Excel or CSV.",
}


def load_calendar(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    records_path: str | None = None,
    display_name: str | None = None,
) -> list[RawSheet]:
    """Read a calendar file into one `RawSheet`, with the reader for the file's extension.

    .csv, .tsv and .txt files are delimited text, and the delimiter is detected. .xlsx
    and .xlsm files are Excel workbooks: `sheet` picks a worksheet, else the first
    visible one is read. .yaml, .yml and .json files are documents, and `records_path`
    such as "weeks[].posts[]" gives the path to the posts in them. `encoding` forces the
    encoding of a text file. An option that does not apply to the file's type is ignored,
    because one run may read several kinds of file with the same options.
    `RawSheet.source` is `display_name`, or the path as given.

    Raises InputError when the file is missing, unreadable, of an unsupported type, or
    cannot be used at all, and UsageError when `records_path` is not a valid path.
    Problems with single rows are `Problem`s in `RawSheet.problems`, never exceptions.

    Example:
        sheets = load_calendar(Path("calendar.csv"))
        sheets[0].frame  # "_row" plus one column per header
    """
    source = display_name or str(path)
    suffix = path.suffix.lower()
    if path.is_dir() or not path.exists():
        read_calendar_bytes(path, source)  # raises the InputError that names the problem
    if suffix not in SUFFIXES:
        raise InputError(_unsupported_message(source, suffix), source=source)

    data = read_calendar_bytes(path, source)
    if suffix in _WORKBOOK:
        return [read_workbook(data, source=source, sheet=sheet)]
    if suffix in _DELIMITED:
        parse = functools.partial(read_delimited, source=source)
        return [decode_and_parse(data, source=source, encoding=encoding, parse=parse)]

    decoded = decode_calendar(data, source=source, encoding=encoding)
    del data  # a large file's bytes need not stay in memory while its text is parsed
    warning = encoding_warning(decoded, source)
    if suffix in _YAML:
        raw = read_yaml(decoded.text, source=source, records_path=records_path)
    else:
        raw = read_json(decoded.text, source=source, records_path=records_path)
    if warning is not None:
        raw.problems.insert(0, warning)
    return [raw]


def _unsupported_message(source: str, suffix: str) -> str:
    accepted = ", ".join(SUFFIXES)
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    hint = _SAVE_AS_HINTS.get(
        suffix, "Save the calendar as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv)."
    )
    return f"{source} is {kind}, which calendar-loader does not read ({accepted}). {hint}"
