"""Durations (`90s`, `5m`, `1h`) and rate limits (`60/60s`) as written on the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calendar_loader.errors import UsageError

_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
# No duration the tool takes is sensibly longer than a year, and far longer ones
# overflow the date arithmetic they feed.
MAX_SECONDS = 366 * 86400.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$", re.IGNORECASE)


def parse_duration(text: str, *, option: str = "duration") -> float:
    """Parse `90s`, `5m`, `1.5h`, `250ms` or `2d` into seconds.

    Raises UsageError, naming `option`, for anything else, including a bare number,
    because `5` could mean seconds or minutes.
    """
    if text.strip().startswith("-"):
        raise UsageError(f"Invalid {option} {text!r}: a duration cannot be negative.")
    match = _DURATION.match(text)
    if not match:
        raise UsageError(
            f"Invalid {option} {text!r}: write a number and a unit, such as 90s, 5m or 1h."
        )
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if seconds > MAX_SECONDS:
        raise UsageError(f"Invalid {option} {text!r}: give at most 366 days (366d).")
    return seconds


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` requests in any rolling window of `window` seconds."""

    requests: int
    window: float

    def __str__(self) -> str:
        return f"{self.requests}/{self.window:g}s"


def parse_rate_limit(text: str) -> RateLimit:
    """Parse `N/PERIOD`, such as `60/60s` or `20/2s`, into a RateLimit.

    Raises UsageError when N is not a positive whole number or PERIOD is not a duration.
    """
    count, slash, period = text.partition("/")
    if not slash or not count.strip().isdigit() or int(count) < 1:
        raise UsageError(
            f"Invalid rate limit {text!r}: write requests/period, such as 60/60s or 20/2s."
        )
    window = parse_duration(period, option="rate-limit period")
    if window <= 0:
        raise UsageError(f"Invalid rate limit {text!r}: the period must be longer than 0s.")
    return RateLimit(int(count), window)
