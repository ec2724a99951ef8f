"""The stop flag that SIGINT and SIGTERM set, for the dispatcher to check between requests."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType


class StopFlag:
    """A flag that requests a stop after the request in flight.

    `handling_signals` sets it on SIGINT or SIGTERM. The handler only sets the flag, so
    the request in flight completes and its outcome reaches the ledger. A second signal
    of either kind raises KeyboardInterrupt, for a person or a supervisor that will not
    wait; the record of a request cut short that way stays `sending`, and the next run
    settles it.
    """

    def __init__(self) -> None:
        self.signal_name: str | None = None

    def set(self, reason: str = "stop requested") -> None:
        if self.signal_name is None:
            self.signal_name = reason

    def is_set(self) -> bool:
        return self.signal_name is not None

    @contextlib.contextmanager
    def handling_signals(
        self, signals: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)
    ) -> Iterator[StopFlag]:
        """Install handlers that set the flag, and restore the previous ones on exit.

        Signal handlers can only be installed from the main thread (ValueError otherwise).
        """
        previous = {number: signal.getsignal(number) for number in signals}

        def handle(number: int, frame: FrameType | None) -> None:
            if self.is_set():
                raise KeyboardInterrupt
            self.set(signal.Signals(number).name)

        try:
            for number in signals:
                signal.signal(number, handle)
            yield self
        finally:
            for number, handler in previous.items():
                # getsignal returns None for a handler installed outside Python.
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)
