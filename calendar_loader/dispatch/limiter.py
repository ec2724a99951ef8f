"""Pacing requests so that Ocoya never counts more than N of them in any W seconds.

One RateLimiter paces one API key, because Ocoya counts requests per key across all
endpoints. Every request calls `acquire()` before it and `record(...)` after it.
All waiting happens in `acquire`, which sleeps in short slices so that a stop request
(SIGINT, SIGTERM) ends a long wait at once rather than at its end.

NOTE: the limiter sees only this process's requests. Another program using the same key
at the same time can still push Ocoya over its limit; the 429 handling then takes over.

X-RateLimit-Reset is read in any of three forms, distinguished by magnitude, because
Ocoya's documentation does not say which one it sends:
    value >= 1e11          epoch milliseconds (1e11 ms is March 1973; 1e11 s is year 5138)
    1e9 <= value < 1e11    epoch seconds (1e9 s is September 2001)
    value < 1e9            seconds to wait (1e9 s would be a 31-year wait)
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from calendar_loader.dispatch.events import StopReason
from calendar_loader.dispatch.retry import RetryPolicy
from calendar_loader.durations import RateLimit

EPOCH_MILLISECONDS_FROM = 1e11
EPOCH_SECONDS_FROM = 1e9

# Maximum length of one sleep, so that a stop request is noticed within this many seconds.
_SLEEP_SLICE = 0.25


class WaitCause(StrEnum):
    WINDOW = "rate limit window"  # our own count: N requests in the last W seconds
    SERVER_RESET = "server rate limit reset"  # X-RateLimit-Remaining 0, or a 429 with a reset
    RATE_LIMITED = "backoff after 429"  # a 429 without a usable X-RateLimit-Reset
    CONNECTION = "backoff after connection error"  # nothing was sent, so retrying is safe

    @property
    def is_rate_limit(self) -> bool:
        return self is not WaitCause.CONNECTION


@dataclass(frozen=True)
class Wait:
    """A pause the limiter needs before the next request: seconds, and why."""

    seconds: float
    cause: WaitCause


class WaitStopped(Exception):
    """A wait that did not happen, or was cut short, for `reason`."""

    def __init__(self, reason: StopReason, wait: Wait) -> None:
        super().__init__(f"{reason.value}: {wait.seconds:.1f} s wait ({wait.cause.value})")
        self.reason = reason
        self.wait = wait


@dataclass(frozen=True)
class WaitRules:
    """When `acquire` must stop rather than wait, and whom to tell about a wait.

    `max_wait` (seconds) applies to rate-limit waits only, not to backoff after a
    connection error. `deadline` is a time on the limiter's clock after which no request
    may start. `should_stop` is polled while sleeping. `on_wait` hears of each wait
    before it starts.
    """

    max_wait: float | None = None
    deadline: float | None = None
    should_stop: Callable[[], bool] | None = None
    on_wait: Callable[[Wait], None] | None = None


def seconds_until_reset(value: str | None, now: float) -> float | None:
    """Return the seconds from `now` (epoch seconds) until the X-RateLimit-Reset `value`.

    See the module docstring for how the three forms are distinguished. Returns None for a
    missing or unreadable value, and a negative number for a moment already past.
    """
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if number >= EPOCH_MILLISECONDS_FROM:
        return number / 1000.0 - now
    if number >= EPOCH_SECONDS_FROM:
        return number - now
    return number


class RateLimiter:
    """At most `limit.requests` requests in any rolling `limit.window` seconds, per key.

    Each request's slot is stamped with the time its response arrived (or its error
    was raised), not the time it was sent. The server counted the request somewhere
    between those two moments, so the arrival time is an upper bound of the server's
    time. Checking the window against these upper bounds, with one request in flight at
    a time, keeps every window the server can draw (rolling, or fixed and aligned to
    any moment) at N or fewer, however long the network took.

    The server's headers are obeyed on top of that. After a response with
    X-RateLimit-Remaining 0, the next request waits for X-RateLimit-Reset, or one whole
    window when that header is missing. After a 429 it waits for the reset or, without
    one, for a backoff from `retry` that grows with each 429 in a row.

    `clock` is monotonic seconds and `wall_clock` epoch seconds (for the epoch forms of
    the reset header); tests pass fakes for both, and for `sleep`.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.retry = retry if retry is not None else RetryPolicy()
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()
        self._blocked_until = -math.inf
        self._blocked_cause = WaitCause.SERVER_RESET
        self._rate_limited_in_a_row = 0

    def now(self) -> float:
        """Return the limiter's clock, the one `WaitRules.deadline` is measured on."""
        return self._clock()

    def next_wait(self) -> Wait | None:
        """Return the wait needed before the next request, or None to send at once."""
        now = self._clock()
        window_start = now - self.limit.window
        while self._stamps and self._stamps[0] <= window_start:
            self._stamps.popleft()
        waits = [Wait(self._blocked_until - now, self._blocked_cause)]
        if len(self._stamps) >= self.limit.requests:
            # The oldest stamp that must leave the window for one more request to fit.
            oldest = self._stamps[len(self._stamps) - self.limit.requests]
            waits.append(Wait(oldest + self.limit.window - now, WaitCause.WINDOW))
        longest = max(waits, key=lambda wait: wait.seconds)
        return longest if longest.seconds > 0 else None

    def acquire(self, rules: WaitRules | None = None) -> float:
        """Wait until one more request may be sent, and return the seconds waited.

        Raises WaitStopped before waiting when the wait would pass `rules.deadline` or
        exceed `rules.max_wait`, and during the wait when `rules.should_stop()` is true.
        """
        rules = rules if rules is not None else WaitRules()
        started = self._clock()
        while (wait := self.next_wait()) is not None:
            now = self._clock()
            if rules.deadline is not None and now + wait.seconds > rules.deadline:
                raise WaitStopped(StopReason.DEADLINE, wait)
            if (
                rules.max_wait is not None
                and wait.cause.is_rate_limit
                and wait.seconds > rules.max_wait
            ):
                raise WaitStopped(StopReason.WAIT_TOO_LONG, wait)
            if rules.on_wait is not None:
                rules.on_wait(wait)
            self._sleep_until(now + wait.seconds, wait, rules.should_stop)
        return self._clock() - started

    def record(self, status_code: int | None, headers: Mapping[str, str] | None) -> None:
        """Stamp a finished request now, and obey its rate-limit headers.

        Call it after every request that may have left this machine, with the response's
        status and headers, or with None for both when the request raised.
        """
        now = self._clock()
        self._stamps.append(now)
        headers = headers if headers is not None else {}
        reset = seconds_until_reset(headers.get("X-RateLimit-Reset"), self._wall_clock())
        if status_code == 429:
            self._rate_limited_in_a_row += 1
            if reset is not None and reset > 0:
                self._block(now + reset, WaitCause.SERVER_RESET)
            else:
                delay = self.retry.delay(self._rate_limited_in_a_row)
                self._block(now + delay, WaitCause.RATE_LIMITED)
            return
        if status_code is not None:
            self._rate_limited_in_a_row = 0
        if _is_zero(headers.get("X-RateLimit-Remaining")):
            if reset is not None and self._window_agrees(headers["X-RateLimit-Reset"], reset):
                return
            delay = reset if reset is not None else self.limit.window
            self._block(now + delay, WaitCause.SERVER_RESET)

    def _window_agrees(self, value: str, reset: float) -> bool:
        """Tell whether our own window already waits until a whole-second reset.

        A reset in whole epoch seconds is the true moment rounded, so it may be up to a
        second late. When our own window (stamped at response time, see the class
        docstring) frees a slot within that second, its wait is the sharper bound, and
        taking it saves up to a second per window. With the same limit as the server the
        window alone never lets a request be counted over the limit; with a wrong
        --rate-limit the worst case is one 429, which is waited out and retried.
        """
        if not _is_whole_epoch_seconds(value):
            return False
        window_wait = self.next_wait()
        ours = window_wait.seconds if window_wait and window_wait.cause is WaitCause.WINDOW else 0
        return reset - 1.0 <= ours

    def back_off(self, seconds: float) -> None:
        """Hold the next request for `seconds`, after a connection error."""
        self._block(self._clock() + seconds, WaitCause.CONNECTION)

    def _block(self, until: float, cause: WaitCause) -> None:
        if until > self._blocked_until:
            self._blocked_until = until
            self._blocked_cause = cause

    def _sleep_until(
        self, target: float, wait: Wait, should_stop: Callable[[], bool] | None
    ) -> None:
        while (remaining := target - self._clock()) > 0:
            if should_stop is not None and should_stop():
                raise WaitStopped(StopReason.INTERRUPTED, wait)
            self._sleep(remaining if should_stop is None else min(remaining, _SLEEP_SLICE))


def _is_whole_epoch_seconds(value: str) -> bool:
    text = value.strip()
    return text.isdigit() and EPOCH_SECONDS_FROM <= int(text) < EPOCH_MILLISECONDS_FROM


def _is_zero(value: str | None) -> bool:
    if value is None:
        return False
    try:
        return int(value.strip()) <= 0
    except ValueError:
        return False
