"""Events that the dispatcher reports while it runs, and the result it returns.

Each event has a stable kebab-case `name`, a sentence for people (`message`) and
`fields` for JSON logs, so the command line can log it either way and drive a
progress bar from it without knowing each event's class.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar


class StopReason(StrEnum):
    """The reason a dispatch run ended."""

    COMPLETE = "complete"  # every row was handled
    INTERRUPTED = "interrupted"  # SIGINT or SIGTERM: the request in flight was finished
    DEADLINE = "deadline"  # max_duration would pass before the next request
    WAIT_TOO_LONG = "wait-too-long"  # a rate-limit wait was longer than max_wait
    AUTH = "auth"  # Ocoya responded 401 or 403
    API_ERROR = "api-error"  # every attempt failed, or the post list could not be read


# The words of a summary line for each way a run can end.
STOP_WORDS = {
    StopReason.COMPLETE: "complete",
    StopReason.INTERRUPTED: "stopped by a signal",
    StopReason.DEADLINE: "stopped at --max-duration",
    StopReason.WAIT_TOO_LONG: "stopped before a rate-limit wait over --max-wait",
    StopReason.AUTH: "stopped because Ocoya rejected the API key",
    StopReason.API_ERROR: "stopped by an API error",
}


class RowStatus(StrEnum):
    """The end state of one calendar row in this run."""

    SENT = "sent"  # Ocoya created its post in this run (or settling found it)
    ALREADY_SENT = "already-sent"  # the ledger held its post as sent before this run
    DUPLICATE = "duplicate"  # the same post appears earlier in the calendar
    FAILED = "failed"  # Ocoya rejected the body
    UNKNOWN = "unknown"  # a post may exist; the next run looks it up before resending
    PENDING = "pending"  # not sent: the run stopped first, or every attempt failed


@dataclass(frozen=True)
class Location:
    """A row's place in the calendar: file, sheet, spreadsheet row number and variant."""

    source: str
    sheet: str | None
    row: int
    variant: str | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        parts.append(f"row {self.row}")
        text = ", ".join(parts)
        return f"{text} ({self.variant})" if self.variant else text

    def fields(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "row": self.row,
            "variant": self.variant,
        }


@dataclass(frozen=True)
class RowOutcome:
    """The end state of one row in this run."""

    location: Location
    status: RowStatus
    post_group_id: str | None = None
    message: str | None = None
    attempts: int = 0
    duplicate_of_row: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.location.fields(),
            "status": self.status.value,
            "postGroupId": self.post_group_id,
            "message": self.message,
            "attempts": self.attempts,
            "duplicateOfRow": self.duplicate_of_row,
        }


@dataclass
class DispatchResult:
    """Counts per row status, each row's outcome, and why the run stopped."""

    stop_reason: StopReason = StopReason.COMPLETE
    outcomes: list[RowOutcome] = field(default_factory=list)
    error: str | None = None  # the message behind AUTH or API_ERROR
    requests: int = 0  # POST /post requests sent in this run, retries included

    @property
    def counts(self) -> dict[str, int]:
        """Return the number of rows in each RowStatus, every status included."""
        counted = Counter(outcome.status for outcome in self.outcomes)
        return {status.value: counted[status] for status in RowStatus}

    @property
    def complete(self) -> bool:
        return self.stop_reason is StopReason.COMPLETE

    def to_json(self) -> dict[str, Any]:
        return {
            "stopReason": self.stop_reason.value,
            "error": self.error,
            "requests": self.requests,
            "counts": self.counts,
            "rows": [outcome.to_json() for outcome in self.outcomes],
        }


