"""Rows to records: a caption per network, post types, and legend rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, map_columns
from calendar_loader.problems import Problem
from calendar_loader.table import ROW, RawSheet, RowReason

PROFILES = {"x": "x-1", "linkedin": "li-1", "instagram": "ig-1", "facebook": "fb-1"}


def sheet(columns: dict[str, list[object]], *, rows: list[int] | None = None) -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(rows or range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet("queue.yaml", None, frame)


def test_caption_per_network_gives_one_record_each() -> None:
    """Columns named after networks hold their own captions: one record per network."""
    raw = sheet(
        {
            "id": ["37", "43"],
            "x": ["Short text\n", "Only X"],
            "linkedin": ["Long text\n", None],
            "posted": [{}, {}],
        },
        rows=[2, 40],
    )
    table = map_columns(raw, mapping=Mapping.model_validate({"profiles": PROFILES}))

    assert table.frame[[ROW, "caption", "profiles", "variant", "skip_reason"]].to_dict(
        "records"
    ) == [
        {
            ROW: 2,
            "caption": "Short text\n",
            "profiles": ["x-1"],
            "variant": "x",
            "skip_reason": None,
        },
        {
            ROW: 2,
            "caption": "Long text\n",
            "profiles": ["li-1"],
            "variant": "linkedin",
            "skip_reason": None,
        },
        {ROW: 40, "caption": "Only X", "profiles": ["x-1"], "variant": "x", "skip_reason": None},
    ]
    assert table.columns["caption"] == "x or linkedin"
    assert table.columns["variant"] == "x or linkedin"
    assert table.ignored_columns == ["id"]


def test_posted_map_skips_only_that_network() -> None:
    """`posted: {x: …}` skips the x record of the row and keeps the others."""
    moment = datetime(2025, 12, 22, 14, 50, 57, 220561, tzinfo=UTC)
    raw = sheet({"x": ["Tweet"], "linkedin": ["Post"], "posted": [{"x": moment, "linkedin": None}]})
    table = map_columns(raw, mapping=Mapping.model_validate({"profiles": PROFILES}))

    assert table.frame["skip_reason"].tolist() == [
        (
            RowReason(
                column="posted",
                value="2025-12-22T14:50:57.220561+00:00",
                message="The row is skipped because posted lists it as already posted to x "
                "at 2025-12-22T14:50:57.220561+00:00.",
            ),
        ),
        None,
    ]
    assert table.frame["variant"].tolist() == ["x", "linkedin"]


def test_variant_without_mapping_is_draft() -> None:
    """Without a mapping file, network captions still split, as drafts with a warning."""
    table = map_columns(sheet({"X": ["Tweet"], "LinkedIn": ["Post"]}))

    assert table.frame["profiles"].tolist() == [[], []]
    assert table.frame["variant"].tolist() == ["x", "linkedin"]
    assert [problem.code for problem in table.problems] == ["profiles-not-mapped"]
    assert table.problems[0].message.startswith(
        "The columns LinkedIn, X name the profiles x, linkedin, but no mapping file"
    )


def test_variant_unknown_profile_has_variant() -> None:
    """A network caption with no id is a row error for that variant."""
    mapping = Mapping.model_validate({"profiles": {"x": "x-1"}})
    table = map_columns(sheet({"x": ["Tweet"], "linkedin": ["Post"]}), mapping=mapping)

    assert table.problems == [
        Problem(
            "queue.yaml",
            None,
            2,
            "linkedin",
            "unknown-profile",
            'The profile "linkedin" has no Ocoya profile id in the mapping file: add '
            "`linkedin: <profile id>` under profiles: there, or `linkedin: null` to skip its "
            "posts.",
            "linkedin",
            variant="linkedin",
        )
    ]


def test_shared_caption_for_other_networks() -> None:
    """The shared caption goes to the row's other profiles; media go with every record."""
    raw = sheet(
        {
            "caption": ["Shared"],
            "x": ["For X"],
            "platforms": ["x, instagram, facebook"],
            "image": ["https://cdn.example.com/a.jpg"],
            "link": ["https://ex.com/p"],
        }
    )
    table = map_columns(raw, mapping=Mapping.model_validate({"profiles": PROFILES}))

    assert table.frame[["caption", "media", "profiles", "variant"]].to_dict("records") == [
        {
            "caption": "For X\n\nhttps://ex.com/p",
            "media": ["https://cdn.example.com/a.jpg"],
            "profiles": ["x-1"],
            "variant": "x",
        },
        {
            "caption": "Shared\n\nhttps://ex.com/p",
            "media": ["https://cdn.example.com/a.jpg"],
            "profiles": ["ig-1", "fb-1"],
            "variant": None,
        },
    ]


