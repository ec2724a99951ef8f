"""Turn each row's date, time and zone into Ocoya's `scheduledAt`, UTC to the second.

A row's time comes from SCHEDULED_AT, or else from DATE with TIME. A value written with
`Z` or an offset is converted from that offset. Any other value is a wall-clock time in
the row's own zone (TIMEZONE), or else in the zone of the settings. The machine's zone is
never used. Wall times that do not exist or occur twice on a daylight-saving change are
errors that name the readings to choose from, never silently shifted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from calendar_loader.checking.problem_log import ProblemLog
from calendar_loader.checking.readings import Readings
from calendar_loader.checking.settings import CheckSettings
from calendar_loader.checking.time_formats import (
    infer_date_order,
    read_date_cells,
    read_time_cells,
)
from calendar_loader.checking.zones import ZoneError, resolve_zone_name, zone_named
from calendar_loader.problems import shorten
from calendar_loader.table import DATE, SCHEDULED_AT, TIME, TIMEZONE


@dataclass
class Schedule:
    """The outcome of the time checks for each row of one table.

    `scheduled` marks rows whose time was converted, with `instant` in Unix seconds (UTC).
    `undated` marks rows with no date and no time at all: drafts. `date_column` is the
    header of the cell the date came from, for later problems about the time.
    """

    instant: np.ndarray
    scheduled: np.ndarray
    undated: np.ndarray
    date_column: np.ndarray


def convert_schedule(
    frame: pd.DataFrame,
    columns: dict[str, str],
    settings: CheckSettings,
    default_zone: str | None,
    active: np.ndarray,
    log: ProblemLog,
) -> Schedule:
    """Convert the time of every row and log the problems of the `active` rows.

    `default_zone` is the settings' zone, already resolved to an IANA name.
    """
    size = len(frame)
    date_order = settings.date_order
    if date_order is None:
        date_order, _ = infer_date_order([frame[SCHEDULED_AT], frame[DATE]])
    combined = read_date_cells(frame[SCHEDULED_AT], date_order=date_order)
    dates = read_date_cells(frame[DATE], date_order=date_order, midnight_is_date_only=True)
    clocks = read_time_cells(frame[TIME])
    for readings, field in ((combined, SCHEDULED_AT), (dates, DATE), (clocks, TIME)):
        _log_cell_errors(readings, frame[field], columns.get(field), active, log)

    from_combined = combined.present
    base = _choose(from_combined, combined, dates)
    dated = base.present
    date_column = np.where(from_combined, columns.get(SCHEDULED_AT), columns.get(DATE))
    base_ok = dated & base.has_day & _no_error(base)
    clock_ok = ~clocks.present | _no_error(clocks)
    ok = base_ok & clock_ok

    time_only = ~dated & clocks.present & active
    log.add(
        np.flatnonzero(time_only),
        column=columns.get(TIME),
        code="missing-date",
        message=(
            "The row has a time but no date. Add the date, or clear the time to keep the "
            "post as a draft."
        ),
        values=frame[TIME][time_only].tolist(),
    )

    conflicting = ok & base.has_clock & clocks.has_clock & (base.clock != clocks.clock)
    _log_rows(
        log,
        conflicting & active,
        from_combined,
        date_column,
        "conflicting-time",
        "The date cell holds a time of day that differs from the time column. Keep the "
        "time in one of them.",
        frame,
    )
    ok &= ~conflicting

    # A row with both a date-and-time cell and a date cell takes its day from the first,
    # so a second day would be dropped without a word.
    other_day = ok & from_combined & dates.has_day & _no_error(dates) & (dates.day != base.day)
    _log_rows(
        log,
        other_day & active,
        from_combined,
        date_column,
        "conflicting-date",
        "The date-and-time cell and the date column name different days. Keep the date "
        "in one of them.",
        frame,
    )
    ok &= ~other_day

    clock = np.where(base.has_clock, base.clock, clocks.clock)
    has_clock = base.has_clock | clocks.has_clock
    if settings.default_time is not None:
        default = settings.default_time
        clock = np.where(
            has_clock, clock, default.hour * 3600 + default.minute * 60 + default.second
        )
    else:
        no_clock = ok & ~has_clock
        _log_rows(
            log,
            no_clock & active,
            from_combined,
            date_column,
            "missing-time",
            "The row has a date but no time of day. Add a time such as 14:30, or set a "
            "default time in the mapping file.",
            frame,
        )
        ok &= has_clock

    offset = np.where(base.has_offset, base.offset, clocks.offset)
    has_offset = base.has_offset | clocks.has_offset
    wall = base.day + clock
    instant = np.zeros(size, dtype=np.int64)
    instant[ok & has_offset] = (wall - offset)[ok & has_offset]

    zones, zone_failed = _read_zones(frame[TIMEZONE], columns.get(TIMEZONE), active, log)
    zones = np.where(pd.isna(zones), default_zone, zones)
    needs_zone = ok & ~has_offset
    unzoned = needs_zone & pd.isna(zones) & ~zone_failed
    _log_rows(
        log,
        unzoned & active,
        from_combined,
        date_column,
        "missing-timezone",
        _missing_zone_message(columns.get(TIMEZONE)),
        frame,
    )
    ok &= ~(needs_zone & (pd.isna(zones) | zone_failed))

    for zone_name in pd.unique(zones[ok & ~has_offset]):
        rows = np.flatnonzero(ok & ~has_offset & (zones == zone_name))
        converted, failed = _localize(wall[rows], zone_named(zone_name))
        instant[rows] = converted
        ok[rows[failed]] = False
        for row in rows[failed]:
            code, message = describe_clock_change(int(wall[row]), zone_named(zone_name))
            if active[row]:
                column = columns.get(TIME) if clocks.has_clock[row] else date_column[row]
                log.add(
                    [row],
                    column=column,
                    code=code,
                    message=message,
                    values=[_raw_time(frame, row, from_combined[row], clocks.present[row])],
                )

    undated = ~dated & ~clocks.present
    return Schedule(instant=instant, scheduled=ok, undated=undated, date_column=date_column)


def _missing_zone_message(zone_column: str | None) -> str:
    """Say how to give the row a zone, pointing at the zone column when the file has one."""
    where = (
        f"Fill in its {zone_column} cell with a name such as Europe/Paris"
        if zone_column
        else "Add a time zone column with a name such as Europe/Paris"
    )
    return (
        f"The row's time has no time zone. {where}, write the time with its offset (such "
        "as 14:30+01:00), or pass --timezone."
    )


def check_too_soon(
    instants: np.ndarray,
    positions: np.ndarray,
    columns: list[str | None],
    settings: CheckSettings,
    log: ProblemLog,
) -> np.ndarray:
    """Log `too-soon` for the rows in `positions` whose time is before now plus the lead.

    `instants` and `columns` are the rows' Unix seconds and date headers, in the order of
    `positions`. Returns the positions of the rows logged.
    """
    earliest_time = settings.now + settings.min_lead
    earliest = math.ceil(earliest_time.timestamp())
    early = instants < earliest
    if not early.any():
        return positions[early]
    earliest_text = format_instants(np.array([earliest]))[0]
    lead = describe_duration(settings.min_lead)
    texts = format_instants(instants[early])
    early_columns = [column for column, flag in zip(columns, early, strict=True) if flag]
    for column in dict.fromkeys(early_columns):
        chosen = np.array([value == column for value in early_columns])
        log.add(
            positions[early][chosen],
            column=column,
            code="too-soon",
            message=[
                f"The post is scheduled for {text}, before the earliest allowed time "
                f"{earliest_text} (the check time plus {lead}). Move it later, or clear its "
                "date to keep it as a draft."
                for text in texts[chosen]
            ],
            values=list(texts[chosen]),
        )
    return positions[early]


def format_instants(seconds: np.ndarray) -> np.ndarray:
    """Format Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`, Ocoya's `scheduledAt` shape."""
    # Calendars repeat their times, so each distinct instant is formatted once.
    codes, distinct = pd.factorize(np.asarray(seconds, dtype=np.int64))
    text = np.datetime_as_string(distinct.astype("datetime64[s]"), unit="s")
    return np.array([value + "Z" for value in text], dtype=object)[codes]


def describe_duration(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def describe_clock_change(wall: int, zone: ZoneInfo) -> tuple[str, str]:
    """Explain why wall time `wall` (Unix seconds read as local) cannot be converted in `zone`.

    Returns `nonexistent-time` when the clocks skip it and `ambiguous-time` when they
    pass it twice, with a message that names the times to use instead.
    """
    naive = datetime(1970, 1, 1) + timedelta(seconds=wall)
    earlier = naive.replace(tzinfo=zone, fold=0)
    later = naive.replace(tzinfo=zone, fold=1)
    offset_before = earlier.utcoffset() or timedelta(0)
    offset_after = later.utcoffset() or timedelta(0)
    changed_from, changed_to = _clock_change(naive, zone, offset_before, offset_after)
    when = _format_wall(naive, with_date=True)
    if offset_after > offset_before:
        gap = offset_after - offset_before
        return "nonexistent-time", (
            f"{when} does not exist in {zone.key} (clocks go from {_format_wall(changed_from)} "
            f"to {_format_wall(changed_to)}). Use {_format_wall(naive - gap)} or "
            f"{_format_wall(naive + gap)}."
        )
    first = earlier.astimezone(UTC)
    second = later.astimezone(UTC)
    return "ambiguous-time", (
        f"{when} occurs twice in {zone.key} (clocks go back from {_format_wall(changed_from)} to "
        f"{_format_wall(changed_to)}). It is {first:%Y-%m-%dT%H:%M:%SZ} the first time "
        f"(UTC{_format_offset(offset_before)}) and {second:%Y-%m-%dT%H:%M:%SZ} the second time "
        f"(UTC{_format_offset(offset_after)}). Write the time with the offset you mean, such "
        f"as {when}{_format_offset(offset_before)}."
    )


def _clock_change(
    naive: datetime, zone: ZoneInfo, offset_before: timedelta, offset_after: timedelta
) -> tuple[datetime, datetime]:
    """Find the local times the clocks change from and to around `naive`, by bisection."""
    low = int((naive - offset_after).replace(tzinfo=UTC).timestamp())
    high = int((naive - offset_before).replace(tzinfo=UTC).timestamp())
    low, high = min(low, high), max(low, high)
    # Invariant: the offset at `low` is the old one and at `high` the new one.
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_before:
            low = middle
        else:
            high = middle
    change = datetime.fromtimestamp(high, UTC).replace(tzinfo=None)
    return change + offset_before, change + offset_after


def _format_wall(value: datetime, *, with_date: bool = False) -> str:
    text = f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"
    return f"{value:%Y-%m-%d} {text}" if with_date else text


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _localize(wall: np.ndarray, zone: ZoneInfo) -> tuple[np.ndarray, np.ndarray]:
    """Convert local wall times to Unix seconds; flag those the clocks skip or repeat."""
    index = pd.DatetimeIndex(wall.astype("datetime64[s]"))
    local = index.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    failed = np.asarray(local.isna())
    seconds = local.tz_convert(UTC).as_unit("s").asi8
    return np.where(failed, 0, seconds), failed


def _read_zones(
    cells: pd.Series, column: str | None, active: np.ndarray, log: ProblemLog
) -> tuple[np.ndarray, np.ndarray]:
    """Resolve each row's zone cell; return the IANA names and which cells are invalid."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    names = np.full(len(distinct) + 1, None, dtype=object)
    errors = np.full(len(distinct) + 1, None, dtype=object)
    for position, value in enumerate(distinct):
        if isinstance(value, str) and not value.strip():
            continue
        try:
            names[position] = resolve_zone_name(str(value))
        except ZoneError as error:
            errors[position] = str(error)
    row_names, row_errors = names[codes], errors[codes]
    failed = ~pd.isna(row_errors)
    positions = np.flatnonzero(failed & active)
    log.add(
        positions,
        column=column,
        code="invalid-timezone",
        message=list(row_errors[positions]),
        values=cells.iloc[positions].tolist(),
    )
    return row_names, failed


def _choose(first: np.ndarray, when_true: Readings, when_false: Readings) -> Readings:
    return Readings(
        present=np.where(first, when_true.present, when_false.present),
        day=np.where(first, when_true.day, when_false.day),
        has_day=np.where(first, when_true.has_day, when_false.has_day),
        clock=np.where(first, when_true.clock, when_false.clock),
        has_clock=np.where(first, when_true.has_clock, when_false.has_clock),
        offset=np.where(first, when_true.offset, when_false.offset),
        has_offset=np.where(first, when_true.has_offset, when_false.has_offset),
        code=np.where(first, when_true.code, when_false.code),
        message=np.where(first, when_true.message, when_false.message),
    )


def _no_error(readings: Readings) -> np.ndarray:
    return pd.isna(readings.code)


def _log_cell_errors(
    readings: Readings, cells: pd.Series, column: str | None, active: np.ndarray, log: ProblemLog
) -> None:
    failed = active & ~_no_error(readings)
    positions = np.flatnonzero(failed)
    for code in pd.unique(readings.code[positions]):
        chosen = positions[readings.code[positions] == code]
        log.add(
            chosen,
            column=column,
            code=code,
            message=list(readings.message[chosen]),
            values=cells.iloc[chosen].tolist(),
        )


def _log_rows(
    log: ProblemLog,
    mask: np.ndarray,
    from_combined: np.ndarray,
    date_column: np.ndarray,
    code: str,
    message: str,
    frame: pd.DataFrame,
) -> None:
    """Log one problem per row in `mask`, blamed on the cell the row's date came from."""
    for source_is_combined, field in ((True, SCHEDULED_AT), (False, DATE)):
        chosen = np.flatnonzero(mask & (from_combined == source_is_combined))
        if len(chosen):
            log.add(
                chosen,
                column=date_column[chosen[0]],
                code=code,
                message=message,
                values=frame[field].iloc[chosen].tolist(),
            )


def _raw_time(
    frame: pd.DataFrame, row: int, from_combined: bool, has_time_cell: bool
) -> str | None:
    date_cell = frame[SCHEDULED_AT if from_combined else DATE].iloc[row]
    if not has_time_cell:
        return shorten(date_cell)
    return shorten(f"{date_cell} {frame[TIME].iloc[row]}")
