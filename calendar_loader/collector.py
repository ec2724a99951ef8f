"""Pausing Python's cyclic garbage collector around the stages that build whole columns."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, and restore its state afterwards.

    Loading, mapping and checking each build one list or tuple per row. Enough of them
    outlive a young collection to start full collections, and each full collection
    walks every list made so far, so at a million rows the collector costs more than the
    work. These objects hold only strings and numbers, so they form no reference cycles,
    and the pause only delays collection: anything cyclic made meanwhile is collected
    once the collector runs again. Measured on a 2-core machine: mapping a million rows
    took 7 to 9 s with the collector running and about 3 s without it; a million-row
    load took about 1.3 times as long with it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
