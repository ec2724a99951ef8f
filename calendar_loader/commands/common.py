"""Steps that validate and push share: reading the files and checking the rows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from calendar_loader import exit_codes
from calendar_loader.checking import Report
from calendar_loader.durations import parse_duration
from calendar_loader.errors import InputError
from calendar_loader.logs import print_error
from calendar_loader.pipeline import ReadOptions, check, parse_now, read_calendars
from calendar_loader.table import CalendarTable

logger = logging.getLogger("calendar_loader")


def read_options(options: dict[str, Any]) -> ReadOptions:
    return ReadOptions(
        sheet=options.get("sheet"),
        encoding=options.get("encoding"),
        map_path=options.get("map_path"),
        preset=options.get("preset"),
    )


@dataclass
class ReadResult:
    """The tables of the files that could be read, and a message for each that could not."""

    tables: list[CalendarTable] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def code(self) -> int:
        return exit_codes.USAGE if self.failures else exit_codes.OK

    def failures_json(self) -> list[dict[str, str]]:
        return [{"source": source, "message": message} for source, message in self.failures]


def read_all(files: tuple[Path, ...], options: dict[str, Any]) -> ReadResult:
    """Read every file; a file that cannot be read is reported and the others go on."""
    result = ReadResult()
    for path in files:
        try:
            result.tables.extend(read_calendars([path], read_options(options)))
        except InputError as error:
            print_error(str(error), options.get("log_format", "human"), exitCode=error.exit_code)
            result.failures.append((str(path), str(error)))
    return result


def check_rows(
    tables: list[CalendarTable],
    files: tuple[Path, ...],
    options: dict[str, Any],
    already_sent: Callable[[dict[str, Any]], str | None] | None = None,
) -> Report:
    """Check the rows with the command's options; each table carries its mapping's defaults."""
    return check(
        tables,
        now=parse_now(options.get("now")),
        min_lead=timedelta(seconds=parse_duration(options["min_lead"], option="--min-lead")),
        timezone=options.get("timezone"),
        default_time=None,
        date_order=options.get("date_order"),
        strict=bool(options.get("strict")),
        already_sent=already_sent,
    )
