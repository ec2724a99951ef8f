"""`calendar-loader ledger`: listing the ledger, and checking it against the stand-in."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest
from cli_support import NOW, PROJECT, invoke, make_sandbox

from calendar_loader import ocoya


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)


@pytest.fixture
def pushed(tmp_path: Path) -> dict[int, str]:
    """Push samples/calendar.csv to a stand-in in tmp_path; return row -> postGroupId."""
    result = invoke(
        "push",
        "samples/calendar.csv",
        "--sandbox",
        *sandbox_options(tmp_path),
        "--now",
        NOW,
    )
    assert result.exit_code == 0
    state = json.loads((tmp_path / "sandbox.json").read_text(encoding="utf-8"))
    ids = [group["id"] for group in state["postGroups"]]
    # The stand-in stores posts in the order they were sent, which is calendar order.
    return dict(zip(range(2, 16), ids, strict=True))


def sandbox_options(tmp_path: Path) -> list[str | Path]:
    return [
        "--sandbox-state",
        tmp_path / "sandbox.json",
        "--ledger",
        tmp_path / "ledger.sqlite",
    ]


def ledger(tmp_path: Path, *args: str | Path) -> Any:
    return invoke("ledger", "--ledger", tmp_path / "ledger.sqlite", *args)


def test_ledger_json_lists_every_row(tmp_path: Path, pushed: dict[int, str]) -> None:
    result = ledger(tmp_path, "--format", "json")
    entries = json.loads(result.stdout)

    assert result.exit_code == 0
    assert {entry["row"]: entry["postGroupId"] for entry in entries} == pushed
    assert list(entries[0]) == [
        "source",
        "sheet",
        "row",
        "variant",
        "status",
        "postGroupId",
        "duplicateOfRow",
        "lastError",
        "attempts",
        "updatedAt",
        "request",
    ]
    assert entries[0]["source"] == "samples/calendar.csv"
    assert entries[0]["status"] == "sent"
    assert entries[0]["lastError"] is None
    assert entries[0]["request"]["scheduledAt"] == "2031-04-01T06:00:00Z"


def test_ledger_csv_lists_every_row(tmp_path: Path, pushed: dict[int, str]) -> None:
    result = ledger(tmp_path, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))

    assert result.exit_code == 0
    assert rows[0] == [
        "source",
        "sheet",
        "row",
        "variant",
        "status",
        "postGroupId",
        "attempts",
        "lastError",
    ]
    assert rows[1:] == [
        ["samples/calendar.csv", "", str(row), "", "sent", post_group_id, "1", ""]
        for row, post_group_id in pushed.items()
    ]


def test_ledger_table_lists_every_row(tmp_path: Path, pushed: dict[int, str]) -> None:
    result = ledger(tmp_path)
    lines = [line.rstrip() for line in result.stdout.splitlines()]

    assert result.exit_code == 0
    assert lines[0] == "Ledger: 14 calendar rows"
    for row, post_group_id in pushed.items():
        line = next(line for line in lines if post_group_id in line)
        cells = [cell.strip() for cell in line.strip()[1:-1].split("│")]
        assert cells == ["samples/calendar.csv", "", str(row), "", "sent", post_group_id, "1", ""]


def test_ledger_output_file_mode_0600(tmp_path: Path, pushed: dict[int, str]) -> None:
    export = tmp_path / "ledger.csv"
    printed = ledger(tmp_path, "--format", "csv")
    written = ledger(tmp_path, "--format", "csv", "--output", export)

    assert written.exit_code == 0
    assert written.stdout == ""
    assert export.read_text(encoding="utf-8") == printed.stdout
    assert stat.S_IMODE(export.stat().st_mode) == 0o600


def test_ledger_verify_sandbox_agrees(tmp_path: Path, pushed: dict[int, str]) -> None:
    result = ledger(tmp_path, "--verify", "--sandbox", "--sandbox-state", tmp_path / "sandbox.json")

    assert result.exit_code == 0
    assert result.stdout == (
        "Checked 14 ledger records against 14 posts in Ocoya: 0 disagreement(s).\n"
    )


def test_ledger_verify_lists_deleted_post_as_missing(
    tmp_path: Path, pushed: dict[int, str]
) -> None:
    """A post deleted in Ocoya after the push is reported as missing, with exit code 1."""
    deleted = pushed[5]
    with make_sandbox(tmp_path / "sandbox.json") as sandbox:
        response = httpx.delete(
            f"{sandbox.url}/post/{deleted}", headers={ocoya.API_KEY_HEADER: ocoya.DEMO_API_KEY}
        )
    assert response.status_code == 204

    text = ledger(tmp_path, "--verify", "--sandbox", "--sandbox-state", tmp_path / "sandbox.json")
    document = ledger(
        tmp_path,
        "--verify",
        "--sandbox",
        "--sandbox-state",
        tmp_path / "sandbox.json",
        "--format",
        "json",
    )

    assert text.exit_code == 1
    assert text.stdout.splitlines() == [
        "Checked 14 ledger records against 13 posts in Ocoya: 1 disagreement(s).",
        f"missing       samples/calendar.csv, row 5: {deleted} not in Ocoya's post list",
    ]
    assert document.exit_code == 1
    assert json.loads(document.stdout) == {
        "recordsChecked": 14,
        "postsListed": 13,
        "disagreements": [
            {
                "kind": "missing",
                "source": "samples/calendar.csv",
                "sheet": None,
                "row": 5,
                "variant": None,
                "postGroupId": deleted,
                "detail": "not in Ocoya's post list",
            }
        ],
    }


def test_ledger_missing_file_exits_2(tmp_path: Path) -> None:
    """A missing ledger is an input error: the path is most likely wrong."""
    result = ledger(tmp_path)

    assert result.exit_code == 2
    assert result.stderr_lines == [
        f"Error: No ledger at {tmp_path / 'ledger.sqlite'}: nothing has been pushed with it "
        "yet. Check the --ledger path; `calendar-loader push --help` shows the default."
    ]
    assert not (tmp_path / "ledger.sqlite").exists()


def test_ledger_default_path_under_xdg_data_home(tmp_path: Path) -> None:
    """Without --ledger, push and ledger use $XDG_DATA_HOME/calendar-loader/ledger.sqlite."""
    pushed = invoke(
        "push",
        "samples/calendar.csv",
        "--sandbox",
        "--sandbox-state",
        tmp_path / "sandbox.json",
        "--now",
        NOW,
    )
    listed = invoke("ledger", "--format", "csv")

    assert pushed.exit_code == 0
    assert (tmp_path / "xdg-data" / "calendar-loader" / "ledger.sqlite").is_file()
    assert len(listed.stdout.splitlines()) == 15
