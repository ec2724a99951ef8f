"""`calendar-loader push` against the local Ocoya stand-in: sending, resending, logs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    NOW,
    PROFILE,
    PROJECT,
    SAMPLES,
    invoke,
    post_requests,
    target_options,
    write_calendar,
)

from calendar_loader import ocoya
from calendar_loader.sandbox import Sandbox

DEMO_KEY = {"OCOYA_API_KEY": ocoya.DEMO_API_KEY}
# The start of a human log line: date, time and level, as in `2031-04-01 09:00:00 INFO    `.
LOG_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (INFO|WARNING|ERROR)\s+")


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)


def sandbox_push(tmp_path: Path, *args: str) -> Any:
    """Push with --sandbox, keeping the stand-in's posts and the ledger in tmp_path."""
    return invoke(
        "push",
        *args,
        "--sandbox",
        "--sandbox-state",
        tmp_path / "sandbox.json",
        "--ledger",
        tmp_path / "ledger.sqlite",
        "--now",
        NOW,
    )


def stored_post_groups(state: Path) -> list[dict[str, Any]]:
    return list(json.loads(state.read_text(encoding="utf-8"))["postGroups"])


def ledger_json(ledger: Path) -> list[dict[str, Any]]:
    result = invoke("ledger", "--ledger", ledger, "--format", "json")
    assert result.exit_code == 0
    return list(json.loads(result.stdout))


def post_group_ids(ledger: Path) -> dict[int, str]:
    """Return row -> postGroupId of every ledger record."""
    return {entry["row"]: entry["postGroupId"] for entry in ledger_json(ledger)}


def messages(stderr: str) -> list[str]:
    """Return the human log lines of stderr without their time and level."""
    return [LOG_PREFIX.sub("", line) for line in stderr.splitlines()]


def test_push_samples_twice_sends_each_post_once(tmp_path: Path) -> None:
    first = sandbox_push(tmp_path, *SAMPLES)

    assert first.exit_code == 0
    assert len(stored_post_groups(tmp_path / "sandbox.json")) == 34
    assert messages(first.stderr)[-1] == (
        "Push complete: 34 rows: 34 valid (6 drafts), 0 invalid, 0 skipped, 0 duplicates, "
        "0 already sent. This run: 34 sent."
    )
    ids_after_first = [entry["postGroupId"] for entry in ledger_json(tmp_path / "ledger.sqlite")]

    second = sandbox_push(tmp_path, *SAMPLES)

    assert second.exit_code == 0
    assert len(stored_post_groups(tmp_path / "sandbox.json")) == 34
    assert messages(second.stderr)[-1] == (
        "Push complete: 34 rows: 34 valid (6 drafts), 0 invalid, 0 skipped, 0 duplicates, "
        "34 already sent. This run: nothing to send."
    )
    entries = ledger_json(tmp_path / "ledger.sqlite")
    assert [entry["postGroupId"] for entry in entries] == ids_after_first
    assert {entry["status"] for entry in entries} == {"sent"}
    assert {entry["attempts"] for entry in entries} == {1}


def test_push_ledger_ids_match_sandbox_posts(tmp_path: Path) -> None:
    result = sandbox_push(tmp_path, "samples/calendar.csv")
    stored = {group["id"] for group in stored_post_groups(tmp_path / "sandbox.json")}
    entries = ledger_json(tmp_path / "ledger.sqlite")

    assert result.exit_code == 0
    assert len(entries) == 14
    assert {entry["postGroupId"] for entry in entries} == stored


def test_push_rejected_row_exits_1(tmp_path: Path, sandbox: Sandbox) -> None:
    """A profile id that the workspace does not have gets 422; the other rows are sent."""
    calendar = write_calendar(
        tmp_path / "april.csv",
        [
            ["Rye is back", "", PROFILE, "2031-04-01T09:00:00Z"],
            ["Wrong account", "", "cmnotaprofile00000000000", "2031-04-02T09:00:00Z"],
            ["Spelt is back", "", PROFILE, "2031-04-03T09:00:00Z"],
        ],
    )
    ledger = tmp_path / "ledger.sqlite"

    result = invoke("push", calendar, *target_options(sandbox, ledger), "--now", NOW, env=DEMO_KEY)

    rejection = (
        "422 Unprocessable Entity: socialProfileIds[0] 'cmnotaprofile00000000000' is not a "
        "social profile of workspace 'demo-workspace': GET /social-profiles lists the valid ids."
    )
    assert result.exit_code == 1
    assert f"{calendar}, row 3: rejected by Ocoya: {rejection}" in messages(result.stderr)
    assert messages(result.stderr)[-1] == (
        "Push complete: 3 rows: 3 valid (0 drafts), 0 invalid, 0 skipped, 0 duplicates, "
        "0 already sent. This run: 2 sent, 1 failed."
    )
    assert post_requests(sandbox) == {"201": 2, "422": 1}
    entries = ledger_json(ledger)
    assert [(entry["row"], entry["status"]) for entry in entries] == [
        (2, "sent"),
        (3, "failed"),
        (4, "sent"),
    ]
    assert entries[1]["lastError"] == rejection
    assert entries[1]["postGroupId"] is None


