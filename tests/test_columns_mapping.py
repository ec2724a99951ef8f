"""Mapping files: reading and validating them, and what their columns and defaults do."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, find_mapping_file, load_mapping, map_columns
from calendar_loader.errors import InputError, UsageError
from calendar_loader.problems import Problem
from calendar_loader.table import ROW, RawSheet


def sheet(
    columns: dict[str, list[object]], *, source: str = "april.csv", document: object = None
) -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet(source, None, frame, header=list(columns), document=document)


def write_map(tmp_path: Path, text: str, name: str = "calendar-loader.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    path = write_map(tmp_path, text, "team.yaml")
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    return str(caught.value).replace(str(path), "team.yaml")


def mapped(raw: RawSheet, mapping: dict[str, object]) -> list[dict[str, object]]:
    return map_columns(raw, mapping=Mapping.model_validate(mapping)).frame.to_dict("records")


def test_load_full_mapping(tmp_path: Path) -> None:
    """Every section of a mapping file is read, with times and zones checked."""
    path = write_map(
        tmp_path,
        """\
records: weeks[].posts[]
columns:
  caption: "{Caption (FR)}\\n\\n{Hashtags}"
  media: [Picture 1, Picture 2]
  platforms: Plateforme
  date: 1
profiles:
  instagram: "1789"
  facebook: 0123
  all: [instagram, facebook]
defaults:
  time: 9:30
  timezone: Europe/Paris
  profiles: instagram
  draft: no
skip:
  done: [yes, posted]
