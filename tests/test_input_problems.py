"""Each kind of input problem, read through the path a user's file takes.

Every test writes a small calendar to tmp_path and runs `calendar-loader validate FILE
--format json --now NOW` through `calendar_loader.cli.main`, then checks the JSON report:
the request body that would be sent, or the problem's code, row, column and message.
Tests run from tmp_path, so reports and error lines name the file as a user typed it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import CliResult, invoke
from openpyxl import Workbook

NOW = "2030-01-01T09:00:00Z"
HEADER = "caption,profiles,scheduled_at\n"


@pytest.fixture(autouse=True)
def in_tmp_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def validate(name: str, *options: str) -> tuple[CliResult, dict[str, Any]]:
    """Run validate on `name` with a fixed --now, and return the result and its JSON report."""
    result = invoke("validate", name, "--format", "json", "--now", NOW, *options)
    assert "Traceback" not in result.stdout + result.stderr
    return result, json.loads(result.stdout)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def row_of(document: dict[str, Any], number: int) -> dict[str, Any]:
    found = [row for row in document["rows"] if row["row"] == number]
    assert len(found) == 1
    return found[0]


def bodies(document: dict[str, Any]) -> dict[int, dict[str, Any] | None]:
    return {row["row"]: row["request"] for row in document["rows"]}


def scheduled(document: dict[str, Any]) -> dict[int, str | None]:
    return {row["row"]: (row["request"] or {}).get("scheduledAt") for row in document["rows"]}


def captions(document: dict[str, Any]) -> dict[int, str | None]:
    return {row["row"]: (row["request"] or {}).get("caption") for row in document["rows"]}


def problems(row: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    """Return (column, code, severity) for each problem of a report row."""
    return [(p["column"], p["code"], p["severity"]) for p in row["problems"]]


def file_problems(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [problem for file in document["files"] for problem in file["problems"]]


# Encodings --------------------------------------------------------------------------

BOM_CALENDAR = "Notes,caption,profiles,scheduled_at\nx,Café 🥐,p1,2031-04-01T09:00:00Z\n"


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(codecs.BOM_UTF8 + BOM_CALENDAR.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + BOM_CALENDAR.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + BOM_CALENDAR.encode("utf-16-be"), id="utf-16-be"),
    ],
)
def test_bom_file_read_header_without_bom(encoded: bytes) -> None:
    """The BOM is not part of the first header: `Notes` is reported under its own name."""
    Path("bom.csv").write_bytes(encoded)

    result, document = validate("bom.csv")

    assert result.exit_code == 0
    assert [(p["code"], p["message"]) for p in file_problems(document)] == [
        (
            "unknown-column",
            "These columns feed no field, so nothing in them is sent: Notes. To use one, "
            "for example in the caption, name it in a mapping file (--map).",
        )
    ]
    assert captions(document) == {2: "Café 🥐"}


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_bom_before_json_or_yaml_ignored(suffix: str) -> None:
    text = {
        "json": '[{"caption": "A", "profiles": "p1", "scheduled_at": "2031-04-01T09:00:00Z"}]',
        "yaml": "- caption: A\n  profiles: p1\n  scheduled_at: 2031-04-01T09:00:00Z\n",
    }[suffix]
    Path(f"bom.{suffix}").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))

    result, document = validate(f"bom.{suffix}")

    assert result.exit_code == 0
    assert bodies(document) == {
        1: {"caption": "A", "socialProfileIds": ["p1"], "scheduledAt": "2031-04-01T09:00:00Z"}
    }


def test_windows_1252_read_right() -> None:
    """A file saved by Excel as plain CSV on Windows: é, è and € come out right."""
    Path("cp.csv").write_bytes(
        HEADER.encode() + b"Caf\xe9 cr\xe8me \x80 5,p1,2031-04-01T09:00:00Z\n"
    )

    result, document = validate("cp.csv")

    assert result.exit_code == 0
    assert captions(document) == {2: "Café crème € 5"}
    guessed = file_problems(document)
    assert [(p["code"], p["severity"], p["value"]) for p in guessed] == [
        ("encoding-guessed", "warning", "cp1252")
    ]
    assert guessed[0]["message"].startswith(
        "The file is not UTF-8, so its encoding was guessed as cp1252 (Windows Western "
        "European). Check that accented letters look right, for example in “Café”, “crème”."
    )


def test_encoding_option_forces_one() -> None:
    """--encoding wins over detection, even where the result is mojibake."""
    write("utf8.csv", HEADER + "Café,p1,2031-04-01T09:00:00Z\n")

    result, document = validate("utf8.csv", "--encoding", "cp1252")

    assert result.exit_code == 0
    assert captions(document) == {2: "CafÃ©"}
    assert file_problems(document) == []


def test_wrong_encoding_names_byte_and_line() -> None:
    Path("cp.csv").write_bytes(HEADER.encode() + b"Caf\xe9,p1,2031-04-01T09:00:00Z\n")

    result, _ = validate("cp.csv", "--encoding", "utf-8")

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: cp.csv, line 2: byte 0xe9 is not valid in UTF-8. Pass the right "
        "--encoding NAME, or save the file as CSV UTF-8."
    ]


# YAML values and duplicate keys ---------------------------------------------------------


def test_yaml_scalars_stay_as_typed() -> None:
    """YAML 1.1 would read these as false, true, 83, 600, a date, 1.5 and 31."""
    write(
        "posts.yaml",
        "defaults:\n"
        "  timezone: UTC\n"
        "  profiles: [p1]\n"
        "posts:\n"
        "  - caption: no\n"
        "    scheduled_at: 2031-04-01 09:00\n"
        "  - caption: on\n"
        "    scheduled_at: 2031-04-02 09:00\n"
        "  - caption: 0123\n"
        "    scheduled_at: 2031-04-03 09:00\n"
        "  - caption: 10:00\n"
        "    scheduled_at: 2031-04-04 09:00\n"
        "  - caption: 2031-04-05\n"
        "    scheduled_at: 2031-04-05 09:00\n"
        "  - caption: 1.50\n"
        "    scheduled_at: 2031-04-06 09:00\n"
        "  - caption: 0x1F\n"
        "    scheduled_at: 2031-04-07 09:00\n",
    )

    result, document = validate("posts.yaml")

    assert result.exit_code == 0
    assert captions(document) == {
        5: "no",
        7: "on",
        9: "0123",
        11: "10:00",
        13: "2031-04-05",
        15: "1.50",
        17: "0x1F",
    }


def test_yaml_unquoted_date_and_time_columns() -> None:
    """`time: 10:00` is ten o'clock, not the sexagesimal 600 of YAML 1.1."""
    write(
        "posts.yaml",
        "- caption: A\n"
        "  profiles: p1\n"
        "  timezone: UTC\n"
        "  date: 2031-04-02\n"
        "  time: 10:00\n"
        "- caption: B\n"
        "  profiles: p1\n"
        "  timezone: UTC\n"
        "  date: 2031-04-03\n"
        "  time: 9:05:30\n",
    )

    result, document = validate("posts.yaml")

    assert result.exit_code == 0
    assert scheduled(document) == {1: "2031-04-02T10:00:00Z", 6: "2031-04-03T09:05:30Z"}


