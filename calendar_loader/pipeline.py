"""The stages from calendar files to a checked report, as the commands use them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from dateutil import parser as date_parser

from calendar_loader.checking import CheckSettings, Report, check_tables
from calendar_loader.columns import Mapping, find_mapping_file, load_mapping, map_columns
from calendar_loader.errors import UsageError
from calendar_loader.loading import load_calendar
from calendar_loader.table import CalendarTable


@dataclass(frozen=True)
class ReadOptions:
    """How to read the calendar files: the options shared by validate and push."""

    sheet: str | None = None
    encoding: str | None = None
    map_path: Path | None = None
    preset: str | None = None


def read_calendars(paths: list[Path], options: ReadOptions) -> list[CalendarTable]:
    """Load every file and map its columns, raising InputError for a file that cannot be used.

    A mapping file named with `--map` applies to every file; otherwise each file uses the
    `calendar-loader.yaml` beside it, if there is one.
    """
    explicit = load_mapping(options.map_path) if options.map_path else None
    tables: list[CalendarTable] = []
    for path in paths:
        mapping = explicit or _mapping_beside(path)
        sheets = load_calendar(
            path,
            sheet=options.sheet,
            encoding=options.encoding,
            records_path=mapping.records if mapping else None,
            display_name=str(path),
        )
        tables.extend(map_columns(raw, mapping=mapping, preset=options.preset) for raw in sheets)
    return tables


def _mapping_beside(path: Path) -> Mapping | None:
    found = find_mapping_file(path)
    return load_mapping(found) if found else None


def parse_now(text: str | None) -> datetime:
    """Parse `--now`, which must carry `Z` or an offset; default: the real clock, in UTC."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = date_parser.isoparse(text)
    except ValueError:
        raise UsageError(
            f"Invalid --now {text!r}: write an ISO date-time with a zone, such as "
            "2030-01-01T09:00:00Z or 2030-01-01T10:00:00+01:00."
        ) from None
    if moment.tzinfo is None:
        raise UsageError(
            f"--now {text!r} has no time zone: add Z for UTC or an offset such as +01:00."
        )
    return moment.astimezone(UTC)


def check(
    tables: list[CalendarTable],
    *,
    now: datetime,
    min_lead: timedelta,
    timezone: str | None,
    default_time: time | None,
    date_order: str | None,
    strict: bool,
    already_sent: object = None,
) -> Report:
    settings = CheckSettings(
        now=now,
        min_lead=min_lead,
        timezone=timezone,
        default_time=default_time,
        date_order=date_order,
        strict=strict,
        already_sent=already_sent,  # type: ignore[arg-type]
    )
    return check_tables(tables, settings)
