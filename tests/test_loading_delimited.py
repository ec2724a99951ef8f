"""CSV rules: values as typed, delimiters, row numbers, ragged rows, headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import delimited, load_calendar, text_stream
from calendar_loader.loading.delimited import detect_delimiter
from calendar_loader.problems import Severity
from calendar_loader.table import ROW, RawSheet


def load(tmp_path: Path, text: str, name: str = "calendar.csv") -> RawSheet:
    path = tmp_path / name
    path.write_bytes(text.encode())
    [raw] = load_calendar(path)
    return raw


def rejection(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    return str(caught.value)


def cells(raw: RawSheet) -> list[dict[str, object]]:
    return raw.frame.drop(columns=ROW).to_dict("records")


def test_values_stay_as_typed(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        "a,b,c,d,e,f,g,h,i,j,k\n"
        "NA,None,null,0012,1234567890123456789,no,on,10:00,2026-08-26,  two  spaces ,\n",
    )
    assert cells(raw) == [
        {
            "a": "NA",
            "b": "None",
            "c": "null",
            "d": "0012",
            "e": "1234567890123456789",
            "f": "no",
            "g": "on",
            "h": "10:00",
            "i": "2026-08-26",
            "j": "  two  spaces ",
            "k": None,
        }
    ]
    assert raw.frame["a"].dtype == object
    assert raw.frame[ROW].dtype == "int64"


def test_quoted_empty_cell_is_none(tmp_path: Path) -> None:
    raw = load(tmp_path, 'a,b\n"",x\n')
    assert cells(raw) == [{"a": None, "b": "x"}]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        pytest.param("a,b,c\n1,2,3\n4,5,6\n", ",", id="comma"),
        pytest.param("a;b;c\n1,5;2;3\n4;5,5;6\n", ";", id="semicolon-with-decimal-commas"),
        pytest.param("a\tb\tc\n1, 2\t2\t3\n", "\t", id="tab-with-commas-in-text"),
        pytest.param("a|b|c\n1;2|2|3\n", "|", id="vertical-bar"),
        pytest.param('a,b\n"x;y;z;w",1\n"p;q;r;s",2\n', ",", id="semicolons-inside-quotes"),
        pytest.param("caption\nhello\n", ",", id="single-column"),
        pytest.param(
            "Date;Caption;Link\n2026-01-01;L'été, c'est 'la fête', non;x\n"
            "2026-01-02;Aujourd'hui, 'demain', hier;y\n",
            ";",
            id="apostrophes-in-captions",
        ),
        pytest.param("a;b\n", ";", id="header-only"),
    ],
)
def test_delimiter_detected(tmp_path: Path, text: str, delimiter: str) -> None:
    assert detect_delimiter(text) == delimiter
    raw = load(tmp_path, text)
    assert raw.header == text.split("\n")[0].split(delimiter)


def test_semicolon_cells_split_correctly(tmp_path: Path) -> None:
    raw = load(tmp_path, "datum;text\n06.10.2030;Hallo, Welt\n")
    assert cells(raw) == [{"datum": "06.10.2030", "text": "Hallo, Welt"}]


def test_tsv_extension_read(tmp_path: Path) -> None:
    raw = load(tmp_path, "a\tb\n1\t2\n", name="calendar.tsv")
    assert cells(raw) == [{"a": "1", "b": "2"}]


def test_quoting_rules(tmp_path: Path) -> None:
    raw = load(
        tmp_path,
        'caption,settings\n"She said ""hi""",{"carousel":false}\n'
        'a 27" screen,"multi\nline, with comma"\n',
    )
    assert cells(raw) == [
        {"caption": 'She said "hi"', "settings": '{"carousel":false}'},
        {"caption": 'a 27" screen', "settings": "multi\nline, with comma"},
    ]


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    raw = load(tmp_path, 'caption,n\n"one\ntwo\nthree",1\n\n,\nfour,2\n')
    assert raw.frame[ROW].tolist() == [2, 5]
    assert raw.blank_rows == 2
    assert cells(raw) == [{"caption": "one\ntwo\nthree", "n": "1"}, {"caption": "four", "n": "2"}]


def test_blank_lines_above_header(tmp_path: Path) -> None:
    raw = load(tmp_path, "\n,,\ncaption,n\nx,1\n")
    assert raw.header == ["caption", "n"]
    assert raw.frame[ROW].tolist() == [4]
    assert raw.blank_rows == 2


