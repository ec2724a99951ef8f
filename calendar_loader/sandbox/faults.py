"""Decisions on which requests get an injected fault, and counts of the faults injected."""

from __future__ import annotations

import random
import threading

from calendar_loader.sandbox.config import RATE_NAMES, Faults

# After-store faults, in the order they are drawn.
AFTER_STORE = ("fail_after_store", "hang_after_store", "drop_after_store")


class FaultInjector:
    """Draw faults at the rates of a `Faults`, and count each fault injected.

    A rate of 0 never draws from the random generator, so enabling one kind of fault
    leaves the sequence of the others' draws unchanged for a given seed. Thread-safe.
    """

    def __init__(self, faults: Faults) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(RATE_NAMES, 0)
        self._faults = faults
        self._random = random.Random(faults.seed)
        self._burst_left = 0

    @property
    def settings(self) -> Faults:
        return self._faults

    def replace(self, faults: Faults) -> None:
        """Use new settings from now on, reseeding the generator. A running burst goes on."""
        with self._lock:
            self._faults = faults
            self._random = random.Random(faults.seed)

    def burst_429(self) -> bool:
        """Return True when this request belongs to a burst of injected 429 responses."""
        with self._lock:
            if self._burst_left == 0 and self._draw(self._faults.burst_429):
                self._burst_left = self._faults.burst_length
            if self._burst_left == 0:
                return False
            self._burst_left -= 1
            self._counts["burst_429"] += 1
            return True

    def slow_delay(self) -> float:
        """Return how many seconds to delay this response: 0, or `slow_seconds`."""
        with self._lock:
            if not self._draw(self._faults.slow):
                return 0.0
            self._counts["slow"] += 1
            return self._faults.slow_seconds

    def fail_before_store(self) -> bool:
        """Return True when this POST /post must fail before its post is stored."""
        with self._lock:
            if not self._draw(self._faults.fail_before_store):
                return False
            self._counts["fail_before_store"] += 1
            return True

    def after_store(self) -> str | None:
        """Return the after-store fault for a stored post, one of AFTER_STORE, or None."""
        with self._lock:
            for kind in AFTER_STORE:
                if self._draw(getattr(self._faults, kind)):
                    self._counts[kind] += 1
                    return kind
            return None

    def counts(self) -> dict[str, int]:
        """Return the number of faults injected so far, by kind."""
        with self._lock:
            return dict(self._counts)

    def _draw(self, rate: float) -> bool:
        # random() is below 1.0, so a rate of 1.0 always fires.
        return rate > 0 and self._random.random() < rate
