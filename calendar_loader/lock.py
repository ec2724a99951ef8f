"""The lock that keeps two pushes from sending the same ledger's rows at once.

The lock file sits beside the ledger (`ledger.sqlite.lock`) and holds the PID of the
process that holds it, for the error message of the next one. The lock is an
`fcntl.flock` on that file, so the kernel releases it when its holder dies, even by
SIGKILL: a stale lock file never blocks the next run. The file itself stays in place,
because deleting it while another process waits on it would let two runs hold a lock
on two different files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from calendar_loader.errors import LedgerBusyError


def lock_path_for(ledger_path: Path) -> Path:
    """Return the lock file's path for `ledger_path`: the same name plus `.lock`."""
    return ledger_path.with_name(ledger_path.name + ".lock")


class LedgerLock:
    """An exclusive, non-blocking lock on one ledger, held from `acquire` to `release`.

    Use it as a context manager. Raises LedgerBusyError, naming the holder's PID, when
    another process (or another LedgerLock in this one) holds the lock.
    """

    def __init__(self, ledger_path: Path) -> None:
        self.ledger_path = Path(ledger_path)
        self.path = lock_path_for(self.ledger_path)
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> None:
        if self._descriptor is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(descriptor)
            os.close(descriptor)
            raise LedgerBusyError(_busy_message(self.ledger_path, holder), pid=holder) from None
        except BaseException:
            os.close(descriptor)
            raise
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        os.fsync(descriptor)
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        # Empty the file first, so that no process reads the PID of a released lock.
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
        os.close(descriptor)

    def __enter__(self) -> LedgerLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(descriptor: int) -> int | None:
    # The holder writes its PID right after locking, so the file may still be empty.
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _busy_message(ledger_path: Path, pid: int | None) -> str:
    holder = f"process {pid}" if pid is not None else "a process that has not written its PID yet"
    return (
        f"Another calendar-loader run ({holder}) is using the ledger {ledger_path}. "
        "Wait for it to finish, or stop it, then run again."
    )