MIXED_DATE_STYLES = (
    "- caption: A\n"
    "  profiles: p1\n"
    "  scheduled_at: 2031-04-01T09:00:00Z\n"
    "- caption: B\n"
    "  profiles: p1\n"
    "  timezone: Europe/Paris\n"
    "  date: 2031-04-02\n"
    "  time: 10:30\n"
    "- caption: C\n"
    "  profiles: p1\n"
    "  scheduled_at: 2031-04-03T09:00:00Z\n"
    "  date: 2031-04-04\n"
    "- caption: D\n"
    "  profiles: p1\n"
    "  time: 11:00\n"
)


def test_yaml_mixed_date_styles() -> None:
    """Posts with `scheduled_at` and posts with `date` and `time` in one file both keep
    their time, and a post with both must not name two days."""
    write("posts.yaml", MIXED_DATE_STYLES)

    result, document = validate("posts.yaml")

    assert result.exit_code == 1
    assert file_problems(document) == []
    assert scheduled(document) == {
        1: "2031-04-01T09:00:00Z",
        4: "2031-04-02T08:30:00Z",
        9: None,
        13: None,
    }
    assert [row["draft"] for row in document["rows"]] == [False, False, False, False]
    conflict = row_of(document, 9)
    assert problems(conflict) == [("scheduled_at", "conflicting-date", "error")]
    assert conflict["problems"][0]["message"] == (
        "The date-and-time cell and the date column name different days. Keep the date in "
        "one of them."
    )
    assert conflict["problems"][0]["value"] == "2031-04-03T09:00:00Z"
    assert problems(row_of(document, 13)) == [("time", "missing-date", "error")]


def test_yaml_duplicate_key_rejected() -> None:
    write("posts.yaml", "- caption: a\n  profiles: p1\n  caption: b\n")

    result, document = validate("posts.yaml")

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: posts.yaml, line 3: the key “caption” appears twice in the same mapping "
        "(first on line 1). Remove or rename one of them."
    ]
    assert document["rows"] == []


