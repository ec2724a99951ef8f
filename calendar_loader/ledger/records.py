"""The ledger's data types: record statuses, a calendar row to send, a ledger record."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from calendar_loader.dispatch.events import Location


class RecordStatus(StrEnum):
    """The state of a record. `calendar_loader.ledger` describes each status."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    FAILED = "failed"
    SKIPPED = "skipped"


# A post may exist for these, so they are looked up in Ocoya before any new request.
UNSETTLED = (RecordStatus.SENDING, RecordStatus.UNKNOWN)
# A rerun sends these again: a rejected body may succeed later, say once a profile is
# reconnected in Ocoya.
SENDABLE = (RecordStatus.PENDING, RecordStatus.FAILED)


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """One checked row of a calendar, with the request body to send for it."""

    source: str
    sheet: str | None
    row: int
    variant: str | None
    body: dict[str, Any]

    @property
    def location(self) -> Location:
        return Location(self.source, self.sheet, self.row, self.variant)


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    """One calendar row as stored in the ledger.

    `api_url` is normalised (see `dispatch.fingerprint.normalise_api_url`), and times
    are ISO 8601 in UTC with milliseconds.
    """

    id: int
    source: str
    sheet: str | None
    row: int
    variant: str | None
    fingerprint: str
    api_url: str
    workspace: str
    body: dict[str, Any]
    status: RecordStatus
    post_group_id: str | None
    duplicate_of: int | None
    duplicate_of_row: int | None
    last_error: str | None
    attempts: int
    created_at: str
    updated_at: str
    sent_at: str | None

    @property
    def location(self) -> Location:
        return Location(self.source, self.sheet, self.row, self.variant)

    def to_json(self) -> dict[str, Any]:
        """Return the fields the `ledger` command shows, under the API's spelling."""
        return {
            "source": self.source,
            "sheet": self.sheet,
            "row": self.row,
            "variant": self.variant,
            "status": self.status.value,
            "postGroupId": self.post_group_id,
            "duplicateOfRow": self.duplicate_of_row,
            "lastError": self.last_error,
            "attempts": self.attempts,
            "updatedAt": self.updated_at,
        }


class LedgerTransitionError(RuntimeError):
    """A status change that the ledger's rules forbid: a bug, never a user's mistake."""


def location_values(row: CalendarRow) -> tuple[str, str | None, int, str | None]:
    return (row.source, row.sheet, row.row, row.variant)


def record_from_row(row: sqlite3.Row) -> LedgerRecord:
    return LedgerRecord(
        id=row["id"],
        source=row["source"],
        sheet=row["sheet"],
        row=row["row"],
        variant=row["variant"],
        fingerprint=row["fingerprint"],
        api_url=row["api_url"],
        workspace=row["workspace"],
        body=json.loads(row["body"]),
        status=RecordStatus(row["status"]),
        post_group_id=row["post_group_id"],
        duplicate_of=row["duplicate_of"],
        duplicate_of_row=row["duplicate_of_row"],
        last_error=row["last_error"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        sent_at=row["sent_at"],
    )
