"""`calendar-loader init-map`: a starting mapping file that reads the calendar as written."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import invoke


def test_init_map_records_path_round_trip(tmp_path: Path) -> None:
    """A map written with --records reads the nested posts it names."""
    calendar = tmp_path / "plan.json"
    calendar.write_text(
        json.dumps(
            {
                "weeks": [
                    {"posts": [{"caption": "Week one", "scheduled_at": "2031-05-01T09:00:00Z"}]},
                    {"posts": [{"caption": "Week two", "scheduled_at": "2031-05-08T09:00:00Z"}]},
                ]
            }
        ),
        encoding="utf-8",
    )
    mapping = tmp_path / "calendar-loader.yaml"

    written = invoke("init-map", calendar, "--records", "weeks[].posts[]", "--output", mapping)
    report = invoke("validate", calendar, "--format", "json", "--now", "2030-01-01T00:00:00Z")

    assert written.exit_code == 0
    assert "records: weeks[].posts[]\n" in mapping.read_text(encoding="utf-8")
    assert report.exit_code == 0
    document = json.loads(report.stdout)
    assert [row["request"] for row in document["rows"]] == [
        {"caption": "Week one", "scheduledAt": "2031-05-01T09:00:00Z"},
        {"caption": "Week two", "scheduledAt": "2031-05-08T09:00:00Z"},
    ]


def test_init_map_without_records_names_the_option(tmp_path: Path) -> None:
    calendar = tmp_path / "plan.json"
    calendar.write_text(json.dumps({"weeks": [{"posts": [{"caption": "x"}]}]}), encoding="utf-8")

    result = invoke("init-map", calendar)

    assert result.exit_code == 2
    assert "weeks[].posts[]" in result.stderr_lines[-1]