def test_json_duplicate_key_rejected() -> None:
    write("posts.json", '[{"caption": "a",\n  "profiles": "p1",\n  "caption": "b"}]\n')

    result, document = validate("posts.json")

    assert result.exit_code == 2
    assert result.stderr_lines == [
        "Error: posts.json, line 3: the key “caption” appears twice in the object that "
        "starts on line 1. Remove or rename one of them."
    ]
    assert document["rows"] == []


# Rows -----------------------------------------------------------------------------------


def test_wrong_field_count_keeps_row_numbers() -> None:
    """Row 2 spans lines 2-3, so the short row is row 3 on line 4. No cell moves."""
    write(
        "ragged.csv",
        HEADER + '"Two\nlines",p1,2031-04-01T09:00:00Z\n'
        "Short row,p1\n"
        "Long row,p1,2031-04-02T09:00:00Z,extra\n"
        "Last,p1,2031-04-03T09:00:00Z\n",
    )

    result, document = validate("ragged.csv")

    assert result.exit_code == 1
    assert [(row["row"], row["status"]) for row in document["rows"]] == [
        (2, "valid"),
        (3, "invalid"),
        (4, "invalid"),
        (5, "valid"),
    ]
    short, long = row_of(document, 3), row_of(document, 4)
    assert problems(short) == [(None, "wrong-field-count", "error")]
    assert short["problems"][0]["message"].startswith(
        "Row 3 (line 4) has 2 fields, but the header has 3."
    )
    assert problems(long) == [(None, "wrong-field-count", "error")]
    assert long["problems"][0]["message"].startswith(
        "Row 4 (line 5) has 4 fields, but the header has 3."
    )
    assert long["problems"][0]["value"] == "Long row,p1,2031-04-02T09:00:00Z,extra"
    assert captions(document)[5] == "Last"


def test_blank_and_legend_rows_counted() -> None:
    write(
        "legend.csv",
        "caption,profiles,scheduled_at,notes\n"
        "Hello,p1,2031-04-01T09:00:00Z,\n"
        ",,,\n"
        "\n"
        "Bye,p1,2031-04-02T09:00:00Z,\n"
        ",,,Legend: p1 is the shop account\n"
        ",,,\n",
    )

    result, document = validate("legend.csv")

    assert result.exit_code == 0
    assert document["files"][0]["blank_rows"] == 4
    assert [(row["row"], row["status"], row["problems"]) for row in document["rows"]] == [
        (2, "valid", []),
        (5, "valid", []),
    ]
    assert document["summary"]["rows"] == 2


def test_caption_keeps_inner_breaks_and_spacing() -> None:
    """Inner line breaks, blank lines and indents stay. Blanks at the very end go."""
    write(
        "spacing.csv",
        HEADER + '"  Line one  \n\n  indented line\nlast   ",p1,2031-04-01T09:00:00Z\n'
        '"trailing blanks   \n\n",p1,2031-04-02T09:00:00Z\n',
    )

    result, document = validate("spacing.csv")

    assert result.exit_code == 0
    assert captions(document) == {
        2: "  Line one  \n\n  indented line\nlast",
        3: "trailing blanks",
    }


def test_crlf_inside_caption_becomes_newline() -> None:
    Path("crlf.csv").write_bytes(
        b'caption,profiles,scheduled_at\r\n"Two\r\nlines",p1,2031-04-01T09:00:00Z\r\n'
    )

    _, document = validate("crlf.csv")

    assert captions(document) == {2: "Two\nlines"}


def test_nfc_before_counting() -> None:
    """A decomposed é (e + U+0301) counts 1 and is sent precomposed."""
    decomposed = "a" * 9_999 + "e\u0301"
    write("nfc.csv", HEADER + f"{decomposed},p1,2031-04-01T09:00:00Z\n")

    result, document = validate("nfc.csv")

    assert result.exit_code == 0
    assert row_of(document, 2)["problems"] == []
    assert captions(document)[2] == "a" * 9_999 + "\u00e9"


@pytest.mark.parametrize(
    ("caption", "status"),
    [
        pytest.param("a" * 10_000, "valid", id="10000-letters"),
        pytest.param("a" * 9_998 + "🥐", "valid", id="9998-letters-and-emoji"),
        pytest.param("a" * 9_999 + "🥐", "invalid", id="9999-letters-and-emoji"),
        pytest.param("a" * 10_001, "invalid", id="10001-letters"),
    ],
)
def test_caption_length_in_utf16_units(caption: str, status: str) -> None:
    write("long.csv", HEADER + f"{caption},p1,2031-04-01T09:00:00Z\n")

    _, document = validate("long.csv")

    row = row_of(document, 2)
    assert row["status"] == status
    if status == "invalid":
        assert problems(row) == [("caption", "caption-too-long", "error")]
        assert row["problems"][0]["message"] == (
            "The caption is 10,001 characters long (counted as UTF-16 code units, so an "
            "emoji counts 2), but Ocoya accepts at most 10,000. Shorten it by 1."
        )


