"""What a push shows while it sends: a progress bar on a terminal, log lines elsewhere.

Every event is logged (one line per row, retry, wait and settlement, and the run's
summary), so a cron job's log tells the whole story. On a terminal the bar shows
sent/total and the current rate-limit wait; the log lines then print above it.
"""

from __future__ import annotations

import logging
from types import TracebackType

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from calendar_loader.dispatch.events import (
    DispatchEvent,
    RateLimitWait,
    RetryScheduled,
    RowFailed,
    RowSent,
    RowSkipped,
    RowUnknown,
)
from calendar_loader.logs import ROOT, log_event

logger = logging.getLogger("calendar_loader.dispatch")

_LEVELS: dict[type[DispatchEvent], int] = {
    RetryScheduled: logging.WARNING,
    RowFailed: logging.ERROR,
    RowUnknown: logging.WARNING,
}
# Events after which one more row is settled, whichever way.
_ROW_DONE = (RowSent, RowSkipped, RowFailed)


class DispatchDisplay:
    """Turn dispatch events into log lines and, when `interactive`, a progress bar."""

    def __init__(self, total: int, *, interactive: bool) -> None:
        self.total = total
        self.interactive = interactive
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._saved_handlers: list[logging.Handler] = []

    def __enter__(self) -> DispatchDisplay:
        if self.interactive:
            console = Console(stderr=True)
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            )
            self._task = self._progress.add_task("Sending", total=self.total)
            self._progress.start()
            # Log lines go through the bar's console, so they print above the bar.
            root = logging.getLogger(ROOT)
            self._saved_handlers = root.handlers
            handler = RichHandler(console=console, show_path=False, markup=False)
            for log_filter in self._saved_handlers[0].filters if self._saved_handlers else []:
                handler.addFilter(log_filter)
            root.handlers = [handler]
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            logging.getLogger(ROOT).handlers = self._saved_handlers

    def on_event(self, event: DispatchEvent) -> None:
        level = _LEVELS.get(type(event), logging.INFO)
        log_event(logger, level, event.name, event.message, **event.fields())
        if self._progress is None or self._task is None:
            return
        if isinstance(event, _ROW_DONE):
            self._progress.update(self._task, advance=1, description="Sending")
        elif isinstance(event, RateLimitWait):
            self._progress.update(
                self._task, description=f"Waiting {event.seconds:.0f} s for the rate limit"
            )
