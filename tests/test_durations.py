"""Durations and rate limits as written on the command line."""

from __future__ import annotations

import pytest

from calendar_loader.durations import RateLimit, parse_duration, parse_rate_limit
from calendar_loader.errors import UsageError


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("90s", 90.0, id="seconds"),
        pytest.param("5m", 300.0, id="minutes"),
        pytest.param("1.5h", 5400.0, id="fractional-hours"),
        pytest.param("250ms", 0.25, id="milliseconds"),
        pytest.param(" 2D ", 172800.0, id="days-any-case"),
        pytest.param("366d", 31622400.0, id="longest"),
    ],
)
def test_duration_parsed(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "5",
            "Invalid --min-lead '5': write a number and a unit, such as 90s, 5m or 1h.",
            id="bare-number",
        ),
        pytest.param("-5m", "Invalid --min-lead '-5m': a duration cannot be negative.", id="minus"),
        pytest.param(
            "99999999999h",
            "Invalid --min-lead '99999999999h': give at most 366 days (366d).",
            id="overflow",
        ),
    ],
)
def test_duration_rejected(text: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_duration(text, option="--min-lead")

    assert str(raised.value) == message


def test_rate_limit_parsed() -> None:
    assert parse_rate_limit("20/2s") == RateLimit(20, 2.0)


@pytest.mark.parametrize("text", ["0/1s", "abc", "20/", "-1/5s", "20/0s"])
def test_rate_limit_rejected(text: str) -> None:
    with pytest.raises(UsageError):
        parse_rate_limit(text)
