"""Column-wise mapping gives the records, problems and counts of mapping one row at a time.

The reference below runs `RowMapper` on each row in turn. The column-wise `map_rows`
hands it only rows with network captions or problems, so each test mixes such rows with
plain ones in one frame.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calendar_loader.columns import Mapping, load_mapping, map_columns, mapper
from calendar_loader.columns.column_cells import map_distinct, web_url_column
from calendar_loader.columns.plan import ColumnPlan
from calendar_loader.columns.records import MappedRows, RowMapper, SheetSettings
from calendar_loader.columns.template import parse_template
from calendar_loader.loading import load_calendar
from calendar_loader.table import ROW, CalendarTable, RawSheet

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MAPS = Path(__file__).resolve().parent / "maps"


def map_one_row_at_a_time(
    frame: pd.DataFrame, plan: ColumnPlan, settings: SheetSettings
) -> MappedRows:
    """Map each row with RowMapper in turn: the reference for the column-wise mapping."""
    columns = {header: frame[header].tolist() for header in set(plan.used())}
    mapped = MappedRows()
    for position, row in enumerate(frame[ROW].tolist()):
        cells = {header: column[position] for header, column in columns.items()}
        RowMapper(int(row), cells, plan, settings, mapped).run()
    return mapped


def map_both_ways(
    monkeypatch: pytest.MonkeyPatch, raw: RawSheet, mapping: Mapping | None
) -> tuple[CalendarTable, CalendarTable]:
    """Return the table mapped column-wise and the table mapped one row at a time."""
    table = map_columns(raw, mapping=mapping)
    with monkeypatch.context() as patch:
        patch.setattr(mapper, "map_rows", map_one_row_at_a_time)
        reference = map_columns(raw, mapping=mapping)
    return table, reference


def assert_same_tables(table: CalendarTable, reference: CalendarTable) -> None:
    assert table.frame.dtypes.to_dict() == reference.frame.dtypes.to_dict()
    assert table.frame.to_dict("records") == reference.frame.to_dict("records")
    assert table.problems == reference.problems
    assert table.blank_rows == reference.blank_rows
    assert table.columns == reference.columns


def sheet(columns: dict[str, list[object]], rows: list[int] | None = None) -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(rows or range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet("calendar.csv", None, frame, header=list(columns))


# Cell values per column: the first is the usual one, the others cover every kind of
# cell the loaders produce and every rule of the mapping.
POOLS: dict[str, list[object]] = {
    "Caption": [
        "Spring menu",
        "   ",
        None,
        float("nan"),
        "See https://ex.com/p",
        42,
        ["list", "caption"],
        {"fr": "Bonjour"},
    ],
    "Hashtags": ["food, local", "#a #b", None, "", ["x", "y"], "tips; desk"],
    "Image": [
        "https://cdn.example.com/a.jpg",
        " https://cdn.example.com/b.jpg ",
        "https://x.example/a.jpg, https://x.example/b.jpg",
        "https://x.example/a.jpg|https://x.example/b.jpg",
        "https://x.example/a.jpg;https://x.example/b.jpg",
        "https://x.example/a.jpg\r\nhttps://x.example/b.jpg",
        "https://x.example/resize,w_200/a.jpg",
        "HTTPS://X.EXAMPLE/Y.JPG",
        "www.example.com/c.jpg",
        "ftp://files.example.com/d.jpg",
        "cover photo.png",
        "/home/anna/a.png",
        "C:\\Users\\anna\\b.png",
        None,
        "  ",
        ["https://x.example/l.jpg", {"id": "https://x.example/m.jpg"}],
    ],
    "Platforms": [
        "instagram, facebook",
        "linkedin",
        "Instagram",
        "all",
        "x|linkedin",
        "tiktok",
        "reddit",
        None,
        ["instagram", "x"],
        True,
    ],
    "Account ids": ["1789", None, "1789; 2001", 1789, 1789.0, True, "instagram"],
    "Status": ["Scheduled", "Posted", "idea", None, "PUBLIÉ", "  "],
    "Approval": ["approved", "pending", None],
    "Draft": [None, "no", "yes", "draft", "maybe", True, False, 0],
    "Format": [None, "Feed post", "draft", "Brouillon", "Story"],
    "Date": ["2026-05-05", None, datetime(2026, 5, 6, 9, 0), date(2026, 5, 7), "  "],
    "Publish at": [None, "2026-05-05T09:00:00Z", datetime(2026, 5, 6, 9, 0), "  "],
    "Time": ["09:00", None, time(9, 30), ""],
    "Zone": ["Europe/Paris", None, "  ", "America/New_York"],
    "Link": [None, "https://ex.com/p", "  "],
    "Posted": [None, {"x": datetime(2025, 12, 22, 14, 50, tzinfo=UTC)}, {}, "true", "no", False],
    "Host": ["https://cdn.example.com/media/", None, "  "],
    "Facebook": [None, "yes", "no", "maybe", True, "x"],
    "Instagram": [None, "yes", "no", "✓", True, False, "x"],
    "X": [None, "Tweet text", "  "],
    "LinkedIn": [None, "Long post"],
}


def generated_sheet(headers: list[str], count: int, seed: int, document: object = None) -> RawSheet:
    """Build a sheet whose cells are mostly each column's usual value, else any other.

    About one row in twenty is a legend row: empty, or with only a link or a status.
    """
    generator = random.Random(seed)
    columns = {
        header: [
            POOLS[header][0] if generator.random() < 0.7 else generator.choice(POOLS[header])
            for _ in range(count)
        ]
        for header in headers
    }
    for position in range(count):
        if generator.random() < 0.05:
            for header, column in columns.items():
                if header not in ("Link", "Status") or generator.random() < 0.5:
                    column[position] = None
    # Gaps in the row numbers, as blank rows dropped by the loader leave them.
    rows = list(range(2, 2 * count + 2, 2))
    raw = sheet(columns, rows)
    raw.document = document
    return raw


PROFILE_IDS = {
    "instagram": "ig-1",
    "facebook": "fb-1",
    "linkedin": "li-1",
    "x": "x-1",
    "reddit": None,
    "all": ["instagram", "facebook"],
}
ALL_HEADERS = list(POOLS)

SCENARIOS = [
    pytest.param(
        ["Caption", "Image", "Platforms", "Status", "Date", "Time", "Link", "X", "LinkedIn"],
        None,
        id="aliases-without-mapping",
    ),
    pytest.param(
        ["Caption", "Image", "Account ids", "Draft", "Format", "Date", "Zone", "Instagram"],
        None,
        id="aliases-ids-draft-flags",
    ),
    pytest.param(
        ALL_HEADERS,
        {
            "columns": {
                "caption": "{Caption}\\n\\n{Hashtags}",
                "media": "Image",
                "platforms": "Platforms",
                "profiles": "Account ids",
                "profile_flags": ["Facebook"],
                "variants": {"x": "X", "linkedin": "LinkedIn"},
                "status": "Status",
                "approval": "Approval",
                "draft": "Draft",
                "post_type": "Format",
                "date": "Date",
                "time": "Time",
                "timezone": "Zone",
                "link": "Link",
                "posted": "Posted",
            },
            "profiles": PROFILE_IDS,
            "defaults": {"profiles": ["instagram"], "timezone": "Europe/Paris"},
            "media_base_url": "{Host}",
        },
        id="mapping-every-column",
    ),
    pytest.param(
        ["Caption", "Image", "Platforms", "Status", "Format", "Date"],
        {
            "columns": {"caption": "> {Caption} <", "platforms": "Platforms"},
            "profiles": PROFILE_IDS,
            "defaults": {"draft": True},
            "skip": {"done": ["scheduled"], "not_ready": [], "not_approved": []},
            "media_base_url": "https://cdn.example.com/library",
        },
        id="mapping-drafts-own-skip-words",
    ),
    pytest.param(
        ["Caption", "Publish at", "Date", "Time", "Zone", "Platforms", "Draft", "Format"],
        {"profiles": PROFILE_IDS},
        id="aliases-mixed-date-styles",
    ),
    pytest.param(
        ["Caption", "Image", "Platforms", "Date", "Zone"],
        {
            "columns": {"platforms": "Platforms", "timezone": "Zone"},
            "profiles": {"instagram": "ig-1"},
            "defaults": {"timezone": {"from": "meta.timezone"}},
        },
        id="mapping-few-profiles-document-zone",
    ),
]


@pytest.mark.parametrize(("headers", "mapping_data"), SCENARIOS)
def test_generated_sheet_same_as_row_by_row(
    monkeypatch: pytest.MonkeyPatch, headers: list[str], mapping_data: dict[str, object] | None
) -> None:
    """Thousands of mixed rows give what mapping each row in turn gives."""
    mapping = Mapping.model_validate(mapping_data) if mapping_data is not None else None
    document = {"meta": {"timezone": "Asia/Tokyo"}}
    raw = generated_sheet(headers, 3000, seed=len(headers), document=document)

    table, reference = map_both_ways(monkeypatch, raw, mapping)

    assert_same_tables(table, reference)
    # The sheet must reach both paths, or the comparison proves little.
    assert len(table.problems) > 0
    assert len(table.frame) > 1000
    assert table.blank_rows > 50


CORPUS_MAPS = {
    "hootsuite_bulk_headerless.csv": "hootsuite.yaml",
    "hootsuite_bulk_duplicates.csv": "hootsuite.yaml",
    "metricool_export_multiline.csv": "metricool.yaml",
    "pinterest_bulk_upload.csv": "pinterest.yaml",
    "linkedin_posts_multiline.csv": "linkedin_posts.yaml",
    "fb_calendar_emoji_status.csv": "fb_calendar.yaml",
    "difesa_content_calendar.csv": "difesa.yaml",
    "mondiale_social_calendar_fr.csv": "mondiale.yaml",
    "portfolio_social_calendar_utm.csv": "portfolio.yaml",
    "social_scheduler_sample_posts.csv": "social_scheduler.yaml",
    "vi_content_plan_no_caption.csv": "vi_content_plan.yaml",
    "postiz_plan_de_semicolon.csv": "postiz.yaml",
    "finca_guamito_posts.yaml": "finca.yaml",
    "royalbit_poster_per_platform.yaml": "royalbit.yaml",
    "kinatrip_content_calendar.json": "kinatrip.yaml",
    "igscheduler_scheduled_posts.json": "igscheduler.yaml",
}
# Calendars whose caption column only a mapping file names.
NEED_MAPPING = ("mondiale_social_calendar_fr.csv", "vi_content_plan_no_caption.csv")
# Each file with its mapping file, and each that has a caption column by its headers
# alone without it.
CORPUS_FILES = [
    *(
        pytest.param(name, map_name, True, id=f"{name}-mapped")
        for name, map_name in CORPUS_MAPS.items()
    ),
    *(
        pytest.param(name, map_name, False, id=f"{name}-headers-only")
        for name, map_name in CORPUS_MAPS.items()
        if name not in NEED_MAPPING
    ),
]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize(("name", "map_name", "with_mapping"), CORPUS_FILES)
def test_corpus_file_same_as_row_by_row(
    monkeypatch: pytest.MonkeyPatch, name: str, map_name: str, with_mapping: bool
) -> None:
    """Each real calendar, with and without its mapping file, maps as row by row."""
    mapping = load_mapping(MAPS / map_name)
    records_path = mapping.records
    raw = load_calendar(CORPUS / name, records_path=records_path, display_name=name)[0]

    table, reference = map_both_ways(monkeypatch, raw, mapping if with_mapping else None)

    assert_same_tables(table, reference)


def test_few_rows_need_row_mapper() -> None:
    """A local file, a network caption and an unknown profile, among plain rows."""
    count = 5000
    captions: list[object] = [f"Post {number}" for number in range(count)]
    media: list[object] = [f"https://cdn.example.com/{number}.jpg" for number in range(count)]
    platforms: list[object] = ["instagram"] * count
    tweets: list[object] = [None] * count
    media[10] = "cover.png"
    tweets[2500] = "Tweet"
    platforms[4998] = "instagram, tiktok"
    captions[4999] = None
    media[4999] = None
    platforms[4999] = None
    raw = sheet({"Caption": captions, "Image": media, "Platforms": platforms, "X": tweets})
    mapping = Mapping.model_validate({"profiles": {"instagram": "ig-1", "x": "x-1"}})

    table = map_columns(raw, mapping=mapping)

    frame = table.frame
    assert len(frame) == count  # row 2500 gives two records, the last row none
    assert table.blank_rows == 1
    assert frame.loc[10].to_dict() == {
        ROW: 12,
        "caption": "Post 10",
        "media": [],
        "profiles": ["ig-1"],
        "scheduled_at": None,
        "date": None,
        "time": None,
        "timezone": None,
        "post_type": None,
        "variant": None,
        "skip_reason": None,
        "draft_reason": None,
    }
    assert frame.loc[2500:2502, [ROW, "caption", "profiles", "variant"]].to_dict("records") == [
        {ROW: 2502, "caption": "Tweet", "profiles": ["x-1"], "variant": "x"},
        {ROW: 2502, "caption": "Post 2500", "profiles": ["ig-1"], "variant": None},
        {ROW: 2503, "caption": "Post 2501", "profiles": ["ig-1"], "variant": None},
    ]
    assert frame[ROW].tolist()[-2:] == [4999, 5000]
    assert frame["profiles"].iloc[-1] == ["ig-1"]
    assert [(problem.row, problem.column, problem.code) for problem in table.problems] == [
        (12, "Image", "local-media"),
        (5000, "Platforms", "unknown-profile"),
    ]


def test_unmapped_names_keep_first_row_order() -> None:
    """Names without ids are listed in the order their rows come, whichever path maps them."""
    raw = sheet(
        {
            "Caption": ["One", "Two", "Three", "Four"],
            "Platforms": ["linkedin", "tiktok, facebook", "instagram", "facebook"],
            "X": [None, "Tweet", None, None],
        }
    )

    table = map_columns(raw)

    assert [problem.code for problem in table.problems] == ["profiles-not-mapped"]
    assert table.problems[0].message.startswith(
        "The columns Platforms, X name the profiles linkedin, x, tiktok, facebook, instagram, "
        "but no mapping file"
    )


def test_empty_sheet_has_no_records() -> None:
    table = map_columns(sheet({"Caption": [], "Image": []}))

    assert table.frame.columns.tolist()[:3] == [ROW, "caption", "media"]
    assert len(table.frame) == 0
    assert table.frame[ROW].dtype == np.int64
    assert table.problems == []


def test_profile_cells_of_other_types_kept_apart() -> None:
    """A true cell and a 1 cell are equal in Python, but their profile ids differ."""
    table = map_columns(sheet({"Caption": ["A", "B", "C", "D"], "Profiles": [1, True, 1.0, "1"]}))

    assert table.frame["profiles"].tolist() == [["1"], ["true"], ["1"], ["1"]]


def test_record_lists_not_shared() -> None:
    """Each record has its own media and profiles lists, as one row at a time gives."""
    table = map_columns(
        sheet(
            {"Caption": ["A", "B"], "Image": ["https://x.example/a.jpg"] * 2, "Profiles": ["p"] * 2}
        )
    )

    first, second = table.frame["profiles"].tolist()
    assert first == second == ["p"]
    assert first is not second


def test_map_distinct_keeps_types_apart() -> None:
    values: list[object] = ["yes", True, 1, None, "yes", ["a"], None]

    assert map_distinct(values, repr) == [
        "'yes'",
        "True",
        "1",
        "None",
        "'yes'",
        "['a']",
        "None",
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("https://x.example/a.jpg", ["https://x.example/a.jpg"], id="url"),
        pytest.param("  http://x.example/a.jpg\t", ["http://x.example/a.jpg"], id="padded"),
        pytest.param(None, [], id="none"),
        pytest.param("   ", [], id="blank"),
        pytest.param("https://x.example/a.jpg,", None, id="comma"),
        pytest.param("https://x.example/a.jpg\nhttps://x.example/b.jpg", None, id="newline"),
        pytest.param("cover.png", None, id="file-name"),
        pytest.param("www.example.com/a.jpg", None, id="www"),
        pytest.param(["https://x.example/a.jpg"], None, id="list"),
        pytest.param(float("nan"), None, id="nan"),
    ],
)
def test_web_url_column_short_path(cell: object, expected: list[str] | None) -> None:
    """Only a cell of one web URL, or an empty cell, takes the short path to its URLs."""
    assert web_url_column([cell]) == [expected]


@pytest.mark.parametrize(
    "template",
    [
        "{A}\\n\\n{B}",
        "[{A}|{B}|{C}]",
        "{A} - {B|hashtags} - {C}",
        "only {{braces}} {A}",
        "{{A}}",
    ],
)
def test_render_column_same_as_render(template: str) -> None:
    values: list[object] = ["x", None, "  ", "tag one, two", ["p", "q"], 7, float("nan")]
    columns = {
        "A": values,
        "B": values[3:] + values[:3],
        "C": values[5:] + values[:5],
    }
    parsed = parse_template(template)
    count = len(values)

    rendered = parsed.render_column(columns, count)

    assert rendered == [
        parsed.render({header: column[position] for header, column in columns.items()})
        for position in range(count)
    ]
