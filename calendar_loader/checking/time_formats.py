"""Read date and time cells, as typed or as written, into numbers: day, time of day, offset.

A column is read once per distinct value (calendars repeat their dates and times), with
one vectorised pass per format over those values. Only what no pattern matches is tried
one value at a time, with python-dateutil for dates that spell out the month.

Every result is in whole seconds. Fractional seconds are cut off, because Ocoya's
`scheduledAt` has no fractions.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from calendar_loader.checking.readings import Readings
from calendar_loader.checking.spelt_dates import (
    is_relative,
    is_weekday_only,
    parse_spelt_date,
    relative_time_message,
)

DATE_FORMATS_HELP = (
    "2026-12-31 or 2026/12/31, 31.12.2026, 31/12/2026 or 12/31/2026, an Excel date, "
    "each optionally followed by a time, or 2026-12-31T14:30:00Z with a Z or an offset"
)
TIME_FORMATS_HELP = (
    "14:30, 14:30:15, 2:30 pm or 14h30, optionally followed by Z or an offset such as +01:00"
)

DAY_SECONDS = 86_400
# Day 0 of Excel's serial dates is 1899-12-30 (day 1 is 1899-12-31 in the 1900 system,
# counting Lotus 1-2-3's phantom 29 February 1900), so 25569 is 1970-01-01.
EXCEL_UNIX_EPOCH_SERIAL = 25_569
# Five digits, so 1927-10-18 to 2173-10-14: a plain year such as 2026 is not a date.
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")

_DATE_THEN_TIME = re.compile(
    r"^(?:(?P<iso>\d{4}-\d{1,2}-\d{1,2})|(?P<ymd>\d{4}/\d{1,2}/\d{1,2})"
    r"|(?P<dotted>\d{1,2}\.\d{1,2}\.\d{4})|(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4}))"
    r"(?:(?:[Tt]|\s+|,\s*)(?P<time>\S.*))?$"
)
_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}(?:$|[Tt\s,])")

_TIME = re.compile(
    r"^(?P<hour>\d{1,2})"
    r"(?:(?P<separator>[:hH])(?P<minute>\d{2})?"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?)?"
    r"\s*(?P<meridiem>[aApP]\.?\s?[mM]\.?)?"
    r"\s*(?:(?P<zulu>[zZ]|UTC|GMT)|(?P<sign>[+\-−])(?P<offset_hours>\d{2}):?(?P<offset_minutes>\d{2})?)?$"
)


def read_date_cells(
    values: pd.Series, *, date_order: str | None, midnight_is_date_only: bool = False
) -> Readings:
    """Read a column of dates, with or without a time of day, one reading per row.

    `date_order` ("dmy", "mdy" or None) decides how `05/06/2026` is read. With None a
    date that reads two ways is an `ambiguous-date` error. With `midnight_is_date_only`
    a typed datetime at exactly 00:00 counts as a date alone, because spreadsheet
    readers return date cells of a date column as datetimes at midnight.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    readings = Readings.empty(len(distinct))
    texts: dict[int, str] = {}
    for position, value in enumerate(distinct):
        if isinstance(value, str):
            if value.strip():
                texts[position] = value.strip()
        else:
            _read_typed_date(readings, position, value, midnight_is_date_only)
    if texts:
        positions = np.fromiter(texts.keys(), dtype=np.int64, count=len(texts))
        _read_date_strings(
            readings, positions, pd.Series(list(texts.values()), dtype=object), date_order
        )
    return readings.take(codes)


