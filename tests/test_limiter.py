"""The rate limiter: rolling windows stamped at response time, server resets, 429s, stops."""

from __future__ import annotations

import random

import pytest

from calendar_loader.dispatch.events import StopReason
from calendar_loader.dispatch.limiter import (
    RateLimiter,
    Wait,
    WaitCause,
    WaitRules,
    WaitStopped,
    seconds_until_reset,
)
from calendar_loader.dispatch.retry import RetryPolicy
from calendar_loader.durations import RateLimit

WALL_START = 1_900_000_000.0  # epoch seconds, in 2030


class FakeClock:
    """Monotonic and wall clocks that move only when `sleep` or `advance` is called."""

    def __init__(self) -> None:
        self.monotonic = 500.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.monotonic

    def wall(self) -> float:
        return WALL_START + (self.monotonic - 500.0)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.monotonic += seconds

    def advance(self, seconds: float) -> None:
        self.monotonic += seconds


def make_limiter(
    clock: FakeClock, requests: int = 3, window: float = 10.0, jitter: float = 0.5
) -> RateLimiter:
    return RateLimiter(
        RateLimit(requests, window),
        retry=RetryPolicy(base=1.0, cap=60.0, random=lambda: jitter),
        clock=clock.now,
        wall_clock=clock.wall,
        sleep=clock.sleep,
    )


def test_never_more_than_n_in_any_window() -> None:
    """With random network delays, the server counts at most N per rolling window."""
    clock = FakeClock()
    limiter = make_limiter(clock, requests=5, window=2.0)
    delays = random.Random(7)
    counted_at: list[float] = []
    for _ in range(200):
        limiter.acquire()
        to_server = delays.uniform(0.0, 0.8)
        back = delays.uniform(0.0, 0.8)
        counted_at.append(clock.now() + to_server)
        clock.advance(to_server + back)
        limiter.record(201, {})

    gaps = [later - earlier for earlier, later in zip(counted_at, counted_at[5:], strict=False)]
    assert min(gaps) >= 2.0
    assert len(counted_at) == 200


def test_slot_stamped_when_response_arrives() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=1, window=10.0)
    limiter.acquire()
    clock.advance(3.0)  # the response takes 3 s to arrive
    limiter.record(201, {})

    assert limiter.next_wait() == Wait(10.0, WaitCause.WINDOW)


def test_window_wait_sleeps_until_oldest_leaves() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=3, window=10.0)
    for _ in range(3):
        limiter.acquire()
        limiter.record(201, {})
        clock.advance(1.0)

    waited = limiter.acquire()

    assert waited == 7.0
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(str(int(WALL_START) + 42), 42.0, id="epoch-seconds"),
        pytest.param(str(int(WALL_START) * 1000 + 42_500), 42.5, id="epoch-milliseconds"),
        pytest.param("42", 42.0, id="seconds-to-wait"),
        pytest.param("0.25", 0.25, id="fractional-seconds-to-wait"),
        pytest.param(" 7 ", 7.0, id="spaces"),
        pytest.param(str(int(WALL_START) - 5), -5.0, id="epoch-in-the-past"),
    ],
)
def test_reset_forms_told_apart(header: str, expected: float) -> None:
    assert seconds_until_reset(header, WALL_START) == expected


@pytest.mark.parametrize("header", [None, "", "soon", "nan", "inf"])
def test_unreadable_reset_is_none(header: str | None) -> None:
    assert seconds_until_reset(header, WALL_START) is None


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(str(int(WALL_START) + 30), id="epoch-seconds"),
        pytest.param(str((int(WALL_START) + 30) * 1000), id="epoch-milliseconds"),
        pytest.param("30", id="seconds-to-wait"),
    ],
)
def test_remaining_zero_waits_for_reset(header: str) -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.acquire()
    limiter.record(201, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": header})

    assert limiter.next_wait() == Wait(30.0, WaitCause.SERVER_RESET)


def test_whole_second_reset_yields_to_own_window() -> None:
    """A reset rounded up to whole epoch seconds does not add its rounding to the wait."""
    clock = FakeClock()
    limiter = make_limiter(clock, requests=2, window=2.0)
    clock.advance(0.4)
    limiter.record(201, {"X-RateLimit-Remaining": "1"})
    clock.advance(0.3)
    # The window opened 0.4 s past a whole second and resets 2 s later, at +2.4 s;
    # the server rounds that up to +3.
    reset = str(int(WALL_START) + 3)
    limiter.record(201, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})

    assert limiter.next_wait() == Wait(pytest.approx(1.7), WaitCause.WINDOW)


