"""Helpers for the command-line tests: run the CLI, aim it at a sandbox, write calendars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from calendar_loader import ocoya
from calendar_loader.cli import main
from calendar_loader.sandbox import Faults, Sandbox, SandboxConfig

PROJECT = Path(__file__).resolve().parent.parent
SAMPLES = ("samples/calendar.csv", "samples/calendar.xlsx", "samples/calendar.yaml")
CONSOLE_SCRIPT = Path(sys.executable).parent / "calendar-loader"
PROFILE = "cmx9f9gej0000jp7qwmaqstv2"

# Rows are checked as if it were this moment, so that no test depends on the day it runs.
NOW = "2030-01-01T09:00:00Z"


@dataclass(frozen=True)
class CliResult:
    """What one run of the command line left behind: exit code, stdout and stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.splitlines()

    def events(self) -> list[dict[str, Any]]:
        """Return the JSON log lines of stderr, for runs with --log-format json."""
        return [json.loads(line) for line in self.stderr_lines]


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> CliResult:
    """Run `calendar-loader ARGS` in this process through `calendar_loader.cli.main`.

    `main` is what the console script calls, so the exit codes are the ones a shell
    gets, click's usage errors included. COLUMNS is wide so that rich wraps no line.
    """
    runner = CliRunner()
    with runner.isolation(env={"COLUMNS": "200", **(env or {})}) as (stdout, stderr, _):
        try:
            main([str(arg) for arg in args])
        except SystemExit as stopped:
            code = stopped.code if isinstance(stopped.code, int) else 1
        else:
            code = 0
    return CliResult(code, stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8"))


def run_console_script(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the installed `calendar-loader` console script as a child process."""
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=timeout,
        check=False,
    )


def make_sandbox(
    state: Path | None = None,
    *,
    rate_limit: int = 600,
    window: float = 1.0,
    faults: Faults | None = None,
    api_keys: frozenset[str] = frozenset({ocoya.DEMO_API_KEY}),
) -> Sandbox:
    """Build (but do not start) a stand-in with a generous rate limit."""
    config = SandboxConfig(
        state_path=state,
        rate_limit=rate_limit,
        window=window,
        reset_form="delta-s",
        faults=faults or Faults(),
        api_keys=api_keys,
    )
    return Sandbox(config)


def target_options(sandbox: Sandbox, ledger: Path) -> list[str]:
    """Options that aim a command at `sandbox`, in the demo workspace, with `ledger`."""
    return [
        "--api-url",
        sandbox.url,
        "--workspace",
        ocoya.DEMO_WORKSPACE_ID,
        "--ledger",
        str(ledger),
    ]


def write_calendar(path: Path, rows: list[list[str]]) -> Path:
    """Write a CSV calendar with the header caption,media,profiles,scheduled_at."""
    lines = ["caption,media,profiles,scheduled_at"]
    lines += [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def small_calendar(path: Path, count: int) -> Path:
    """Write `count` valid posts for one demo profile, one a day from 1 April 2031."""
    rows = [
        [f"Bread of the day {day}", "", PROFILE, f"2031-04-{day:02d}T09:00:00Z"]
        for day in range(1, count + 1)
    ]
    return write_calendar(path, rows)


def post_requests(sandbox: Sandbox) -> dict[str, int]:
    """Return the sandbox's count of POST /post requests by status, such as {"201": 3}."""
    requests = sandbox.stats()["requests"]
    assert isinstance(requests, dict)
    return dict(requests.get("POST /post", {}))