# Dates and times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2031-04-01T09:00:00Z", "2031-04-01T09:00:00Z", id="iso-z"),
        pytest.param("2031-04-01 09:00", "2031-04-01T07:00:00Z", id="iso-space"),
        pytest.param("2031-04-01T09:00", "2031-04-01T07:00:00Z", id="iso-t-no-seconds"),
        pytest.param("2031-04-01T09:00:30", "2031-04-01T07:00:30Z", id="iso-seconds"),
        pytest.param("2031-04-01T09:00:00+02:00", "2031-04-01T07:00:00Z", id="iso-offset"),
        pytest.param("2031-04-01 09:00:00-0500", "2031-04-01T14:00:00Z", id="offset-no-colon"),
        pytest.param("01.04.2031 09:00", "2031-04-01T07:00:00Z", id="dotted"),
        pytest.param("2031-04-01 9:00 pm", "2031-04-01T19:00:00Z", id="9-pm"),
        pytest.param("2031-04-01 12:15 AM", "2031-03-31T22:15:00Z", id="12-15-am"),
        pytest.param("2031-04-01 12:15 p.m.", "2031-04-01T10:15:00Z", id="12-15-pm-dots"),
    ],
)
def test_date_time_forms(value: str, expected: str) -> None:
    """Times without a zone are read in --timezone Europe/Berlin (UTC+2 in April 2031)."""
    write("forms.csv", HEADER + f"A,p1,{value}\n")

    result, document = validate("forms.csv", "--timezone", "Europe/Berlin")

    assert result.exit_code == 0
    assert scheduled(document) == {2: expected}


@pytest.mark.parametrize(
    ("unambiguous", "expected"),
    [
        pytest.param("25/04/2031", "2031-04-03T09:00:00Z", id="day-first"),
        pytest.param("04/25/2031", "2031-03-04T09:00:00Z", id="month-first"),
    ],
)
def test_date_order_inferred_from_file(unambiguous: str, expected: str) -> None:
    """03/04/2031 follows the order that the file's unambiguous date shows."""
    write("order.csv", HEADER + f"A,p1,{unambiguous} 09:00\nB,p1,03/04/2031 09:00\n")

    result, document = validate("order.csv", "--timezone", "UTC")

    assert result.exit_code == 0
    assert scheduled(document) == {2: "2031-04-25T09:00:00Z", 3: expected}


def test_ambiguous_date_names_both_readings() -> None:
    write("order.csv", HEADER + "A,p1,03/04/2031 09:00\n")

    result, document = validate("order.csv", "--timezone", "UTC")

    assert result.exit_code == 1
    row = row_of(document, 2)
    assert problems(row) == [("scheduled_at", "ambiguous-date", "error")]
    assert row["problems"][0]["message"] == (
        "03/04/2031 can be read as 03 April 2031 (day first) or March 04, 2031 (month "
        "first). Write it as 2031-04-03 or 2031-03-04, or set the date order (dmy or mdy)."
    )
    assert row["problems"][0]["value"] == "03/04/2031 09:00"


@pytest.mark.parametrize(
    ("order", "expected"),
    [("dmy", "2031-04-03T09:00:00Z"), ("mdy", "2031-03-04T09:00:00Z")],
)
def test_date_order_option(order: str, expected: str) -> None:
    write("order.csv", HEADER + "A,p1,03/04/2031 09:00\n")

    result, document = validate("order.csv", "--timezone", "UTC", "--date-order", order)

    assert result.exit_code == 0
    assert scheduled(document) == {2: expected}


def test_date_order_option_rejects_other_order() -> None:
    write("order.csv", HEADER + "A,p1,04/25/2031 09:00\n")

    _, document = validate("order.csv", "--timezone", "UTC", "--date-order", "dmy")

    assert problems(row_of(document, 2)) == [("scheduled_at", "invalid-date", "error")]


