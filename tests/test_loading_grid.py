"""Header naming shared by CSV and Excel, and `headerless()`."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from calendar_loader.loading import headerless, load_calendar
from calendar_loader.loading.grid import looks_like_data
from calendar_loader.table import ROW, RawSheet


def load(tmp_path: Path, text: str, name: str = "calendar.csv") -> RawSheet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [raw] = load_calendar(path)
    return raw


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2026-08-26", True, id="iso-date"),
        pytest.param(" 2026/8/26 ", True, id="slashed-date-with-spaces"),
        pytest.param("26.08.26 10:00", True, id="dotted-short-year"),
        pytest.param("2026-08-26T10:00:00.123+02:00", True, id="iso-offset"),
        pytest.param("HTTPS://EXAMPLE.COM/x", True, id="url-upper-case"),
        pytest.param(date(2026, 8, 26), True, id="date-object"),
        pytest.param(datetime(2026, 8, 26, 10), True, id="datetime-object"),
        pytest.param(time(10), True, id="time-object"),
        pytest.param("Date", False, id="word"),
        pytest.param("Publish date (YYYY-MM-DD)", False, id="header-with-format"),
        pytest.param("2026", False, id="year-alone"),
        pytest.param("10:00", False, id="time-text"),
        pytest.param("www.example.com", False, id="url-without-scheme"),
        pytest.param(None, False, id="none"),
    ],
)
def test_looks_like_data(cell: object, expected: bool) -> None:
    assert looks_like_data(cell) is expected


def test_headerless_turns_header_into_row_one(tmp_path: Path) -> None:
    raw = load(tmp_path, " Mon 8:00 ,Hello,\nTue,Hi,https://x.test\n\nWed,Hey,\n")
    assert raw.headerless is False
    converted = headerless(raw)
    assert converted.headerless is True
    assert converted.header == []
    assert list(converted.frame.columns) == [ROW, "1", "2", "3"]
    assert converted.frame[ROW].tolist() == [1, 2, 4]
    assert converted.frame.drop(columns=ROW).to_dict("records") == [
        {"1": " Mon 8:00 ", "2": "Hello", "3": None},
        {"1": "Tue", "2": "Hi", "3": "https://x.test"},
        {"1": "Wed", "2": "Hey", "3": None},
    ]
    assert converted.blank_rows == 1
    assert converted.frame["1"].dtype == object


def test_headerless_drops_header_problems(tmp_path: Path) -> None:
    raw = load(tmp_path, "a,a,\n1,2,3\n4\n")
    assert [problem.code for problem in raw.problems] == [
        "duplicate-header",
        "unnamed-column",
        "wrong-field-count",
    ]
    converted = headerless(raw)
    assert [(problem.code, problem.row) for problem in converted.problems] == [
        ("wrong-field-count", 3)
    ]


def test_headerless_renames_problem_columns(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Id", "Caption"])
    sheet.append([1234567890123456789, "Hello"])
    workbook.save(tmp_path / "plan.xlsx")
    [raw] = load_calendar(tmp_path / "plan.xlsx")
    assert [(problem.code, problem.column) for problem in raw.problems] == [
        ("number-precision-lost", "Id")
    ]
    converted = headerless(raw)
    assert [(problem.code, problem.column) for problem in converted.problems] == [
        ("number-precision-lost", "1")
    ]
    assert converted.frame["1"].tolist() == ["Id", "1234567890123460000"]


def test_headerless_is_idempotent(tmp_path: Path) -> None:
    raw = load(tmp_path, "2026-08-26,Hello\n")
    assert headerless(raw) is raw


def test_headerless_rejects_documents(tmp_path: Path) -> None:
    raw = load(tmp_path, '[{"caption": "Hi"}]', name="posts.json")
    with pytest.raises(ValueError, match="has no header row"):
        headerless(raw)