def test_short_row_kept_with_problem(tmp_path: Path) -> None:
    raw = load(tmp_path, 'caption,date,link\n"multi\nline",2026-01-01,x\nhello,2026-01-02\n')
    assert cells(raw) == [
        {"caption": "multi\nline", "date": "2026-01-01", "link": "x"},
        {"caption": "hello", "date": "2026-01-02", "link": None},
    ]
    [problem] = raw.problems
    assert problem.code == "wrong-field-count"
    assert problem.severity is Severity.ERROR
    assert problem.row == 3
    assert problem.column is None
    assert problem.value == "hello,2026-01-02"
    assert problem.message == (
        "Row 3 (line 4) has 2 fields, but the header has 3. The cells were read from the "
        "left and not moved, so the values after a missing or extra comma are in the wrong "
        "columns. Check the quotes and the commas in this row."
    )


def test_long_row_kept_with_problem(tmp_path: Path) -> None:
    raw = load(tmp_path, "a;b\n1;2;3\n")
    assert cells(raw) == [{"a": "1", "b": "2"}]
    [problem] = raw.problems
    assert problem.row == 2
    assert problem.value == "1;2;3"
    assert problem.message.startswith("Row 2 (line 2) has 3 fields, but the header has 2.")
    assert "missing or extra semicolon" in problem.message


def test_trailing_empty_fields_ignored(tmp_path: Path) -> None:
    raw = load(tmp_path, "a,b\n1,2,,,\n3,4\n")
    assert cells(raw) == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    assert raw.problems == []


def test_trailing_empty_header_columns_dropped(tmp_path: Path) -> None:
    raw = load(tmp_path, "a,b,,,\n1,2,,,\n3,4\n")
    assert list(raw.frame.columns) == [ROW, "a", "b"]
    assert raw.header == ["a", "b"]
    assert raw.problems == []


def test_unnamed_column_with_data_named(tmp_path: Path) -> None:
    raw = load(tmp_path, "a,,c\n1,x,3\n")
    assert list(raw.frame.columns) == [ROW, "a", "column 2", "c"]
    assert cells(raw) == [{"a": "1", "column 2": "x", "c": "3"}]
    [warning] = raw.problems
    assert warning.code == "unnamed-column"
    assert warning.severity is Severity.WARNING
    assert warning.column == "column 2"
    assert warning.message == (
        "Column 2 has values but no header, so it is read as “column 2”. Type a header in the "
        "header row to name it, or delete the column if it is not needed."
    )


def test_repeated_headers_made_unique(tmp_path: Path) -> None:
    raw = load(tmp_path, "Caption, Caption ,Caption,_row\n1,2,3,4\n")
    assert list(raw.frame.columns) == [ROW, "Caption", "Caption (2)", "Caption (3)", "_row (2)"]
    assert raw.header == ["Caption", " Caption ", "Caption", "_row"]
    assert [problem.message for problem in raw.problems] == [
        "The header “Caption” of column 2 is read as “Caption (2)”, because column 1 has the "
        "same header. Rename one of them if they mean different things.",
        "The header “Caption” of column 3 is read as “Caption (3)”, because column 1 has the "
        "same header. Rename one of them if they mean different things.",
        "The header “_row” of column 4 is read as “_row (2)”, because “_row” is reserved for "
        "the row number. Rename one of them if they mean different things.",
    ]


def test_headers_stripped(tmp_path: Path) -> None:
    raw = load(tmp_path, "  Date  ,\tCaption\n1,2\n")
    assert list(raw.frame.columns) == [ROW, "Date", "Caption"]
    assert raw.header == ["  Date  ", "\tCaption"]


@pytest.mark.parametrize(
    "first_line",
    [
        pytest.param("2026-08-26 10:00,Hello,x", id="iso-date-time"),
        pytest.param("26.08.2026,Hello,x", id="dotted-date"),
        pytest.param("08/26/2026 9:30 PM,Hello,x", id="us-date-time"),
        pytest.param("2026-08-26T10:00:00Z,Hello,x", id="iso-with-zone"),
        pytest.param("Hello,https://example.com/a.jpg,x", id="url"),
    ],
)
def test_headerless_file_detected(tmp_path: Path, first_line: str) -> None:
    raw = load(tmp_path, f"{first_line}\nnext,row,here\n")
    assert raw.headerless is True
    assert list(raw.frame.columns) == [ROW, "1", "2", "3"]
    assert raw.frame[ROW].tolist() == [1, 2]
    assert raw.frame["1"][0] == first_line.split(",")[0]
    assert raw.header == []


