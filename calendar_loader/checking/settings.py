"""The settings that decide how calendar rows are checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from calendar_loader.errors import UsageError

DATE_ORDERS = ("dmy", "mdy")


@dataclass(frozen=True)
class CheckSettings:
    """How to read and judge the rows of a calendar.

    `now` is the moment rows are checked against (an aware datetime, never read from the
    clock by the checks themselves). A row's scheduled time must be at least `min_lead`
    after `now`. `timezone` is the IANA zone for rows that have no zone of their own.
    `default_time` is the time of day for rows that give only a date. Without it such a
    row is an error. `date_order` ("dmy" or "mdy") decides how `05/06/2026` is read. With
    None the order is inferred per file from dates that can be read only one way.
    `strict` turns warnings about the content into errors. `already_sent` receives a
    request body and returns the postGroupId when the ledger holds that body as sent.

    Raises UsageError for a naive `now`, a negative `min_lead` or an unknown `date_order`.
    """

    now: datetime
    min_lead: timedelta = timedelta(minutes=5)
    timezone: str | None = None
    default_time: time | None = None
    date_order: str | None = None
    strict: bool = False
    already_sent: Callable[[dict[str, object]], str | None] | None = None

    def __post_init__(self) -> None:
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise UsageError("The check time `now` must carry a time zone, such as UTC.")
        # Stored in UTC so that every later comparison works on one clock.
        object.__setattr__(self, "now", self.now.astimezone(UTC))
        if self.min_lead < timedelta(0):
            raise UsageError(f"The minimum lead time must not be negative, got {self.min_lead}.")
        if self.date_order is not None and self.date_order not in DATE_ORDERS:
            raise UsageError(
                f"Invalid date order {self.date_order!r}: use dmy (31/12/2026) or mdy (12/31/2026)."
            )