def test_whole_second_reset_beyond_own_window_waits() -> None:
    """A whole-second reset more than a second past our own window is obeyed."""
    clock = FakeClock()
    limiter = make_limiter(clock, requests=2, window=2.0)
    limiter.record(201, {"X-RateLimit-Remaining": "1"})
    limiter.record(
        201, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL_START) + 30)}
    )

    assert limiter.next_wait() == Wait(30.0, WaitCause.SERVER_RESET)


def test_remaining_zero_without_reset_waits_window() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100, window=10.0)
    limiter.record(201, {"X-RateLimit-Remaining": "0"})

    assert limiter.next_wait() == Wait(10.0, WaitCause.SERVER_RESET)


def test_remaining_above_zero_sets_no_wait() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.record(201, {"X-RateLimit-Remaining": "4", "X-RateLimit-Reset": "30"})

    assert limiter.next_wait() is None


def test_429_waits_for_reset() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.record(429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "12"})

    assert limiter.acquire() == 12.0
    assert clock.sleeps == [12.0]


def test_429_without_reset_backs_off_exponentially() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100, jitter=0.5)
    waits = []
    for _ in range(4):
        limiter.record(429, {})
        waits.append(limiter.acquire())
    limiter.record(201, {})
    limiter.record(429, {})

    assert waits == [0.5, 1.0, 2.0, 4.0]
    assert limiter.next_wait() == Wait(0.5, WaitCause.RATE_LIMITED)


def test_429_with_past_reset_backs_off() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100, jitter=0.5)
    limiter.record(429, {"X-RateLimit-Reset": str(int(WALL_START) - 3)})

    assert limiter.next_wait() == Wait(0.5, WaitCause.RATE_LIMITED)


def test_waits_reported_before_sleeping() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    reported: list[tuple[Wait, float]] = []
    limiter.record(429, {"X-RateLimit-Reset": "5"})

    limiter.acquire(WaitRules(on_wait=lambda wait: reported.append((wait, clock.now()))))

    assert reported == [(Wait(5.0, WaitCause.SERVER_RESET), 500.0)]


def test_wait_over_max_wait_stops_without_sleeping() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.record(429, {"X-RateLimit-Reset": "90"})

    with pytest.raises(WaitStopped) as raised:
        limiter.acquire(WaitRules(max_wait=60.0))

    assert raised.value.reason is StopReason.WAIT_TOO_LONG
    assert raised.value.wait == Wait(90.0, WaitCause.SERVER_RESET)
    assert clock.sleeps == []


def test_connection_backoff_ignores_max_wait() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.back_off(8.0)

    assert limiter.acquire(WaitRules(max_wait=5.0)) == 8.0


def test_wait_past_deadline_stops() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.record(429, {"X-RateLimit-Reset": "30"})

    with pytest.raises(WaitStopped) as raised:
        limiter.acquire(WaitRules(deadline=clock.now() + 20.0))

    assert raised.value.reason is StopReason.DEADLINE
    assert clock.sleeps == []


def test_stop_flag_cuts_wait_short() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=100)
    limiter.record(429, {"X-RateLimit-Reset": "30"})

    with pytest.raises(WaitStopped) as raised:
        limiter.acquire(WaitRules(should_stop=lambda: len(clock.sleeps) == 3))

    assert raised.value.reason is StopReason.INTERRUPTED
    assert clock.sleeps == [0.25, 0.25, 0.25]


def test_failed_request_still_takes_slot() -> None:
    clock = FakeClock()
    limiter = make_limiter(clock, requests=1, window=10.0)
    limiter.record(None, None)

    assert limiter.next_wait() == Wait(10.0, WaitCause.WINDOW)
