"""YAML calendars: scalars as typed, line numbers, merge keys, duplicate keys, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.table import ROW, RawSheet


def load(tmp_path: Path, text: str, name: str = "posts.yaml", **options: str) -> RawSheet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [raw] = load_calendar(path, **options)
    return raw


def rejection(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    return str(caught.value).removeprefix(str(tmp_path / "posts.yaml"))


def test_scalars_stay_as_typed(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "- a: no\n"
        "  b: on\n"
        "  c: 10:00\n"
        "  d: 0123\n"
        "  e: 2026-08-26\n"
        "  f: 1e3\n"
        "  g: 1234567890123456789\n"
        "  h: 'null'\n"
        "  i: NA\n"
        "  j: 0x1F\n"
        "  k: 2026-08-26T10:00:00.123456789+02:00\n"
        "  l: !!int 7\n"
        '  m: "tab\\there"\n',
    )
    assert raw.frame.drop(columns=ROW).to_dict("records") == [
        {
            "a": "no",
            "b": "on",
            "c": "10:00",
            "d": "0123",
            "e": "2026-08-26",
            "f": "1e3",
            "g": "1234567890123456789",
            "h": "null",
            "i": "NA",
            "j": "0x1F",
            "k": "2026-08-26T10:00:00.123456789+02:00",
            "l": "7",
            "m": "tab\there",
        }
    ]


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", ""])
def test_nulls_become_none(tmp_path: Path, written: str) -> None:
    raw = load(tmp_path, f"- caption: Hi\n  media: {written}\n")
    assert raw.frame["media"].tolist() == [None]


def test_block_scalars_keep_text(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "- keep: |\n    line one  \n    line two\n\n"
        "  strip: |-\n    only\n"
        "  folded: >\n    folded\n    text\n",
    )
    assert raw.frame["keep"][0] == "line one  \nline two\n"
    assert raw.frame["strip"][0] == "only"
    assert raw.frame["folded"][0] == "folded text\n"


def test_record_rows_are_start_lines(tmp_path: Path) -> None:
    raw = load(
        tmp_path, "# queue\n\n- caption: one\n  tags: [a, b]\n-\n  caption: two\n- caption: three\n"
    )
    assert raw.frame[ROW].tolist() == [3, 6, 7]
    assert raw.frame["tags"].tolist() == [["a", "b"], None, None]


def test_merge_keys_and_aliases(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "base: &base\n  profiles: [x]\n  time: '10:00'\n"
        "extra: &extra\n  time: '11:00'\n  zone: UTC\n"
        "posts:\n"
        "  - <<: *base\n    caption: one\n"
        "  - <<: [*extra, *base]\n    caption: two\n"
        "  - caption: three\n    profiles: *base\n",
    )
    assert raw.frame.drop(columns=ROW).to_dict("records") == [
        {"profiles": ["x"], "time": "10:00", "caption": "one", "zone": None},
        {"profiles": ["x"], "time": "11:00", "caption": "two", "zone": "UTC"},
        {
            "profiles": {"profiles": ["x"], "time": "10:00"},
            "time": None,
            "caption": "three",
            "zone": None,
        },
    ]


def test_record_as_list_of_pairs(tmp_path: Path) -> None:
    raw = load(tmp_path, "- - caption: Hi\n  - date: 2026-08-26\n")
    assert raw.frame.drop(columns=ROW).to_dict("records") == [
        {"caption": "Hi", "date": "2026-08-26"}
    ]
    assert raw.frame[ROW].tolist() == [1]


def test_duplicate_key_in_pairs_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- - caption: Hi\n  - caption: Again\n")
    assert message == (
        ", line 2: the key “caption” appears twice in the record [0]. Remove or rename one of them."
    )


def test_duplicate_key_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- caption: a\n  date: b\n  caption: c\n")
    assert message == (
        ", line 3: the key “caption” appears twice in the same mapping (first on line 1). "
        "Remove or rename one of them."
    )


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- caption: Hi\n  tags: [a, b\n- caption: two\n")
    assert message == (
        ", line 3, column 10: not valid YAML: did not find expected ',' or ']' (while parsing "
        "a flow sequence). Check the indentation and the quotes on this line and the line "
        "above it."
    )


def test_tab_indentation_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- caption: Hi\n\tdate: x\n")
    assert message == (
        ", line 2, column 1: not valid YAML: found a tab character that violates indentation "
        "(while scanning a plain scalar). Check the indentation and the quotes on this line "
        "and the line above it."
    )


def test_control_character_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- caption: Hi\n- caption: bad\x07bell\n")
    assert message == (
        ", line 2: the character U+0007 is not allowed in YAML. Delete it, or put the value "
        "in double quotes and write it as an escape."
    )


def test_recursive_alias_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- &loop\n  caption: Hi\n  again: *loop\n")
    assert message == (
        ", line 1: an alias refers to a list or mapping that contains the alias itself. "
        "Replace the alias with the values."
    )


def test_bad_merge_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- <<: just text\n  caption: Hi\n")
    assert message == (
        ", line 1: the merge key “<<” must be followed by a mapping or a list of mappings, "
        "such as “<<: *defaults”."
    )


def test_complex_key_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "- ? [a, b]\n  : value\n")
    assert message == (", line 1: a key is a list, but keys must be plain names such as “caption”.")


def test_alias_bomb_rejected(tmp_path: Path) -> None:
    """Nine levels of ten aliases stand for ten billion strings: rejected, not expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    lines.append("posts:\n  - caption: *a9")
    with pytest.raises(InputError) as raised:
        load(tmp_path, "\n".join(lines) + "\n")
    assert str(raised.value).endswith(
        "its aliases (*name) expand to 23,456,790,124 values from 126 written ones, far more "
        "than a calendar repeats. Write the repeated values out, or use defaults: for values "
        "every post shares."
    )


def test_few_aliases_accepted(tmp_path: Path) -> None:
    """Aliases that repeat a few shared values, as calendars use them, are read."""
    text = "base: &tags [a, b]\nposts:\n  - caption: one\n    tags: *tags\n"
    text += "  - caption: two\n    tags: *tags\n"
    raw = load(tmp_path, text)
    assert list(raw.frame["tags"]) == [["a", "b"], ["a", "b"]]


def test_pure_python_loader_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader falls back to PyYAML's own parser where libyaml is not installed."""
    import yaml

    from calendar_loader.loading import yaml_document

    text = "# q\n- caption: |\n    Hi\n  at: 10:00\n  n: ~\n- <<: {caption: x}\n  at: no\n"
    with_libyaml = load(tmp_path, text)
    monkeypatch.setattr(yaml_document, "_LOADER", yaml.SafeLoader)
    pure = load(tmp_path, text)
    assert pure.frame.to_dict("records") == with_libyaml.frame.to_dict("records")
    assert pure.frame.to_dict("records") == [
        {ROW: 2, "caption": "Hi\n", "at": "10:00", "n": None},
        {ROW: 6, "caption": "x", "at": "no", "n": None},
    ]