media_base_url: https://cdn.example.com/finca/
""",
    )
    mapping = load_mapping(path)

    assert mapping.records == "weeks[].posts[]"
    assert mapping.columns.caption == "{Caption (FR)}\n\n{Hashtags}"
    assert mapping.columns.media == ["Picture 1", "Picture 2"]
    assert mapping.columns.platforms == ["Plateforme"]
    assert mapping.columns.date == "1"
    assert mapping.profiles == {
        "instagram": "1789",
        "facebook": "0123",
        "all": ["instagram", "facebook"],
    }
    assert mapping.default_time == time(9, 30)
    assert mapping.default_timezone == "Europe/Paris"
    assert mapping.timezone_from is None
    assert mapping.defaults.profiles == ["instagram"]
    assert mapping.defaults.draft is False
    assert mapping.skip.done == ["yes", "posted"]
    assert mapping.media_base_url == "https://cdn.example.com/finca/"
    assert mapping.source == str(path)


def test_load_empty_mapping(tmp_path: Path) -> None:
    """An empty mapping file is valid and sets nothing."""
    mapping = load_mapping(write_map(tmp_path, "# nothing yet\n"))

    assert mapping.profiles is None
    assert mapping.default_time is None
    assert mapping.default_timezone is None
    assert mapping.records is None


def test_timezone_from_document(tmp_path: Path) -> None:
    """`timezone: {from: meta.timezone}` reads the zone from the calendar document."""
    mapping = load_mapping(write_map(tmp_path, "defaults:\n  timezone: {from: meta.timezone}\n"))
    raw = sheet(
        {"caption": ["Hi", "Yo"], "tz": [None, "UTC"]},
        document={"meta": {"timezone": "Asia/Shanghai (BJT/GMT+8)"}},
    )
    table = map_columns(raw, mapping=mapping)

    assert mapping.default_timezone is None
    assert mapping.timezone_from == "meta.timezone"
    assert table.frame["timezone"].tolist() == ["Asia/Shanghai (BJT/GMT+8)", "UTC"]


def test_timezone_from_missing_value(tmp_path: Path) -> None:
    """A document without the named zone is rejected, naming the mapping key."""
    path = write_map(tmp_path, "defaults:\n  timezone:\n    from: meta.timezone\n", "team.yaml")
    mapping = load_mapping(path)
    with pytest.raises(InputError) as caught:
        map_columns(sheet({"caption": ["Hi"]}, source="posts.json", document={}), mapping=mapping)

    assert str(caught.value) == (
        f"{path}, line 2, key defaults.timezone reads the time zone from meta.timezone, but "
        "posts.json has no value there. Write the zone itself instead, such as "
        "timezone: Europe/Paris."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "columns:\n  caption: Text\n  medai: Image\n",
            "Invalid mapping file team.yaml:\n  line 3, key columns.medai: unknown key "
            '"medai"; the keys understood here are caption, media, profiles, platforms, '
            "profile_flags, variants, scheduled_at, date, time, timezone, post_type, link, "
            "status, approval, draft, posted.",
            id="unknown-key",
        ),
        pytest.param(
            "defaults:\n  time: 25:00\n",
            'Invalid mapping file team.yaml:\n  line 2, key defaults.time: "25:00" is not a '
            'time of day: write it as "09:00" or "17:30".',
            id="bad-time",
        ),
        pytest.param(
            "defaults:\n  timezone: CET+1\n",
            'Invalid mapping file team.yaml:\n  line 2, key defaults.timezone: "CET+1" is not '
            "a time zone name: write an IANA name such as Europe/Paris or America/New_York, "
            "or {from: meta.timezone} to read it from the calendar.",
            id="bad-zone",
        ),
        pytest.param(
            "profiles:\n  instagram: '1'\n  all:\n    - instagram\n    - tiktok\n",
            'Invalid mapping file team.yaml:\n  line 5, key profiles.all.1: the group "all" '
            'lists "tiktok", which is not a profile name under profiles: add tiktok: '
            "<Ocoya profile id>.",
            id="group-member-unknown",
        ),
        pytest.param(
            "profiles:\n  twitter: '1'\n  X: '2'\n",
            'Invalid mapping file team.yaml:\n  line 3, key profiles.X: "X" and "twitter" '
            "name the same profile: keep one of them.",
            id="same-profile-twice",
        ),
        pytest.param(
            "profiles:\n  instagram: true\n",
            "Invalid mapping file team.yaml:\n  line 2, key profiles.instagram: write an Ocoya "
            "profile id in quotes, a list of profile names for a group, or null to skip rows "
            "for this profile.",
            id="profile-bool",
        ),
        pytest.param(
            "defaults:\n  profiles: [tiktok]\n",
            'Invalid mapping file team.yaml:\n  line 2, key defaults.profiles.0: "tiktok" is '
            "a network with no profile id: add tiktok: <Ocoya profile id> under profiles:.",
            id="default-network-without-id",
        ),
        pytest.param(
            "preset: buffer\n",
            'Invalid mapping file team.yaml:\n  line 1, key preset: unknown preset "buffer": '
            "the presets are hootsuite, vista-social, postfast, ayrshare, metricool, "
            "pinterest, sprout-social, socialbee, highlevel, publer.",
            id="unknown-preset",
        ),
        pytest.param(
            "records: weeks..posts\n",
            'Invalid mapping file team.yaml:\n  line 1, key records: "weeks..posts" is not a '
            "records path: write keys joined by dots, with [] after a list, such as "
            "weeks[].posts[].",
            id="records-path",
        ),
        pytest.param(
            'columns:\n  caption: "{Caption} {"\n',
            "Invalid mapping file team.yaml:\n  line 2, key columns.caption: the template "
            "'{Caption} {' has an unmatched '{' at character 11: write {{ or }} for a "
            "literal brace.",
            id="template-brace",
        ),
        pytest.param(
            "header: maybe\n",
            "Invalid mapping file team.yaml:\n  line 1, key header: Input should be a valid "
            "boolean, unable to interpret input.",
            id="not-boolean",
        ),
        pytest.param(
            "columns:\n  caption: Text\n   media: Image\n",
            "Mapping file team.yaml, line 3 is not valid YAML: mapping values are not allowed "
            "here. Check the indentation and the quotes there.",
            id="yaml-syntax",
        ),
        pytest.param(
            "- caption\n- media\n",
            "Mapping file team.yaml must hold keys such as columns: and profiles:, not a list.",
            id="top-level-list",
        ),
    ],
)
def test_invalid_mapping_file(tmp_path: Path, text: str, expected: str) -> None:
    """Errors name the file, the line and the key, and give the fix."""
    assert load_error(tmp_path, text) == expected


def test_mapping_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_mapping(tmp_path / "nope.yaml")

    assert str(caught.value) == f"Mapping file {tmp_path / 'nope.yaml'} not found."


def test_mapping_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_bytes("columns:\n  caption: Légende\n".encode("cp1252"))
    with pytest.raises(InputError) as caught:
        load_mapping(path)

    assert str(caught.value) == f"Mapping file {path} is not UTF-8 text: save it as UTF-8."


@pytest.mark.parametrize("name", ["calendar-loader.yaml", "calendar-loader.yml"])
def test_find_mapping_beside_calendar(tmp_path: Path, name: str) -> None:
    write_map(tmp_path, "{}\n", name)

    assert find_mapping_file(tmp_path / "april.csv") == tmp_path / name


def test_find_mapping_none(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("{}\n", encoding="utf-8")

    assert find_mapping_file(tmp_path / "april.csv") is None


def test_mapping_names_missing_column(tmp_path: Path) -> None:
    """A column the calendar lacks is an input error naming the line and the headers."""
    path = write_map(tmp_path, "columns:\n  caption: Text\n  media:\n    - Imagen\n")
    with pytest.raises(InputError) as caught:
        map_columns(sheet({"Text": ["Hi"], "Foto": ["x"]}), mapping=load_mapping(path))

    assert str(caught.value) == (
        f'{path}, line 4, key columns.media.0 names the column "Imagen", which april.csv '
        "does not have. Its headers are: Text, Foto. Correct the name in the mapping file "
        "(case, spaces and punctuation do not matter)."
    )


def test_mapping_columns_any_language() -> None:
    """Columns with any names feed the fields the mapping gives them."""
    raw = sheet(
        {
            "Légende": ["Bonjour"],
            "Visuel": ["https://cdn.example.com/a.jpg"],
            "Jour": ["2030-05-01"],
            "Heure": ["10:00"],
            "Fuseau": ["Europe/Zurich"],
            "Genre": ["Reel"],
        }
    )
    table = map_columns(
        raw,
        mapping=Mapping.model_validate(
            {
                "columns": {
                    "caption": "légende",
                    "media": "Visuel",
                    "date": "Jour",
                    "time": "Heure",
                    "timezone": "Fuseau",
                    "post_type": "Genre",
                }
            }
        ),
    )

    assert table.columns == {
        "caption": "Légende",
        "media": "Visuel",
        "date": "Jour",
        "time": "Heure",
        "timezone": "Fuseau",
        "post_type": "Genre",
    }
    row = table.frame.to_dict("records")[0]
    assert row["caption"] == "Bonjour"
    assert row["media"] == ["https://cdn.example.com/a.jpg"]
    assert (row["date"], row["time"], row["timezone"]) == ("2030-05-01", "10:00", "Europe/Zurich")
    assert row["post_type"] == "Reel"
    assert table.problems == []


@pytest.mark.parametrize(
    ("template", "cells", "expected"),
    [
        pytest.param(
            "{Caption}\\n\\n{Hashtags}",
            {"Caption": "Hola\n", "Hashtags": ["finca", "#campo", "venezuela"]},
            "Hola\n\n#finca #campo #venezuela",
            id="yaml-list-hashtags",
        ),
        pytest.param(
            "{Caption}\\n\\n{Hashtags}",
            {"Caption": "Hola", "Hashtags": "opensource,cli socialmedia"},
            "Hola\n\n#opensource #cli #socialmedia",
            id="words-get-hash",
        ),
        pytest.param(
            "{Caption}\\n\\n{Hashtags}",
            {"Caption": "Hola", "Hashtags": "#Kingdom  #Faith"},
            "Hola\n\n#Kingdom  #Faith",
            id="hashtags-kept",
        ),
        pytest.param(
            "{Caption}\\n\\n{Hashtags}",
            {"Caption": "Hola", "Hashtags": None},
            "Hola",
            id="empty-hashtags-vanish",
        ),
        pytest.param(
            "{Caption}\\n\\n{Hashtags}",
            {"Caption": "  ", "Hashtags": "a"},
            "#a",
            id="empty-caption-vanishes",
        ),
        pytest.param(
            "{Caption}\\n\\n{Hashtags}", {"Caption": None, "Hashtags": ""}, None, id="all-empty"
        ),
        pytest.param(
            "{Caption} – {CTA}\n{Hashtags}",
            {"Caption": "Hi", "CTA": None, "Hashtags": "x"},
            "Hi\n#x",
            id="separator-of-empty-part-vanishes",
        ),
        pytest.param(
            "📣 {Caption} {{more}}",
            {"Caption": "Hi", "CTA": None, "Hashtags": None},
            "📣 Hi {more}",
            id="prefix-and-literal-braces",
        ),
        pytest.param(
            "{Caption}\n{CTA|hashtags}",
            {"Caption": "Hi", "CTA": "book now"},
            "Hi\n#book #now",
            id="hashtags-suffix",
        ),
    ],
)
def test_caption_template(template: str, cells: dict[str, object], expected: str | None) -> None:
    """Several columns join into the caption; empty parts and their separators vanish."""
    columns = {"Caption": [None], "CTA": [None], "Hashtags": [None]}
    columns.update({name: [value] for name, value in cells.items()})
    columns["Image"] = ["https://cdn.example.com/a.jpg"]
    table = map_columns(
        sheet(columns), mapping=Mapping.model_validate({"columns": {"caption": template}})
    )

    assert table.frame.loc[0, "caption"] == expected


def test_template_column_names_described() -> None:
    raw = sheet({"Caption (FR)": ["Salut"], "Hashtags": ["#a"], "Image": [None]})
    table = map_columns(
        raw,
        mapping=Mapping.model_validate({"columns": {"caption": "{Caption (FR)}\n\n{hashtags}"}}),
    )

    assert table.columns["caption"] == "Caption (FR) + Hashtags"
    assert table.frame.loc[0, "caption"] == "Salut\n\n#a"


@pytest.mark.parametrize(
    ("caption", "link", "expected"),
    [
        pytest.param("Read this", "https://ex.com/a", "Read this\n\nhttps://ex.com/a", id="append"),
        pytest.param(
            "Read https://ex.com/a today",
            "https://ex.com/a",
            "Read https://ex.com/a today",
            id="held",
        ),
        pytest.param(
            "Read this\n", " https://ex.com/a ", "Read this\n\nhttps://ex.com/a", id="trim"
        ),
        pytest.param(None, "https://ex.com/a", "https://ex.com/a", id="link-only"),
        pytest.param("Read this", None, "Read this", id="no-link"),
    ],
)
def test_link_appended(caption: str | None, link: str | None, expected: str) -> None:
    """A link column goes after a blank line, unless the caption already contains it."""
    raw = sheet({"caption": [caption], "link": [link], "image": ["https://ex.com/a.jpg"]})
    table = map_columns(raw)

    assert table.frame.loc[0, "caption"] == expected
    assert table.columns["caption"] == "caption + link"


@pytest.mark.parametrize(
    ("base", "cell", "expected"),
    [
        pytest.param(
            "https://cdn.example.com/finca/",
            "FUTURAS SEMANAS/IMAGENES/IMG_1558.JPG",
            ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1558.JPG"],
            id="spaces-quoted",
        ),
        pytest.param(
            "https://cdn.example.com/finca",
            "./a b#1.png, https://other.example/x.png",
            ["https://cdn.example.com/finca/a%20b%231.png", "https://other.example/x.png"],
            id="no-slash-and-url-kept",
        ),
        pytest.param(
            "https://cdn.example.com/",
            "img\\week 1\\é.jpg",
            ["https://cdn.example.com/img/week%201/%C3%A9.jpg"],
            id="backslashes",
        ),
    ],
)
def test_media_base_url(base: str, cell: str, expected: list[str]) -> None:
    """Bare file names become URLs under media_base_url, URL-quoted."""
    rows = mapped(sheet({"caption": ["Hi"], "media": [cell]}), {"media_base_url": base})

    assert rows[0]["media"] == expected


def test_media_base_url_from_column() -> None:
    """`media_base_url: "{Host}"` takes each row's base URL from a column, trimmed."""
    raw = sheet({"caption": ["Hi"], "filename": ["clip 1.mp4"], "host": [" https://x.ngrok.app"]})
    table = map_columns(
        raw,
        mapping=Mapping.model_validate(
            {"columns": {"media": "filename"}, "media_base_url": "{host}"}
        ),
    )

    assert table.frame.loc[0, "media"] == ["https://x.ngrok.app/clip%201.mp4"]
    assert table.ignored_columns == []


