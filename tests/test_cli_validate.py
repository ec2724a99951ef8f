"""`calendar-loader validate` through the command line: reports, JSON document, exit codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cli_support import NOW, PROJECT, SAMPLES, invoke, run_console_script

FIRST_REQUEST = {
    "caption": "🥐 Spring menu is here!\n\nRhubarb & cardamom buns land in both shops this Friday.",
    "mediaUrls": ["https://cdn.lumenandloaf.com/2031/04/rhubarb-buns.jpg"],
    "socialProfileIds": ["cmx9f9gej0000jp7qwmaqstv2", "cmx9f9mii0001jp7qpq5nkacp"],
    "scheduledAt": "2031-04-01T06:00:00Z",
}


@pytest.fixture(autouse=True)
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project folder, so that sources read `samples/...` as in the README."""
    monkeypatch.chdir(PROJECT)


def validate_json(*args: str) -> tuple[int, dict]:
    result = invoke("validate", *args, "--format", "json", "--now", NOW)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    ("sample", "summary"),
    [
        ("samples/calendar.csv", "14 rows: 14 valid (2 drafts)"),
        ("samples/calendar.xlsx", "10 rows: 10 valid (2 drafts)"),
        ("samples/calendar.yaml", "10 rows: 10 valid (2 drafts)"),
    ],
)
def test_validate_sample_exits_0(sample: str, summary: str) -> None:
    """Each sample calendar is valid, so validate exits 0 and counts 0 invalid rows."""
    result = invoke("validate", sample, "--now", NOW)

    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == (
        f"{summary}, 0 invalid, 0 skipped, 0 duplicates, 0 already sent."
    )


def test_validate_all_samples_summary() -> None:
    code, document = validate_json(*SAMPLES)

    assert code == 0
    assert document["summary"] == {
        "rows": 34,
        "valid": 34,
        "drafts": 6,
        "invalid": 0,
        "skipped": 0,
        "duplicates": 0,
        "already_sent": 0,
    }
    assert [item["source"] for item in document["files"]] == list(SAMPLES)


def test_validate_json_document_shape() -> None:
    """The JSON report of samples/calendar.csv, field by field."""
    code, document = validate_json("samples/calendar.csv")

    assert code == 0
    assert list(document) == ["summary", "files", "rows", "unreadable"]
    assert document["unreadable"] == []
    assert document["summary"] == {
        "rows": 14,
        "valid": 14,
        "drafts": 2,
        "invalid": 0,
        "skipped": 0,
        "duplicates": 0,
        "already_sent": 0,
    }
    assert document["files"] == [
        {
            "source": "samples/calendar.csv",
            "sheet": None,
            "preset": None,
            "blank_rows": 0,
            "problems": [],
        }
    ]
    assert [row["row"] for row in document["rows"]] == list(range(2, 16))
    assert document["rows"][0] == {
        "source": "samples/calendar.csv",
        "sheet": None,
        "row": 2,
        "variant": None,
        "status": "valid",
        "draft": False,
        "request": FIRST_REQUEST,
        "duplicate_of": None,
        "already_sent": None,
        "problems": [],
    }
    assert list(document["rows"][0]["request"]) == [
        "caption",
        "mediaUrls",
        "socialProfileIds",
        "scheduledAt",
    ]


def test_validate_json_flags_drafts() -> None:
    """Rows 14 (no profiles) and 15 (no date) are drafts, each warned of its missing field."""
    _, document = validate_json("samples/calendar.csv")
    drafts = {row["row"]: row for row in document["rows"] if row["draft"]}

    assert sorted(drafts) == [14, 15]
    assert drafts[14]["status"] == "valid"
    assert "socialProfileIds" not in drafts[14]["request"]
    assert drafts[14]["problems"] == [
        {
            "column": None,
            "code": "draft",
            "severity": "warning",
            "message": "The post will be created as a draft in Ocoya because the row has no "
            "social profiles.",
            "value": None,
        }
    ]
    assert "scheduledAt" not in drafts[15]["request"]
    assert drafts[15]["problems"][0]["message"] == (
        "The post will be created as a draft in Ocoya because the row has no date."
    )


