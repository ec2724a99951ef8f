"""Header aliases: which header feeds which field when there is no mapping file."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, map_columns
from calendar_loader.errors import InputError
from calendar_loader.problems import Problem, Severity
from calendar_loader.table import FIELDS, ROW, RawSheet


def sheet(columns: dict[str, list[object]], *, source: str = "april.csv") -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet(source=source, sheet=None, frame=frame, header=list(columns))


def records(raw: RawSheet) -> list[dict[str, object]]:
    return map_columns(raw).frame.to_dict("records")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        pytest.param("caption", "caption", id="caption"),
        pytest.param("Text", "caption", id="text"),
        pytest.param("MESSAGE", "caption", id="message-upper"),
        pytest.param("Content", "caption", id="content"),
        pytest.param("copy", "caption", id="copy"),
        pytest.param("Post", "caption", id="post"),
        pytest.param("Post Text", "caption", id="post-text-space"),
        pytest.param("post_text", "caption", id="post-text"),
        pytest.param("body", "caption", id="body"),
        pytest.param("media", "media", id="media"),
        pytest.param("Media URLs", "media", id="media-urls"),
        pytest.param("mediaUrls", "media", id="media-urls-camel"),
        pytest.param("image", "media", id="image"),
        pytest.param("Image_URL", "media", id="image-url"),
        pytest.param("video", "media", id="video"),
        pytest.param("video-url", "media", id="video-url-dash"),
        pytest.param("Picture", "media", id="picture"),
        pytest.param("photo", "media", id="photo"),
        pytest.param("profiles", "profiles", id="profiles"),
        pytest.param("profile_ids", "profiles", id="profile-ids"),
        pytest.param("social_profile_ids", "profiles", id="social-profile-ids"),
        pytest.param("socialProfileIds", "profiles", id="social-profile-ids-camel"),
        pytest.param("Accounts", "profiles", id="accounts"),
        pytest.param("channels", "profiles", id="channels"),
        pytest.param("scheduled_at", "scheduled_at", id="scheduled-at"),
        pytest.param("scheduledAt", "scheduled_at", id="scheduled-at-camel"),
        pytest.param("Publish at", "scheduled_at", id="publish-at"),
        pytest.param("datetime", "scheduled_at", id="datetime"),
        pytest.param("scheduled_time", "scheduled_at", id="scheduled-time"),
        pytest.param("publish_time", "scheduled_at", id="publish-time"),
        pytest.param("timezone", "timezone", id="timezone"),
        pytest.param("TZ", "timezone", id="tz"),
        pytest.param("time zone", "timezone", id="time-zone"),
        pytest.param("Format", "post_type", id="format"),
        pytest.param("type", "post_type", id="type"),
        pytest.param("Instagram Post Type", "post_type", id="instagram-post-type"),
    ],
)
def test_alias_feeds_field(header: str, field: str) -> None:
    """Each alias is found case-, space- and punctuation-insensitively."""
    columns = {"caption text": ["Hello"], header: ["value"]}
    if field == "caption":
        columns = {header: ["Hello"], "image": ["https://cdn.example.com/a.jpg"]}
    table = map_columns(sheet(columns))

    assert table.columns[field] == header
    assert table.ignored_columns == []


@pytest.mark.parametrize("date_header", ["date", "Publish Date", "scheduled_date", "post_date"])
@pytest.mark.parametrize("time_header", ["time", "Time of day", "post_time"])
def test_date_and_time_columns(date_header: str, time_header: str) -> None:
    """A date column and a time column feed the date and time fields."""
    raw = sheet({"text": ["Hi"], date_header: ["2030-05-01"], time_header: ["09:30"]})
    table = map_columns(raw)

    assert table.columns["date"] == date_header
    assert table.columns["time"] == time_header
    assert table.frame.loc[0, "date"] == "2030-05-01"
    assert table.frame.loc[0, "time"] == "09:30"
    assert table.frame.loc[0, "scheduled_at"] is None


def test_date_without_time_column_is_moment() -> None:
    """A date column without a time column is the whole moment, as typed."""
    raw = sheet({"text": ["Hi"], "Date": [date(2030, 5, 1)]})
    table = map_columns(raw)

    assert table.columns["scheduled_at"] == "Date"
    assert table.frame.loc[0, "scheduled_at"] == date(2030, 5, 1)
    assert table.frame.loc[0, "date"] is None


def test_datetime_column_wins_over_date() -> None:
    """A date-and-time column is used, and a separate date column is left unused."""
    raw = sheet({"date": ["2030-05-01"], "text": ["Hi"], "publish_at": ["2030-05-01 10:00"]})
    table = map_columns(raw)

    assert table.columns["scheduled_at"] == "publish_at"
    assert "date" not in table.columns
    assert table.ignored_columns == ["date"]


def test_mixed_date_styles_map_both() -> None:
    """Rows without a date-and-time cell take their date and time from the other columns."""
    raw = sheet(
        {
            "text": ["Hi", "Yo", "Hey"],
            "publish_at": ["2030-05-01 10:00", None, "  "],
            "date": [None, "2030-05-02", "2030-05-03"],
            "time": [None, "09:30", None],
        }
    )
    table = map_columns(raw)

    assert table.columns["scheduled_at"] == "publish_at"
    assert table.columns["date"] == "date"
    assert table.columns["time"] == "time"
    assert table.ignored_columns == []
    assert table.frame[["scheduled_at", "date", "time"]].to_dict("records") == [
        {"scheduled_at": "2030-05-01 10:00", "date": None, "time": None},
        {"scheduled_at": None, "date": "2030-05-02", "time": "09:30"},
        {"scheduled_at": None, "date": "2030-05-03", "time": None},
    ]


def test_mapped_date_and_time_take_other_style() -> None:
    """Under a mapping that names date and time, a date-and-time column fills their gaps."""
    raw = sheet(
        {
            "text": ["Hi", "Yo"],
            "Jour": ["2030-05-01", None],
            "Heure": ["09:30", None],
            "scheduled_at": [None, "2030-05-02T10:00:00Z"],
        }
    )
    mapping = Mapping.model_validate({"columns": {"date": "Jour", "time": "Heure"}})
    table = map_columns(raw, mapping=mapping)

    assert (table.columns["scheduled_at"], table.columns["date"], table.columns["time"]) == (
        "scheduled_at",
        "Jour",
        "Heure",
    )
    assert table.ignored_columns == []
    assert table.frame["scheduled_at"].tolist() == [None, "2030-05-02T10:00:00Z"]


def test_output_frame_has_every_field() -> None:
    """The frame has the row number and every field, in order, as objects."""
    table = map_columns(sheet({"caption": ["Hi"]}))

    assert list(table.frame.columns) == [ROW, *FIELDS]
    assert [str(dtype) for dtype in table.frame.dtypes] == ["int64"] + ["object"] * len(FIELDS)
    assert records(sheet({"caption": ["Hi"]})) == [
        {
            ROW: 2,
            "caption": "Hi",
            "media": [],
            "profiles": [],
            "scheduled_at": None,
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
            "draft_reason": None,
        }
    ]


def test_unknown_columns_one_warning() -> None:
    """Columns that feed no field are listed in one file-level warning."""
    raw = sheet({"caption": ["Hi", "Bye"], "Jour": ["Lundi", "Mardi"], "Pilier": ["A", "B"]})
    table = map_columns(raw)

    assert table.problems == [
        Problem(
            source="april.csv",
            sheet=None,
            row=None,
            column=None,
            code="unknown-column",
            message="These columns feed no field, so nothing in them is sent: Jour, Pilier. "
            "To use one, for example in the caption, name it in a mapping file (--map).",
            severity=Severity.WARNING,
        )
    ]
    assert table.ignored_columns == ["Jour", "Pilier"]


def test_second_caption_column_unused() -> None:
    """Only the first caption column is read; the second is reported as unused."""
    table = map_columns(sheet({"Text": ["One"], "Message": ["Two"]}))

    assert table.columns["caption"] == "Text"
    assert table.frame.loc[0, "caption"] == "One"
    assert table.ignored_columns == ["Message"]


def test_no_caption_no_media_error() -> None:
    """A sheet without caption and media columns is rejected with its headers listed."""
    raw = sheet({"hook": ["Hi"], "visual_brief": ["A photo"]}, source="plan.csv")
    with pytest.raises(InputError) as caught:
        map_columns(raw)

    assert str(caught.value) == (
        "plan.csv has no caption column and no media column, so it contains no post. "
        "Its headers are: hook, visual_brief. A caption column is understood under the "
        "names caption, text, message, content, copy, post, post_text, body, …; a media "
        "column under media, media_urls, mediaUrls, media_url, image, images, image_url, "
        "image_urls, … (case, spaces and punctuation do not matter). To read other "
        "columns, name them in a mapping file given with --map FILE: `calendar-loader "
        "init-map plan.csv` writes a starting one."
    )
    assert caught.value.source == "plan.csv"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("https://a.example/1.jpg", ["https://a.example/1.jpg"], id="one"),
        pytest.param(
            "https://a.example/1.jpg\nhttps://a.example/2.jpg",
            ["https://a.example/1.jpg", "https://a.example/2.jpg"],
            id="newline",
        ),
        pytest.param(
            "https://a.example/1.jpg, https://a.example/2.jpg",
            ["https://a.example/1.jpg", "https://a.example/2.jpg"],
            id="comma",
        ),
        pytest.param(
            "https://a.example/1.jpg;https://a.example/2.jpg| https://a.example/3.jpg",
            ["https://a.example/1.jpg", "https://a.example/2.jpg", "https://a.example/3.jpg"],
            id="semicolon-bar",
        ),
        pytest.param(
            "https://res.example/w_500,h_300/a.jpg,https://a.example/2.jpg",
            ["https://res.example/w_500,h_300/a.jpg", "https://a.example/2.jpg"],
            id="comma-inside-url",
        ),
        pytest.param(" ;, https://a.example/1.jpg ,,", ["https://a.example/1.jpg"], id="empty"),
        pytest.param(None, [], id="none"),
        pytest.param(
            ["https://a.example/1.jpg", "https://a.example/2.jpg"],
            ["https://a.example/1.jpg", "https://a.example/2.jpg"],
            id="yaml-list",
        ),
    ],
)
def test_media_cell_split(cell: object, expected: list[str]) -> None:
    """Several media URLs in one cell become a list, empty pieces dropped."""
    raw = sheet({"caption": ["Hi"], "media": [cell]})

    assert records(raw)[0]["media"] == expected


def test_media_columns_in_order() -> None:
    """Items of several media columns are gathered in column order."""
    raw = sheet(
        {
            "caption": ["Hi"],
            "image": ["https://a.example/1.jpg"],
            "video": ["https://a.example/2.mp4"],
        }
    )
    table = map_columns(raw)

    assert table.columns["media"] == "image + video"
    assert table.frame.loc[0, "media"] == ["https://a.example/1.jpg", "https://a.example/2.mp4"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("p-1, p-2", ["p-1", "p-2"], id="comma"),
        pytest.param("p-1\np-2|p-3;p-1", ["p-1", "p-2", "p-3"], id="separators-unique"),
        pytest.param(["p-1", 42], ["p-1", "42"], id="yaml-list"),
        pytest.param(
            [{"id": "1789", "username": "shop"}, {"id": 1790, "username": "blog"}],
            ["1789", "1790"],
            id="objects-with-id",
        ),
    ],
)
def test_profile_ids_cell(cell: object, expected: list[str]) -> None:
    """A profile-id cell becomes a list of ids; objects with `id` give their ids."""
    raw = sheet({"caption": ["Hi"], "accounts": [cell]})

    assert records(raw)[0]["profiles"] == expected


def test_values_stay_as_typed() -> None:
    """Captions keep inner newlines and spaces; dates and zones stay as typed."""
    caption = "Line one  \n\n  Line two \n"
    raw = sheet(
        {
            "caption": [caption],
            "scheduled_at": ["05/01/2030 9am"],
            "timezone": [" Europe/Paris "],
        }
    )
    row = records(raw)[0]

    assert row["caption"] == caption
    assert row["scheduled_at"] == "05/01/2030 9am"
    assert row["timezone"] == " Europe/Paris "


def test_blank_caption_is_none() -> None:
    """A caption of only spaces is an empty caption."""
    raw = sheet({"caption": ["   ", "Hi"], "image": ["https://a.example/1.jpg", None]})

    assert [row["caption"] for row in records(raw)] == [None, "Hi"]


def test_platform_names_without_mapping_are_drafts() -> None:
    """Network names with no mapping file give no profiles and one warning."""
    raw = sheet({"caption": ["Hi", "Yo"], "Platform": ["Instagram", "facebook, X"]})
    table = map_columns(raw)

    assert [row["profiles"] for row in table.frame.to_dict("records")] == [[], []]
    assert [problem.code for problem in table.problems] == ["profiles-not-mapped"]
    assert table.problems[0].message == (
        "The column Platform names the profiles Instagram, facebook, X, but no mapping file "
        "gives their Ocoya profile ids, so these posts become drafts (Ocoya makes a post "
        "without profiles a draft). To schedule them, list the ids in a mapping file, for "
        "example profiles: {instagram: <profile id>}."
    )
    assert table.problems[0].severity is Severity.WARNING


def test_profiles_column_mixes_ids_and_names() -> None:
    """In a profiles column, network names need a mapping and other items are ids."""
    raw = sheet({"caption": ["Hi", "Yo"], "profiles": ["p-1, p-2", "p-3, tiktok"]})
    table = map_columns(raw)

    assert [row["profiles"] for row in table.frame.to_dict("records")] == [["p-1", "p-2"], []]
    assert [problem.code for problem in table.problems] == ["profiles-not-mapped"]


def test_reading_problems_are_kept() -> None:
    """Problems found while reading the file come first in the table's problems."""
    raw = sheet({"caption": ["Hi"]})
    reading = Problem("april.csv", None, 2, None, "wrong-field-count", "Row 2 has 3 fields.")
    raw.problems.append(reading)

    assert map_columns(raw).problems == [reading]
