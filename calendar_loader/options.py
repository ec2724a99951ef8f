"""Command-line options shared by several commands, each defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from calendar_loader.ledger import default_ledger_path
from calendar_loader.ocoya import DEFAULT_API_URL

F = TypeVar("F", bound=Callable[..., Any])


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


calendar_files = click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)

reading_options = _stack(
    click.option("--sheet", metavar="NAME", help="Excel sheet to read. Default: the first sheet."),
    click.option(
        "--encoding",
        metavar="NAME",
        help="Text encoding of CSV files, such as cp1252. Default: detected.",
    ),
    click.option(
        "--map",
        "map_path",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="Mapping file that says which column feeds which field. "
        "Default: calendar-loader.yaml beside the calendar, if present.",
    ),
    click.option(
        "--preset",
        metavar="NAME",
        help="Read the file as another tool's bulk template (see `calendar-loader presets`). "
        "Default: recognised from the headers.",
    ),
)

checking_options = _stack(
    click.option(
        "--timezone",
        metavar="ZONE",
        help="IANA time zone for rows that name none, such as Europe/Berlin. "
        "There is no default: the machine's zone is never used.",
    ),
    click.option(
        "--now",
        metavar="ISO-DATETIME",
        help="Check as if it were this moment, such as 2030-01-01T09:00:00Z. Default: now.",
    ),
    click.option(
        "--min-lead",
        default="5m",
        show_default=True,
        metavar="DURATION",
        help="Shortest time between now and a post's time, such as 90s, 5m or 1h.",
    ),
    click.option(
        "--date-order",
        type=click.Choice(["dmy", "mdy"]),
        help="Order of day and month in dates like 03/04/2031. Default: inferred from the "
        "file when its unambiguous dates agree; otherwise such a date is an error.",
    ),
    click.option("--strict", is_flag=True, help="Treat warnings as errors."),
)

api_options = _stack(
    click.option(
        "--api-url",
        envvar="OCOYA_API_URL",
        default=DEFAULT_API_URL,
        show_default=True,
        metavar="URL",
        help="Ocoya API base URL, up to and including /api/_public/v1 (env OCOYA_API_URL).",
    ),
    click.option(
        "--api-key-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="File holding only the API key. Default: the OCOYA_API_KEY environment variable.",
    ),
    click.option(
        "--workspace",
        envvar="OCOYA_WORKSPACE_ID",
        metavar="ID",
        help="Ocoya workspace id to post in (env OCOYA_WORKSPACE_ID).",
    ),
)

ledger_option = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=default_ledger_path,
    show_default="$XDG_DATA_HOME/calendar-loader/ledger.sqlite, "
    "~/.local/share/calendar-loader/ledger.sqlite without XDG_DATA_HOME",
    help="SQLite ledger that records which calendar row became which Ocoya post.",
)

output_options = _stack(
    click.option(
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write the result to this file (replaced in one step) instead of stdout.",
    ),
)

logging_options = _stack(
    click.option(
        "--log-format",
        type=click.Choice(["human", "json"]),
        default="human",
        show_default=True,
        help="Log lines on stderr for people, or one JSON object per line for machines.",
    ),
    click.option("--verbose", "-v", is_flag=True, help="Log every HTTP request too."),
    click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error."),
)