def test_validate_output_file_same_document_mode_0600(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "report.json"
    printed = invoke("validate", "samples/calendar.csv", "--format", "json", "--now", NOW)
    written = invoke(
        "validate", "samples/calendar.csv", "--format", "json", "--now", NOW, "--output", report
    )

    assert written.exit_code == 0
    assert written.stdout == ""
    assert report.read_text(encoding="utf-8") == printed.stdout
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_validate_table_output_file_mode_0600(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    result = invoke("validate", "samples/calendar.csv", "--now", NOW, "--output", report)

    assert result.exit_code == 0
    assert report.read_text(encoding="utf-8").splitlines()[0] == (
        "14 rows: 14 valid (2 drafts), 0 invalid, 0 skipped, 0 duplicates, 0 already sent."
    )
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_validate_invalid_sample_exits_1() -> None:
    """samples/invalid.csv has one mistake of each kind: every one is listed, exit code 1."""
    code, document = validate_json("samples/invalid.csv")
    problems = [
        (row["row"], problem["column"], problem["code"])
        for row in document["rows"]
        for problem in row["problems"]
    ]

    assert code == 1
    assert document["summary"] == {
        "rows": 15,
        "valid": 2,
        "drafts": 0,
        "invalid": 13,
        "skipped": 0,
        "duplicates": 1,
        "already_sent": 0,
    }
    assert problems == [
        (2, "caption", "missing-content"),
        (3, "caption", "caption-too-long"),
        (4, "media", "invalid-media-url"),
        (5, "media", "unsupported-media-type"),
        (6, "date", "missing-timezone"),
        (7, "timezone", "invalid-timezone"),
        (8, "time", "nonexistent-time"),
        (9, "time", "ambiguous-time"),
        (10, "date", "too-soon"),
        (11, "date", "missing-time"),
        (12, "date", "invalid-date"),
        (13, "date", "relative-time"),
        (15, None, "duplicate-row"),
        (16, None, "wrong-field-count"),
        (16, "date", "invalid-date"),
        (16, "time", "invalid-time"),
        (16, "timezone", "invalid-timezone"),
    ]
    row_4 = next(row for row in document["rows"] if row["row"] == 4)
    assert row_4["request"] is None
    assert row_4["problems"][0]["value"] == "ftp://cdn.lumenandloaf.com/a.jpg"


def test_validate_invalid_table_names_row_and_code() -> None:
    result = invoke("validate", "samples/invalid.csv", "--now", NOW)

    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "15 rows: 2 valid (0 drafts), 13 invalid, 0 skipped, 1 duplicate, 0 already sent."
    )
    assert "invalid-media-url" in result.stdout
    assert "ftp://cdn.lumenandloaf.com/a.jpg" in result.stdout


def test_validate_missing_file_exits_2() -> None:
    result = invoke("validate", "samples/missing.csv", "--now", NOW)

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: samples/missing.csv: file not found. Check the path and the file name."
    ]


def test_validate_error_keeps_brackets_of_file_name() -> None:
    """A file name with brackets is quoted as it is, not read as terminal markup."""
    result = invoke("validate", "[draft] april.csv", "--now", NOW)

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: [draft] april.csv: file not found. Check the path and the file name."
    ]


def test_validate_no_caption_or_media_column_exits_2(tmp_path: Path) -> None:
    calendar = tmp_path / "plan.csv"
    calendar.write_text("title,when\nSpring menu,2031-04-01 09:00\n", encoding="utf-8")

    result = invoke("validate", calendar, "--now", NOW)

    assert result.exit_code == 2
    assert result.stderr_lines == [
        f"Error: {calendar} has no caption column and no media column, so it contains no post. "
        "Its headers are: title, when. A caption column is understood under the names caption, "
        "text, message, content, copy, post, post_text, body, …; a media column under media, "
        "media_urls, mediaUrls, media_url, image, images, image_url, image_urls, … (case, "
        "spaces and punctuation do not matter). To read other columns, name them in a mapping "
        f"file given with --map FILE: `calendar-loader init-map {calendar}` writes a starting one."
    ]


