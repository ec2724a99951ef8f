"""How long to back off before retrying a request, and how many tries a row gets."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter, and a cap on attempts.

    Before retry number n (from 1), the wait is drawn uniformly between 0 and
    min(`cap`, `base` * 2 ** (n - 1)) seconds. Full jitter spreads retries out, so that
    clients that failed together do not come back together. `max_attempts` counts every
    request for one row, the first one included. `random` returns a float in [0, 1),
    and tests pass a constant to make waits exact.
    """

    base: float = 1.0
    cap: float = 60.0
    max_attempts: int = 8
    random: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.base < 0 or self.cap < 0:
            raise ValueError(f"base and cap must be 0 or more, not {self.base} and {self.cap}.")
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be 1 or more, not {self.max_attempts}.")

    def delay(self, retry: int) -> float:
        """Return the wait in seconds before retry number `retry` (1 for the first retry)."""
        ceiling = min(self.cap, self.base * 2.0 ** max(0, retry - 1))
        return self.random() * ceiling