def test_excel_date_cells_and_serial_numbers() -> None:
    """Excel date cells and serial numbers (47939 is 2031-04-01), in one column or two."""
    book = Workbook()
    sheet = book.active
    sheet.append(["caption", "profiles", "scheduled_at"])
    sheet.append(["Cell", "p1", dt.datetime(2031, 4, 1, 9, 30)])
    sheet.append(["Serial", "p1", 47939.375])
    sheet.append(["Date cell, no time", "p1", dt.date(2031, 4, 2)])
    book.save("one.xlsx")
    book = Workbook()
    sheet = book.active
    sheet.append(["caption", "profiles", "date", "time"])
    sheet.append(["Split cells", "p1", dt.date(2031, 4, 1), dt.time(9, 15)])
    sheet.append(["Split serial", "p1", 47939, "10:45"])
    book.save("two.xlsx")

    one_result, one = validate("one.xlsx", "--timezone", "Europe/Berlin")
    two_result, two = validate("two.xlsx", "--timezone", "Europe/Berlin")

    assert one_result.exit_code == 1
    assert scheduled(one) == {2: "2031-04-01T07:30:00Z", 3: "2031-04-01T07:00:00Z", 4: None}
    assert problems(row_of(one, 4)) == [("scheduled_at", "missing-time", "error")]
    assert two_result.exit_code == 0
    assert scheduled(two) == {2: "2031-04-01T07:15:00Z", 3: "2031-04-01T08:45:00Z"}


def test_free_text_zone_read() -> None:
    write(
        "zone.csv",
        "caption,profiles,scheduled_at,timezone\nA,p1,2031-04-01 09:00,Asia/Shanghai (BJT/GMT+8)\n",
    )

    result, document = validate("zone.csv")

    assert result.exit_code == 0
    assert scheduled(document) == {2: "2031-04-01T01:00:00Z"}


def test_bare_offset_zone_rejected() -> None:
    write("zone.csv", "caption,profiles,scheduled_at,timezone\nA,p1,2031-04-01 09:00,GMT+8\n")

    result, document = validate("zone.csv")

    assert result.exit_code == 1
    row = row_of(document, 2)
    assert problems(row) == [("timezone", "invalid-timezone", "error")]
    assert row["problems"][0]["message"] == (
        "GMT+8 is a bare UTC offset, not a time zone name. It does not follow daylight "
        "saving time, and IANA names reverse the sign: Etc/GMT+8 means UTC−8. Write the "
        "name of the place's zone instead, such as Asia/Shanghai for UTC+8."
    )


@pytest.mark.parametrize("value", ["in 2 hours", "tomorrow 9am", "next Friday", "now"])
def test_relative_time_rejected(value: str) -> None:
    write("relative.csv", HEADER + f"A,p1,{value}\n")

    result, document = validate("relative.csv", "--timezone", "UTC")

    assert result.exit_code == 1
    row = row_of(document, 2)
    assert problems(row) == [("scheduled_at", "relative-time", "error")]
    assert row["problems"][0]["value"] == value
    assert row["problems"][0]["message"].startswith("A relative time cannot be scheduled")


def test_nothing_filled_in_from_today() -> None:
    """A time without a date, or a date without a year, never takes them from --now."""
    write("partial.csv", HEADER + "A,p1,09:00\nB,p1,April 3 09:00\n")
    write("split.csv", "caption,profiles,date,time\nC,p1,,09:00\n")

    _, document = validate("partial.csv", "--timezone", "UTC")
    _, split = validate("split.csv", "--timezone", "UTC")

    assert problems(row_of(document, 2)) == [("scheduled_at", "invalid-date", "error")]
    assert problems(row_of(document, 3)) == [("scheduled_at", "invalid-date", "error")]
    assert problems(row_of(split, 2)) == [("time", "missing-date", "error")]


def test_date_without_time_needs_default_time() -> None:
    write("dates.csv", "caption,profiles,date\nA,p1,2031-04-01\n")
    write("map.yaml", 'defaults:\n  time: "09:30"\n  timezone: Europe/Paris\n')

    _, without_map = validate("dates.csv", "--timezone", "Europe/Paris")
    result, with_map = validate("dates.csv", "--map", "map.yaml")

    row = row_of(without_map, 2)
    assert problems(row) == [("date", "missing-time", "error")]
    assert row["problems"][0]["message"] == (
        "The row has a date but no time of day. Add a time such as 14:30, or set a "
        "default time in the mapping file."
    )
    assert result.exit_code == 0
    assert scheduled(with_map) == {2: "2031-04-01T07:30:00Z"}


