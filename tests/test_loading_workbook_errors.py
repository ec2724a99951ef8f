"""Error cells (#N/A, #REF!) found in the worksheet XML that calamine reads as empty."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from calendar_loader.loading.workbook_errors import ErrorCell, find_error_cells


def workbook_bytes(tmp_path: Path) -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Clean"
    first.append(["Caption"])
    first.append(["Hello"])
    second = workbook.create_sheet("Broken sheet")
    second.append(["Caption", "Date"])
    second.append(["#N/A", "2026-08-26"])
    second["AB7"] = "#REF!"
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    return path.read_bytes()


def test_error_cells_of_named_sheet(tmp_path: Path) -> None:
    data = workbook_bytes(tmp_path)
    assert find_error_cells(data, "Broken sheet") == [
        ErrorCell(reference="A2", row=2, column=1, error="#N/A"),
        ErrorCell(reference="AB7", row=7, column=28, error="#REF!"),
    ]


def test_sheet_without_errors(tmp_path: Path) -> None:
    assert find_error_cells(workbook_bytes(tmp_path), "Clean") == []


def test_unknown_sheet_gives_nothing(tmp_path: Path) -> None:
    assert find_error_cells(workbook_bytes(tmp_path), "Elsewhere") == []


def test_relative_relationship_target(tmp_path: Path) -> None:
    """Excel writes "worksheets/sheet2.xml", relative to xl/, where openpyxl writes "/xl/…"."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(tmp_path)))
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b'Target="/xl/worksheets/', b'Target="worksheets/')
            target.writestr(item, content)
    cells = find_error_cells(rewritten.getvalue(), "Broken sheet")
    assert [cell.reference for cell in cells] == ["A2", "AB7"]


def test_not_a_zip_gives_nothing() -> None:
    assert find_error_cells(b"not a workbook", "Plan") == []
