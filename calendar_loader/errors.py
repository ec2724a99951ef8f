"""Exceptions raised by calendar-loader, split by who must act.

    CalendarLoaderError
    ├── UsageError            the command line is wrong (exit code 2)
    ├── InputError            a calendar or mapping file cannot be read at all (exit code 2)
    ├── ConfigurationError    no API key, a bad API URL, a plain-http remote URL (exit code 3)
    ├── LedgerBusyError       another push holds the ledger's lock (exit code 5)
    └── ApiError              Ocoya answered in a way the run cannot go on from
        ├── AuthenticationError   401 or 403: the key is missing, wrong or not allowed (exit code 3)
        └── TransportError        the API could not be reached after every retry

Problems with single rows are not exceptions: they are `Problem` records in the report,
so that every problem of every row can be shown at once.
"""

from __future__ import annotations


class CalendarLoaderError(Exception):
    """Base class of every error calendar-loader raises on purpose."""

    exit_code = 1


class UsageError(CalendarLoaderError):
    """A command-line option or argument is invalid."""

    exit_code = 2


class InputError(CalendarLoaderError):
    """A calendar or mapping file cannot be used at all.

    The message names the file, and the line or row where one is known.
    """

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class ConfigurationError(CalendarLoaderError):
    """The run is not configured to talk to the API: no key, a bad URL, a missing workspace."""

    exit_code = 3


class LedgerBusyError(CalendarLoaderError):
    """Another process holds the ledger's lock."""

    exit_code = 5

    def __init__(self, message: str, *, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid


class ApiError(CalendarLoaderError):
    """Ocoya answered in a way the run cannot go on from."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AuthenticationError(ApiError):
    """Ocoya rejected the API key (401) or denied the action for it (403)."""

    exit_code = 3


class TransportError(ApiError):
    """The API could not be reached, even after the retries allowed."""
