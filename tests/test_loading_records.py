"""Document shapes shared by YAML and JSON: lists, posts with defaults, records paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.errors import InputError, UsageError
from calendar_loader.loading import load_calendar
from calendar_loader.problems import Severity
from calendar_loader.table import ROW, RawSheet


def load(tmp_path: Path, text: str, name: str = "posts.yaml", **options: str) -> RawSheet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [raw] = load_calendar(path, **options)
    return raw


def rejection(tmp_path: Path, text: str, name: str = "posts.yaml", **options: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text, name, **options)
    return str(caught.value).removeprefix(str(tmp_path / name))


def records(raw: RawSheet) -> list[dict[str, object]]:
    return raw.frame.drop(columns=ROW).to_dict("records")


def test_posts_with_defaults(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "meta:\n  timezone: Europe/Paris\n"
        "defaults:\n  profiles: [main]\n  time: '09:00'\n"
        "posts:\n"
        "  - caption: one\n"
        "  - caption: two\n    time: '18:00'\n"
        "  - caption: three\n    profiles: ~\n",
    )
    assert records(raw) == [
        {"profiles": ["main"], "time": "09:00", "caption": "one"},
        {"profiles": ["main"], "time": "18:00", "caption": "two"},
        {"profiles": None, "time": "09:00", "caption": "three"},
    ]
    assert raw.frame[ROW].tolist() == [7, 8, 10]
    assert raw.document == {
        "meta": {"timezone": "Europe/Paris"},
        "defaults": {"profiles": ["main"], "time": "09:00"},
        "posts": [
            {"caption": "one"},
            {"caption": "two", "time": "18:00"},
            {"caption": "three", "profiles": None},
        ],
    }


def test_empty_posts_gives_no_rows(tmp_path: Path) -> None:
    raw = load(tmp_path, '{"posts": null}', name="posts.json")
    assert len(raw.frame) == 0
    assert list(raw.frame.columns) == [ROW]


def test_blank_records_counted(tmp_path: Path) -> None:
    raw = load(tmp_path, "- caption: one\n-\n- {}\n- caption:\n- caption: two\n")
    assert raw.frame[ROW].tolist() == [1, 5]
    assert raw.blank_rows == 3


def test_records_path_expands_lists(tmp_path: Path) -> None:
    text = (
        '{"weeks": [\n'
        '  {"posts": [{"caption": "a"}, {"caption": "b"}]},\n'
        '  {"posts": null},\n'
        '  {"posts": [\n    {"caption": "c"}]}\n'
        "]}"
    )
    raw = load(tmp_path, text, name="plan.json", records_path="weeks[].posts[]")
    assert records(raw) == [{"caption": "a"}, {"caption": "b"}, {"caption": "c"}]
    assert raw.frame[ROW].tolist() == [2, 2, 5]


def test_records_path_ending_in_key(tmp_path: Path) -> None:
    raw = load(tmp_path, "data:\n  items:\n    - caption: a\n", records_path="data.items")
    assert records(raw) == [{"caption": "a"}]
    assert raw.frame[ROW].tolist() == [3]


def test_records_path_top_level_list(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "- posts:\n    - caption: a\n- posts:\n    - caption: b\n",
        records_path="[].posts[]",
    )
    assert records(raw) == [{"caption": "a"}, {"caption": "b"}]


def test_records_path_missing_key(tmp_path: Path) -> None:
    message = rejection(tmp_path, "weeks:\n  - items: []\n", records_path="weeks[].posts[]")
    assert message == (
        ", line 2: the records path weeks[].posts[] expects the key “posts” at weeks[0], which "
        "has the keys: items."
    )


def test_records_path_wrong_kind(tmp_path: Path) -> None:
    message = rejection(tmp_path, "weeks: hello\n", records_path="weeks[]")
    assert message == (
        ", line 1: the records path weeks[] expects a list at weeks, but it is the value “hello”."
    )


def test_records_path_through_text(tmp_path: Path) -> None:
    message = rejection(tmp_path, '{"weeks": "x"}', name="p.json", records_path="weeks.posts")
    assert message == (
        ", line 1: the records path weeks.posts expects an object with the key “posts” at "
        "weeks, but it is the value “x”."
    )


@pytest.mark.parametrize("path", ["", "weeks..posts", "weeks[0]", "a[]b"])
def test_invalid_records_path(tmp_path: Path, path: str) -> None:
    with pytest.raises(UsageError) as caught:
        load(tmp_path, "- caption: a\n", records_path=path)
    assert str(caught.value) == (
        f"Invalid records path “{path}”: write keys separated by dots, with [] after a key "
        "whose value is a list to take every item, for example weeks[].posts[]."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "just text\n",
            ": expected a list of posts, or a mapping with a “posts” list (and optional "
            "“defaults”), but the file holds the value “just text”.",
            id="scalar",
        ),
        pytest.param(
            "caption: Hi\ndate: x\n",
            ": expected a list of posts, or a mapping with a “posts” list (and optional "
            "“defaults”), but the file holds a mapping with the keys caption, date.",
            id="single-record",
        ),
        pytest.param(
            "# only a comment\n",
            " contains no posts: the file is empty. Write a list of posts.",
            id="empty",
        ),
        pytest.param(
            "posts: hello\n",
            ": “posts” must be a list of posts, but it is the value “hello”.",
            id="posts-not-list",
        ),
        pytest.param(
            "defaults: [a]\nposts: []\n",
            ": “defaults” must be a mapping of field: value, but it is a list of 1 items.",
            id="defaults-not-mapping",
        ),
        pytest.param(
            "- caption: ok\n- just text\n",
            ", line 2: the record [1] is the value “just text”, but each post must be a mapping "
            "of field: value, such as “caption: Hello”.",
            id="record-not-mapping",
        ),
        pytest.param(
            "- - caption: ok\n  - plain\n",
            ", line 2: the record [0] is a list, so each of its items must be one “field: value” "
            "pair, but item 2 is the value “plain”.",
            id="pair-not-mapping",
        ),
    ],
)
def test_wrong_shapes_rejected(tmp_path: Path, text: str, expected: str) -> None:
    assert rejection(tmp_path, text) == expected


def test_reserved_row_key_renamed(tmp_path: Path) -> None:
    raw = load(tmp_path, '[{"_row": "mine", "caption": "Hi"}]', name="posts.json")
    assert list(raw.frame.columns) == [ROW, "_row (2)", "caption"]
    assert raw.frame["_row (2)"].tolist() == ["mine"]
    assert raw.frame[ROW].tolist() == [1]
    [warning] = raw.problems
    assert warning.severity is Severity.WARNING
    assert warning.message == (
        "The key “_row” is reserved for the line number of each post, so it is read as "
        "“_row (2)”. Rename it in the file to keep its own name."
    )