@dataclass(frozen=True)
class DispatchEvent:
    """Base class of the events; subclasses set `name` and fill in `message`."""

    name: ClassVar[str] = "dispatch"

    @property
    def message(self) -> str:
        return self.name

    def fields(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class RowSent(DispatchEvent):
    """A row whose post Ocoya created: from a 201, or found by settling (`settled`)."""

    name: ClassVar[str] = "row-sent"
    location: Location
    post_group_id: str
    attempts: int
    settled: bool = False

    @property
    def message(self) -> str:
        found = " (found in Ocoya's post list)" if self.settled else ""
        return f"{self.location}: sent{found}, postGroupId {self.post_group_id}."

    def fields(self) -> dict[str, Any]:
        return {
            **self.location.fields(),
            "postGroupId": self.post_group_id,
            "attempts": self.attempts,
            "settled": self.settled,
        }


@dataclass(frozen=True)
class RowSkipped(DispatchEvent):
    """A row not sent because its post is already sent or appears earlier in the calendar."""

    name: ClassVar[str] = "row-skipped"
    location: Location
    status: RowStatus
    post_group_id: str | None = None
    duplicate_of_row: int | None = None

    @property
    def message(self) -> str:
        if self.status is RowStatus.DUPLICATE:
            return f"{self.location}: skipped, the same post as row {self.duplicate_of_row}."
        if self.status is RowStatus.ALREADY_SENT:
            return f"{self.location}: already sent, postGroupId {self.post_group_id}."
        return f"{self.location}: not sent, its earlier request is still unsettled."

    def fields(self) -> dict[str, Any]:
        return {
            **self.location.fields(),
            "status": self.status.value,
            "postGroupId": self.post_group_id,
            "duplicateOfRow": self.duplicate_of_row,
        }


@dataclass(frozen=True)
class RowFailed(DispatchEvent):
    """Ocoya rejected a row's body (400, 404, 422); it is not retried in this run."""

    name: ClassVar[str] = "row-failed"
    location: Location
    status_code: int | None
    error: str

    @property
    def message(self) -> str:
        return f"{self.location}: rejected by Ocoya: {self.error}"

    def fields(self) -> dict[str, Any]:
        return {**self.location.fields(), "statusCode": self.status_code, "error": self.error}


@dataclass(frozen=True)
class RowUnknown(DispatchEvent):
    """A request that may have created a post: settling will look for it."""

    name: ClassVar[str] = "row-unknown"
    location: Location
    error: str

    @property
    def message(self) -> str:
        return (
            f"{self.location}: the post may have been created ({self.error}); "
            "it will be looked up before any new request."
        )

    def fields(self) -> dict[str, Any]:
        return {**self.location.fields(), "error": self.error}


@dataclass(frozen=True)
class RetryScheduled(DispatchEvent):
    """A request that created nothing and will be sent again after `wait` seconds."""

    name: ClassVar[str] = "retry"
    location: Location | None  # None for a page of GET /post while settling
    attempt: int  # the attempt that just failed, from 1
    cause: str
    wait: float

    @property
    def message(self) -> str:
        where = str(self.location) if self.location else "GET /post"
        return (
            f"{where}: attempt {self.attempt} failed ({self.cause}); retrying in {self.wait:.1f} s."
        )

    def fields(self) -> dict[str, Any]:
        location = self.location.fields() if self.location else {}
        return {**location, "attempt": self.attempt, "cause": self.cause, "wait": self.wait}


@dataclass(frozen=True)
class RateLimitWait(DispatchEvent):
    """A pause before the next request, to stay under the rate limit or to back off."""

    name: ClassVar[str] = "rate-limit-wait"
    seconds: float
    cause: str

    @property
    def message(self) -> str:
        return f"Waiting {self.seconds:.1f} s ({self.cause})."

    def fields(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "cause": self.cause}


@dataclass(frozen=True)
class SettlementDone(DispatchEvent):
    """One pass over GET /post for records whose post may or may not exist."""

    name: ClassVar[str] = "settled"
    checked: int
    found: int
    not_found: int
    pages: int

    @property
    def message(self) -> str:
        return (
            f"Looked up {self.checked} unconfirmed posts in {self.pages} pages of GET /post: "
            f"{self.found} found, {self.not_found} not found (to be sent again)."
        )

    def fields(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "found": self.found,
            "notFound": self.not_found,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class RunFinished(DispatchEvent):
    name: ClassVar[str] = "run-finished"
    result: DispatchResult

    @property
    def message(self) -> str:
        counts = ", ".join(f"{count} {status}" for status, count in self.result.counts.items())
        return f"Dispatch {STOP_WORDS[self.result.stop_reason]}: {counts}."

    def fields(self) -> dict[str, Any]:
        return {
            "stopReason": self.result.stop_reason.value,
            "error": self.result.error,
            "requests": self.result.requests,
            **self.result.counts,
        }
