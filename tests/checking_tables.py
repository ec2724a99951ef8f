"""Build CalendarTables by hand for the checking tests, as the columns stage would."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from calendar_loader.checking import CheckSettings
from calendar_loader.table import FIELDS, MEDIA, PROFILES, ROW, CalendarTable, RowReason

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)

# The headers a user might have written, so that problems name them.
HEADERS = {
    "caption": "Caption",
    "media": "Image URL",
    "profiles": "Profiles",
    "scheduled_at": "Publish at",
    "date": "Date",
    "time": "Time",
    "timezone": "Zone",
    "post_type": "Format",
    "variant": "Network",
    "skip_reason": "Status",
}


def make_table(
    records: list[dict[str, object]],
    *,
    source: str = "calendar.csv",
    sheet: str | None = None,
    first_row: int = 2,
    **table_fields: object,
) -> CalendarTable:
    """Return a table with one row per record, numbered from `first_row`.

    A record gives some fields; the others are None, or [] for media and profiles.
    """
    data: dict[str, list[object]] = {ROW: list(range(first_row, first_row + len(records)))}
    for name in FIELDS:
        empty: object = [] if name in (MEDIA, PROFILES) else None
        data[name] = [record.get(name, empty) for record in records]
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in data.items()})
    frame[ROW] = frame[ROW].astype("int64")
    return CalendarTable(
        source=source, sheet=sheet, frame=frame, columns=dict(HEADERS), **table_fields
    )


def settings(**overrides: object) -> CheckSettings:
    """Return settings checked against NOW, with a five-minute lead by default."""
    values: dict[str, object] = {"now": NOW}
    values.update(overrides)
    return CheckSettings(**values)  # type: ignore[arg-type]


def post(**fields: object) -> dict[str, object]:
    """Return a record that is valid as it is: caption, profile, date, time and zone."""
    record: dict[str, object] = {
        "caption": "Spring menu is here",
        "profiles": ["ig-main"],
        "date": "2030-06-01",
        "time": "09:00",
        "timezone": "Europe/Paris",
    }
    record.update(fields)
    return record


def marked(value: str) -> tuple[RowReason, ...]:
    """Return the skip reasons of a row whose Status column is `value`, as mapped."""
    message = f'The row is skipped because Status is "{value}", which marks it as already posted.'
    return (RowReason("Status", value, message),)