@pytest.mark.parametrize(
    ("cell", "base", "message"),
    [
        pytest.param(
            "2026-09-07.jpg",
            None,
            'The media "2026-09-07.jpg" is a file name, not a URL, and Ocoya only fetches '
            "public URLs: upload the file somewhere public and write its URL, or set "
            "media_base_url in the mapping file to the public folder that contains it.",
            id="file-name",
        ),
        pytest.param(
            "/home/user/images/demo.png",
            "https://cdn.example.com/",
            'The media "/home/user/images/demo.png" is a path on this computer, and Ocoya '
            "only fetches public URLs: upload the file somewhere public and write its URL.",
            id="absolute-path",
        ),
        pytest.param(
            "C:\\Users\\ana\\pic.png",
            None,
            'The media "C:\\Users\\ana\\pic.png" is a path on this computer, and Ocoya only '
            "fetches public URLs: upload the file somewhere public and write its URL.",
            id="windows-path",
        ),
        pytest.param(
            "file:///tmp/a.png",
            None,
            'The media "file:///tmp/a.png" is a path on this computer, and Ocoya only '
            "fetches public URLs: upload the file somewhere public and write its URL.",
            id="file-url",
        ),
    ],
)
def test_local_media_error(cell: str, base: str | None, message: str) -> None:
    """A local file is a row error; it is left out of the media list."""
    raw = sheet({"caption": ["Hi"], "Picture": [f"https://ok.example/1.jpg\n{cell}"]})
    table = map_columns(raw, mapping=Mapping.model_validate({"media_base_url": base}))

    assert table.frame.loc[0, "media"] == ["https://ok.example/1.jpg"]
    assert table.problems == [
        Problem("april.csv", None, 2, "Picture", "local-media", message, cell[:60])
    ]