def read_time_cells(values: pd.Series) -> Readings:
    """Read a column of times of day, one reading per row."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    readings = Readings.empty(len(distinct))
    texts: dict[int, str] = {}
    for position, value in enumerate(distinct):
        if isinstance(value, str):
            if value.strip():
                texts[position] = value.strip()
        elif isinstance(value, time):
            readings.present[position] = True
            _set_typed_clock(readings, position, value)
        else:
            readings.present[position] = True
            readings.fail(np.array([position]), "invalid-time", _invalid_time_message())
    if texts:
        positions = np.fromiter(texts.keys(), dtype=np.int64, count=len(texts))
        strings = pd.Series(list(texts.values()), dtype=object)
        readings.present[positions] = True
        matched = _read_clock_strings(readings, positions, strings)
        rest = positions[~matched]
        for position, text in zip(rest, strings[~matched], strict=True):
            if is_relative(text):
                readings.fail(np.array([position]), "relative-time", relative_time_message())
            else:
                readings.fail(np.array([position]), "invalid-time", _invalid_time_message())
    return readings.take(codes)


def infer_date_order(columns: list[pd.Series]) -> tuple[str | None, bool]:
    """Infer "dmy" or "mdy" from slashed dates that can be read only one way.

    Returns the order (None when no date decides it or the dates disagree) and whether
    the dates disagree, such as 25/12/2026 and 12/25/2026 in one file.
    """
    seen: set[str] = set()
    for column in columns:
        for text in pd.unique(column.to_numpy(dtype=object)):
            match = _SLASHED.match(text) if isinstance(text, str) else None
            if match is None:
                continue
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                seen.add("dmy")
            elif second > 12 >= first:
                seen.add("mdy")
    if len(seen) == 1:
        return seen.pop(), False
    return None, len(seen) > 1


def _invalid_date_message(detail: str = "is not a date in a known format") -> str:
    return f"The value {detail}. Write it as {DATE_FORMATS_HELP}."


def _invalid_time_message() -> str:
    return f"The value is not a time of day in a known format. Write it as {TIME_FORMATS_HELP}."


def _read_typed_date(
    readings: Readings, position: int, value: object, midnight_is_date_only: bool
) -> None:
    readings.present[position] = True
    if isinstance(value, datetime):
        readings.day[position] = _epoch_day(value.date())
        readings.has_day[position] = True
        clock = value.hour * 3600 + value.minute * 60 + value.second
        offset = value.utcoffset()
        if offset is not None:
            readings.offset[position] = int(offset.total_seconds())
            readings.has_offset[position] = True
        if clock or offset is not None or not midnight_is_date_only:
            readings.clock[position] = clock
            readings.has_clock[position] = True
    elif isinstance(value, date):
        readings.day[position] = _epoch_day(value)
        readings.has_day[position] = True
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _read_excel_serials(readings, np.array([position]), np.array([float(value)]))
    elif isinstance(value, time):
        readings.fail(
            np.array([position]),
            "invalid-date",
            _invalid_date_message("is a time of day without a date"),
        )
    else:
        readings.fail(np.array([position]), "invalid-date", _invalid_date_message())


def _set_typed_clock(readings: Readings, position: int, value: time) -> None:
    readings.clock[position] = value.hour * 3600 + value.minute * 60 + value.second
    readings.has_clock[position] = True
    offset = value.utcoffset()
    if offset is not None:
        readings.offset[position] = int(offset.total_seconds())
        readings.has_offset[position] = True


def _epoch_day(value: date) -> int:
    return (value.toordinal() - date(1970, 1, 1).toordinal()) * DAY_SECONDS


def _read_excel_serials(readings: Readings, positions: np.ndarray, serials: np.ndarray) -> None:
    in_range = (serials >= 10_000) & (serials < 100_000)
    bad = positions[~in_range]
    if len(bad):
        readings.fail(
            bad,
            "invalid-date",
            _invalid_date_message("is a number outside the range of Excel dates (10000 to 99999)"),
        )
    positions, serials = positions[in_range], serials[in_range]
    whole = np.floor(serials)
    readings.day[positions] = (whole.astype(np.int64) - EXCEL_UNIX_EPOCH_SERIAL) * DAY_SECONDS
    readings.has_day[positions] = True
    # A fraction of a day is a time of day; round to the second as Excel displays it.
    clock = np.rint((serials - whole) * DAY_SECONDS).astype(np.int64)
    with_clock = (serials - whole) > 0
    readings.clock[positions] = np.minimum(clock, DAY_SECONDS - 1)
    readings.has_clock[positions] = with_clock


def _read_date_strings(
    readings: Readings, positions: np.ndarray, strings: pd.Series, date_order: str | None
) -> None:
    readings.present[positions] = True
    done = _read_iso_datetimes(readings, positions, strings)

    serial = strings.str.fullmatch(_EXCEL_SERIAL).to_numpy(dtype=bool) & ~done
    if serial.any():
        _read_excel_serials(readings, positions[serial], strings[serial].astype(float).to_numpy())
        done |= serial

    parts = strings.str.extract(_DATE_THEN_TIME)
    matched = parts["iso"].notna() | parts["ymd"].notna()
    matched |= parts["dotted"].notna() | parts["first"].notna()
    matched = matched.to_numpy(dtype=bool) & ~done
    if matched.any():
        _read_date_parts(readings, positions[matched], parts[matched], date_order)
        done |= matched

    for index in np.flatnonzero(~done):
        _read_date_text(readings, int(positions[index]), strings.iloc[index])


def _read_iso_datetimes(
    readings: Readings, positions: np.ndarray, strings: pd.Series
) -> np.ndarray:
    """Read ISO 8601 date-times with pandas' parser, which runs in C; return which it read.

    Only strings shaped like `2026-12-31T14:30…` (or with a space for the T) are tried.
    They are parsed in two calls, because one call cannot mix naive values with values
    that may end in Z or an offset (a sign among the last six characters). A value with an offset
    is stored as its UTC day and time with offset 0. What pandas rejects is left to the
    slower patterns, which give the precise error.
    """
    texts = strings.tolist()
    shaped = np.array(
        [len(t) >= 16 and t[4] == "-" and t[10] in "Tt " and t[13] == ":" for t in texts],
        dtype=bool,
    )
    read = np.zeros(len(texts), dtype=bool)
    if not shaped.any():
        return read
    aware = np.array(
        [
            is_shaped and (t[-1] in "Zz" or "+" in t[-6:] or "-" in t[-6:] or "UTC" in t)
            for t, is_shaped in zip(texts, shaped, strict=True)
        ],
        dtype=bool,
    )
    for mask, utc in ((aware, True), (shaped & ~aware, False)):
        if not mask.any():
            continue
        parsed = pd.to_datetime(strings[mask], format="ISO8601", utc=utc, errors="coerce")
        if utc:
            parsed = parsed.dt.tz_localize(None)
        ok = parsed.notna().to_numpy()
        seconds = parsed.to_numpy()[ok].astype("datetime64[s]").astype(np.int64)
        targets = positions[mask][ok]
        readings.day[targets] = seconds // DAY_SECONDS * DAY_SECONDS
        readings.clock[targets] = seconds % DAY_SECONDS
        readings.has_day[targets] = True
        readings.has_clock[targets] = True
        readings.offset[targets] = 0
        readings.has_offset[targets] = utc
        read[np.flatnonzero(mask)[ok]] = True
    return read


def _read_date_parts(
    readings: Readings, positions: np.ndarray, parts: pd.DataFrame, date_order: str | None
) -> None:
    days = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[s]")
    for group, date_format in (("iso", "%Y-%m-%d"), ("ymd", "%Y/%m/%d"), ("dotted", "%d.%m.%Y")):
        rows = parts[group].notna()
        if rows.any():
            parsed = pd.to_datetime(parts.loc[rows, group], format=date_format, errors="coerce")
            days[rows] = parsed.astype("datetime64[s]")

    ambiguous = np.zeros(len(parts), dtype=bool)
    slashed = parts["first"].notna()
    if slashed.any():
        first = parts.loc[slashed, "first"].astype(int)
        second = parts.loc[slashed, "second"].astype(int)
        year = parts.loc[slashed, "year"].astype(int)
        if date_order == "dmy":
            day_first = pd.Series(True, index=first.index)
        elif date_order == "mdy":
            day_first = pd.Series(False, index=first.index)
        else:
            day_first = first > 12
            ambiguous[slashed.to_numpy()] = (
                (first <= 12) & (second <= 12) & (first != second)
            ).to_numpy()
        day = first.where(day_first, second)
        month = second.where(day_first, first)
        parsed = pd.to_datetime(
            pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
        )
        days[slashed] = parsed.astype("datetime64[s]")

    valid = days.notna().to_numpy() & ~ambiguous
    day_values = days.to_numpy().astype("datetime64[s]").astype(np.int64)
    readings.day[positions[valid]] = day_values[valid]
    readings.has_day[positions[valid]] = True

    for index in np.flatnonzero(ambiguous):
        row = parts.iloc[index]
        readings.fail(
            positions[index : index + 1],
            "ambiguous-date",
            _ambiguous_date_message(int(row["first"]), int(row["second"]), int(row["year"])),
        )
    invalid = ~valid & ~ambiguous
    if invalid.any():
        readings.fail(
            positions[invalid],
            "invalid-date",
            _invalid_date_message("is not a date in the calendar"),
        )

    times = parts["time"].notna().to_numpy() & valid
    if times.any():
        time_positions = positions[times]
        matched = _read_clock_strings(readings, time_positions, parts.loc[times, "time"])
        if not matched.all():
            readings.fail(
                time_positions[~matched],
                "invalid-time",
                "The time after the date is not in a known format. "
                f"Write it as {TIME_FORMATS_HELP}.",
            )


def _ambiguous_date_message(first: int, second: int, year: int) -> str:
    day_first = date(year, second, first)
    month_first = date(year, first, second)
    return (
        f"{first:02d}/{second:02d}/{year} can be read as {day_first:%d %B %Y} (day first) "
        f"or {month_first:%B %d, %Y} (month first). Write it as {day_first:%Y-%m-%d} or "
        f"{month_first:%Y-%m-%d}, or set the date order (dmy or mdy)."
    )


def _read_clock_strings(
    readings: Readings, positions: np.ndarray, strings: pd.Series
) -> np.ndarray:
    """Read times of day into `readings`; return which strings matched a time format."""
    parts = strings.str.extract(_TIME)
    hour = pd.to_numeric(parts["hour"]).to_numpy(dtype=float)
    minute = pd.to_numeric(parts["minute"]).fillna(0).to_numpy(dtype=float)
    second = pd.to_numeric(parts["second"]).fillna(0).to_numpy(dtype=float)
    meridiem = parts["meridiem"].fillna("").str.lower().str[:1].to_numpy(dtype=object)
    separator = parts["separator"].notna().to_numpy()
    minute_given = parts["minute"].notna().to_numpy()
    colon = parts["separator"].fillna("").to_numpy(dtype=object) == ":"

    twelve_hour = meridiem != ""
    ok = ~np.isnan(hour)
    # "14" alone could be an hour or a day, so a 24-hour time needs its minutes
    # (or the French "14h"), and a colon must be followed by minutes.
    ok &= twelve_hour | separator
    ok &= ~(colon & ~minute_given)
    ok &= np.where(twelve_hour, (hour >= 1) & (hour <= 12), hour <= 23)
    ok &= (minute <= 59) & (second <= 59)

    hour24 = np.where(twelve_hour, hour % 12 + np.where(meridiem == "p", 12, 0), hour)
    clock = np.nan_to_num(hour24 * 3600 + minute * 60 + second).astype(np.int64)
    readings.clock[positions[ok]] = clock[ok]
    readings.has_clock[positions[ok]] = True

    zulu = parts["zulu"].notna().to_numpy()
    signed = parts["sign"].notna().to_numpy()
    offset_hours = pd.to_numeric(parts["offset_hours"]).fillna(0).to_numpy(dtype=float)
    offset_minutes = pd.to_numeric(parts["offset_minutes"]).fillna(0).to_numpy(dtype=float)
    sign = np.where(parts["sign"].fillna("+").to_numpy(dtype=object) == "+", 1, -1)
    ok &= ~signed | ((offset_hours <= 23) & (offset_minutes <= 59))
    offset = (sign * (offset_hours * 3600 + offset_minutes * 60)).astype(np.int64)
    with_offset = ok & (zulu | signed)
    readings.offset[positions[with_offset]] = np.where(zulu, 0, offset)[with_offset]
    readings.has_offset[positions[with_offset]] = True
    readings.has_clock[positions[~ok]] = False
    return ok


def _read_date_text(readings: Readings, position: int, text: str) -> None:
    """Read one value that matched no vectorised format: a relative time or a spelt date."""
    single = np.array([position])
    if is_relative(text):
        readings.fail(single, "relative-time", relative_time_message())
        return
    parsed = parse_spelt_date(text)
    if parsed is None:
        code = "relative-time" if is_weekday_only(text) else "invalid-date"
        message = relative_time_message() if code == "relative-time" else _invalid_date_message()
        readings.fail(single, code, message)
        return
    value, has_clock = parsed
    readings.day[position] = _epoch_day(value.date())
    readings.has_day[position] = True
    if has_clock:
        readings.clock[position] = value.hour * 3600 + value.minute * 60 + value.second
        readings.has_clock[position] = True
    offset = value.utcoffset()
    if offset is not None:
        readings.offset[position] = int(offset.total_seconds())
        readings.has_offset[position] = True
