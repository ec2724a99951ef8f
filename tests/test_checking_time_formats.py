"""read_date_cells and read_time_cells: each date and time format, typed or written."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from calendar_loader.checking.readings import Readings
from calendar_loader.checking.time_formats import (
    infer_date_order,
    read_date_cells,
    read_time_cells,
)


def describe(readings: Readings, index: int = 0) -> tuple[object, ...]:
    """Return (code, day, time of day, offset seconds) of one reading, None where absent."""
    if readings.code[index] is not None:
        return (readings.code[index],)
    day = (
        (datetime(1970, 1, 1) + timedelta(seconds=int(readings.day[index]))).date().isoformat()
        if readings.has_day[index]
        else None
    )
    clock = (
        str(timedelta(seconds=int(readings.clock[index]))).zfill(8)
        if readings.has_clock[index]
        else None
    )
    offset = int(readings.offset[index]) if readings.has_offset[index] else None
    return (None, day, clock, offset)


def read_one(value: object, date_order: str | None = None, **options: bool) -> tuple[object, ...]:
    cells = pd.Series([value], dtype=object)
    return describe(read_date_cells(cells, date_order=date_order, **options))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2030-06-01", (None, "2030-06-01", None, None), id="iso-date"),
        pytest.param("2030-6-1", (None, "2030-06-01", None, None), id="iso-date-short"),
        pytest.param("2030/06/01", (None, "2030-06-01", None, None), id="ymd-slashes"),
        pytest.param("2030-06-01T14:30", (None, "2030-06-01", "14:30:00", None), id="iso-t"),
        pytest.param("2030-06-01 14:30", (None, "2030-06-01", "14:30:00", None), id="iso-space"),
        pytest.param("2030-06-01 14:30:15", (None, "2030-06-01", "14:30:15", None), id="seconds"),
        pytest.param("2030-06-01T14:30:00Z", (None, "2030-06-01", "14:30:00", 0), id="zulu"),
        pytest.param(
            "2030-06-01T14:30:00+02:00", (None, "2030-06-01", "12:30:00", 0), id="offset-to-utc"
        ),
        pytest.param(
            "2026-01-01T04:07:30.374830910+00:00",
            (None, "2026-01-01", "04:07:30", 0),
            id="nanoseconds",
        ),
        pytest.param(
            "2030-06-01T00:30:00-05:00", (None, "2030-06-01", "05:30:00", 0), id="negative-offset"
        ),
        pytest.param("2030-06-01 14:30 +0530", (None, "2030-06-01", "09:00:00", 0), id="hhmm"),
        pytest.param("2030-06-01 2:30 pm", (None, "2030-06-01", "14:30:00", None), id="pm"),
        pytest.param("2030-06-01 12:05 AM", (None, "2030-06-01", "00:05:00", None), id="12am"),
        pytest.param("2030-06-01 14h30", (None, "2030-06-01", "14:30:00", None), id="french"),
        pytest.param("01.06.2030", (None, "2030-06-01", None, None), id="dotted"),
        pytest.param("01.06.2030 08:30", (None, "2030-06-01", "08:30:00", None), id="dotted-time"),
        pytest.param("25/12/2030", (None, "2030-12-25", None, None), id="slashed-dmy-clear"),
        pytest.param("12/25/2030", (None, "2030-12-25", None, None), id="slashed-mdy-clear"),
        pytest.param("05/05/2030", (None, "2030-05-05", None, None), id="slashed-same"),
        pytest.param("45123", (None, "2023-07-16", None, None), id="excel-serial"),
        pytest.param("45123.5", (None, "2023-07-16", "12:00:00", None), id="excel-serial-noon"),
        pytest.param(45123.75, (None, "2023-07-16", "18:00:00", None), id="excel-number"),
        pytest.param(date(2030, 6, 1), (None, "2030-06-01", None, None), id="date-object"),
        pytest.param(
            datetime(2030, 6, 1, 9, 15), (None, "2030-06-01", "09:15:00", None), id="datetime"
        ),
        pytest.param(
            datetime(2030, 6, 1, 9, 15, tzinfo=timezone(timedelta(hours=2))),
            (None, "2030-06-01", "09:15:00", 7200),
            id="aware-datetime",
        ),
        pytest.param(
            datetime(2030, 6, 1), (None, "2030-06-01", "00:00:00", None), id="midnight-datetime"
        ),
        pytest.param(
            "5 December 2030 2 pm", (None, "2030-12-05", "14:00:00", None), id="spelt-month"
        ),
        pytest.param("Dec 5, 2030", (None, "2030-12-05", None, None), id="spelt-no-time"),
        pytest.param(
            "Mon, 2 Dec 2030 14:30 +0200", (None, "2030-12-02", "14:30:00", 7200), id="rfc-2822"
        ),
    ],
)
def test_read_date_cells_formats(value: object, expected: tuple[object, ...]) -> None:
    assert read_one(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param("05/06/2030", "ambiguous-date", id="slashed-ambiguous"),
        pytest.param("2030-02-30", "invalid-date", id="no-such-day"),
        pytest.param("31.04.2030", "invalid-date", id="dotted-no-such-day"),
        pytest.param("13/13/2030", "invalid-date", id="no-month"),
        pytest.param("next week", "relative-time", id="next-week"),
        pytest.param("tomorrow 9am", "relative-time", id="tomorrow"),
        pytest.param("in 2 hours", "relative-time", id="in-2-hours"),
        pytest.param("now", "relative-time", id="now"),
        pytest.param("next Friday at 2 PM", "relative-time", id="next-friday"),
        pytest.param("Friday", "relative-time", id="weekday"),
        pytest.param("demain", "relative-time", id="french-tomorrow"),
        pytest.param("December 2030", "invalid-date", id="no-day"),
        pytest.param("2030-06-01 25:00", "invalid-time", id="hour-25"),
        pytest.param("2030-06-01 14", "invalid-time", id="bare-hour"),
        pytest.param("2030-06-01 13:00 pm", "invalid-time", id="13pm"),
        pytest.param("Dec 5, 2030 2pm EST", "invalid-date", id="abbreviation"),
        pytest.param("2030", "invalid-date", id="year"),
        pytest.param("1767225600", "invalid-date", id="unix-seconds"),
        pytest.param(1767225600, "invalid-date", id="unix-number"),
        pytest.param(time(9, 0), "invalid-date", id="time-in-date-column"),
        pytest.param(True, "invalid-date", id="boolean"),
        pytest.param("soon-ish", "invalid-date", id="words"),
    ],
)
def test_read_date_cells_errors(value: object, code: str) -> None:
    assert read_one(value) == (code,)


def test_read_date_cells_messages() -> None:
    cells = pd.Series(["05/06/2030", "2030-02-30", "tomorrow"], dtype=object)
    readings = read_date_cells(cells, date_order=None)
    assert list(readings.message) == [
        "05/06/2030 can be read as 05 June 2030 (day first) or May 06, 2030 (month first). "
        "Write it as 2030-06-05 or 2030-05-06, or set the date order (dmy or mdy).",
        "The value is not a date in the calendar. Write it as 2026-12-31 or 2026/12/31, "
        "31.12.2026, 31/12/2026 or 12/31/2026, an Excel date, each optionally followed by a "
        "time, or 2026-12-31T14:30:00Z with a Z or an offset.",
        "A relative time cannot be scheduled, because the calendar is read again on every run "
        "and 'tomorrow' or 'in 2 hours' would move each time. Write a fixed date and time, "
        "such as 2026-12-31 14:30.",
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param("dmy", (None, "2030-06-05", None, None), id="dmy"),
        pytest.param("mdy", (None, "2030-05-06", None, None), id="mdy"),
    ],
)
def test_read_date_cells_date_order(order: str, expected: tuple[object, ...]) -> None:
    assert read_one("05/06/2030", date_order=order) == expected


def test_read_date_cells_order_makes_other_reading_invalid() -> None:
    assert read_one("12/25/2030", date_order="dmy") == ("invalid-date",)


def test_read_date_cells_midnight_as_date_only() -> None:
    value = datetime(2030, 6, 1)
    assert read_one(value, midnight_is_date_only=True) == (None, "2030-06-01", None, None)
    assert read_one(datetime(2030, 6, 1, 8), midnight_is_date_only=True)[2] == "08:00:00"


def test_read_date_cells_spreads_distinct_values_over_rows() -> None:
    cells = pd.Series(["2030-06-01", None, "  ", "2030-06-01", "bad"], dtype=object)
    readings = read_date_cells(cells, date_order=None)
    assert readings.present.tolist() == [True, False, False, True, True]
    assert [describe(readings, index)[0] for index in range(5)] == [
        None,
        None,
        None,
        None,
        "invalid-date",
    ]
    assert readings.day[0] == readings.day[3] == 1_906_502_400


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("14:30", (None, None, "14:30:00", None), id="hh-mm"),
        pytest.param("9:05", (None, None, "09:05:00", None), id="h-mm"),
        pytest.param("14:30:15", (None, None, "14:30:15", None), id="seconds"),
        pytest.param("14:30:15.999", (None, None, "14:30:15", None), id="fraction-cut"),
        pytest.param("2 pm", (None, None, "14:00:00", None), id="2pm"),
        pytest.param("2:30PM", (None, None, "14:30:00", None), id="2-30pm"),
        pytest.param("12 a.m.", (None, None, "00:00:00", None), id="midnight-am"),
        pytest.param("12:15 pm", (None, None, "12:15:00", None), id="noon-pm"),
        pytest.param("14h", (None, None, "14:00:00", None), id="french-hour"),
        pytest.param("14h30", (None, None, "14:30:00", None), id="french"),
        pytest.param("14:30Z", (None, None, "14:30:00", 0), id="zulu"),
        pytest.param("14:30 UTC", (None, None, "14:30:00", 0), id="utc"),
        pytest.param("14:30+01:00", (None, None, "14:30:00", 3600), id="offset"),
        pytest.param("14:30 −0500", (None, None, "14:30:00", -18000), id="unicode-minus"),
        pytest.param(time(7, 45), (None, None, "07:45:00", None), id="time-object"),
        pytest.param(time(7, 45, tzinfo=UTC), (None, None, "07:45:00", 0), id="aware-time-object"),
    ],
)
def test_read_time_cells_formats(value: object, expected: tuple[object, ...]) -> None:
    assert describe(read_time_cells(pd.Series([value], dtype=object))) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param("24:00", "invalid-time", id="24"),
        pytest.param("14:60", "invalid-time", id="minute-60"),
        pytest.param("14", "invalid-time", id="bare-hour"),
        pytest.param("14:", "invalid-time", id="colon-only"),
        pytest.param("0 am", "invalid-time", id="0am"),
        pytest.param("noon", "invalid-time", id="word"),
        pytest.param("in 2 hours", "relative-time", id="relative"),
        pytest.param(0.5, "invalid-time", id="number"),
        pytest.param("14:30 GMT+8", "invalid-time", id="gmt-offset"),
    ],
)
def test_read_time_cells_errors(value: object, code: str) -> None:
    assert describe(read_time_cells(pd.Series([value], dtype=object))) == (code,)


def test_read_time_cells_message() -> None:
    readings = read_time_cells(pd.Series(["noon"], dtype=object))
    assert readings.message[0] == (
        "The value is not a time of day in a known format. Write it as 14:30, 14:30:15, "
        "2:30 pm or 14h30, optionally followed by Z or an offset such as +01:00."
    )


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        pytest.param([["25/12/2030", "05/06/2030"]], ("dmy", False), id="day-first"),
        pytest.param([["12/25/2030 09:00", "05/06/2030"]], ("mdy", False), id="month-first"),
        pytest.param([["05/06/2030"], ["13/06/2030"]], ("dmy", False), id="across-columns"),
        pytest.param([["25/12/2030", "12/25/2030"]], (None, True), id="disagree"),
        pytest.param([["05/06/2030", "2030-06-05", None]], (None, False), id="undecided"),
        pytest.param([[date(2030, 6, 5), 45123]], (None, False), id="typed-only"),
    ],
)
def test_infer_date_order(columns: list[list[object]], expected: tuple[object, bool]) -> None:
    series = [pd.Series(values, dtype=object) for values in columns]
    assert infer_date_order(series) == expected


def test_readings_take_of_empty_column() -> None:
    readings = read_date_cells(pd.Series([None, None], dtype=object), date_order=None)
    assert readings.present.tolist() == [False, False]
    assert np.array_equal(readings.has_day, [False, False])