def test_default_time_not_written_to_rows() -> None:
    """The default time is for the checks (`default_time`); rows keep their cells."""
    mapping = Mapping.model_validate({"defaults": {"time": "09:00"}})
    rows = mapped(
        sheet({"caption": ["Hi"], "date": ["2030-05-01"]}), {"defaults": {"time": "09:00"}}
    )

    assert mapping.default_time == time(9, 0)
    assert rows[0]["scheduled_at"] == "2030-05-01"
    assert rows[0]["time"] is None


def test_headerless_mapping_by_position() -> None:
    """`header: false` reads the header row as data and names columns by position."""
    raw = sheet({"2030-05-01 10:00": ["2030-05-02 11:00"], "Hello": ["Again"], "x": ["y"]})
    table = map_columns(
        raw,
        mapping=Mapping.model_validate(
            {"header": False, "columns": {"scheduled_at": 1, "caption": 2}}
        ),
    )

    assert table.frame[[ROW, "caption", "scheduled_at"]].to_dict("records") == [
        {ROW: 1, "caption": "Hello", "scheduled_at": "2030-05-01 10:00"},
        {ROW: 2, "caption": "Again", "scheduled_at": "2030-05-02 11:00"},
    ]
    assert table.ignored_columns == ["3"]


def test_headerless_mapping_for_document() -> None:
    raw = sheet({"caption": ["Hi"]}, source="posts.yaml")
    raw.header = []
    with pytest.raises(InputError) as caught:
        map_columns(raw, mapping=Mapping.model_validate({"header": False}))

    assert str(caught.value) == (
        "posts.yaml has no header row to read as data: header: false and the Hootsuite "
        "preset apply only to CSV and Excel files."
    )


def test_unknown_preset_name() -> None:
    with pytest.raises(UsageError) as caught:
        map_columns(sheet({"caption": ["Hi"]}), preset="buffer")

    assert str(caught.value) == (
        'Unknown preset "buffer": the presets are hootsuite, vista-social, postfast, '
        "ayrshare, metricool, pinterest, sprout-social, socialbee, highlevel, publer "
        "(calendar-loader presets lists their columns)."
    )
