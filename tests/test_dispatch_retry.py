"""Retry policy: capped exponential backoff with full jitter."""

from __future__ import annotations

from typing import Any

import pytest

from calendar_loader.dispatch.retry import RetryPolicy


@pytest.mark.parametrize(
    ("retry", "ceiling"),
    [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (20, 60.0)],
)
def test_delay_ceiling_doubles_up_to_cap(retry: int, ceiling: float) -> None:
    assert RetryPolicy(random=lambda: 0.999999).delay(retry) == pytest.approx(ceiling, rel=1e-5)
    assert RetryPolicy(random=lambda: 0.0).delay(retry) == 0.0


def test_delay_is_jitter_times_ceiling() -> None:
    assert RetryPolicy(base=2.0, cap=10.0, random=lambda: 0.25).delay(3) == 2.0


def test_defaults_match_documented_policy() -> None:
    policy = RetryPolicy()
    assert (policy.base, policy.cap, policy.max_attempts) == (1.0, 60.0, 8)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_attempts": 0}, "max_attempts must be 1 or more, not 0."),
        ({"base": -1.0}, "base and cap must be 0 or more, not -1.0 and 60.0."),
    ],
)
def test_invalid_policy_rejected(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        RetryPolicy(**options)

    assert str(raised.value) == message