def test_push_with_invalid_rows_sends_nothing(tmp_path: Path) -> None:
    result = sandbox_push(tmp_path, "samples/invalid.csv")

    assert result.exit_code == 1
    assert result.stderr_lines == [
        "Nothing was sent: 13 row(s) are invalid. Fix them, or add --skip-invalid to send "
        "the valid rows now."
    ]
    assert not (tmp_path / "sandbox.json").exists()


def test_push_skip_invalid_sends_valid_rows(tmp_path: Path) -> None:
    """Row 14 is the one valid post of samples/invalid.csv; row 15 repeats it."""
    result = sandbox_push(tmp_path, "samples/invalid.csv", "--skip-invalid")
    entries = ledger_json(tmp_path / "ledger.sqlite")

    assert result.exit_code == 1
    assert len(stored_post_groups(tmp_path / "sandbox.json")) == 1
    assert [(entry["row"], entry["status"]) for entry in entries] == [(14, "sent")]


def test_push_json_logs_one_event_per_line(tmp_path: Path) -> None:
    result = sandbox_push(tmp_path, "samples/calendar.csv", "--log-format", "json")
    events = result.events()
    by_row = post_group_ids(tmp_path / "ledger.sqlite")

    assert result.exit_code == 0
    assert all({"time", "level", "event", "message"} <= set(event) for event in events)
    sent = [event for event in events if event["event"] == "row-sent"]
    assert [event["row"] for event in sent] == list(range(2, 16))
    assert {event["row"]: event["postGroupId"] for event in sent} == by_row
    assert sent[0]["source"] == "samples/calendar.csv"
    assert sent[0]["message"] == f"samples/calendar.csv, row 2: sent, postGroupId {by_row[2]}."
    finished = events[-1]
    assert finished["event"] == "push-finished"
    assert finished["level"] == "info"
    assert finished["stopReason"] == "complete"
    assert finished["requests"] == 14
    assert finished["summary"] == {
        "rows": 14,
        "valid": 14,
        "drafts": 2,
        "invalid": 0,
        "skipped": 0,
        "duplicates": 0,
        "already_sent": 0,
    }
    assert finished["dispatch"] == {
        "sent": 14,
        "already-sent": 0,
        "duplicate": 0,
        "failed": 0,
        "unknown": 0,
        "pending": 0,
    }


def test_push_human_logs_say_the_same(tmp_path: Path) -> None:
    result = sandbox_push(tmp_path, "samples/calendar.csv")
    by_row = post_group_ids(tmp_path / "ledger.sqlite")
    lines = messages(result.stderr)

    assert result.exit_code == 0
    assert all(LOG_PREFIX.match(line) for line in result.stderr_lines)
    assert lines[:14] == [
        f"samples/calendar.csv, row {row}: sent, postGroupId {by_row[row]}." for row in range(2, 16)
    ]
    assert lines[-1] == (
        "Push complete: 14 rows: 14 valid (2 drafts), 0 invalid, 0 skipped, 0 duplicates, "
        "0 already sent. This run: 14 sent."
    )


def test_push_json_logs_error_line_for_missing_file(tmp_path: Path) -> None:
    """Even an error that stops the run is one JSON object on stderr."""
    result = sandbox_push(tmp_path, "samples/missing.csv", "--log-format", "json")
    events = result.events()

    assert result.exit_code == 2
    assert [(event["event"], event["level"]) for event in events] == [
        ("error", "error"),
        ("nothing-sent", "error"),
    ]
    assert events[0]["message"] == (
        "samples/missing.csv: file not found. Check the path and the file name."
    )
    assert events[0]["exitCode"] == 2