def test_validate_bad_min_lead_exits_2() -> None:
    result = invoke("validate", "samples/calendar.csv", "--min-lead", "5")

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: Invalid --min-lead '5': write a number and a unit, such as 90s, 5m or 1h."
    ]


def test_validate_now_without_zone_exits_2() -> None:
    result = invoke("validate", "samples/calendar.csv", "--now", "2030-01-01T09:00")

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: --now '2030-01-01T09:00' has no time zone: add Z for UTC or an offset such "
        "as +01:00."
    ]


def test_validate_unknown_format_is_usage_error() -> None:
    result = invoke("validate", "samples/calendar.csv", "--format", "xml")

    assert result.exit_code == 2
    assert result.stderr_lines[-1] == (
        "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json'."
    )


def test_validate_through_console_script() -> None:
    """The installed script gives the same exit code and document as `main`."""
    completed = run_console_script(
        "validate", "samples/calendar.csv", "--format", "json", "--now", NOW
    )

    assert completed.returncode == 0
    assert json.loads(completed.stdout)["rows"][0]["request"] == FIRST_REQUEST


def test_validate_json_lists_unreadable_files(tmp_path: Path) -> None:
    """A file that cannot be read is named in the JSON document, not only on stderr."""
    result = invoke("validate", "samples/calendar.csv", tmp_path / "gone.csv", "--format", "json")

    document = json.loads(result.stdout)
    assert result.exit_code == 2
    assert document["unreadable"] == [
        {
            "source": str(tmp_path / "gone.csv"),
            "message": f"{tmp_path / 'gone.csv'}: file not found. "
            "Check the path and the file name.",
        }
    ]
    assert document["summary"]["rows"] == 14


def test_each_file_uses_its_own_mapping_defaults(tmp_path: Path) -> None:
    """Two calendars with their own mapping files keep their own zone and time of day."""
    for folder, zone, time_of_day in (
        ("tokyo", "Asia/Tokyo", "09:00"),
        ("ny", "America/New_York", "18:00"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "cal.csv").write_text(
            "caption,date\nHello from the shop,2031-05-01\n", encoding="utf-8"
        )
        (tmp_path / folder / "calendar-loader.yaml").write_text(
            f'defaults:\n  timezone: {zone}\n  time: "{time_of_day}"\n', encoding="utf-8"
        )

    result = invoke(
        "validate",
        tmp_path / "tokyo" / "cal.csv",
        tmp_path / "ny" / "cal.csv",
        "--timezone",
        "Europe/Berlin",
        "--format",
        "json",
        "--now",
        "2030-01-01T00:00:00Z",
    )

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [row["request"]["scheduledAt"] for row in document["rows"]] == [
        "2031-05-01T00:00:00Z",
        "2031-05-01T22:00:00Z",
    ]


def test_problems_one_line_each_off_terminal() -> None:
    """Piped output (cron mail, CI logs) gives one unwrapped line per problem."""
    result = invoke("validate", "samples/invalid.csv")

    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert (
        lines[0]
        == "15 rows: 2 valid (0 drafts), 13 invalid, 0 skipped, 1 duplicate, 0 already sent."
    )
    assert (
        "samples/invalid.csv, row 5, column media: error unsupported-media-type: Ocoya accepts "
        "only .png, .jpg, .jpeg, .gif and .mp4 files. Link to the file itself, with a path "
        "that ends in one of these. (value: https://cdn.lumenandloaf.com/2031/menu.pdf)"
    ) in lines
