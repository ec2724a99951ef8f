"""Times: from date, time and zone cells to scheduledAt in UTC, through check_tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from checking_tables import make_table, post, settings

from calendar_loader.checking import check_tables
from calendar_loader.checking.report import Report
from calendar_loader.checking.times import describe_clock_change, describe_duration
from calendar_loader.checking.zones import zone_named
from calendar_loader.errors import UsageError


def check(*records: dict[str, object], **options: object) -> Report:
    return check_tables([make_table(list(records))], settings(**options))


def codes(report: Report) -> list[tuple[int | None, str | None, str]]:
    return [(row, column, code) for _, row, column, code in report.flatten()]


def scheduled(report: Report) -> list[str | None]:
    return report.rows["scheduled_at"].tolist()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, "2030-06-01T07:00:00Z", id="paris-summer"),
        pytest.param({"date": "2030-01-15"}, "2030-01-15T08:00:00Z", id="paris-winter"),
        pytest.param(
            {"timezone": "America/New_York"}, "2030-06-01T13:00:00Z", id="new-york-summer"
        ),
        pytest.param(
            {"timezone": "America/New_York", "date": "2030-12-01"},
            "2030-12-01T14:00:00Z",
            id="new-york-winter",
        ),
        pytest.param({"timezone": "UTC"}, "2030-06-01T09:00:00Z", id="utc"),
        pytest.param(
            {"timezone": "Asia/Shanghai (BJT/GMT+8)"}, "2030-06-01T01:00:00Z", id="free-text-zone"
        ),
        pytest.param(
            {"date": None, "time": None, "scheduled_at": "2030-06-01T09:00:00+05:30"},
            "2030-06-01T03:30:00Z",
            id="offset-beats-zone",
        ),
        pytest.param(
            {"date": None, "time": None, "timezone": None, "scheduled_at": "2030-06-01T09:00Z"},
            "2030-06-01T09:00:00Z",
            id="zulu-needs-no-zone",
        ),
        pytest.param(
            {"time": "09:00+02:00", "timezone": None}, "2030-06-01T07:00:00Z", id="time-offset"
        ),
        pytest.param(
            {"date": None, "time": None, "scheduled_at": "01.06.2030 09:00"},
            "2030-06-01T07:00:00Z",
            id="dotted-in-one-cell",
        ),
        pytest.param({"date": "01.06.2030"}, "2030-06-01T07:00:00Z", id="dotted-date"),
        pytest.param({"time": "9:00 am"}, "2030-06-01T07:00:00Z", id="am"),
        pytest.param({"time": "9:00 pm"}, "2030-06-01T19:00:00Z", id="pm"),
        pytest.param(
            {"date": date(2030, 6, 1), "time": time(9, 0)},
            "2030-06-01T07:00:00Z",
            id="excel-date-time",
        ),
        pytest.param(
            {"date": datetime(2030, 6, 1), "time": time(9, 0)},
            "2030-06-01T07:00:00Z",
            id="excel-midnight-datetime-and-time",
        ),
        pytest.param(
            {"date": None, "time": None, "scheduled_at": datetime(2030, 6, 1, 9, 0)},
            "2030-06-01T07:00:00Z",
            id="excel-datetime",
        ),
        pytest.param({"date": "47635", "time": "09:00"}, "2030-06-01T07:00:00Z", id="excel-serial"),
        pytest.param({"date": "47635.375", "time": None}, "2030-06-01T07:00:00Z", id="serial-time"),
        pytest.param(
            {"date": "2030-06-01 09:00", "time": None}, "2030-06-01T07:00:00Z", id="date-cell-time"
        ),
    ],
)
def test_schedule_converted(fields: dict[str, object], expected: str) -> None:
    report = check(post(**fields))
    assert codes(report) == []
    assert scheduled(report) == [expected]


def test_default_time_for_date_only_rows() -> None:
    report = check(post(time=None), post(caption="Timed", time="09:00"), default_time=time(10, 30))
    assert codes(report) == []
    assert scheduled(report) == ["2030-06-01T08:30:00Z", "2030-06-01T07:00:00Z"]


def test_settings_zone_used_when_row_has_none() -> None:
    report = check(post(timezone=None), timezone="America/New_York")
    assert scheduled(report) == ["2030-06-01T13:00:00Z"]


def test_row_zone_beats_settings_zone() -> None:
    report = check(post(timezone="Europe/Paris"), timezone="America/New_York")
    assert scheduled(report) == ["2030-06-01T07:00:00Z"]


def test_missing_timezone_never_uses_machine_zone() -> None:
    report = check(post(timezone=None))
    assert codes(report) == [(2, "Date", "missing-timezone")]
    problem = next(report.iter_problems())
    assert problem.message == (
        "The row's time has no time zone. Fill in its Zone cell with a name such as "
        "Europe/Paris, write the time with its offset (such as 14:30+01:00), or pass "
        "--timezone."
    )
    assert problem.value == "2030-06-01"
    assert report.summary.invalid == 1


def test_missing_timezone_without_zone_column() -> None:
    """A file without a zone column is told to add one."""
    table = make_table([post(timezone=None)])
    del table.columns["timezone"]
    report = check_tables([table], settings())
    problem = next(report.iter_problems())
    assert problem.message == (
        "The row's time has no time zone. Add a time zone column with a name such as "
        "Europe/Paris, write the time with its offset (such as 14:30+01:00), or pass "
        "--timezone."
    )


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        pytest.param(
            {"date": "2030-03-31", "time": "02:30"},
            "nonexistent-time",
            "2030-03-31 02:30 does not exist in Europe/Paris (clocks go from 02:00 to 03:00). "
            "Use 01:30 or 03:30.",
            id="paris-spring",
        ),
        pytest.param(
            {"date": "2030-10-27", "time": "02:30"},
            "ambiguous-time",
            "2030-10-27 02:30 occurs twice in Europe/Paris (clocks go back from 03:00 to 02:00). "
            "It is 2030-10-27T00:30:00Z the first time (UTC+02:00) and 2030-10-27T01:30:00Z "
            "the second time (UTC+01:00). Write the time with the offset you mean, such as "
            "2030-10-27 02:30+02:00.",
            id="paris-autumn",
        ),
        pytest.param(
            {"date": "2030-03-10", "time": "02:30", "timezone": "America/New_York"},
            "nonexistent-time",
            "2030-03-10 02:30 does not exist in America/New_York (clocks go from 02:00 to "
            "03:00). Use 01:30 or 03:30.",
            id="new-york-spring",
        ),
        pytest.param(
            {"date": "2030-11-03", "time": "01:30", "timezone": "America/New_York"},
            "ambiguous-time",
            "2030-11-03 01:30 occurs twice in America/New_York (clocks go back from 02:00 to "
            "01:00). It is 2030-11-03T05:30:00Z the first time (UTC-04:00) and "
            "2030-11-03T06:30:00Z the second time (UTC-05:00). Write the time with the offset "
            "you mean, such as 2030-11-03 01:30-04:00.",
            id="new-york-autumn",
        ),
        pytest.param(
            {"date": None, "time": None, "scheduled_at": "2030-03-31 02:15:30"},
            "nonexistent-time",
            "2030-03-31 02:15:30 does not exist in Europe/Paris (clocks go from 02:00 to "
            "03:00). Use 01:15:30 or 03:15:30.",
            id="seconds-in-one-cell",
        ),
    ],
)
def test_clock_changes(fields: dict[str, object], code: str, message: str) -> None:
    report = check(post(**fields))
    problems = list(report.iter_problems())
    assert [(problem.code, problem.message) for problem in problems] == [(code, message)]
    assert scheduled(report) == [None]
    assert report.rows["status"].tolist() == ["invalid"]


def test_clock_change_column_and_value() -> None:
    report = check(post(date="2030-03-31", time="02:30"))
    problem = next(report.iter_problems())
    assert (problem.column, problem.value) == ("Time", "2030-03-31 02:30")


def test_clock_change_with_offset_is_fine() -> None:
    report = check(post(date=None, time=None, scheduled_at="2030-10-27 02:30+01:00"))
    assert scheduled(report) == ["2030-10-27T01:30:00Z"]


def test_describe_clock_change_half_hour_gap() -> None:
    wall = int(datetime(2030, 10, 6, 2, 15, tzinfo=UTC).timestamp())
    code, message = describe_clock_change(wall, zone_named("Australia/Lord_Howe"))
    assert code == "nonexistent-time"
    assert message == (
        "2030-10-06 02:15 does not exist in Australia/Lord_Howe (clocks go from 02:00 to "
        "02:30). Use 01:45 or 02:45."
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"time": None}, [(2, "Date", "missing-time")], id="date-only"),
        pytest.param(
            {"date": date(2030, 6, 1), "time": None}, [(2, "Date", "missing-time")], id="excel-date"
        ),
        pytest.param(
            {"date": datetime(2030, 6, 1), "time": None},
            [(2, "Date", "missing-time")],
            id="excel-midnight",
        ),
        pytest.param({"date": None}, [(2, "Time", "missing-date")], id="time-only"),
        pytest.param({"date": "tomorrow"}, [(2, "Date", "relative-time")], id="relative-date"),
        pytest.param({"time": "in 2 hours"}, [(2, "Time", "relative-time")], id="relative-time"),
        pytest.param({"date": "2030-13-01"}, [(2, "Date", "invalid-date")], id="invalid-date"),
        pytest.param({"time": "25:00"}, [(2, "Time", "invalid-time")], id="invalid-time"),
        pytest.param({"timezone": "GMT+8"}, [(2, "Zone", "invalid-timezone")], id="offset-zone"),
        pytest.param({"timezone": "Paris"}, [(2, "Zone", "invalid-timezone")], id="unknown-zone"),
        pytest.param(
            {"date": "2030-06-01 10:00", "time": "09:00"},
            [(2, "Date", "conflicting-time")],
            id="two-times",
        ),
        pytest.param(
            {"date": "2030-01-01", "time": "11:00", "timezone": "UTC"},
            [(2, "Date", "too-soon")],
            id="past",
        ),
    ],
)
def test_schedule_problems(fields: dict[str, object], expected: list[tuple[object, ...]]) -> None:
    report = check(post(**fields))
    assert codes(report) == expected
    assert report.rows["status"].tolist() == ["invalid"]


def test_missing_time_message() -> None:
    problem = next(check(post(time=None)).iter_problems())
    assert problem.message == (
        "The row has a date but no time of day. Add a time such as 14:30, or set a default "
        "time in the mapping file."
    )


def test_too_soon_message_and_lead() -> None:
    # NOW is 12:00 UTC, so with a 30-minute lead 12:29 is too soon and 12:30 is not.
    report = check(
        post(date="2030-01-01", time="12:29", timezone="UTC"),
        post(date="2030-01-01", time="12:30", timezone="UTC", caption="Later"),
        min_lead=timedelta(minutes=30),
    )
    problems = list(report.iter_problems())
    assert [(problem.row, problem.code) for problem in problems] == [(2, "too-soon")]
    assert problems[0].message == (
        "The post is scheduled for 2030-01-01T12:29:00Z, before the earliest allowed time "
        "2030-01-01T12:30:00Z (the check time plus 30 minutes). Move it later, or clear its "
        "date to keep it as a draft."
    )
    assert problems[0].value == "2030-01-01T12:29:00Z"
    assert scheduled(report) == ["2030-01-01T12:29:00Z", "2030-01-01T12:30:00Z"]


def test_no_date_is_draft_not_error() -> None:
    report = check(post(date=None, time=None, timezone=None))
    assert codes(report) == [(2, None, "draft")]
    assert report.rows["draft"].tolist() == [True]
    assert report.body(0) == {"caption": "Spring menu is here", "socialProfileIds": ["ig-main"]}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(
            ["25/12/2030 09:00", "05/06/2030 09:00"],
            ["2030-12-25T08:00:00Z", "2030-06-05T07:00:00Z"],
            id="inferred-day-first",
        ),
        pytest.param(
            ["12/25/2030 09:00", "05/06/2030 09:00"],
            ["2030-12-25T08:00:00Z", "2030-05-06T07:00:00Z"],
            id="inferred-month-first",
        ),
    ],
)
def test_date_order_inferred_from_file(dates: list[str], expected: list[str]) -> None:
    records = [
        post(date=None, time=None, scheduled_at=text, caption=f"Post {number}")
        for number, text in enumerate(dates)
    ]
    report = check(*records)
    assert codes(report) == []
    assert scheduled(report) == expected


def test_date_order_conflict_leaves_ambiguous_dates_in_error() -> None:
    records = [
        post(date=text, caption=f"Post {number}")
        for number, text in enumerate(["25/12/2030", "12/26/2030", "05/06/2030"])
    ]
    report = check(*records)
    assert codes(report) == [(4, "Date", "ambiguous-date")]
    assert scheduled(report) == ["2030-12-25T08:00:00Z", "2030-12-26T08:00:00Z", None]


def test_date_order_setting_wins() -> None:
    report = check(post(date="05/06/2030"), post(date="25/12/2030", caption="x"), date_order="mdy")
    assert codes(report) == [(3, "Date", "invalid-date")]
    assert scheduled(report) == ["2030-05-06T07:00:00Z", None]


def test_invalid_settings_zone_is_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        check(post(), timezone="GMT+8")
    assert str(caught.value).startswith("Invalid time zone 'GMT+8': GMT+8 is a bare UTC offset")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        pytest.param(5, "5 minutes", id="minutes"),
        pytest.param(1, "1 minute", id="one-minute"),
        pytest.param(120, "2 hours", id="hours"),
        pytest.param(0.5, "30 seconds", id="seconds"),
    ],
)
def test_describe_duration(minutes: float, text: str) -> None:
    assert describe_duration(timedelta(minutes=minutes)) == text
