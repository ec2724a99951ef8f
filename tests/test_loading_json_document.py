"""JSON calendars: numbers as typed, the line of each `{`, duplicate keys, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.table import ROW, RawSheet


def load(tmp_path: Path, text: str, **options: str) -> RawSheet:
    path = tmp_path / "posts.json"
    path.write_text(text, encoding="utf-8")
    [raw] = load_calendar(path, **options)
    return raw


def rejection(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    return str(caught.value).removeprefix(str(tmp_path / "posts.json"))


def test_values_stay_as_typed(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        '[{"id": 1234567890123456789, "price": 1.50, "big": 1E+3, "neg": -0, "ok": true,'
        ' "no": false, "none": null, "text": "0012", "nested": {"n": 2, "flags": [true, null]}}]',
    )
    assert raw.frame.drop(columns=ROW).to_dict("records") == [
        {
            "id": "1234567890123456789",
            "price": "1.50",
            "big": "1E+3",
            "neg": "-0",
            "ok": "true",
            "no": "false",
            "none": None,
            "text": "0012",
            "nested": {"n": "2", "flags": ["true", None]},
        }
    ]


def test_strings_normalised(tmp_path: Path) -> None:
    raw = load(tmp_path, '[{"caption": "Cafe\\u0301\\r\\nline\\rtwo", "raw": "tab\there"}]')
    assert raw.frame["caption"][0] == "Café\nline\ntwo"
    assert raw.frame["raw"][0] == "tab\there"


def test_rows_are_lines_of_braces(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        '[\n  {"caption": "one"},\n\n  {\n    "caption": "two"\n  }, {"caption": "three"}\n]\n',
    )
    assert raw.frame[ROW].tolist() == [2, 4, 6]


def test_columns_are_union_in_first_seen_order(tmp_path: Path) -> None:
    raw = load(tmp_path, '[{"b": "1", "a": "2"}, {"c": "3", "a": "4"}, {}, {"b": null}]')
    assert list(raw.frame.columns) == [ROW, "b", "a", "c"]
    assert raw.frame.drop(columns=ROW).to_dict("records") == [
        {"b": "1", "a": "2", "c": None},
        {"b": None, "a": "4", "c": "3"},
    ]
    assert raw.blank_rows == 2


def test_duplicate_key_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, '[\n  {"caption": "a",\n   "date": "b",\n   "caption": "c"}\n]')
    assert message == (
        ", line 4: the key “caption” appears twice in the object that starts on line 2. "
        "Remove or rename one of them."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '[\n  {"caption": "a"}\n  {"caption": "b"}\n]',
            ", line 3, column 3: not valid JSON: Expecting ',' delimiter.",
            id="missing-comma",
        ),
        pytest.param(
            '[{"caption": "a",}]',
            ", line 1, column 18: not valid JSON: Illegal trailing comma before end of object.",
            id="trailing-comma-object",
        ),
        pytest.param(
            '[{"caption": "a"},\n]',
            ", line 2, column 1: not valid JSON: Illegal trailing comma before end of array.",
            id="trailing-comma-array",
        ),
        pytest.param(
            "[{caption: 'a'}]",
            ", line 1, column 3: not valid JSON: Expecting property name enclosed in double "
            "quotes.",
            id="unquoted-key",
        ),
        pytest.param(
            '[{"caption" "a"}]',
            ", line 1, column 13: not valid JSON: Expecting ':' delimiter.",
            id="missing-colon",
        ),
        pytest.param(
            '[{"caption": }]',
            ", line 1, column 14: not valid JSON: Expecting value.",
            id="missing-value",
        ),
        pytest.param(
            '[{"caption": "a"}] x', ", line 1, column 20: not valid JSON: Extra data.", id="extra"
        ),
        pytest.param(
            '[{"caption": "a',
            ", line 1, column 14: not valid JSON: Unterminated string starting at.",
            id="open-string",
        ),
        pytest.param("", ", line 1, column 1: not valid JSON: Expecting value.", id="empty"),
    ],
)
def test_syntax_errors_name_line_and_column(tmp_path: Path, text: str, expected: str) -> None:
    assert rejection(tmp_path, text) == (
        f"{expected[:-1]}. Check for a missing or extra comma, quote or bracket here or just "
        "before."
    )


def test_deep_nesting_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "[" * 50_000 + "]" * 50_000)
    assert message == (
        " nests arrays or objects too deeply to be a calendar. Write the posts as an array of "
        "flat objects."
    )


def test_bom_before_json_ignored(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_bytes(b'\xef\xbb\xbf[{"caption": "Hi"}]')
    [raw] = load_calendar(path)
    assert raw.frame["caption"].tolist() == ["Hi"]
