"""Other tools' bulk templates: recognised by their headers, or forced by name."""

from __future__ import annotations

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, PresetInfo, list_presets, map_columns
from calendar_loader.errors import InputError
from calendar_loader.problems import Severity
from calendar_loader.table import FIELDS, ROW, RawSheet


def sheet(columns: dict[str, list[object]], *, source: str = "bulk.csv") -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet(source, None, frame, header=list(columns))


def fields(record: dict[str, object]) -> dict[str, object]:
    """The record's non-empty fields, to compare with an exact expectation."""
    return {
        name: value for name, value in record.items() if name in FIELDS and value not in (None, [])
    }


PRESET_CASES = [
    pytest.param(
        "metricool",
        {
            "Text": ["Deal 🔥"],
            "Date": ["2026-10-09"],
            "Time": ["20:40:00"],
            "Draft": ["false"],
            "Facebook": ["true"],
            "Twitter/X": ["false"],
            "Instagram": ["true"],
            "Picture Url 1": ["https://cdn.example.com/1.jpg"],
            "Picture Url 2": [None],
            "Picture Url 10": ["https://cdn.example.com/10.jpg"],
            "Alt text picture 1": ["A valve"],
            "First Comment Text": ["https://s.example/e/1"],
            "Instagram Post Type": ["POST"],
            "Facebook Post Type": ["POST"],
            "TikTok Title": [None],
        },
        {
            "caption": "Deal 🔥",
            "media": ["https://cdn.example.com/1.jpg", "https://cdn.example.com/10.jpg"],
            "profiles": ["fb-1", "ig-1"],
            "date": "2026-10-09",
            "time": "20:40:00",
            "post_type": "POST",
        },
        "Alt text picture 1, First Comment Text",
        id="metricool",
    ),
    pytest.param(
        "pinterest",
        {
            "Title": ["Closet organizer"],
            "Media URL": ["https://pins.example/1.png"],
            "Pinterest board": ["Home Organization"],
            "Description": ["Fixes clutter."],
            "Link": ["https://shop.example/a?tag=x-20"],
            "Publish date": [None],
            "Keywords": ["home,organization"],
        },
        {
            "caption": "Fixes clutter.\n\nhttps://shop.example/a?tag=x-20",
            "media": ["https://pins.example/1.png"],
            "profiles": ["pin-1"],
        },
        "Title, Pinterest board, Keywords",
        id="pinterest",
    ),
    pytest.param(
        "sprout-social",
        {
            "date": ["05/01/2030"],
            "time_24hr": ["14:30"],
            "message_text": ["Hello"],
            "public_image_url": ["https://cdn.example.com/s.jpg"],
            "tags": ["spring"],
        },
        {
            "caption": "Hello",
            "media": ["https://cdn.example.com/s.jpg"],
            "date": "05/01/2030",
            "time": "14:30",
        },
        "tags",
        id="sprout",
    ),
    pytest.param(
        "publer",
        {
            "Date": ["2030-05-01 14:00"],
            "Text": ["Hello"],
            "Link": ["https://ex.com"],
            "Media URLs": ["https://cdn.example.com/1.jpg,https://cdn.example.com/2.jpg"],
            "Labels": ["Evergreen"],
            "Alt text": [None],
            "Comments": ["First!"],
        },
        {
            "caption": "Hello\n\nhttps://ex.com",
            "media": ["https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"],
            "scheduled_at": "2030-05-01 14:00",
        },
        "Labels, Comments",
        id="publer",
    ),
    pytest.param(
        "socialbee",
        {
            "text": ["Hello"],
            "link": [None],
            "imageUrls": ["https://cdn.example.com/1.jpg"],
            "gifUrls": [None],
            "videoUrls": ["https://cdn.example.com/v.mp4"],
            "postAtSpecificTime": ["2030-05-01 10:00:00"],
        },
        {
            "caption": "Hello",
            "media": ["https://cdn.example.com/1.jpg", "https://cdn.example.com/v.mp4"],
            "scheduled_at": "2030-05-01 10:00:00",
        },
        None,
        id="socialbee",
    ),
    pytest.param(
        "highlevel",
        {
            "postAtSpecificTime": ["2030-05-01 10:00:00"],
            "content": ["Hello"],
            "link": ["https://ex.com"],
            "imageUrls": ["https://cdn.example.com/1.jpg, https://cdn.example.com/2.jpg"],
            "gifUrl": [None],
            "videoUrls": [None],
        },
        {
            "caption": "Hello\n\nhttps://ex.com",
            "media": ["https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"],
            "scheduled_at": "2030-05-01 10:00:00",
        },
        None,
        id="highlevel",
    ),
    pytest.param(
        "vista-social",
        {
            "message": ["Hello"],
            "type": ["image"],
            "link": [None],
            "time": ["2022-12-15 5:05 pm"],
            "comment1": ["First comment"],
            "board": [None],
        },
        {"caption": "Hello", "scheduled_at": "2022-12-15 5:05 pm", "post_type": "image"},
        "comment1",
        id="vista",
    ),
    pytest.param(
        "ayrshare",
        {
            "post": ["Hello"],
            "platforms": ["twitter, facebook, instagram"],
            "mediaUrls": ["https://cdn.example.com/1.jpg"],
            "scheduleDate": ["2030-05-01T10:00:00Z"],
        },
        {
            "caption": "Hello",
            "media": ["https://cdn.example.com/1.jpg"],
            "profiles": ["x-1", "fb-1", "ig-1"],
            "scheduled_at": "2030-05-01T10:00:00Z",
        },
        None,
        id="ayrshare",
    ),
    pytest.param(
        "postfast",
        {
            "scheduled_at": ["2030-05-01T10:00:00+02:00"],
            "account_id": ["6f1c0d2e-0000-4000-8000-000000000001"],
            "content": ["Hello"],
            "media_urls": ["https://cdn.example.com/1.jpg,https://cdn.example.com/2.jpg"],
            "first_comment": ["#tag"],
            "ig_publish_type": [None],
        },
        {
            "caption": "Hello",
            "media": ["https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"],
            "profiles": ["ocoya-9"],
            "scheduled_at": "2030-05-01T10:00:00+02:00",
        },
        "first_comment",
        id="postfast",
    ),
]