def test_headerless_ragged_row_compared_to_first(tmp_path: Path) -> None:
    raw = load(tmp_path, "2026-08-26,Hello,x\n2026-08-27,Hi\n")
    [problem] = raw.problems
    assert problem.message.startswith("Row 2 (line 2) has 2 fields, but the first row has 3.")


def test_unclosed_quote_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, 'caption,n\nok,1\n"never closed,2\nthree,3\nfour,4\n')
    assert message == (
        f"{tmp_path / 'calendar.csv'}, row 3 (line 3): a quoted cell opens in this row and is "
        "never closed, so every line after it would be read into one cell. Add the closing "
        'quote (") where the cell ends.'
    )


def test_closed_multiline_last_row_accepted(tmp_path: Path) -> None:
    raw = load(tmp_path, 'caption,n\nok,1\n"two\nlines\n",2\n')
    assert cells(raw)[-1] == {"caption": "two\nlines\n", "n": "2"}


def test_giant_cell_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, "caption\n" + "x" * 200_000 + "\n")
    assert message.startswith(f"{tmp_path / 'calendar.csv'}, line 2: the file cannot be read")
    assert message.endswith("add the closing quote.")


@pytest.mark.parametrize("text", ["", "  \n\n", ",,\n,,\n"])
def test_empty_file_rejected(tmp_path: Path, text: str) -> None:
    message = rejection(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'calendar.csv'} ")
    assert message.endswith("Put the headers in the first row and one post per row.")


def test_header_only_gives_empty_frame(tmp_path: Path) -> None:
    raw = load(tmp_path, "caption,date\n")
    assert list(raw.frame.columns) == [ROW, "caption", "date"]
    assert len(raw.frame) == 0


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two records per chunk and one line per block, so that every boundary is crossed."""
    monkeypatch.setattr(delimited, "_CHUNK_RECORDS", 2)
    monkeypatch.setattr(text_stream, "BLOCK_CHARS", 1)


@pytest.mark.usefixtures("tiny_chunks")
def test_records_across_chunks_and_blocks(tmp_path: Path) -> None:
    text = (
        'caption,n\r\n"one\r\ntwo",1\r\n\r\nthree,3\r\n"four\rfive",4\r\n,\r\nsix\r\n'
        "cafe\u0301,7\r\n"
    )
    raw = load(tmp_path, text)
    assert cells(raw) == [
        {"caption": "one\ntwo", "n": "1"},
        {"caption": "three", "n": "3"},
        {"caption": "four\nfive", "n": "4"},
        {"caption": "six", "n": None},
        {"caption": "café", "n": "7"},
    ]
    assert raw.frame[ROW].tolist() == [2, 4, 5, 7, 8]
    assert raw.blank_rows == 2
    [problem] = raw.problems
    assert problem.message.startswith("Row 7 (line 9) has 1 fields, but the header has 2.")


@pytest.mark.usefixtures("tiny_chunks")
def test_unclosed_quote_after_many_chunks(tmp_path: Path) -> None:
    rows = "".join(f"row {number},{number}\n" for number in range(7))
    message = rejection(tmp_path, f'caption,n\n{rows}"never closed,8\nnine,9\n')
    assert message.startswith(f"{tmp_path / 'calendar.csv'}, row 9 (line 9): a quoted cell")


def test_repeated_values_share_one_string(tmp_path: Path) -> None:
    raw = load(tmp_path, "caption,zone\n" + "".join(f"post {n},Europe/Paris\n" for n in range(9)))
    zones = raw.frame["zone"].tolist()
    assert zones == ["Europe/Paris"] * 9
    assert all(zone is zones[0] for zone in zones)


def test_whitespace_past_field_limit_is_empty(tmp_path: Path) -> None:
    """csv rejects a cell of 200,000 spaces, but a file of only whitespace is empty."""
    message = rejection(tmp_path, " " * 200_000 + "\n")
    assert message == (
        f"{tmp_path / 'calendar.csv'} is empty. Put the headers in the first row and one post "
        "per row."
    )
