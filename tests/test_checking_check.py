"""check_tables: skipped rows, problems carried from earlier stages, already-sent rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from checking_tables import make_table, marked, post, settings

from calendar_loader.checking import CheckSettings, check_tables
from calendar_loader.errors import UsageError
from calendar_loader.problems import Problem, Severity
from calendar_loader.table import RowReason


def test_skipped_row_is_listed_not_checked() -> None:
    table = make_table([post(skip_reason=marked("posted"), media=["not a url"], date="tomorrow")])
    report = check_tables([table], settings())
    found = list(report.iter_problems())
    assert [(p.row, p.column, p.code, p.value) for p in found] == [
        (2, "Status", "skipped", "posted")
    ]
    assert found[0].message == (
        'The row is skipped because Status is "posted", which marks it as already posted.'
    )
    assert report.rows["status"].tolist() == ["skipped"]
    assert report.body(0) is None
    assert list(report.sendable()) == []
    assert report.summary.skipped == 1


def test_each_skip_reason_names_its_column() -> None:
    """A row skipped for two reasons gets one warning per reason, in the mapped order."""
    null = RowReason(
        "Network", "reddit", "The row is skipped because map.yaml sets reddit to null."
    )
    table = make_table(
        [
            post(skip_reason=(null,)),
            post(skip_reason=(*marked("done"), null)),
            post(caption="Sent", skip_reason=marked("done")),
        ]
    )
    report = check_tables([table], settings())
    assert [(p.row, p.column, p.value, p.message) for p in report.iter_problems()] == [
        (2, "Network", "reddit", "The row is skipped because map.yaml sets reddit to null."),
        (
            3,
            "Status",
            "done",
            'The row is skipped because Status is "done", which marks it as already posted.',
        ),
        (3, "Network", "reddit", "The row is skipped because map.yaml sets reddit to null."),
        (
            4,
            "Status",
            "done",
            'The row is skipped because Status is "done", which marks it as already posted.',
        ),
    ]
    assert report.summary.skipped == 3


def test_empty_skip_reasons_are_not_a_skip() -> None:
    report = check_tables([make_table([post(skip_reason=())])], settings())
    assert report.rows["status"].tolist() == ["valid"]


def test_carried_problems_make_rows_invalid() -> None:
    carried = [
        Problem("calendar.csv", None, 3, None, "ragged-row", "Row 3 has 5 fields, not 6."),
        Problem(
            "calendar.csv",
            None,
            None,
            "Notes",
            "unknown-column",
            "Ignored.",
            None,
            Severity.WARNING,
        ),
        Problem("calendar.csv", None, 99, None, "ragged-row", "Row 99 is gone."),
        Problem("calendar.csv", None, 4, "Caption", "note", "Check.", "x", Severity.WARNING, "x"),
    ]
    table = make_table(
        [
            post(),
            post(caption="Two"),
            post(caption="Three", variant="x"),
            post(caption="Four", variant="linkedin"),
        ],
        problems=carried,
    )
    report = check_tables([table], settings())
    assert report.flatten() == [
        ("calendar.csv", None, "Notes", "unknown-column"),
        ("calendar.csv", 99, None, "ragged-row"),
        ("calendar.csv", 3, None, "ragged-row"),
        ("calendar.csv", 4, "Caption", "note"),
    ]
    assert report.rows["status"].tolist() == ["valid", "invalid", "valid", "valid"]
    assert report.files[0].problems == [carried[1], carried[2]]
    assert not report.passed


def test_carried_problem_without_variant_covers_every_variant() -> None:
    carried = [Problem("calendar.csv", None, 2, None, "ragged-row", "Broken row.")]
    table = make_table(
        [post(variant="x", caption="X"), post(variant="linkedin", caption="LinkedIn")],
        problems=carried,
    )
    table.frame["_row"] = [2, 2]
    report = check_tables([table], settings())
    assert report.rows["status"].tolist() == ["invalid", "invalid"]


def test_already_sent_row_not_held_to_clock() -> None:
    sent_bodies: list[dict[str, object]] = []

    def already_sent(body: dict[str, object]) -> str | None:
        sent_bodies.append(body)
        return "clg07n1us0002998kbzmp7zc7" if body.get("caption") == "Sent" else None

    table = make_table(
        [
            post(caption="Sent", date="2029-12-01", timezone="UTC"),
            post(caption="New"),
            post(caption="Late", date="2029-12-01", timezone="UTC"),
        ]
    )
    report = check_tables([table], settings(already_sent=already_sent))
    assert [(p.row, p.code) for p in report.iter_problems()] == [(4, "too-soon")]
    assert report.rows["already_sent"].tolist() == ["clg07n1us0002998kbzmp7zc7", None, None]
    assert report.rows["status"].tolist() == ["valid", "valid", "invalid"]
    assert [row for _, _, row, _, _ in report.sendable()] == [3]
    assert report.summary.already_sent == 1
    assert sent_bodies[0] == {
        "caption": "Sent",
        "socialProfileIds": ["ig-main"],
        "scheduledAt": "2029-12-01T09:00:00Z",
    }


def test_duplicates_of_too_soon_row_invalid() -> None:
    """Rows that repeat a row at a past time are too soon themselves, not duplicates."""
    past = post(date="2029-12-01", timezone="UTC")
    table = make_table([past, past, past, post()])
    report = check_tables([table], settings())

    assert report.flatten() == [
        ("calendar.csv", 2, "Date", "too-soon"),
        ("calendar.csv", 3, "Date", "too-soon"),
        ("calendar.csv", 4, "Date", "too-soon"),
    ]
    assert report.rows["status"].tolist() == ["invalid", "invalid", "invalid", "valid"]
    assert report.rows["duplicate_of"].tolist() == [None, None, None, None]
    assert report.summary.invalid == 3
    assert report.summary.duplicates == 0
    assert [row for _, _, row, _, _ in report.sendable()] == [5]


def test_duplicate_of_sent_row_not_held_to_clock() -> None:
    """A duplicate of a row the ledger records as sent stays a duplicate, past time or not."""
    lookups: list[object] = []

    def already_sent(body: dict[str, object]) -> str | None:
        lookups.append(body["caption"])
        return "clg07n1us0002998kbzmp7zc7" if body["caption"] == "Sent" else None

    sent = post(caption="Sent", date="2029-12-01", timezone="UTC")
    table = make_table([sent, sent])
    report = check_tables([table], settings(already_sent=already_sent))

    assert report.flatten() == [("calendar.csv", 3, None, "duplicate-row")]
    assert report.rows["status"].tolist() == ["valid", "valid"]
    assert report.rows["already_sent"].tolist() == ["clg07n1us0002998kbzmp7zc7", None]
    assert report.rows["duplicate_of"].tolist() == [None, 2]
    assert lookups == ["Sent"]
    assert list(report.sendable()) == []


def test_draft_reasons() -> None:
    table = make_table(
        [
            post(date=None, time=None),
            post(caption="No profiles", profiles=[]),
            post(caption="Neither", date=None, time=None, profiles=[]),
        ]
    )
    report = check_tables([table], settings())
    assert [p.message for p in report.iter_problems()] == [
        "The post will be created as a draft in Ocoya because the row has no date.",
        "The post will be created as a draft in Ocoya because the row has no social profiles.",
        "The post will be created as a draft in Ocoya because the row has neither a date nor "
        "social profiles.",
    ]
    assert report.rows["draft"].tolist() == [True, True, True]
    assert report.summary.drafts == 3
    assert report.summary.valid == 3


def test_every_problem_of_a_row_reported() -> None:
    table = make_table(
        [post(caption="TODO", media=["a.png"], time="25:00", timezone="GMT+8", post_type="Reel")]
    )
    report = check_tables([table], settings())
    assert sorted(code for *_, code in report.flatten()) == [
        "invalid-media-url",
        "invalid-time",
        "invalid-timezone",
        "placeholder",
        "unsupported-post-type",
    ]


def test_no_tables() -> None:
    report = check_tables([], settings())
    assert report.summary.rows == 0
    assert report.to_json() == {
        "summary": {
            "rows": 0,
            "valid": 0,
            "drafts": 0,
            "invalid": 0,
            "skipped": 0,
            "duplicates": 0,
            "already_sent": 0,
        },
        "files": [],
        "rows": [],
    }


def test_empty_table_keeps_file() -> None:
    """A calendar with no rows is kept in the report, with a warning that it is empty."""
    report = check_tables([make_table([], preset="hootsuite", blank_rows=3)], settings())
    assert report.to_json()["files"] == [
        {
            "source": "calendar.csv",
            "sheet": None,
            "preset": "hootsuite",
            "blank_rows": 3,
            "problems": [
                {
                    "column": None,
                    "code": "no-rows",
                    "severity": "warning",
                    "message": "The calendar has no rows to post. Check that this is the "
                    "right file, sheet or records path.",
                    "value": None,
                }
            ],
        }
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"now": datetime(2030, 1, 1)}, "must carry a time zone", id="naive-now"),
        pytest.param({"min_lead": timedelta(minutes=-1)}, "must not be negative", id="lead"),
        pytest.param({"date_order": "ymd"}, "Invalid date order 'ymd'", id="order"),
    ],
)
def test_settings_rejected(options: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"now": datetime(2030, 1, 1, tzinfo=UTC)}
    values.update(options)
    with pytest.raises(UsageError) as caught:
        CheckSettings(**values)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_settings_now_stored_in_utc() -> None:
    from zoneinfo import ZoneInfo

    now = datetime(2030, 1, 1, 13, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert CheckSettings(now=now).now == datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
