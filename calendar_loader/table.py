"""The two tables that pass between the pipeline's stages.

    file ──readers──▶ RawSheet ──columns (aliases, presets, mapping file)──▶ CalendarTable
         ──checks──▶ report and request bodies ──dispatch──▶ Ocoya and the ledger

A `RawSheet` holds the cells as the user typed them, under the user's own headers.
A `CalendarTable` holds one record per post to make, under the field names below.
Both keep, for every record, the file, the sheet and the row number the user sees
(see `calendar_loader.problems` for the numbering rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from calendar_loader.problems import Problem

# Metadata columns present in every frame of both tables.
ROW = "_row"  # int: the spreadsheet row number, or the YAML/JSON line where the record starts

# Fields of a CalendarTable. Cell values are Python objects in an object-dtype column:
CAPTION = "caption"  # str | None: the full caption, already joined from several columns
MEDIA = "media"  # list[str]: media URLs as written (the checks trim and validate them)
PROFILES = "profiles"  # list[str]: social profile ids, already mapped from names
SCHEDULED_AT = "scheduled_at"  # str | datetime | date | None: date and time in one cell
DATE = "date"  # str | date | datetime | None: the date, when the time is in its own column
TIME = "time"  # str | time | None: the time of day, when the date is in its own column
TIMEZONE = "timezone"  # str | None: the row's zone as written ("Europe/Paris", free text)
POST_TYPE = "post_type"  # str | None: "feed post", "story", "reel", "poll" … for warnings
VARIANT = "variant"  # str | None: the network of a per-network caption ("x", "linkedin")
# tuple[RowReason, ...] | None: the reasons not to post this record that the calendar or
# the mapping file gives, one per column that gives one.
SKIP_REASON = "skip_reason"
# RowReason | None: why the record is made a draft on purpose (a draft column, a draft
# word as the post type, or the mapping file's defaults), so it is sent without profiles.
DRAFT_REASON = "draft_reason"

FIELDS = (
    CAPTION,
    MEDIA,
    PROFILES,
    SCHEDULED_AT,
    DATE,
    TIME,
    TIMEZONE,
    POST_TYPE,
    VARIANT,
    SKIP_REASON,
    DRAFT_REASON,
)


@dataclass(frozen=True)
class RowReason:
    """The reason a record is skipped or made a draft, for the report.

    Records with the same cells share one object, so a million rows need few of them.
    """

    column: str | None  # the header of the cell that decides; None when the mapping file does
    value: str | None  # that cell as written, or the profile names the mapping file sets
    message: str  # the report's sentence, naming who decided: the calendar or the mapping file


@dataclass
class RawSheet:
    """One sheet of one calendar file, cells as typed.

    `frame` has one column per header (in file order, named as written, made unique with
    a ` (2)` suffix when a header repeats) plus `ROW`. Cells are `str`, or `None` for an
    empty cell or an explicit JSON/YAML null; XLSX date cells are `datetime`/`date`, XLSX
    whole numbers are already text without `.0`. Nested YAML/JSON values (lists, mappings)
    stay Python lists and dicts. `headerless` is True when the file had no header row (the
    columns are then named `1`, `2`, … and row numbers start at 1).
    """

    source: str
    sheet: str | None
    frame: pd.DataFrame
    headerless: bool = False
    problems: list[Problem] = field(default_factory=list)
    # The header row's cells as typed (CSV and XLSX), so that a later stage that decides
    # the file has no header can turn them back into the first record.
    header: list[str] = field(default_factory=list)
    # Rows left out because every cell was empty; counted, never silently lost.
    blank_rows: int = 0
    # For YAML and JSON: the top-level value outside the records (such as `meta:`), for
    # mappings that read a zone or defaults from it.
    document: object = None


@dataclass
class CalendarTable:
    """Records of one sheet under the field names above, ready for the checks.

    `columns` maps each field to the header(s) it came from, as the user wrote them, so
    that a problem names the column the user will look for (e.g. "Caption (FR) + Hashtags").
    `preset` names the other tool's template recognised, if any. `ignored_columns` lists
    headers that feed no field, reported once per file.
    """

    source: str
    sheet: str | None
    frame: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    preset: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    # Rows left out because they held nothing to post: blank rows and legend rows.
    blank_rows: int = 0
    # The mapping file's defaults for this calendar. They win over --timezone, which is
    # one value for every file of a run, while a mapping file belongs to one calendar.
    default_timezone: str | None = None
    default_time: dt.time | None = None
