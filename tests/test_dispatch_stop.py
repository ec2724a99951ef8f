"""The stop flag and the signal handlers that set it."""

from __future__ import annotations

import os
import signal

import pytest

from calendar_loader.dispatch.stop import StopFlag


def test_flag_keeps_first_reason() -> None:
    flag = StopFlag()
    assert not flag.is_set()

    flag.set("SIGTERM")
    flag.set("SIGINT")

    assert flag.is_set()
    assert flag.signal_name == "SIGTERM"


def test_sigterm_sets_flag_without_raising() -> None:
    flag = StopFlag()
    with flag.handling_signals():
        os.kill(os.getpid(), signal.SIGTERM)

    assert flag.signal_name == "SIGTERM"


def test_second_sigint_raises_keyboard_interrupt() -> None:
    flag = StopFlag()
    with pytest.raises(KeyboardInterrupt), flag.handling_signals():
        os.kill(os.getpid(), signal.SIGINT)
        assert flag.signal_name == "SIGINT"
        os.kill(os.getpid(), signal.SIGINT)


def test_second_sigterm_raises_keyboard_interrupt() -> None:
    flag = StopFlag()
    with pytest.raises(KeyboardInterrupt), flag.handling_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        assert flag.signal_name == "SIGTERM"
        os.kill(os.getpid(), signal.SIGTERM)


def test_previous_handlers_restored() -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))

    with StopFlag().handling_signals():
        assert signal.getsignal(signal.SIGTERM) is not before[1]

    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
