"""`load_calendar` dispatch: extensions, missing files, options, display names."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from calendar_loader.errors import InputError, UsageError
from calendar_loader.loading import load_calendar

ACCEPTED = ".csv, .tsv, .txt, .xlsx, .xlsm, .yaml, .yml, .json"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.CSV", "caption\nHi\n"),
        ("plan.txt", "caption\nHi\n"),
        ("plan.yml", "- caption: Hi\n"),
        ("plan.YAML", "- caption: Hi\n"),
        ("plan.json", '[{"caption": "Hi"}]'),
    ],
)
def test_extension_picks_reader(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [raw] = load_calendar(path)
    assert raw.frame["caption"].tolist() == ["Hi"]
    assert raw.source == str(path)
    assert raw.sheet is None


def test_display_name_is_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("caption,n\nHi\n", encoding="utf-8")
    [raw] = load_calendar(path, display_name="uploads/plan.csv")
    assert raw.source == "uploads/plan.csv"
    assert raw.problems[0].source == "uploads/plan.csv"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        (
            "plan.xls",
            "is a .xls file, which calendar-loader does not read ({accepted}). It is an Excel "
            "97-2003 workbook. Open it in Excel and use File > Save As > Excel Workbook "
            "(.xlsx), or CSV UTF-8.",
        ),
        (
            "plan.ods",
            "is a .ods file, which calendar-loader does not read ({accepted}). Open it in "
            "LibreOffice and use File > Save As > Excel 2007-365 (.xlsx), or Text CSV with UTF-8.",
        ),
        (
            "plan.pdf",
            "is a .pdf file, which calendar-loader does not read ({accepted}). Save the calendar "
            "as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv).",
        ),
        (
            "plan",
            "is a file without an extension, which calendar-loader does not read ({accepted}). "
            "Save the calendar as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv).",
        ),
    ],
)
def test_unsupported_extension_rejected(tmp_path: Path, name: str, hint: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(InputError) as caught:
        load_calendar(path)
    assert str(caught.value) == f"{path} {hint.format(accepted=ACCEPTED)}"
    assert caught.value.source == str(path)


def test_missing_file_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_calendar(tmp_path / "nowhere.xls")
    assert (
        str(caught.value)
        == f"{tmp_path / 'nowhere.xls'}: file not found. Check the path and the file name."
    )


def test_folder_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_calendar(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path} is a folder, not a calendar file. Give the path of the file itself."
    )


def test_unreadable_file_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission bits do not stop root, who runs some CI jobs, so the denial is simulated."""
    path = tmp_path / "plan.csv"
    path.write_text("caption\nHi\n", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(InputError) as caught:
        load_calendar(path)
    assert str(caught.value) == (
        f"{path} cannot be read: permission denied. Check the file's permissions, or close the "
        "program that has it locked."
    )


def test_options_for_other_types_ignored(tmp_path: Path) -> None:
    """One run passes the same --sheet and --encoding to every file it reads."""
    csv_path = tmp_path / "plan.csv"
    csv_path.write_text("caption\nHi\n", encoding="utf-8")
    [raw] = load_calendar(csv_path, sheet="Plan", records_path="posts[]")
    assert raw.frame["caption"].tolist() == ["Hi"]

    workbook = openpyxl.Workbook()
    workbook.active.append(["caption"])
    workbook.active.append(["Hello"])
    workbook_path = tmp_path / "plan.xlsx"
    workbook.save(workbook_path)
    [raw] = load_calendar(workbook_path, encoding="cp1252", records_path="posts[]")
    assert raw.frame["caption"].tolist() == ["Hello"]


def test_invalid_records_path_is_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "posts.yaml"
    path.write_text("- caption: Hi\n", encoding="utf-8")
    with pytest.raises(UsageError):
        load_calendar(path, records_path="posts[0]")
