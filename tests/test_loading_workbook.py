"""Excel workbooks read with python-calamine; test workbooks are written with openpyxl."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.loading.workbook import column_letter, number_text
from calendar_loader.problems import Severity
from calendar_loader.table import ROW, RawSheet


def save(tmp_path: Path, rows: list[list[object]], name: str = "plan.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def load(path: Path, **options: str) -> RawSheet:
    [raw] = load_calendar(path, **options)
    return raw


def cells(raw: RawSheet) -> list[dict[str, object]]:
    return raw.frame.drop(columns=ROW).to_dict("records")


def test_cells_as_typed(tmp_path: Path) -> None:
    path = save(
        tmp_path,
        [
            ["text", "whole", "decimal", "tiny", "flag", "day", "moment", "clock", "span"],
            [
                "0012",
                12.0,
                1.5,
                0.00001,
                True,
                date(2026, 8, 26),
                datetime(2026, 8, 26, 10, 30),
                time(10, 0),
                timedelta(hours=30),
            ],
            ["NA", -3, 0.1, 1e20, False, None, None, None, timedelta(minutes=90)],
        ],
    )
    raw = load(path)
    assert raw.sheet == "Plan"
    assert raw.header == [
        "text",
        "whole",
        "decimal",
        "tiny",
        "flag",
        "day",
        "moment",
        "clock",
        "span",
    ]
    assert cells(raw) == [
        {
            "text": "0012",
            "whole": "12",
            "decimal": "1.5",
            "tiny": "0.00001",
            "flag": "TRUE",
            "day": date(2026, 8, 26),
            "moment": datetime(2026, 8, 26, 10, 30),
            "clock": time(10, 0),
            "span": "30:00:00",
        },
        {
            "text": "NA",
            "whole": "-3",
            "decimal": "0.1",
            "tiny": "100000000000000000000",
            "flag": "FALSE",
            "day": None,
            "moment": None,
            "clock": None,
            "span": time(1, 30),
        },
    ]
    assert [problem.code for problem in raw.problems] == ["number-precision-lost"]


def test_long_number_warns(tmp_path: Path) -> None:
    raw = load(save(tmp_path, [["Id", "Caption"], [1234567890123456789, "Hello"]]))
    assert cells(raw) == [{"Id": "1234567890123460000", "Caption": "Hello"}]
    [warning] = raw.problems
    assert warning.code == "number-precision-lost"
    assert warning.severity is Severity.WARNING
    assert (warning.sheet, warning.row, warning.column) == ("Plan", 2, "Id")
    assert warning.value == "1234567890123460000"
    assert warning.message == (
        "The number 1234567890123460000 has more than 15 digits, and Excel keeps only 15 "
        "significant digits, so it may already have rounded what was typed. If it is an id or "
        "a code, format the column as Text in Excel and type the value again."
    )


def test_text_cells_normalised(tmp_path: Path) -> None:
    raw = load(save(tmp_path, [["Caption"], ["Cafe\u0301\r\nline two  "]]))
    assert cells(raw) == [{"Caption": "Café\nline two  "}]


def test_excel_row_numbers_with_gaps(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"] = "Date"
    sheet["D3"] = "Caption"
    sheet["C4"] = "2026-08-26"
    sheet["D4"] = "first"
    sheet["D7"] = "after blank rows"
    path = tmp_path / "gaps.xlsx"
    workbook.save(path)
    raw = load(path)
    assert raw.frame[ROW].tolist() == [4, 7]
    assert raw.blank_rows == 2
    assert cells(raw) == [
        {"Date": "2026-08-26", "Caption": "first"},
        {"Date": None, "Caption": "after blank rows"},
    ]


def test_unnamed_column_uses_letter(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B1"] = "Caption"
    sheet["B2"] = "Hi"
    sheet["C2"] = "orphan"
    path = tmp_path / "unnamed.xlsx"
    workbook.save(path)
    raw = load(path)
    assert list(raw.frame.columns) == [ROW, "Caption", "column 3"]
    [warning] = raw.problems
    assert warning.message == (
        "Column C has values but no header, so it is read as “column 3”. Type a header in the "
        "header row to name it, or delete the column if it is not needed."
    )


def test_headerless_sheet_detected(tmp_path: Path) -> None:
    raw = load(
        save(tmp_path, [[datetime(2026, 8, 26, 10), "Hello"], [datetime(2026, 8, 27, 10), "Hi"]])
    )
    assert raw.headerless is True
    assert list(raw.frame.columns) == [ROW, "1", "2"]
    assert raw.frame[ROW].tolist() == [1, 2]
    assert raw.frame["1"][0] == datetime(2026, 8, 26, 10)


def test_error_cell_reported(tmp_path: Path) -> None:
    raw = load(save(tmp_path, [["Date", "Caption"], ["2026-08-26", "#N/A"]]))
    assert cells(raw) == [{"Date": "2026-08-26", "Caption": None}]
    [problem] = raw.problems
    assert problem.code == "excel-error-value"
    assert problem.severity is Severity.ERROR
    assert (problem.row, problem.column, problem.value) == (2, "Caption", "#N/A")
    assert problem.message == (
        "Cell B2 shows the Excel error #N/A, so it has no value to use. Fix the formula in "
        "Excel, or type the value, and save again."
    )


def test_first_visible_sheet_chosen(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "Lists"
    hidden.sheet_state = "hidden"
    hidden.append(["not", "posts"])
    posts = workbook.create_sheet("Posts")
    posts.append(["Caption"])
    posts.append(["Hello"])
    other = workbook.create_sheet("Archive")
    other.append(["Caption"])
    other.append(["Old"])
    path = tmp_path / "book.xlsm"
    workbook.save(path)
    assert load(path).sheet == "Posts"
    archive = load(path, sheet="archive")
    assert archive.sheet == "Archive"
    assert cells(archive) == [{"Caption": "Old"}]


def test_unknown_sheet_lists_names(tmp_path: Path) -> None:
    path = save(tmp_path, [["Caption"], ["Hi"]])
    with pytest.raises(InputError) as caught:
        load(path, sheet="Week 1")
    assert str(caught.value) == (
        f"{path} has no sheet named “Week 1”. Its sheets are: “Plan”. Pass one of them with "
        "--sheet."
    )


def test_empty_sheet_rejected(tmp_path: Path) -> None:
    path = save(tmp_path, [])
    with pytest.raises(InputError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}, sheet Plan: the worksheet is empty. Put the headers in row 1 and one post "
        "per row, or pass --sheet with the name of the sheet that holds the posts."
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "is not an .xlsx workbook: it is either password-protected or an old .xls workbook "
            "renamed to .xlsx. Remove the password, or open it in Excel and save it as Excel "
            "Workbook (.xlsx).",
            id="ole-container",
        ),
        pytest.param(
            b"Date,Caption\n1,2\n",
            "is not an Excel workbook, although its name ends in .xlsx or .xlsm. If it is a CSV "
            "file, rename it to .csv; otherwise open it in Excel and save it as Excel Workbook "
            "(.xlsx).",
            id="csv-renamed",
        ),
        pytest.param(b"", "is empty (0 bytes).", id="empty"),
    ],
)
def test_non_workbook_rejected(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load(path)
    assert str(caught.value) == f"{path} {expected}"


def test_broken_zip_rejected(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path} cannot be opened as an Excel workbook (")
    assert message.endswith("). Open it in Excel and save it again as Excel Workbook (.xlsx).")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12.0, "12"),
        (-0.5, "-0.5"),
        (1e-7, "0.0000001"),
        (123456789012345.0, "123456789012345"),
        (7, "7"),
        (1.23456789012345e18, "1234567890123450000"),
        (1111222233334440.0, "1111222233334440"),
    ],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(("position", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letter(position: int, letters: str) -> None:
    assert column_letter(position) == letters


def test_long_fraction_warns(tmp_path: Path) -> None:
    raw = load(save(tmp_path, [["Share"], [1 / 3], [0.25]]))
    assert cells(raw) == [{"Share": "0.3333333333333333"}, {"Share": "0.25"}]
    assert [(problem.code, problem.row) for problem in raw.problems] == [
        ("number-precision-lost", 2)
    ]