def test_row_without_variant_cells_is_one_record() -> None:
    raw = sheet({"caption": ["Shared"], "x": [None], "platforms": ["instagram"]})
    table = map_columns(raw, mapping=Mapping.model_validate({"profiles": PROFILES}))

    assert table.frame[["caption", "profiles", "variant"]].to_dict("records") == [
        {"caption": "Shared", "profiles": ["ig-1"], "variant": None}
    ]


def test_variants_named_in_mapping() -> None:
    """A mapping names per-network caption columns of any header."""
    mapping = Mapping.model_validate(
        {"profiles": PROFILES, "columns": {"variants": {"Twitter": "Tweet", "ig": "Légende IG"}}}
    )
    table = map_columns(sheet({"Tweet": ["T"], "Légende IG": ["L"]}), mapping=mapping)

    assert table.frame[["caption", "profiles", "variant"]].to_dict("records") == [
        {"caption": "T", "profiles": ["x-1"], "variant": "x"},
        {"caption": "L", "profiles": ["ig-1"], "variant": "instagram"},
    ]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        pytest.param("Format", "Story (3 frames)", id="format"),
        pytest.param("type", "reel", id="type"),
        pytest.param("Instagram Post Type", "STORY", id="instagram-post-type"),
    ],
)
def test_post_type_column(header: str, value: str) -> None:
    table = map_columns(sheet({"caption": ["Hi"], header: [value]}))

    assert table.frame.loc[0, "post_type"] == value
    assert table.columns["post_type"] == header


def test_legend_rows_dropped_and_counted() -> None:
    """Rows with only a note are left out and counted with the loader's blank rows."""
    raw = sheet(
        {
            "Date": ["2026-05-05", None, None, None],
            "Caption": ["Launch", None, None, None],
            "Format": ["Feed post", None, None, "Story"],
            "Notes": ["first", "Pilier 1 : Annonce", "Pilier 2 : Lieux", None],
        },
        rows=[2, 24, 25, 26],
    )
    raw.blank_rows = 1
    table = map_columns(raw)

    assert table.frame[ROW].tolist() == [2, 26]
    assert table.blank_rows == 3
    assert table.frame.loc[1, "post_type"] == "Story"
    assert table.frame.loc[1, "caption"] is None


def test_row_with_date_only_is_kept() -> None:
    """A planned row with a date and no caption is kept, for the checks to reject."""
    table = map_columns(sheet({"date": ["2026-06-01"], "caption": [None], "image": [None]}))

    assert table.frame[ROW].tolist() == [2]
    assert table.blank_rows == 0


def test_row_problem_once_for_all_variants() -> None:
    """A problem of the row's own cells is reported once, for the records to be posted."""
    mapping = Mapping.model_validate({"profiles": PROFILES})
    moment = datetime(2025, 12, 22, tzinfo=UTC)
    raw = sheet(
        {
            "x": ["Tweet", "Tweet"],
            "linkedin": ["Post", "Post"],
            "image": ["cover.png", "cover.png"],
            "posted": [{}, {"x": moment}],
        }
    )
    table = map_columns(raw, mapping=mapping)

    assert [(problem.row, problem.code, problem.variant) for problem in table.problems] == [
        (2, "local-media", None),
        (3, "local-media", "linkedin"),
    ]
