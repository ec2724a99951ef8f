"""Log set-up for the command line: one event per line on stderr, for people or machines.

Modules log through named loggers and pass the event's fields in `extra={"event": name,
"fields": {...}}`. Only the command line configures handlers. `--log-format json` gives
one JSON object per line, for cron jobs and log collectors.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape

from calendar_loader.secrets import RedactingFilter

ROOT = "calendar_loader"


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, event, message and fields."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": _timestamp(record.created),
            "level": record.levelname.lower(),
            "event": getattr(record, "event", "log"),
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for name, value in fields.items():
                document.setdefault(name, value)
        if record.exc_info:
            document["traceback"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False, default=str)


class HumanFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%d %H:%M:%S")


def configure_logging(
    log_format: str, *, verbose: bool = False, secret: str | None = None
) -> logging.Handler:
    """Send calendar-loader's log records to stderr in `log_format` ("human" or "json").

    Returns the handler so that a progress bar can route its lines around it.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else HumanFormatter())
    if secret:
        handler.addFilter(RedactingFilter(secret))
    for name in (ROOT, "httpx"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    logging.getLogger(ROOT).setLevel(logging.DEBUG if verbose else logging.INFO)
    # The in-process stand-in of `push --sandbox` logs every request it serves; that is
    # noise beside the push's own lines unless asked for.
    logging.getLogger(f"{ROOT}.sandbox").setLevel(logging.INFO if verbose else logging.WARNING)
    # httpx logs one INFO line per request; keep them for --verbose only.
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
    return handler


def log_event(logger: logging.Logger, level: int, event: str, message: str, **fields: Any) -> None:
    """Log `message` with a stable event name and machine-readable fields."""
    logger.log(level, message, extra={"event": event, "fields": fields})


def print_error(
    message: str, log_format: str, *, event: str = "error", label: str = "Error:", **fields: Any
) -> None:
    """Print a message that ends or blocks a run on stderr, in the run's log format.

    For people it is one line starting with `label`. With `--log-format json` it is one
    JSON object shaped like the log lines, so a log collector can parse every line of
    stderr. It does not go through logging because it may come before logging is set up.
    """
    if log_format == "json":
        document = {
            "time": _timestamp(time.time()),
            "level": "error",
            "event": event,
            "message": message,
            **fields,
        }
        sys.stderr.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
        sys.stderr.flush()
        return
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    prefix = f"[bold red]{escape(label)}[/] " if label else ""
    # Messages quote file names and cell values, whose brackets are not markup.
    console.print(f"{prefix}{escape(message)}")
