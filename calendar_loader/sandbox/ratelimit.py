"""The sandbox's rate limit: a fixed window of requests per API key, and its headers."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from calendar_loader.sandbox.config import RESET_FORMS


@dataclass(frozen=True)
class WindowState:
    """The rate-limit window of one API key, as the headers of a response report it.

    `reset_at` is the end of the window in seconds since the epoch, and `allowed` is False
    when the request went over the limit.
    """

    limit: int
    remaining: int
    reset_at: float
    allowed: bool


class FixedWindowLimiter:
    """Allow `limit` requests per API key in each window of `window` seconds.

    A window starts at the first request after the previous window ended, and a request
    over the limit does not count. `clock` returns seconds since the epoch. Thread-safe.
    """

    def __init__(
        self, limit: int, window: float, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        # API key -> (start of its current window, requests counted in it)
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, api_key: str) -> WindowState:
        """Count one request of `api_key` and return the window after it."""
        with self._lock:
            start, count = self._current(api_key)
            if count >= self.limit:
                return WindowState(self.limit, 0, start + self.window, allowed=False)
            count += 1
            self._windows[api_key] = (start, count)
            return WindowState(self.limit, self.limit - count, start + self.window, allowed=True)

    def peek(self, api_key: str) -> WindowState:
        """Return the window of `api_key` without counting a request."""
        with self._lock:
            start, count = self._current(api_key)
            remaining = max(0, self.limit - count)
            return WindowState(self.limit, remaining, start + self.window, allowed=remaining > 0)

    def _current(self, api_key: str) -> tuple[float, int]:
        now = self._clock()
        window = self._windows.get(api_key)
        if window is None or now >= window[0] + self.window:
            return now, 0
        return window


class RateLimitHeaders:
    """Write the X-RateLimit-* headers, with X-RateLimit-Reset in the configured form.

    The forms are:

    - "epoch-s": whole seconds since the epoch, rounded up.
    - "epoch-ms": whole milliseconds since the epoch, rounded up.
    - "delta-s": seconds to wait, rounded up to at most 3 decimals.
    - "rotate": the three forms above in turn, one response after another.

    Rounding up keeps a client that trusts the header from retrying early.
    """

    _ROTATION = ("epoch-s", "epoch-ms", "delta-s")

    def __init__(self, form: str, *, clock: Callable[[], float] = time.time) -> None:
        if form not in RESET_FORMS:
            raise ValueError(f"Unknown reset form {form!r}: use one of {', '.join(RESET_FORMS)}.")
        self.form = form
        self._clock = clock
        self._lock = threading.Lock()
        self._turn = 0

    def headers(self, state: WindowState) -> dict[str, str]:
        """Return the three headers for a response in `state`."""
        return {
            "X-RateLimit-Limit": str(state.limit),
            "X-RateLimit-Remaining": str(state.remaining),
            "X-RateLimit-Reset": self.format_reset(state.reset_at),
        }

    def format_reset(self, reset_at: float) -> str:
        """Write the moment `reset_at`, in seconds since the epoch, in the configured form."""
        form = self.form
        if form == "rotate":
            with self._lock:
                form = self._ROTATION[self._turn % len(self._ROTATION)]
                self._turn += 1
        if form == "epoch-s":
            return str(_round_up(reset_at))
        if form == "epoch-ms":
            return str(_round_up(reset_at * 1000))
        milliseconds = _round_up(max(0.0, reset_at - self._clock()) * 1000)
        seconds, fraction = divmod(milliseconds, 1000)
        return f"{seconds}.{fraction:03d}".rstrip("0").rstrip(".")


def _round_up(value: float) -> int:
    # Rounding to 6 decimals first drops float noise, so that 10.200000000000003 s is
    # written as 10.2 and not 10.201.
    return math.ceil(round(value, 6))
