"""The ledger lock: one holder at a time, named by PID, and never stale after a kill."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from calendar_loader.errors import LedgerBusyError
from calendar_loader.lock import LedgerLock, lock_path_for


@contextlib.contextmanager
def child_holding_lock(ledger: Path) -> Iterator[subprocess.Popen[str]]:
    """Run a process that takes the lock, prints `locked`, then sleeps until killed."""
    script = textwrap.dedent(
        f"""
        import time
        from calendar_loader.lock import LedgerLock
        LedgerLock({str(ledger)!r}).acquire()
        print("locked", flush=True)
        time.sleep(120)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "locked\n"
            yield child
        finally:
            child.kill()


def test_lock_file_beside_ledger(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "ledger.sqlite") == tmp_path / "ledger.sqlite.lock"


def test_holder_writes_its_pid(tmp_path: Path) -> None:
    with LedgerLock(tmp_path / "data" / "ledger.sqlite") as lock:
        assert lock.held
        assert lock.path.read_text(encoding="ascii") == f"{os.getpid()}\n"
        assert oct(lock.path.stat().st_mode & 0o777) == "0o600"

    assert not lock.held
    assert lock.path.read_text(encoding="ascii") == ""


def test_second_holder_in_process_gets_pid(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    with LedgerLock(ledger), pytest.raises(LedgerBusyError) as raised:
        LedgerLock(ledger).acquire()

    assert raised.value.pid == os.getpid()
    assert raised.value.exit_code == 5
    assert str(raised.value) == (
        f"Another calendar-loader run (process {os.getpid()}) is using the ledger {ledger}. "
        "Wait for it to finish, or stop it, then run again."
    )


def test_other_process_holding_lock_is_named(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    with child_holding_lock(ledger) as child, pytest.raises(LedgerBusyError) as raised:
        LedgerLock(ledger).acquire()

    assert raised.value.pid == child.pid


def test_killed_holder_does_not_block(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    with child_holding_lock(ledger) as child:
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    # The dead holder's PID is still in the file: only the flock shows whether its holder is alive.
    assert lock_path_for(ledger).read_text(encoding="ascii") == f"{child.pid}\n"

    with LedgerLock(ledger) as lock:
        assert lock.path.read_text(encoding="ascii") == f"{os.getpid()}\n"


def test_empty_lock_file_gives_unknown_pid(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    with LedgerLock(ledger) as lock:
        lock.path.write_text("", encoding="ascii")
        with pytest.raises(LedgerBusyError) as raised:
            LedgerLock(ledger).acquire()

    assert raised.value.pid is None
    assert "(a process that has not written its PID yet)" in str(raised.value)


def test_release_lets_next_holder_in(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    first = LedgerLock(ledger)
    first.acquire()
    first.release()

    second = LedgerLock(ledger)
    second.acquire()
    assert second.held
    second.release()