@pytest.mark.parametrize(
    ("date", "time", "code", "message"),
    [
        pytest.param(
            "2031-03-30",
            "02:30",
            "nonexistent-time",
            "2031-03-30 02:30 does not exist in Europe/Berlin (clocks go from 02:00 to "
            "03:00). Use 01:30 or 03:30.",
            id="gap",
        ),
        pytest.param(
            "2031-10-26",
            "02:30",
            "ambiguous-time",
            "2031-10-26 02:30 occurs twice in Europe/Berlin (clocks go back from 03:00 to "
            "02:00). It is 2031-10-26T00:30:00Z the first time (UTC+02:00) and "
            "2031-10-26T01:30:00Z the second time (UTC+01:00). Write the time with the "
            "offset you mean, such as 2031-10-26 02:30+02:00.",
            id="overlap",
        ),
    ],
)
def test_dst_change_names_candidates(date: str, time: str, code: str, message: str) -> None:
    write("dst.csv", f"caption,profiles,date,time\nA,p1,{date},{time}\n")

    result, document = validate("dst.csv", "--timezone", "Europe/Berlin")

    assert result.exit_code == 1
    row = row_of(document, 2)
    assert problems(row) == [("time", code, "error")]
    assert row["problems"][0]["message"] == message


# Media, profiles and repeated rows ------------------------------------------------------


def test_media_url_rules() -> None:
    write(
        "media.csv",
        "caption,media,profiles,scheduled_at\n"
        "A,  https://cdn.test/a.jpg  ,p1,2031-04-01T09:00:00Z\n"
        "B,https://cdn.test/b.JPG?v=2&w=100,p1,2031-04-02T09:00:00Z\n"
        "C,https://cdn.test/c.PnG?x=1#top,p1,2031-04-03T09:00:00Z\n"
        "D,https://cdn.test/menu.pdf,p1,2031-04-04T09:00:00Z\n"
        "E,ftp://cdn.test/e.jpg,p1,2031-04-05T09:00:00Z\n",
    )

    result, document = validate("media.csv")

    assert result.exit_code == 1
    media = {number: (body or {}).get("mediaUrls") for number, body in bodies(document).items()}
    assert media == {
        2: ["https://cdn.test/a.jpg"],
        3: ["https://cdn.test/b.JPG?v=2&w=100"],
        4: ["https://cdn.test/c.PnG?x=1#top"],
        5: None,
        6: None,
    }
    pdf, ftp = row_of(document, 5), row_of(document, 6)
    assert problems(pdf) == [("media", "unsupported-media-type", "error")]
    assert pdf["problems"][0]["message"] == (
        "Ocoya accepts only .png, .jpg, .jpeg, .gif and .mp4 files. Link to the file "
        "itself, with a path that ends in one of these."
    )
    assert problems(ftp) == [("media", "invalid-media-url", "error")]
    assert ftp["problems"][0]["value"] == "ftp://cdn.test/e.jpg"


def test_profile_ids_deduplicated_in_order() -> None:
    write("profiles.csv", HEADER + 'A,"p2, p1; p2|p3\np1",2031-04-01T09:00:00Z\n')

    _, document = validate("profiles.csv")

    assert bodies(document)[2] == {
        "caption": "A",
        "socialProfileIds": ["p2", "p1", "p3"],
        "scheduledAt": "2031-04-01T09:00:00Z",
    }


REPEATS = (
    HEADER + "Same,p1,2031-04-02T09:00:00Z\n"
    "Same,p1,2031-04-02T09:00:00Z\n"
    "Same,p1,2031-04-02T15:00:00Z\n"
    "Same,p2,2031-04-02T16:00:00Z\n"
    "TODO write,p1,2031-04-03T09:00:00Z\n"
)


def test_duplicate_row_and_repeated_caption() -> None:
    """Row 3 repeats row 2 exactly, and row 4 sends the same text to p1 six hours later."""
    write("repeats.csv", REPEATS)

    result, document = validate("repeats.csv")

    assert result.exit_code == 0
    assert document["summary"]["duplicates"] == 1
    assert [(row["row"], row["status"], row["duplicate_of"]) for row in document["rows"]] == [
        (2, "valid", None),
        (3, "valid", 2),
        (4, "valid", None),
        (5, "valid", None),
        (6, "valid", None),
    ]
    assert problems(row_of(document, 3)) == [(None, "duplicate-row", "warning")]
    assert problems(row_of(document, 4)) == [(None, "repeated-caption", "warning")]
    assert problems(row_of(document, 5)) == []
    assert problems(row_of(document, 6)) == [("caption", "placeholder", "warning")]


