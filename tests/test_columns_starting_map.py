"""`init-map`: a starting mapping file written from a calendar's headers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from calendar_loader.columns import load_mapping, map_columns, write_starting_map
from calendar_loader.table import ROW, RawSheet, RowReason

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def sheet(columns: dict[str, list[object]], source: str = "mayo.csv") -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet(source, None, frame, header=list(columns))


MAYO = {
    "Fecha": ["2030-05-01", "2030-05-02"],
    "Caption (ES)": ["Hola", "Adiós"],
    "Hashtags": ["finca campo", None],
    "Plataforma": ["Instagram", "todos"],
    "Foto": ["IMG 1.JPG", None],
    "Estado": [None, "publicado"],
    "Notas": ["x", None],
}

MAYO_MAP = """\
# Mapping file for mayo.csv, written by `calendar-loader init-map`.
# It names the column that feeds each part of a post. Check each line, settle every
# "TODO decide", then save it as calendar-loader.yaml beside the calendar (read
# by default) or give it with --map FILE.

columns:
  caption: Caption (ES)
  # TODO decide: guessed from the header's name. Check that this column
  # contains the post text.
  # TODO decide: add the Hashtags column to the caption with a template:
  # caption: "{Caption (ES)}\\n\\n{Hashtags}"
  media: Foto
  platforms: Plataforma
  scheduled_at: Fecha
  status: Estado
  # Rows whose status means posted or not ready, and rows not approved, are
  # skipped. The word lists can be replaced under skip: (done, not_ready,
  # not_approved).

# Columns that feed no field, so nothing in them is sent. To use one,
# name it under columns:, for example in the caption template.
#   Hashtags
#   Notas

# TODO decide: the Ocoya profile id of each profile the calendar names. A post
# whose profiles have no id yet is made as a draft. Set a profile to null to
# skip its posts.
profiles:
  # instagram: "<Ocoya profile id>"
  # all: [instagram]   # what `all` in the calendar means

defaults:
  # TODO decide: the time of day for rows that give a date but no time.
  # time: "09:00"
  # TODO decide: the IANA time zone of the calendar's times.
  # timezone: Europe/Paris
  draft: false

# TODO decide: the media column contains file names, and Ocoya only fetches public
# URLs. Upload the files to one public folder and give its URL here:
# media_base_url: https://example.com/calendar-media/
"""


def test_starting_map_text() -> None:
    """Known fields are filled in, other columns listed, decisions marked TODO."""
    assert write_starting_map(sheet(MAYO)) == MAYO_MAP


def test_starting_map_loads_and_maps(tmp_path: Path) -> None:
    """The written map loads as it is and maps the calendar it was written for."""
    path = tmp_path / "calendar-loader.yaml"
    path.write_text(write_starting_map(sheet(MAYO)), encoding="utf-8")
    mapping = load_mapping(path)
    table = map_columns(sheet(MAYO), mapping=mapping)

    assert table.frame[["caption", "scheduled_at", "skip_reason"]].to_dict("records") == [
        {"caption": "Hola", "scheduled_at": "2030-05-01", "skip_reason": None},
        {
            "caption": "Adiós",
            "scheduled_at": "2030-05-02",
            "skip_reason": (
                RowReason(
                    column="Estado",
                    value="publicado",
                    message='The row is skipped because Estado is "publicado", which marks '
                    "it as already posted.",
                ),
            ),
        },
    ]
    assert [problem.code for problem in table.problems] == [
        "unknown-column",
        "profiles-not-mapped",
        "local-media",
    ]


def test_filled_in_map_schedules(tmp_path: Path) -> None:
    """Once a person fills in the TODO lines, the rows get profiles and URLs."""
    text = write_starting_map(sheet(MAYO))
    text = text.replace('  # instagram: "<Ocoya profile id>"', '  instagram: "ig-1"')
    text = text.replace(
        "# media_base_url: https://example.com/calendar-media/",
        "media_base_url: https://cdn.example.com/mayo/",
    )
    path = tmp_path / "calendar-loader.yaml"
    path.write_text(text, encoding="utf-8")
    table = map_columns(sheet(MAYO), mapping=load_mapping(path))

    assert table.frame[["media", "profiles"]].to_dict("records") == [
        {"media": ["https://cdn.example.com/mayo/IMG%201.JPG"], "profiles": ["ig-1"]},
        {"media": [], "profiles": ["ig-1"]},
    ]
    assert [problem.code for problem in table.problems] == ["unknown-column"]


def test_starting_map_for_preset() -> None:
    raw = sheet(
        {
            "Text": ["Deal"],
            "Date": ["2026-10-09"],
            "Time": ["20:40:00"],
            "Draft": ["false"],
            "Facebook": ["true"],
            "Twitter/X": ["false"],
            "Picture Url 1": [None],
        },
        source="metricool.csv",
    )
    text = write_starting_map(raw)

    assert "preset: metricool\n" in text
    assert '  # facebook: "<Ocoya profile id>"\n  # x: "<Ocoya profile id>"\n' in text
    assert "\ncolumns:\n" not in text


def test_starting_map_without_caption() -> None:
    """No caption guess: the caption line is left for a person to write."""
    text = write_starting_map(sheet({"hook": ["Hi"], "image_url": ["https://a.example/1.jpg"]}))

    assert (
        "columns:\n"
        "  # TODO decide: no column was recognised as the caption. Name it, or join\n"
        '  # several columns with a template such as "{Title}\\n\\n{Hashtags}".\n'
        "  # caption: <column>\n"
        "  media: image_url\n"
    ) in text


@pytest.mark.parametrize(
    ("name", "records_path", "records"),
    [
        ("difesa_content_calendar.csv", None, 12),
        ("fb_calendar_emoji_status.csv", None, 12),
        ("hootsuite_bulk_headerless.csv", None, 12),
        ("linkedin_posts_multiline.csv", None, 8),
        ("metricool_export_multiline.csv", None, 3),
        ("mondiale_social_calendar_fr.csv", None, 12),
        ("pinterest_bulk_upload.csv", None, 5),
        ("portfolio_social_calendar_utm.csv", None, 5),
        ("postiz_plan_de_semicolon.csv", None, 3),
        ("social_scheduler_sample_posts.csv", None, 5),
        ("finca_guamito_posts.yaml", None, 6),
        ("royalbit_poster_per_platform.yaml", None, 6),
        ("kinatrip_content_calendar.json", "weeks[].posts[]", 8),
        ("igscheduler_scheduled_posts.json", None, 2),
    ],
)
def test_starting_map_for_corpus_file(
    tmp_path: Path, name: str, records_path: str | None, records: int
) -> None:
    """For each real calendar, the written map loads and maps the file."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus of real calendars is not at {CORPUS}")
    from calendar_loader.loading import load_calendar

    raw = load_calendar(CORPUS / name, records_path=records_path)[0]
    path = tmp_path / "calendar-loader.yaml"
    path.write_text(write_starting_map(raw), encoding="utf-8")
    table = map_columns(raw, mapping=load_mapping(path))

    assert len(table.frame) == records


def test_starting_map_headerless_file_loads(tmp_path: Path) -> None:
    """A map with every column line commented out still loads."""
    frame = pd.DataFrame({ROW: [1, 2], "1": ["a", "b"], "2": ["c", "d"]}, dtype=object)
    text = write_starting_map(RawSheet("x.csv", None, frame, headerless=True))
    path = tmp_path / "calendar-loader.yaml"
    path.write_text(text, encoding="utf-8")

    assert "  # caption: 2 for the second column.\n" in text
    assert load_mapping(path).columns.caption is None
