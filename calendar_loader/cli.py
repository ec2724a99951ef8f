"""The `calendar-loader` command: a thin shell over the pipeline's stages.

Each command parses its options, calls plain functions, prints, and returns an exit code
(see `calendar_loader.exit_codes`). Exceptions of ours become one line on stderr here,
and nowhere else; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from calendar_loader import __version__, exit_codes
from calendar_loader.errors import CalendarLoaderError
from calendar_loader.files import write_private_atomically
from calendar_loader.logs import print_error
from calendar_loader.options import (
    api_options,
    calendar_files,
    checking_options,
    ledger_option,
    logging_options,
    output_options,
    reading_options,
)

EXIT_CODES_HELP = """\b
Exit codes:
  0  every valid row was sent or is already in the ledger (validate: all rows valid)
  1  some rows are invalid or failed
  2  usage or input error (bad option, missing or unreadable file, no caption or media column)
  3  credentials or configuration (no API key, 401, 403, bad API URL)
  4  incomplete (signal, --max-duration, or a rate-limit wait over --max-wait)
  5  another run holds the ledger
When several apply, the first of 5, 3, 2, 4, 1 wins."""

ROWS_HELP = (
    "Row numbers are those of the spreadsheet: the header is row 1, and a cell with several "
    "lines is still one row. For YAML and JSON, the line where the post starts."
)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def guarded(action: Callable[[], int], *, debug: bool = False, log_format: str = "human") -> int:
    """Run `action`, turning our exceptions into one line on stderr and an exit code."""
    try:
        return action()
    except CalendarLoaderError as error:
        if debug:
            raise
        print_error(str(error), log_format, exitCode=error.exit_code)
        return error.exit_code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="calendar-loader")
def cli() -> None:
    """Check a content calendar and schedule its posts in Ocoya, exactly once.

    \b
    Typical use:
      calendar-loader validate april.xlsx --timezone Europe/Berlin
      calendar-loader push april.xlsx --workspace WS_ID --timezone Europe/Berlin
      calendar-loader ledger
    """


@cli.command()
@calendar_files
@reading_options
@checking_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A summary and a table of problems for people, or one JSON document.",
)
@output_options
@api_options
@ledger_option
@logging_options
def validate(**options: Any) -> int:
    """Check calendar files and report every problem of every row; send nothing.

    \b
    Example:
      calendar-loader validate samples/calendar.csv --timezone Europe/Berlin
      calendar-loader validate april.xlsx --format json --output report.json

    With --workspace (or OCOYA_WORKSPACE_ID), rows that the ledger already holds as sent
    are reported as already sent.
    """
    from calendar_loader.commands.validate import run_validate

    return guarded(
        lambda: run_validate(**options), debug=options["debug"], log_format=options["log_format"]
    )


validate.help = f"{inspect.cleandoc(validate.help or '')}\n\n{ROWS_HELP}\n\n{EXIT_CODES_HELP}"


@cli.command()
@calendar_files
@reading_options
@checking_options
@api_options
@ledger_option
@click.option(
    "--rate-limit",
    default="60/60s",
    show_default=True,
    metavar="N/PERIOD",
    help="At most N requests in any rolling PERIOD, such as 60/60s (Ocoya's limit per key).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Send the valid rows even when some rows are invalid. Default: send nothing then.",
)
@click.option(
    "--sandbox",
    is_flag=True,
    help="Start the local Ocoya stand-in on a free 127.0.0.1 port and send there, with its "
    "demo key and workspace. Its posts persist in --sandbox-state.",
)
@click.option(
    "--sandbox-state",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File where --sandbox keeps its posts. "
    "Default: ~/.local/share/calendar-loader/sandbox-state.json.",
)
@click.option(
    "--max-duration",
    metavar="DURATION",
    help="Start no new request after this long, such as 50m, so a cron run never overlaps "
    "the next. Default: no limit.",
)
@click.option(
    "--max-wait",
    metavar="DURATION",
    help="Stop (exit 4) rather than wait longer than this for the rate limit. Default: no limit.",
)
@click.option(
    "--timeout",
    "read_timeout",
    default="30s",
    show_default=True,
    metavar="DURATION",
    help="How long to wait for Ocoya's response to one request.",
)
@logging_options
def push(**options: Any) -> int:
    """Check calendar files, then send the valid rows to Ocoya and record each in the ledger.

    \b
    Example:
      export OCOYA_API_KEY=...   # never on the command line
      calendar-loader push april.xlsx --workspace WS_ID --timezone Europe/Berlin
      calendar-loader push samples/calendar.csv --sandbox

    Nothing is sent while any row is invalid, unless --skip-invalid is given. A row whose
    post the ledger already holds is never sent again, so running the same push twice, or
    every night on a growing calendar, sends each post once. Rows left unsettled by a
    crash are looked up in Ocoya before anything is sent again.
    """
    from calendar_loader.commands.push import run_push

    return guarded(
        lambda: run_push(**options), debug=options["debug"], log_format=options["log_format"]
    )


push.help = f"{inspect.cleandoc(push.help or '')}\n\n{ROWS_HELP}\n\n{EXIT_CODES_HELP}"


@cli.command()
@ledger_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="How to print the ledger.",
)
@output_options
@click.option(
    "--verify",
    is_flag=True,
    help="Compare the ledger with the posts the API lists, and list every difference.",
)
@api_options
@click.option(
    "--sandbox",
    is_flag=True,
    help="With --verify: compare against the local stand-in's saved posts.",
)
@click.option(
    "--sandbox-state",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With --sandbox: the stand-in's state file.",
)
@logging_options
def ledger(**options: Any) -> int:
    """Show which calendar row became which Ocoya post, with status and last error.

    \b
    Example:
      calendar-loader ledger
      calendar-loader ledger --format csv --output ledger.csv
      calendar-loader ledger --verify --workspace WS_ID
    """
    from calendar_loader.commands.ledger import run_ledger

    return guarded(
        lambda: run_ledger(**options), debug=options["debug"], log_format=options["log_format"]
    )


@cli.command()
@click.option("--port", type=int, default=8765, show_default=True, help="TCP port on 127.0.0.1.")
@click.option(
    "--state",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File where the stand-in keeps its posts. "
    "Default: ~/.local/share/calendar-loader/sandbox-state.json.",
)
@click.option(
    "--rate-limit",
    default="60/60s",
    show_default=True,
    metavar="N/PERIOD",
    help="Requests allowed per fixed window, per key.",
)
@click.option(
    "--reset-form",
    type=click.Choice(["epoch-s", "epoch-ms", "delta-s", "rotate"]),
    default="epoch-s",
    show_default=True,
    help="How X-RateLimit-Reset is written: epoch seconds, epoch milliseconds, seconds to "
    "wait, or each in turn.",
)
@click.option("--fail-before-store", type=float, default=0.0, metavar="RATE", help="503s, 0..1.")
@click.option(
    "--fail-after-store", type=float, default=0.0, metavar="RATE", help="500s after storing."
)
@click.option(
    "--hang-after-store",
    type=float,
    default=0.0,
    metavar="RATE",
    help="Store the post, then send no response.",
)
@click.option(
    "--drop-after-store",
    type=float,
    default=0.0,
    metavar="RATE",
    help="Store, then close the connection.",
)
@click.option("--burst-429", type=float, default=0.0, metavar="RATE", help="Bursts of 429s.")
@click.option("--slow", type=float, default=0.0, metavar="RATE", help="Slow responses.")
@click.option(
    "--hang-seconds",
    type=float,
    default=30.0,
    show_default=True,
    help="How long a hang lasts before the connection is closed.",
)
@click.option("--seed", type=int, help="Seed for the fault dice, for a repeatable run.")
@logging_options
def sandbox(**options: Any) -> int:
    """Serve the local Ocoya stand-in on 127.0.0.1 until stopped with Ctrl-C.

    \b
    Example:
      calendar-loader sandbox --port 8765
      OCOYA_API_KEY=demo-key-calendar-loader calendar-loader push samples/calendar.csv \\
        --api-url http://127.0.0.1:8765/api/_public/v1 --workspace demo-workspace

    It accepts the demo key `demo-key-calendar-loader` and the workspace `demo-workspace`,
    follows the API's rules and rate limit, and can inject faults for testing.
    """
    from calendar_loader.commands.sandbox import run_sandbox

    return guarded(
        lambda: run_sandbox(**options), debug=options["debug"], log_format=options["log_format"]
    )


@cli.command("init-map")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sheet", metavar="NAME", help="Excel sheet to read. Default: the first sheet.")
@click.option("--encoding", metavar="NAME", help="Text encoding of a CSV file. Default: detected.")
@click.option(
    "--records",
    metavar="PATH",
    help="For JSON and YAML: where the posts are, such as weeks[].posts[]. "
    "Default: a list of posts, or the list under posts:.",
)
@output_options
def init_map(
    file: Path, sheet: str | None, encoding: str | None, records: str | None, output: Path | None
) -> int:
    """Write a starting mapping file for a calendar, filled in from its headers.

    \b
    Example:
      calendar-loader init-map april.csv --output calendar-loader.yaml
      calendar-loader init-map plan.json --records "weeks[].posts[]"

    Comments mark what a person must decide, such as profile ids and the time zone.
    """
    from calendar_loader.columns import write_starting_map
    from calendar_loader.loading import load_calendar

    def action() -> int:
        raw = load_calendar(
            file, sheet=sheet, encoding=encoding, records_path=records, display_name=str(file)
        )[0]
        text = write_starting_map(raw)
        if records:
            # The records path is needed to read the file again, so the map must carry it.
            line = f"records: {records}\n"
            if "\ncolumns:" in text:
                text = text.replace("\ncolumns:", f"\n{line}columns:", 1)
            else:
                text = f"{text.rstrip()}\n{line}"
        _emit(text, output)
        return exit_codes.OK

    return guarded(action)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, or a JSON list of the templates with their columns.",
)
def presets(output_format: str) -> int:
    """List the other tools' bulk templates that are recognised, with their columns.

    \b
    Example:
      calendar-loader presets
      calendar-loader validate hootsuite.csv --preset hootsuite
    """
    from calendar_loader.commands.presets import print_presets

    print_presets(output_format)
    return exit_codes.OK


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_private_atomically(output, text)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        code = cli.main(args=argv, prog_name="calendar-loader", standalone_mode=False)
    except click.exceptions.Abort:
        _stderr().print("Aborted.")
        sys.exit(exit_codes.INCOMPLETE)
    except click.ClickException as error:
        error.show()
        sys.exit(exit_codes.USAGE)
    sys.exit(code if isinstance(code, int) else exit_codes.OK)
