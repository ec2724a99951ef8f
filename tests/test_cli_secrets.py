"""The API key never appears in any output, log, ledger, report or other file.

Every command runs with a recognisable key, given through OCOYA_API_KEY or
--api-key-file, with --debug and --verbose where the command has them. Then stdout,
stderr and every file under tmp_path (ledger, sandbox state, reports, exports) are
searched for it. The key file itself lives in a folder that the search skips.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_support import (
    CONSOLE_SCRIPT,
    NOW,
    PROJECT,
    CliResult,
    invoke,
    make_sandbox,
    run_console_script,
    small_calendar,
    target_options,
)

from calendar_loader import ocoya
from calendar_loader.sandbox import Faults, Sandbox

SECRET = "sk-TEST-SECRET-4c1d9e7b2a6f0835"
SECRET_ENV = {"OCOYA_API_KEY": SECRET}
NOISY = ("--debug", "--verbose")


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    folder = tmp_path.parent / f"{tmp_path.name}-key"
    folder.mkdir()
    path = folder / "ocoya.key"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def secret_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """A stand-in that accepts the secret key, as Ocoya would accept a real one."""
    with make_sandbox(tmp_path / "sandbox.json", api_keys=frozenset({SECRET})) as served:
        yield served


def assert_secret_absent(
    outputs: list[CliResult | subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """Check stdout and stderr of every run, and the bytes of every file under tmp_path."""
    texts = [text for output in outputs for text in (output.stdout, output.stderr)]
    assert [text for text in texts if SECRET in text] == []
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert files
    assert [path for path in files if SECRET.encode() in path.read_bytes()] == []


def test_secret_absent_from_reading_commands(tmp_path: Path, key_file: Path) -> None:
    """validate, init-map and presets read no key, but must not echo one either."""
    outputs = [
        invoke(
            "validate", "samples/calendar.csv", "--now", NOW, *NOISY,
            "--format", "json", "--output", tmp_path / "report.json", env=SECRET_ENV,
        ),
        invoke(
            "validate", "samples/invalid.csv", "--now", NOW, *NOISY,
            "--api-key-file", key_file, "--output", tmp_path / "report.txt",
        ),
        invoke(
            "init-map", "samples/calendar.csv", "--output", tmp_path / "map.yaml",
            env=SECRET_ENV,
        ),
        invoke("presets", env=SECRET_ENV),
        invoke("presets", "--format", "json", env=SECRET_ENV),
    ]  # fmt: skip

    assert [output.exit_code for output in outputs] == [0, 1, 0, 0, 0]
    assert (tmp_path / "report.json").is_file()
    assert (tmp_path / "map.yaml").is_file()
    assert_secret_absent(outputs, tmp_path)


def test_secret_absent_after_push_ledger_verify(
    tmp_path: Path, key_file: Path, secret_sandbox: Sandbox
) -> None:
    ledger = tmp_path / "ledger.sqlite"
    target = target_options(secret_sandbox, ledger)
    calendar = small_calendar(tmp_path / "april.csv", 3)
    outputs = [
        invoke("push", calendar, *target, "--now", NOW, *NOISY, env=SECRET_ENV),
        invoke(
            "push", calendar, *target, "--now", NOW, *NOISY, "--log-format", "json",
            "--api-key-file", key_file,
        ),
        invoke("ledger", "--ledger", ledger, *NOISY, env=SECRET_ENV),
        invoke("ledger", "--ledger", ledger, "--format", "json", "--output", tmp_path / "l.json"),
        invoke("ledger", "--ledger", ledger, "--format", "csv", "--api-key-file", key_file),
        invoke("ledger", "--verify", *target, *NOISY, env=SECRET_ENV),
        invoke("ledger", "--verify", *target, *NOISY, "--api-key-file", key_file),
        invoke(
            "push", "samples/calendar.csv", "--sandbox", "--sandbox-state", tmp_path / "s2.json",
            "--ledger", tmp_path / "l2.sqlite", "--now", NOW, *NOISY, env=SECRET_ENV,
        ),
    ]  # fmt: skip

    assert [output.exit_code for output in outputs] == [0, 0, 0, 0, 0, 0, 0, 0]
    assert len(secret_sandbox.posts()) == 3
    assert_secret_absent(outputs, tmp_path)


def test_secret_absent_after_401(tmp_path: Path, key_file: Path, sandbox: Sandbox) -> None:
    """The demo-only stand-in rejects the key: the 401 messages must not quote it."""
    ledger = tmp_path / "ledger.sqlite"
    target = target_options(sandbox, ledger)
    calendar = small_calendar(tmp_path / "april.csv", 2)
    outputs = [
        invoke("push", calendar, *target, "--now", NOW, *NOISY, env=SECRET_ENV),
        invoke(
            "push", calendar, *target, "--now", NOW, *NOISY, "--log-format", "json",
            "--api-key-file", key_file,
        ),
        invoke("ledger", "--ledger", ledger, "--format", "json"),
    ]  # fmt: skip
    # With --debug, the 401 of a verification ends in a traceback, which only a real
    # process prints.
    verify = run_console_script("ledger", "--verify", *target, *NOISY, env=SECRET_ENV)

    assert [output.exit_code for output in outputs] == [3, 3, 0]
    assert verify.returncode == 1
    assert "AuthenticationError: Ocoya rejected the API key (401 Unauthorized" in verify.stderr
    assert sandbox.stats()["requests"] == {"POST /post": {"401": 2}, "GET /post": {"401": 1}}
    assert_secret_absent([*outputs, verify], tmp_path)


def test_secret_absent_after_read_timeout(tmp_path: Path) -> None:
    """Every POST hangs past --timeout; the posts are then found by looking them up."""
    hanging = Faults(hang_after_store=1.0, hang_seconds=2.0)
    ledger = tmp_path / "ledger.sqlite"
    calendar = small_calendar(tmp_path / "april.csv", 2)
    with make_sandbox(
        tmp_path / "sandbox.json", faults=hanging, api_keys=frozenset({SECRET})
    ) as sandbox:
        result = invoke(
            "push", calendar, *target_options(sandbox, ledger), "--now", NOW, *NOISY,
            "--timeout", "1s", "--log-format", "json", env=SECRET_ENV,
        )  # fmt: skip

    unknown = [event for event in result.events() if event["event"] == "row-unknown"]
    assert result.exit_code == 0
    assert [event["row"] for event in unknown] == [2, 3]
    assert unknown[0]["error"] == "no complete response: ReadTimeout: timed out"
    assert_secret_absent([result], tmp_path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_secret_absent_from_sandbox_command(tmp_path: Path) -> None:
    """The stand-in logs every request it serves, one with the key among them."""
    port = free_port()
    command = [
        str(CONSOLE_SCRIPT), "sandbox", "--port", str(port),
        "--state", str(tmp_path / "served.json"), *NOISY,
    ]  # fmt: skip
    with subprocess.Popen(
        command,
        env={**os.environ, **SECRET_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        url = f"http://127.0.0.1:{port}/api/_public/v1"
        rejected = httpx.get(f"{url}/me", headers={ocoya.API_KEY_HEADER: SECRET})
        accepted = httpx.post(
            f"{url}/post",
            params={"workspaceId": ocoya.DEMO_WORKSPACE_ID},
            json={"caption": "Rye is back"},
            headers={ocoya.API_KEY_HEADER: ocoya.DEMO_API_KEY},
        )
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)

    assert first_line == f"Ocoya stand-in serving at {url}\n"
    assert rejected.status_code == 401
    assert accepted.status_code == 201
    assert process.returncode == 0
    assert "GET /api/_public/v1/me 401" in stderr
    assert (tmp_path / "served.json").is_file()
    completed = subprocess.CompletedProcess(command, 0, first_line + stdout, stderr)
    assert_secret_absent([completed], tmp_path)
