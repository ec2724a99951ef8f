"""Encodings, byte order marks and text normalisation, read through `load_calendar`."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.loading.decoding import choose_codec
from calendar_loader.problems import Severity
from calendar_loader.table import ROW, RawSheet

FRENCH = "Date,Caption\n2026-05-05,Genève accueille le Mondial – “réservez” dès 5 €\n"


def load(tmp_path: Path, data: bytes, name: str = "calendar.csv", **options: str) -> RawSheet:
    path = tmp_path / name
    path.write_bytes(data)
    [raw] = load_calendar(path, **options)
    return raw


def rejection(tmp_path: Path, data: bytes, name: str = "calendar.csv", **options: str) -> str:
    with pytest.raises(InputError) as caught:
        load(tmp_path, data, name, **options)
    return str(caught.value)


def cells(raw: RawSheet) -> list[dict[str, object]]:
    return raw.frame.drop(columns=ROW).to_dict("records")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + b"Date,Caption\n1,h\xc3\xa9\n", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF8 * 2 + b"Date,Caption\n1,h\xc3\xa9\n", id="two-utf-8-boms"),
        pytest.param("\ufeffDate,Caption\n1,hé\n".encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param("\ufeffDate,Caption\n1,hé\n".encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param("Date,Caption\n1,hé\n".encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param("Date,Caption\n1,hé\n".encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param("Date,Caption\n1,hé\n".encode("utf-32"), id="utf-32-bom"),
    ],
)
def test_unicode_forms_read_without_bom(tmp_path: Path, data: bytes) -> None:
    raw = load(tmp_path, data)
    assert raw.header == ["Date", "Caption"]
    assert list(raw.frame.columns) == [ROW, "Date", "Caption"]
    assert cells(raw) == [{"Date": "1", "Caption": "hé"}]
    assert raw.problems == []


def test_windows_1252_guessed_with_warning(tmp_path: Path) -> None:
    raw = load(tmp_path, FRENCH.encode("cp1252"))
    assert cells(raw) == [
        {"Date": "2026-05-05", "Caption": "Genève accueille le Mondial – “réservez” dès 5 €"}
    ]
    [warning] = raw.problems
    assert warning.code == "encoding-guessed"
    assert warning.severity is Severity.WARNING
    assert warning.row is None
    assert warning.value == "cp1252"
    assert warning.message == (
        "The file is not UTF-8, so its encoding was guessed as cp1252 (Windows Western "
        "European). Check that accented letters look right, for example in “Genève”, “réservez”, "
        "“dès”. If they do not, pass --encoding NAME, or save the file as CSV UTF-8."
    )


def test_latin_1_export_read(tmp_path: Path) -> None:
    raw = load(
        tmp_path, "datum;text\n06.10.2030;Grüße aus München, schöne Tage\n".encode("latin-1")
    )
    assert cells(raw) == [{"datum": "06.10.2030", "text": "Grüße aus München, schöne Tage"}]
    assert [problem.code for problem in raw.problems] == ["encoding-guessed"]


def test_ambiguous_encoding_rejected(tmp_path: Path) -> None:
    data = "Date,Caption\n2026-05-05,Genève accueille le Mondial. Réservez dès maintenant\n"
    message = rejection(tmp_path, data.encode("mac_roman"))
    assert message == (
        f"{tmp_path / 'calendar.csv'} is not UTF-8, and its encoding cannot be determined with "
        "confidence: it could be cp1257 (Windows Baltic) or mac_roman (Mac OS Roman). Pass "
        "the right one with --encoding, for example --encoding cp1257, or save the file as "
        "CSV UTF-8."
    )


def test_forced_encoding_reads_without_warning(tmp_path: Path) -> None:
    data = "Date,Caption\n2026-05-05,Genève dès\n".encode("mac_roman")
    raw = load(tmp_path, data, encoding="mac_roman")
    assert cells(raw) == [{"Date": "2026-05-05", "Caption": "Genève dès"}]
    assert raw.problems == []


def test_forced_utf8_drops_bom(tmp_path: Path) -> None:
    raw = load(tmp_path, codecs.BOM_UTF8 + b"Date\n1\n", encoding="UTF-8")
    assert raw.header == ["Date"]


def test_unknown_encoding_name_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, b"Date\n1\n", encoding="klingon-8")
    assert message == (
        f"Unknown encoding 'klingon-8' for {tmp_path / 'calendar.csv'}. Use a name such as "
        "utf-8, cp1252, latin-1, mac_roman or utf-16."
    )


def test_forced_encoding_that_fails_names_line(tmp_path: Path) -> None:
    message = rejection(tmp_path, FRENCH.encode("cp1252"), encoding="utf-8")
    assert message == (
        f"{tmp_path / 'calendar.csv'}, line 2: byte 0xe8 is not valid in UTF-8. Pass the right "
        "--encoding NAME, or save the file as CSV UTF-8."
    )


def test_mixed_encodings_rejected(tmp_path: Path) -> None:
    data = "Date,Caption\n1,Genève\n".encode() + "2,Genève\n".encode("cp1252")
    message = rejection(tmp_path, data)
    assert message == (
        f"{tmp_path / 'calendar.csv'}, line 3: the file is UTF-8 except for byte 0xe8, which is "
        "not valid UTF-8, so the file mixes two encodings. Retype the accented characters on "
        "that line, or save the file again as CSV UTF-8."
    )


def test_binary_file_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, bytes(range(256)) * 4)
    assert message == (
        f"{tmp_path / 'calendar.csv'} does not look like a text file in any known encoding. "
        "Save the calendar as CSV UTF-8, .xlsx, YAML or JSON."
    )


def test_workbook_named_csv_rejected(tmp_path: Path) -> None:
    message = rejection(tmp_path, b"PK\x03\x04" + bytes(60))
    assert message == (
        f"{tmp_path / 'calendar.csv'} is a zip file, probably an Excel workbook with the wrong "
        "extension. Rename it to .xlsx, or open it in Excel and save it as CSV UTF-8."
    )


def test_text_normalised_to_nfc(tmp_path: Path) -> None:
    raw = load(tmp_path, "Cafe\u0301,Caption\nx,cre\u0300me bru\u0302le\u0301e\n".encode())
    assert raw.header == ["Café", "Caption"]
    assert cells(raw) == [{"Café": "x", "Caption": "crème brûlée"}]


def test_greek_question_mark_does_not_split(tmp_path: Path) -> None:
    """NFC turns U+037E into ";" inside the cell, after the semicolons were split."""
    raw = load(tmp_path, "a;b\nΤι\u037e;x\n".encode())
    assert cells(raw) == [{"a": "Τι;", "b": "x"}]
    assert raw.problems == []


def test_line_breaks_become_lf_only(tmp_path: Path) -> None:
    data = b'Caption,Notes\r\n"one\r\ntwo  \r\n  three",x\r\n"lone\rcr",y\r\n'
    raw = load(tmp_path, data)
    assert cells(raw) == [
        {"Caption": "one\ntwo  \n  three", "Notes": "x"},
        {"Caption": "lone\ncr", "Notes": "y"},
    ]
    assert raw.frame[ROW].tolist() == [2, 3]


def test_json_file_with_forced_encoding(tmp_path: Path) -> None:
    data = '[{"caption": "Schöne Grüße"}]'.encode("latin-1")
    raw = load(tmp_path, data, name="posts.json", encoding="latin-1")
    assert cells(raw) == [{"caption": "Schöne Grüße"}]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(
            "Дата;Текст\n2026-05-05;Привет мир, это тестовый пост\n", "cp1251", id="cyrillic"
        ),
        pytest.param(
            "data;tekst\n2026-05-05;Zażółć gęślą jaźń, świetny post\n", "cp1250", id="polish"
        ),
        pytest.param(
            "ημερομηνία;κείμενο\n2026-05-05;Καλημέρα κόσμε, δοκιμή\n", "cp1253", id="greek"
        ),
        pytest.param(
            "日付,本文\n2026-05-05,こんにちは世界、これはテスト投稿です\n", "cp932", id="japanese"
        ),
    ],
)
def test_other_windows_encodings_detected(tmp_path: Path, text: str, encoding: str) -> None:
    raw = load(tmp_path, text.encode(encoding))
    delimiter = ";" if ";" in text else ","
    header, record = (line.split(delimiter) for line in text.splitlines())
    assert raw.header == header
    assert cells(raw) == [dict(zip(header, record, strict=True))]
    [warning] = raw.problems
    assert warning.code == "encoding-guessed"
    assert warning.value == encoding


def test_central_european_tie_rejected(tmp_path: Path) -> None:
    """Czech in cp1250 also decodes cleanly as cp1252 ("pøeètìte"), so no guess is made."""
    data = "datum;text\n2026-05-05;Nové číslo časopisu právě vychází, přečtěte si ho ještě dnes\n"
    data = data.encode("cp1250")
    message = rejection(tmp_path, data)
    assert message == (
        f"{tmp_path / 'calendar.csv'} is not UTF-8, and its encoding cannot be determined with "
        "confidence: it could be cp1250 (Windows Central European) or cp1252 (Windows Western "
        "European). Pass the right one with --encoding, for example --encoding cp1250, or save "
        "the file as CSV UTF-8."
    )


@pytest.mark.parametrize(
    ("data", "encoding", "codec"),
    [
        pytest.param(b"Date\n1\n", None, "utf-8", id="ascii"),
        pytest.param("Genève\n".encode("cp1252"), None, "utf-8", id="detected-only-if-utf-8-fails"),
        pytest.param(codecs.BOM_UTF8 + b"Date\n", None, "utf-8-sig", id="utf-8-bom"),
        pytest.param("Date\n".encode("utf-16"), None, "utf-16", id="utf-16-bom"),
        pytest.param("Date\n".encode("utf-32"), None, "utf-32", id="utf-32-bom"),
        pytest.param("Date,Caption\n".encode("utf-16-le"), None, "utf-16-le", id="utf-16-le"),
        pytest.param(b"Date\n", "UTF-8", "utf-8-sig", id="forced-utf-8"),
        pytest.param(b"Date\n", "latin-1", "iso8859-1", id="forced-latin-1"),
    ],
)
def test_codec_chosen_before_decoding(data: bytes, encoding: str | None, codec: str) -> None:
    assert choose_codec(data, source="calendar.csv", encoding=encoding) == codec
