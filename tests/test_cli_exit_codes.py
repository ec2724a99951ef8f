"""Every exit code of the command line, and which one wins when several apply.

The codes are 0 done, 1 rows invalid or failed, 2 usage or input, 3 credentials or
configuration, 4 incomplete and 5 ledger busy. When several apply, the first of 5, 3, 2,
4, 1 wins.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest
from cli_support import (
    CONSOLE_SCRIPT,
    NOW,
    PROJECT,
    SAMPLES,
    invoke,
    make_sandbox,
    post_requests,
    small_calendar,
    target_options,
)

from calendar_loader import ocoya
from calendar_loader.ledger import Ledger
from calendar_loader.lock import LedgerLock
from calendar_loader.sandbox import Faults, Sandbox
from calendar_loader.secrets import HOW_TO_SET_KEY

DEMO_KEY = {"OCOYA_API_KEY": ocoya.DEMO_API_KEY}
NO_KEY_LINE = f"Error: No Ocoya API key. {HOW_TO_SET_KEY}"
REMOTE_HTTP_URL = "http://192.0.2.1/api/_public/v1"  # TEST-NET-1: documentation only


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)


def statuses(ledger: Path) -> list[tuple[int, str, str | None]]:
    """Return (row, status, postGroupId) of every ledger record, in row order."""
    with Ledger(ledger, create=False) as opened:
        return [
            (record.row, record.status.value, record.post_group_id) for record in opened.records()
        ]


def captions(sandbox: Sandbox) -> list[str]:
    """Return the caption of every post group the sandbox holds, once per group."""
    groups = cast(list[dict[str, Any]], sandbox.posts())
    return [group["posts"][0]["caption"] for group in groups]


def busy_line(ledger: Path) -> str:
    return (
        f"Error: Another calendar-loader run (process {os.getpid()}) is using the ledger "
        f"{ledger}. Wait for it to finish, or stop it, then run again."
    )


# --- 0 ---------------------------------------------------------------------------------


def test_exit_0_validate_samples() -> None:
    assert invoke("validate", *SAMPLES, "--now", NOW).exit_code == 0


def test_exit_0_push_samples_to_sandbox(tmp_path: Path) -> None:
    result = invoke(
        "push",
        *SAMPLES,
        "--sandbox",
        "--sandbox-state",
        tmp_path / "sandbox.json",
        "--ledger",
        tmp_path / "ledger.sqlite",
        "--now",
        NOW,
    )

    assert result.exit_code == 0
    assert {status for _, status, _ in statuses(tmp_path / "ledger.sqlite")} == {"sent"}


# --- 1 ---------------------------------------------------------------------------------


def test_exit_1_validate_invalid_sample() -> None:
    assert invoke("validate", "samples/invalid.csv", "--now", NOW).exit_code == 1


def test_exit_1_push_row_rejected_by_sandbox(tmp_path: Path, sandbox: Sandbox) -> None:
    calendar = tmp_path / "april.csv"
    calendar.write_text(
        "caption,profiles,scheduled_at\nRye is back,cmnotaprofile00000000000,2031-04-01T09:00Z\n",
        encoding="utf-8",
    )
    ledger = tmp_path / "ledger.sqlite"

    result = invoke("push", calendar, *target_options(sandbox, ledger), "--now", NOW, env=DEMO_KEY)

    assert result.exit_code == 1
    assert post_requests(sandbox) == {"422": 1}
    assert statuses(ledger) == [(2, "failed", None)]


# --- 2 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        pytest.param(
            ["validate", "samples/missing.csv"],
            "Error: samples/missing.csv: file not found. Check the path and the file name.",
            id="missing-file",
        ),
        pytest.param(
            ["validate", "samples/calendar.csv", "--min-lead", "5"],
            "Error: Invalid --min-lead '5': write a number and a unit, such as 90s, 5m or 1h.",
            id="min-lead-without-unit",
        ),
        pytest.param(
            ["push", "samples/calendar.csv", "--sandbox", "--rate-limit", "abc"],
            "Error: Invalid rate limit 'abc': write requests/period, such as 60/60s or 20/2s.",
            id="rate-limit-abc",
        ),
        pytest.param(
            ["push", "samples/calendar.csv", "--sandbox", "--max-wait", "soon"],
            "Error: Invalid --max-wait 'soon': write a number and a unit, such as 90s, 5m or 1h.",
            id="max-wait-without-unit",
        ),
        pytest.param(
            ["push", "samples/calendar.csv", "--sandbox", "--timeout", "0s"],
            "Error: Invalid --timeout '0s': give at least 1s, or every request would time out "
            "and be looked up in Ocoya's post list instead of being answered.",
            id="timeout-under-a-second",
        ),
        pytest.param(
            ["ledger", "--format", "yaml"],
            "Error: Invalid value for '--format': 'yaml' is not one of 'table', 'csv', 'json'.",
            id="click-choice",
        ),
    ],
)
def test_exit_2_usage_and_input(args: list[str], last_line: str, tmp_path: Path) -> None:
    result = invoke(*args, "--ledger", tmp_path / "ledger.sqlite")

    assert result.exit_code == 2
    assert result.stderr_lines[-1] == last_line


def test_exit_2_no_caption_or_media_column(tmp_path: Path) -> None:
    calendar = tmp_path / "plan.csv"
    calendar.write_text("title,when\nSpring menu,2031-04-01 09:00\n", encoding="utf-8")

    result = invoke("validate", calendar, "--now", NOW)

    assert result.exit_code == 2
    assert result.stderr_lines[0].startswith(
        f"Error: {calendar} has no caption column and no media column, so it contains no post."
    )


# --- 3 ---------------------------------------------------------------------------------


def test_exit_3_push_without_key(tmp_path: Path) -> None:
    result = invoke(
        "push",
        "samples/calendar.csv",
        "--workspace",
        ocoya.DEMO_WORKSPACE_ID,
        "--ledger",
        tmp_path / "ledger.sqlite",
    )

    assert result.exit_code == 3
    assert result.stderr_lines == [NO_KEY_LINE]
    assert "export OCOYA_API_KEY=" in NO_KEY_LINE


def test_exit_3_push_without_workspace(tmp_path: Path) -> None:
    result = invoke(
        "push", "samples/calendar.csv", "--ledger", tmp_path / "ledger.sqlite", env=DEMO_KEY
    )

    assert result.exit_code == 3
    assert result.stderr_lines == [
        "Error: No workspace: pass --workspace ID or set OCOYA_WORKSPACE_ID. "
        "GET /workspaces lists the workspaces your key can use."
    ]


def test_exit_3_wrong_key_stops_at_first_request(tmp_path: Path, sandbox: Sandbox) -> None:
    """A 401 ends the run at once: one request reached Ocoya, every row stays pending."""
    calendar = small_calendar(tmp_path / "april.csv", 4)
    ledger = tmp_path / "ledger.sqlite"

    result = invoke(
        "push",
        calendar,
        *target_options(sandbox, ledger),
        "--now",
        NOW,
        "--log-format",
        "json",
        env={"OCOYA_API_KEY": "not-the-demo-key"},
    )

    assert result.exit_code == 3
    assert sandbox.stats()["requests"] == {"POST /post": {"401": 1}}
    assert statuses(ledger) == [
        (2, "pending", None),
        (3, "pending", None),
        (4, "pending", None),
        (5, "pending", None),
    ]
    stopped = next(event for event in result.events() if event["event"] == "stopped")
    assert stopped["level"] == "error"
    assert stopped["message"] == (
        "Stopped: Ocoya rejected the API key (401 Unauthorized: Invalid API token.). Check "
        "OCOYA_API_KEY or --api-key-file, and that the key may use this workspace. Rows not "
        "sent stay in the ledger for the next run."
    )


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record and reject every attempt of this process to open a network connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("the test forbids network connections")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


PLAIN_HTTP_LINE = (
    f"Error: Invalid API URL {REMOTE_HTTP_URL!r}: plain http would send the API key "
    "unencrypted. Use https://, or http:// only for a stand-in on this machine (127.0.0.1)."
)


def test_exit_3_plain_http_to_remote_host(tmp_path: Path, no_connections: list[Any]) -> None:
    """The URL check rejects plain http to another host before any connection is tried."""
    ledger = tmp_path / "ledger.sqlite"

    result = invoke(
        "push",
        "samples/calendar.csv",
        "--api-url",
        REMOTE_HTTP_URL,
        "--workspace",
        ocoya.DEMO_WORKSPACE_ID,
        "--ledger",
        ledger,
        env=DEMO_KEY,
    )

    assert result.exit_code == 3
    assert result.stderr_lines == [PLAIN_HTTP_LINE]
    assert no_connections == []
    assert not ledger.exists()


def test_exit_3_verify_plain_http_to_remote_host(tmp_path: Path, no_connections: list[Any]) -> None:
    ledger = tmp_path / "ledger.sqlite"
    Ledger(ledger).close()

    result = invoke(
        "ledger",
        "--verify",
        "--ledger",
        ledger,
        "--workspace",
        ocoya.DEMO_WORKSPACE_ID,
        env={**DEMO_KEY, "OCOYA_API_URL": REMOTE_HTTP_URL},
    )

    assert result.exit_code == 3
    assert result.stderr_lines == [PLAIN_HTTP_LINE]
    assert no_connections == []


# --- 4 ---------------------------------------------------------------------------------


def test_exit_4_sigterm_finishes_request_in_flight(tmp_path: Path) -> None:
    """SIGTERM mid-push: the request in flight is recorded, and a rerun sends the rest once."""
    calendar = small_calendar(tmp_path / "april.csv", 6)
    ledger = tmp_path / "ledger.sqlite"
    slow = Faults(slow=1.0, slow_seconds=0.4)
    with make_sandbox(tmp_path / "sandbox.json", faults=slow) as sandbox:
        command = [
            str(CONSOLE_SCRIPT),
            "push",
            str(calendar),
            *target_options(sandbox, ledger),
            "--now",
            NOW,
            "--log-format",
            "json",
        ]
        with subprocess.Popen(
            command,
            env={**os.environ, **DEMO_KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as process:
            assert process.stderr is not None
            events = []
            for line in process.stderr:
                events.append(json.loads(line))
                if events[-1]["event"] == "row-sent":
                    process.send_signal(signal.SIGTERM)
                    break
            events += [json.loads(line) for line in process.stderr]
            code = process.wait(timeout=30)

        records = statuses(ledger)
        sent = [post_group_id for _, status, post_group_id in records if status == "sent"]

        assert code == 4
        assert [event["message"] for event in events if event["event"] == "stopped"] == [
            "Stopped by SIGTERM: the request in flight was finished and recorded. "
            "Run the same push again to send the rest."
        ]
        assert events[-1]["stopReason"] == "interrupted"
        assert {status for _, status, _ in records} <= {"sent", "pending"}
        assert "pending" in {status for _, status, _ in records}
        assert all(sent)
        assert sorted(sent) == sorted(str(group["id"]) for group in sandbox.posts())

        sandbox.set_faults(Faults())
        rerun = invoke(
            "push", calendar, *target_options(sandbox, ledger), "--now", NOW, env=DEMO_KEY
        )

        assert rerun.exit_code == 0
        assert sorted(captions(sandbox)) == [f"Bread of the day {day}" for day in range(1, 7)]
        assert {status for _, status, _ in statuses(ledger)} == {"sent"}
        assert post_requests(sandbox) == {"201": 6}


def test_exit_4_sigterm_while_reading_sends_nothing(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM that arrives while the calendar is read stops before any request."""
    import calendar_loader.commands.push as push_command

    read_all = push_command.read_all

    def read_then_signal(*args: Any, **kwargs: Any) -> Any:
        result = read_all(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return result

    monkeypatch.setattr(push_command, "read_all", read_then_signal)
    calendar = small_calendar(tmp_path / "april.csv", 3)

    result = invoke(
        "push",
        calendar,
        *target_options(sandbox, tmp_path / "ledger.sqlite"),
        "--now",
        NOW,
        env=DEMO_KEY,
    )

    assert result.exit_code == 4
    assert result.stderr_lines[-1].endswith(
        "Stopped by SIGTERM before anything was sent. Run the same push again."
    )
    assert post_requests(sandbox) == {}


def test_exit_4_max_duration(tmp_path: Path, sandbox: Sandbox) -> None:
    """With one request a minute, the second one would start after a 5 s --max-duration."""
    calendar = small_calendar(tmp_path / "april.csv", 3)
    ledger = tmp_path / "ledger.sqlite"

    result = invoke(
        "push",
        calendar,
        *target_options(sandbox, ledger),
        "--now",
        NOW,
        "--rate-limit",
        "1/60s",
        "--max-duration",
        "5s",
        "--log-format",
        "json",
        env=DEMO_KEY,
    )

    assert result.exit_code == 4
    assert [status for _, status, _ in statuses(ledger)] == ["sent", "pending", "pending"]
    assert result.events()[-1]["stopReason"] == "deadline"
    assert [event["message"] for event in result.events() if event["event"] == "stopped"] == [
        "Stopped: the next request would start after --max-duration 5s. "
        "Run the same push again to send the rest."
    ]


def test_exit_4_rate_limit_wait_over_max_wait(tmp_path: Path, sandbox: Sandbox) -> None:
    calendar = small_calendar(tmp_path / "april.csv", 3)
    ledger = tmp_path / "ledger.sqlite"

    result = invoke(
        "push",
        calendar,
        *target_options(sandbox, ledger),
        "--now",
        NOW,
        "--rate-limit",
        "1/10s",
        "--max-wait",
        "1s",
        "--log-format",
        "json",
        env=DEMO_KEY,
    )

    assert result.exit_code == 4
    assert [status for _, status, _ in statuses(ledger)] == ["sent", "pending", "pending"]
    assert result.events()[-1]["stopReason"] == "wait-too-long"
    assert post_requests(sandbox) == {"201": 1}


# --- 5 ---------------------------------------------------------------------------------


def test_exit_5_ledger_locked_names_holder(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    state = tmp_path / "sandbox.json"

    with LedgerLock(ledger):
        result = invoke(
            "push", "samples/calendar.csv", "--sandbox", "--sandbox-state", state,
            "--ledger", ledger, "--now", NOW,
        )  # fmt: skip

    assert result.exit_code == 5
    assert result.stderr_lines == [busy_line(ledger)]
    assert not state.exists()
    assert not ledger.exists()


# --- precedence ------------------------------------------------------------------------


def test_precedence_5_over_3_no_key(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"

    with LedgerLock(ledger):
        result = invoke(
            "push", "samples/calendar.csv", "--workspace", ocoya.DEMO_WORKSPACE_ID,
            "--ledger", ledger,
        )  # fmt: skip

    assert result.exit_code == 5
    assert result.stderr_lines == [busy_line(ledger)]


def test_precedence_5_over_3_unreadable_key_file(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"

    with LedgerLock(ledger):
        result = invoke(
            "push", "samples/calendar.csv", "--api-key-file", tmp_path / "no-such-key",
            "--workspace", ocoya.DEMO_WORKSPACE_ID, "--ledger", ledger,
        )  # fmt: skip

    assert result.exit_code == 5
    assert result.stderr_lines == [busy_line(ledger)]


@pytest.mark.parametrize(
    "usage_problem",
    [
        pytest.param(["samples/missing.csv"], id="missing-file"),
        pytest.param(["samples/calendar.csv", "--rate-limit", "abc"], id="bad-rate-limit"),
        pytest.param(["samples/calendar.csv", "--min-lead", "5"], id="bad-min-lead"),
    ],
)
def test_precedence_3_over_2(usage_problem: list[str], tmp_path: Path) -> None:
    result = invoke(
        "push",
        *usage_problem,
        "--workspace",
        ocoya.DEMO_WORKSPACE_ID,
        "--ledger",
        tmp_path / "ledger.sqlite",
    )

    assert result.exit_code == 3
    assert result.stderr_lines == [NO_KEY_LINE]


def test_precedence_2_over_1() -> None:
    """A missing file (2) beside a calendar with invalid rows (1) gives 2."""
    result = invoke("validate", "samples/invalid.csv", "samples/missing.csv", "--now", NOW)

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: samples/missing.csv: file not found. Check the path and the file name."
    ]
    assert result.stdout.splitlines()[0] == (
        "15 rows: 2 valid (0 drafts), 13 invalid, 0 skipped, 1 duplicate, 0 already sent."
    )


def test_exit_codes_listed_in_help() -> None:
    result = invoke("push", "--help")

    assert result.exit_code == 0
    for line in (
        "0  every valid row was sent or is already in the ledger (validate: all rows valid)",
        "3  credentials or configuration (no API key, 401, 403, bad API URL)",
        "5  another run holds the ledger",
        "When several apply, the first of 5, 3, 2, 4, 1 wins.",
    ):
        assert line in result.stdout