def test_duplicates_of_too_soon_row_invalid() -> None:
    """Rows 3 and 4 repeat row 2 at a time before --now, so each is too soon, none valid."""
    write(
        "past.csv",
        HEADER + "Same,p1,2029-12-04T16:00:00Z\n"
        "Same,p1,2029-12-04T16:00:00Z\n"
        "Same,p1,2029-12-04T16:00:00Z\n",
    )

    result, document = validate("past.csv")

    assert result.exit_code == 1
    assert document["summary"] == {
        "rows": 3,
        "valid": 0,
        "drafts": 0,
        "invalid": 3,
        "skipped": 0,
        "duplicates": 0,
        "already_sent": 0,
    }
    for number in (2, 3, 4):
        row = row_of(document, number)
        assert row["request"] is None
        assert row["duplicate_of"] is None
        assert problems(row) == [("scheduled_at", "too-soon", "error")]
        assert row["problems"][0]["message"] == (
            "The post is scheduled for 2029-12-04T16:00:00Z, before the earliest allowed "
            "time 2030-01-01T09:05:00Z (the check time plus 5 minutes). Move it later, or "
            "clear its date to keep it as a draft."
        )


def test_strict_turns_warnings_into_errors() -> None:
    """Doubts about content become errors, but what happens to a row stays a warning."""
    write("repeats.csv", REPEATS)

    result, document = validate("repeats.csv", "--strict")

    assert result.exit_code == 1
    assert [(row["row"], row["status"]) for row in document["rows"]] == [
        (2, "valid"),
        (3, "valid"),
        (4, "invalid"),
        (5, "valid"),
        (6, "invalid"),
    ]
    assert problems(row_of(document, 3)) == [(None, "duplicate-row", "warning")]
    assert problems(row_of(document, 4)) == [(None, "repeated-caption", "error")]
    assert problems(row_of(document, 6)) == [("caption", "placeholder", "error")]


# Skipped rows and drafts ----------------------------------------------------------------

NULL_MAP = "profiles:\n  instagram: ig-1\n  reddit: null\n"


def test_null_platform_skip_names_platform_column() -> None:
    """A network set to null in the mapping file skips its rows, and names that column."""
    write("map.yaml", NULL_MAP)
    write(
        "skips.csv",
        "caption,platform,status,scheduled_at\n"
        "Ask me anything,Reddit,,2031-04-01T09:00:00Z\n"
        "Already out,reddit,posted,2031-04-02T09:00:00Z\n"
        "Spring menu,instagram,,2031-04-03T09:00:00Z\n",
    )

    result, document = validate("skips.csv", "--map", "map.yaml")

    assert result.exit_code == 0
    assert document["summary"]["skipped"] == 2
    null_message = (
        "The row is skipped because map.yaml sets {name} to null under profiles:, so posts "
        "to {name} are not sent."
    )
    first, second = row_of(document, 2), row_of(document, 3)
    assert first["status"] == "skipped"
    assert [(p["column"], p["code"], p["value"], p["message"]) for p in first["problems"]] == [
        ("platform", "skipped", "Reddit", null_message.format(name="Reddit")),
    ]
    assert [(p["column"], p["value"], p["message"]) for p in second["problems"]] == [
        (
            "status",
            "posted",
            'The row is skipped because status is "posted", which marks it as already posted.',
        ),
        ("platform", "reddit", null_message.format(name="reddit")),
    ]
    assert row_of(document, 4)["status"] == "valid"


def test_draft_flag_named_as_draft_reason() -> None:
    """A draft word as post type, or a draft column, is the reason the row is a draft."""
    write("map.yaml", NULL_MAP)
    write(
        "drafts.csv",
        "caption,platform,scheduled_at,typ,draft\n"
        "Entwurf,instagram,2031-04-01T09:00:00Z,entwurf,\n"
        "Idea,instagram,2031-04-02T09:00:00Z,,yes\n"
        "No one yet,,2031-04-03T09:00:00Z,,\n",
    )

    result, document = validate("drafts.csv", "--map", "map.yaml")

    assert result.exit_code == 0
    assert document["summary"]["drafts"] == 3
    assert bodies(document)[2] == {"caption": "Entwurf", "scheduledAt": "2031-04-01T09:00:00Z"}
    found = {
        row["row"]: [(p["column"], p["code"], p["value"], p["message"]) for p in row["problems"]]
        for row in document["rows"]
    }
    assert found == {
        2: [
            (
                "typ",
                "draft",
                "entwurf",
                "The post will be created as a draft in Ocoya, without social profiles, "
                'because typ is "entwurf". To schedule it instead, clear that cell.',
            )
        ],
        3: [
            (
                "draft",
                "draft",
                "yes",
                "The post will be created as a draft in Ocoya, without social profiles, "
                'because draft is "yes". To schedule it instead, clear that cell.',
            )
        ],
        4: [
            (
                None,
                "draft",
                None,
                "The post will be created as a draft in Ocoya because the row has no social "
                "profiles.",
            )
        ],
    }