MAPPING = Mapping.model_validate(
    {
        "profiles": {
            "facebook": "fb-1",
            "instagram": "ig-1",
            "x": "x-1",
            "pinterest": "pin-1",
            "6f1c0d2e-0000-4000-8000-000000000001": "ocoya-9",
        }
    }
)


@pytest.mark.parametrize(("name", "columns", "expected", "left_out"), PRESET_CASES)
def test_preset_recognised(
    name: str, columns: dict[str, list[object]], expected: dict[str, object], left_out: str | None
) -> None:
    """Each template is recognised by its headers and maps what Ocoya carries."""
    table = map_columns(sheet(columns), mapping=MAPPING)

    assert table.preset == name
    assert fields(table.frame.to_dict("records")[0]) == expected
    warnings = [problem for problem in table.problems if problem.row is None]
    if left_out is None:
        assert warnings == []
    else:
        assert [problem.code for problem in warnings] == ["column-not-sent"]
        assert warnings[0].severity is Severity.WARNING
        assert warnings[0].message.endswith(f"so they are not sent: {left_out}.")
    assert [problem for problem in table.problems if problem.row is not None] == []


@pytest.mark.parametrize(("name", "columns", "expected", "left_out"), PRESET_CASES)
def test_preset_forced_by_name(
    name: str, columns: dict[str, list[object]], expected: dict[str, object], left_out: str | None
) -> None:
    table = map_columns(sheet(columns), mapping=MAPPING, preset=name.upper())

    assert table.preset == name
    assert fields(table.frame.to_dict("records")[0]) == expected


def test_metricool_without_mapping_is_draft() -> None:
    """Network flags need a mapping for ids; without one the posts are drafts."""
    raw = sheet(
        {
            "Text": ["Deal"],
            "Date": ["2026-10-09"],
            "Time": ["20:40:00"],
            "Draft": ["false"],
            "Facebook": ["true"],
            "Instagram": ["true"],
            "Picture Url 1": [None],
        },
        source="metricool.csv",
    )
    table = map_columns(raw)

    assert table.frame.loc[0, "profiles"] == []
    assert [problem.code for problem in table.problems] == ["profiles-not-mapped"]
    assert table.problems[0].message == (
        "The columns Facebook, Instagram name the profiles facebook, instagram, but no "
        "mapping file gives their Ocoya profile ids, so these posts become drafts (Ocoya "
        "makes a post without profiles a draft). To schedule them, list the ids in a "
        "mapping file, for example profiles: {facebook: <profile id>}."
    )


def test_metricool_draft_column() -> None:
    raw = sheet(
        {
            "Text": ["Deal"],
            "Date": ["2026-10-09"],
            "Time": ["20:40:00"],
            "Draft": ["true"],
            "Facebook": ["true"],
            "Instagram": ["false"],
            "Picture Url 1": [None],
        }
    )
    table = map_columns(raw, mapping=MAPPING)

    assert table.frame.loc[0, "profiles"] == []
    assert table.problems == []


