"""Report: JSON shape, terminal rendering, sendable bodies, and the PostRequest contract."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from checking_tables import make_table, marked, post, settings
from rich.console import Console

from calendar_loader.checking import PostRequest, check_tables
from calendar_loader.checking.report import Report
from calendar_loader.columns import map_columns
from calendar_loader.loading import load_calendar

ROOT = Path(__file__).resolve().parent.parent


def sample_report() -> Report:
    table = make_table(
        [
            post(media=[" https://cdn.test/a.png "]),
            post(caption="Oops [N]", media=["photo.png"]),
            post(skip_reason=marked("posted")),
            post(media=["https://cdn.test/a.png"]),
            post(caption="Draft idea", date=None, time=None),
        ],
        preset="metricool",
        blank_rows=1,
    )
    return check_tables([table], settings(already_sent=lambda body: None))


def test_to_json_shape() -> None:
    data = sample_report().to_json()
    assert data["summary"] == {
        "rows": 5,
        "valid": 3,
        "drafts": 1,
        "invalid": 1,
        "skipped": 1,
        "duplicates": 1,
        "already_sent": 0,
    }
    assert data["files"] == [
        {
            "source": "calendar.csv",
            "sheet": None,
            "preset": "metricool",
            "blank_rows": 1,
            "problems": [],
        }
    ]
    assert data["rows"][0] == {
        "source": "calendar.csv",
        "sheet": None,
        "row": 2,
        "variant": None,
        "status": "valid",
        "draft": False,
        "request": {
            "caption": "Spring menu is here",
            "mediaUrls": ["https://cdn.test/a.png"],
            "socialProfileIds": ["ig-main"],
            "scheduledAt": "2030-06-01T07:00:00Z",
        },
        "duplicate_of": None,
        "already_sent": None,
        "problems": [],
    }
    assert data["rows"][1]["status"] == "invalid"
    assert data["rows"][1]["request"] is None
    assert data["rows"][1]["problems"] == [
        {
            "column": "Image URL",
            "code": "invalid-media-url",
            "severity": "error",
            "message": "The media URL is not a web address that Ocoya can fetch. Give a public "
            "URL that starts with http:// or https://. A file on a computer must be uploaded "
            "first.",
            "value": "photo.png",
        },
        {
            "column": "Caption",
            "code": "placeholder",
            "severity": "warning",
            "message": "The caption still contains the placeholder '[N]'. Replace it with the "
            "real content before scheduling.",
            "value": "Oops [N]",
        },
    ]
    assert [row["status"] for row in data["rows"]] == [
        "valid",
        "invalid",
        "skipped",
        "valid",
        "valid",
    ]
    assert data["rows"][2]["request"] is None
    assert data["rows"][3]["duplicate_of"] == 2
    assert data["rows"][3]["request"] == data["rows"][0]["request"]
    assert data["rows"][4]["draft"] is True
    assert data["rows"][4]["request"] == {
        "caption": "Draft idea",
        "socialProfileIds": ["ig-main"],
    }
    assert json.loads(json.dumps(data)) == data


def test_duplicate_keeps_its_request() -> None:
    data = sample_report().to_json()
    assert data["rows"][3]["request"] == {
        "caption": "Spring menu is here",
        "mediaUrls": ["https://cdn.test/a.png"],
        "socialProfileIds": ["ig-main"],
        "scheduledAt": "2030-06-01T07:00:00Z",
    }
    assert data["rows"][3]["status"] == "valid"


def test_body_key_order() -> None:
    report = sample_report()
    assert list(report.body(0)) == ["caption", "mediaUrls", "socialProfileIds", "scheduledAt"]  # type: ignore[arg-type]


def test_sendable() -> None:
    sent = list(sample_report().sendable())
    assert [(source, sheet, row, variant) for source, sheet, row, variant, _ in sent] == [
        ("calendar.csv", None, 2, None),
        ("calendar.csv", None, 6, None),
    ]


def test_flatten() -> None:
    assert sample_report().flatten() == [
        ("calendar.csv", 3, "Image URL", "invalid-media-url"),
        ("calendar.csv", 3, "Caption", "placeholder"),
        ("calendar.csv", 4, "Status", "skipped"),
        ("calendar.csv", 5, None, "duplicate-row"),
        ("calendar.csv", 6, None, "draft"),
    ]


def render(report: Report, **options: int) -> str:
    console = Console(width=200, record=True, color_system=None)
    report.render(console, **options)
    return console.export_text()


def test_render_summary_and_table() -> None:
    text = render(sample_report())
    lines = text.splitlines()
    assert (
        lines[0] == "5 rows: 3 valid (1 draft), 1 invalid, 1 skipped, 1 duplicate, 0 already sent."
    )
    assert "Oops [N]" in text
    assert "invalid-media-url" in text
    assert "more problems" not in text


def test_render_caps_lines() -> None:
    text = render(sample_report(), limit=2)
    assert "invalid-media-url" in text
    assert "placeholder" in text
    assert "duplicate-row" not in text
    assert text.splitlines()[-1] == "… and 3 more problems; use --format json for all"


def test_render_without_problems() -> None:
    report = check_tables([make_table([post()])], settings())
    assert (
        render(report)
        == "1 row: 1 valid (0 drafts), 0 invalid, 0 skipped, 0 duplicates, 0 already sent.\n"
    )


def test_every_body_passes_post_request_on_generated_tables() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_checking import build_tables

    tables = build_tables(3_000, seed=11)
    report = check_tables(tables, settings(now=datetime(2026, 6, 1, tzinfo=UTC), timezone="UTC"))
    bodies = [report.body(position) for position in range(report.summary.rows)]
    valid = [body for body in bodies if body is not None]
    assert len(valid) == report.summary.valid > 2_900
    for body in valid:
        PostRequest.model_validate(body)
    assert {code for *_, code in report.flatten()} >= {
        "invalid-media-url",
        "relative-time",
        "invalid-date",
        "invalid-timezone",
        "unsupported-post-type",
    }


@pytest.mark.parametrize("name", ["calendar.csv", "calendar.xlsx", "calendar.yaml", "invalid.csv"])
def test_every_body_passes_post_request_on_samples(name: str) -> None:
    tables = [map_columns(raw) for raw in load_calendar(ROOT / "samples" / name)]
    report = check_tables(tables, settings(now=datetime(2031, 1, 1, tzinfo=UTC), timezone="UTC"))
    assert report.summary.rows > 0
    for *_, body in report.sendable():
        PostRequest.model_validate(body)
    for position in range(report.summary.rows):
        body = report.body(position)
        if body is not None:
            PostRequest.model_validate(body)