def test_draft_default_named_as_draft_reason() -> None:
    """`defaults: draft: true` in the mapping file is the reason every row is a draft."""
    write("map.yaml", NULL_MAP + "defaults:\n  draft: true\n")
    write("drafts.csv", "caption,platform,scheduled_at\nHi,instagram,2031-04-01T09:00:00Z\n")

    _, document = validate("drafts.csv", "--map", "map.yaml")

    row = row_of(document, 2)
    assert row["draft"] is True
    assert row["request"] == {"caption": "Hi", "scheduledAt": "2031-04-01T09:00:00Z"}
    assert [(p["column"], p["code"], p["message"]) for p in row["problems"]] == [
        (
            None,
            "draft",
            "The post will be created as a draft in Ocoya, without social profiles, because "
            "map.yaml sets draft: true under defaults:. To schedule the posts instead, remove "
            "that setting.",
        )
    ]


# Warnings about content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "media", "post_type", "expected"),
    [
        pytest.param("[N] days left", "", "", ("caption", "placeholder"), id="bracket-n"),
        pytest.param(
            "Thanks to [Author] and Claude", "", "", ("caption", "placeholder"), id="bracket-name"
        ),
        pytest.param("REPLACE_ME", "", "", ("caption", "placeholder"), id="replace"),
        pytest.param("TODO write it", "", "", ("caption", "placeholder"), id="todo"),
        pytest.param(
            "Hi", "https://cdn.test/your-image-url.jpg", "", ("media", "placeholder"), id="image"
        ),
        pytest.param(
            "Hi", "https://www.example.com/a.jpg", "", ("media", "placeholder"), id="example-com"
        ),
        pytest.param("Visual: team photo", "", "", ("caption", "production-note"), id="visual"),
        pytest.param(
            "5 slides présentant le lieu : ambiance et bar",
            "",
            "",
            ("caption", "production-note"),
            id="slides",
        ),
        pytest.param(
            "Visuel statement + caption courte",
            "",
            "",
            ("caption", "production-note"),
            id="visuel-brief",
        ),
        pytest.param(
            "Story (3 frames) 1) logo 2) map",
            "",
            "",
            ("caption", "production-note"),
            id="story-frames",
        ),
        pytest.param("Vote now", "", "Poll", ("type", "unsupported-post-type"), id="poll"),
        pytest.param(
            "Behind the scenes", "", "Story", ("type", "unsupported-post-type"), id="story"
        ),
        pytest.param("Sunset", "", "Reel 15s", ("type", "unsupported-post-type"), id="reel"),
    ],
)
def test_content_warning(
    caption: str, media: str, post_type: str, expected: tuple[str, str]
) -> None:
    write(
        "warn.csv",
        "caption,media,profiles,scheduled_at,type\n"
        f"{caption},{media},p1,2031-04-01T09:00:00Z,{post_type}\n",
    )

    result, document = validate("warn.csv")

    assert result.exit_code == 0
    row = row_of(document, 2)
    assert row["status"] == "valid"
    assert problems(row) == [(*expected, "warning")]


def test_real_captions_not_flagged() -> None:
    """Footnotes, labels and headlines that merely start with an asset word are captions."""
    write(
        "fine.csv",
        HEADER + "As shown in [1] and [sic],p1,2031-04-01T09:00:00Z\n"
        "[Anzeige] Neue Kollektion,p1,2031-04-02T09:00:00Z\n"
        "Video of the week: our bakers,p1,2031-04-03T09:00:00Z\n"
        "Photo dump from Lisbon,p1,2031-04-04T09:00:00Z\n",
    )

    result, document = validate("fine.csv")

    assert result.exit_code == 0
    assert [(row["row"], row["status"], row["problems"]) for row in document["rows"]] == [
        (2, "valid", []),
        (3, "valid", []),
        (4, "valid", []),
        (5, "valid", []),
    ]


def test_hootsuite_link_appended_unless_in_caption() -> None:
    """A headerless Hootsuite bulk file: date, message, link."""
    write(
        "hootsuite.csv",
        "2031-04-01 09:00:00,Thanks to our sponsor,https://sponsor.test/\n"
        "2031-04-01 10:00:00,Thanks again https://sponsor.test/ today,https://sponsor.test/\n"
        "2031-04-01 11:00:00,No link here,\n",
    )

    result, document = validate("hootsuite.csv", "--timezone", "UTC")

    assert result.exit_code == 0
    assert document["files"][0]["preset"] == "hootsuite"
    assert captions(document) == {
        1: "Thanks to our sponsor\n\nhttps://sponsor.test/",
        2: "Thanks again https://sponsor.test/ today",
        3: "No link here",
    }