def test_hootsuite_header_row_is_data() -> None:
    """A file whose first line starts with a date-time is a headerless Hootsuite file."""
    raw = sheet(
        {
            "2018-12-04 08:00:00": ["04/12/2018 08:30"],
            "Thanks https://nostarch.com/ @nostarch": ["Thanks Drexel"],
            "https://nostarch.com/": ["https://drexel.edu"],
        }
    )
    table = map_columns(raw)

    assert table.preset == "hootsuite"
    assert table.columns == {"caption": "2 + 3", "scheduled_at": "1"}
    assert table.frame[[ROW, "caption", "scheduled_at"]].to_dict("records") == [
        {
            ROW: 1,
            "caption": "Thanks https://nostarch.com/ @nostarch",
            "scheduled_at": "2018-12-04 08:00:00",
        },
        {
            ROW: 2,
            "caption": "Thanks Drexel\n\nhttps://drexel.edu",
            "scheduled_at": "04/12/2018 08:30",
        },
    ]
    assert table.problems == []


def test_hootsuite_two_columns_forced() -> None:
    raw = sheet({"When": ["2030-01-02 09:00"], "What": ["Hello"]})
    table = map_columns(raw, preset="hootsuite")

    assert table.frame[[ROW, "caption", "scheduled_at"]].to_dict("records") == [
        {ROW: 1, "caption": "What", "scheduled_at": "When"},
        {ROW: 2, "caption": "Hello", "scheduled_at": "2030-01-02 09:00"},
    ]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(["date", "time", "text", "image"], id="date-time-text"),
        pytest.param(["Date", "Caption", "Platform", "Status", "Labels"], id="with-labels"),
        pytest.param(["content", "platforms", "scheduled_time", "link"], id="content-platforms"),
        pytest.param(["title", "message", "link", "time"], id="message-link-time"),
        pytest.param(["Title", "Description", "Media URL", "Link"], id="pin-like"),
        pytest.param(["Text", "Date", "Time", "Facebook", "Instagram"], id="flags-no-draft"),
        pytest.param(["post", "platforms", "date"], id="post-platforms"),
        pytest.param(["scheduled_at", "content", "profile_ids"], id="scheduled-content"),
        pytest.param(["Date 2024-01-01", "Caption"], id="date-word-header"),
    ],
)
def test_ordinary_calendar_not_a_preset(headers: list[str]) -> None:
    """Recognition does not fire on an ordinary calendar's headers."""
    columns: dict[str, list[object]] = {header: [None] for header in headers}
    columns[headers[1]] = ["Hello"]
    table = map_columns(sheet(columns))

    assert table.preset is None


def test_forced_preset_wrong_file() -> None:
    raw = sheet({"caption": ["Hi"], "date": ["2030-01-01"]}, source="april.csv")
    with pytest.raises(InputError) as caught:
        map_columns(raw, preset="pinterest")

    assert str(caught.value) == (
        "april.csv is not a Pinterest bulk create bulk file: its headers are caption, date, "
        "and the Pinterest bulk create template has Title, Media URL, Pinterest board, "
        "Description, Link, Publish date. Leave out --preset to read it as a calendar."
    )


def test_mapping_columns_over_preset() -> None:
    """A mapping file's columns override the preset's, here to use the pin title."""
    mapping = Mapping.model_validate(
        {"columns": {"caption": "{Title}\n\n{Description}\n\n{Keywords|hashtags}"}}
    )
    raw = sheet(
        {
            "Title": ["Closet"],
            "Media URL": [None],
            "Pinterest board": ["Home"],
            "Description": ["Tidy."],
            "Link": [None],
            "Publish date": [None],
            "Keywords": ["home,tidy"],
        }
    )
    table = map_columns(raw, mapping=mapping)

    assert table.preset == "pinterest"
    assert table.frame.loc[0, "caption"] == "Closet\n\nTidy.\n\n#home #tidy"
    assert table.problems[0].message.endswith("so they are not sent: Pinterest board.")


def test_list_presets() -> None:
    presets = list_presets()

    assert [preset.name for preset in presets] == [
        "hootsuite",
        "vista-social",
        "postfast",
        "ayrshare",
        "metricool",
        "pinterest",
        "sprout-social",
        "socialbee",
        "highlevel",
        "publer",
    ]
    assert presets[0] == PresetInfo(
        "hootsuite", "Hootsuite Bulk Composer", ("date-time", "message", "link")
    )
    assert presets[3].columns == ("post", "platforms", "mediaUrls", "scheduleDate")
